// libFuzzer target for the survey and statistics tables staff upload for KPI
// analysis (docs/kpi.md): ParseUploadedCsv on the input after its first byte,
// read as UTF-8 when that byte is even ('0') and as Shift_JIS when odd ('1').
// Invariants: an accepted table keeps the encoding asked for, has a 地区
// column, at most 50 columns and 1-5000 rows of exactly one cell per column,
// known column types, and cells JSON can carry (StoreTable keeps them as
// JSON); errors carry a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/utf8.h"
#include "kpi/tables.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view encoding = (data[0] & 1) != 0 ? "shift_jis" : "utf-8";
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto table = denen::kpi::ParseUploadedCsv(bytes, encoding);
  if (!table) {
    if (table.error().code.empty() || table.error().message.empty()) std::abort();
    return 0;
  }
  if (table->encoding != encoding) std::abort();
  if (table->columns.empty() || table->columns.size() > denen::kpi::kMaxTableColumns) std::abort();
  if (table->rows.empty() || table->rows.size() > denen::kpi::kMaxTableRows) std::abort();
  bool has_district = false;
  for (const auto& column : table->columns) {
    if (column.name.empty()) std::abort();
    if (column.type != "integer" && column.type != "number" && column.type != "text") std::abort();
    has_district = has_district || column.role == "district";
  }
  if (!has_district) std::abort();
  for (const auto& row : table->rows) {
    if (row.size() != table->columns.size()) std::abort();
    for (const auto& cell : row) {
      if (!denen::IsValidUtf8(cell)) std::abort();
    }
  }
  (void)nlohmann::json(table->rows).dump();  // throws on text that is not UTF-8
  (void)denen::kpi::ColumnsJson(table->columns).dump();
  return 0;
}
