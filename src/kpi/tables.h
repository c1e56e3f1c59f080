// Survey and statistics tables that staff upload for cross-domain analysis
// (e.g. 地区別人口, 地区・年齢層別の満足度調査): CSV with a header row, in
// UTF-8 or Shift_JIS (CP932, converted with iconv), validated before anything
// is stored — errors name the row (the header is row 1) and the column — and
// kept as numbered versions under the table's name. The columns named
// 地区 / 年齢層 / 年度 / 年月 are the keys Denen joins on (docs/kpi.md).
// Safe for concurrent use.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace denen::kpi {

struct TableColumn {
  std::string name;
  std::string type;  // integer | number | text
  std::string role;  // district | age_band | fiscal_year | month | value
};

struct ParsedTable {
  std::string encoding;  // utf-8 | shift_jis
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;  // normalised cells (numbers without commas, age bands as 0-9 …)
};

inline constexpr size_t kMaxTableBytes = 512 * 1024;
inline constexpr size_t kMaxTableRows = 5000;
inline constexpr size_t kMaxTableColumns = 50;

// `encoding`: auto (UTF-8 when the bytes are valid UTF-8, else Shift_JIS),
// utf-8 or shift_jis.
Result<ParsedTable> ParseUploadedCsv(std::string_view bytes, std::string_view encoding);

// Converts CP932 (Shift_JIS) bytes to UTF-8; errors give the byte offset.
Result<std::string> ShiftJisToUtf8(std::string_view bytes);
// "0〜9歳" → "0-9", "80歳以上" → "80+"; nullopt when not an age band.
std::optional<std::string> NormalizeAgeBand(std::string_view text);

struct StoredVersion {
  std::string table_id;
  std::string name;
  int version = 0;
  std::string encoding;
  int64_t row_count = 0;
  std::string sha256;
  int64_t uploaded_at_ms = 0;
  std::string uploaded_by;
};

struct StoredTable {
  StoredVersion info;
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;
};

// Stores a validated table as the next version of `name` (audited).
Result<StoredVersion> StoreTable(store::Database& db, const Clock& clock, const std::string& code,
                                 const std::string& name, std::string_view raw_bytes, const ParsedTable& table,
                                 const std::string& actor);
// Every table with all its versions, newest first.
Result<std::vector<StoredVersion>> ListTableVersions(store::Database& db, const std::string& code);
// One version (the newest when `version` is empty).
Result<StoredTable> LoadTable(store::Database& db, const std::string& code, const std::string& table_id,
                              std::optional<int> version);

nlohmann::json VersionJson(const StoredVersion& v);
nlohmann::json ColumnsJson(const std::vector<TableColumn>& columns);

}  // namespace denen::kpi
