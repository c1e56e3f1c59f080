#include "kpi/tables.h"

#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <set>

#include "audit/audit_log.h"
#include "core/random.h"
#include "core/utf8.h"

namespace denen::kpi {
namespace {

using nlohmann::json;
using store::Int;
using store::Text;

std::string Trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // A full-width space (U+3000) at either end, as typed in Japanese spreadsheets.
  while (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
  while (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
  return std::string(s);
}

std::string Row(size_t record) { return std::to_string(record) + "行目"; }
std::string Cell(size_t record, const std::string& column) { return Row(record) + "「" + column + "」列"; }

Error Bad(std::string message) { return Error::Invalid("invalid_table", std::move(message)); }

// RFC 4180 records; `record` numbers are 1-based (the header is 1).
Result<std::vector<std::vector<std::string>>> SplitCsv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  size_t i = 0;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_started = false;
    bool empty = record.size() == 1 && record[0].empty();
    if (!empty) records.push_back(std::move(record));
    record.clear();
  };
  while (i < text.size()) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      ++i;
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r' || c == '\n') {
      end_record();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      field += c;
      field_started = true;
    }
    ++i;
  }
  if (quoted) return Fail(Bad(Row(records.size() + 1) + ": 引用符（\"）が閉じられていません"));
  if (field_started || !record.empty()) end_record();
  return records;
}

std::string RoleOf(const std::string& name) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kRoles = {
      {"district", {"地区", "地区名", "district"}},
      {"age_band", {"年齢層", "年齢階級", "年代", "age_band"}},
      {"fiscal_year", {"年度", "fiscal_year"}},
      {"month", {"年月", "month"}},
  };
  for (const auto& [role, names] : kRoles) {
    for (const auto& n : names) {
      if (n == name) return role;
    }
  }
  return "value";
}

// "1,200" → "1200"; nullopt when not a number. `integer` set when whole.
std::optional<std::string> NormalizeNumber(const std::string& text, bool& integer) {
  std::string s;
  for (char c : text) {
    if (c != ',') s += c;
  }
  if (s.empty() || s.size() > 30) return std::nullopt;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = false, dot = false;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] >= '0' && s[j] <= '9') {
      digits = true;
    } else if (s[j] == '.' && !dot) {
      dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  if (s[0] == '+') s.erase(0, 1);
  integer = !dot;
  return s;
}

}  // namespace

Result<std::string> ShiftJisToUtf8(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Fail(Error::Internal("iconv", "iconv cannot convert CP932"));
  std::string out(bytes.size() * 3 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t r = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  const int err = errno;
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) {
    const size_t offset = bytes.size() - in_left;
    size_t line = 1;
    for (size_t k = 0; k < offset; ++k) line += bytes[k] == '\n';
    (void)err;
    return Fail(Error::Invalid("invalid_encoding", Row(line) + "（先頭から " + std::to_string(offset + 1) +
                                                       " バイト目）: UTF-8 でも Shift_JIS でも読めない文字があります"));
  }
  out.resize(out.size() - out_left);
  return out;
}

std::optional<std::string> NormalizeAgeBand(std::string_view text) {
  std::string s;
  for (size_t i = 0; i < text.size();) {
    std::string_view rest = text.substr(i);
    if (rest.starts_with("〜") || rest.starts_with("～") || rest.starts_with("ー")) {
      s += '-';
      i += 3;
    } else if (rest.starts_with("歳")) {
      i += 3;
    } else if (rest.starts_with("以上")) {
      s += '+';
      i += 6;
    } else if (text[i] == ' ') {
      ++i;
    } else {
      s += text[i++];
    }
  }
  static const std::set<std::string> kBands = {"0-9",   "10-19", "20-29", "30-39", "40-49",
                                               "50-59", "60-69", "70-79", "80+"};
  if (kBands.contains(s)) return s;
  return std::nullopt;
}

Result<ParsedTable> ParseUploadedCsv(std::string_view bytes, std::string_view encoding) {
  if (bytes.empty()) return Fail(Bad("ファイルが空です"));
  if (bytes.size() > kMaxTableBytes) return Fail(Bad("ファイルは512KBまでです"));
  ParsedTable table;
  std::string text;
  if (encoding == "utf-8" || (encoding == "auto" && IsValidUtf8(bytes))) {
    if (!IsValidUtf8(bytes)) return Fail(Error::Invalid("invalid_encoding", "UTF-8 として読めないバイトがあります"));
    text = std::string(bytes);
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    table.encoding = "utf-8";
  } else if (encoding == "shift_jis" || encoding == "auto") {
    DENEN_TRY(converted, ShiftJisToUtf8(bytes));
    text = std::move(converted);
    table.encoding = "shift_jis";
  } else {
    return Fail(
        Error::Invalid("invalid_encoding", "「文字コード」(encoding) は auto, utf-8, shift_jis のいずれかです"));
  }
  DENEN_TRY(records, SplitCsv(text));
  if (records.empty()) return Fail(Bad("1行目: 見出しの行がありません"));
  if (records.size() < 2) return Fail(Bad("2行目: データの行がありません"));
  if (records.size() - 1 > kMaxTableRows) return Fail(Bad("データは5000行までです"));
  const auto& header = records[0];
  if (header.size() > kMaxTableColumns) return Fail(Bad("1行目: 列は50列までです"));
  std::set<std::string> seen;
  bool has_district = false;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string name = Trim(header[c]);
    if (name.empty()) return Fail(Bad("1行目 " + std::to_string(c + 1) + "列目: 見出しが空です"));
    if (name.size() > 100) return Fail(Bad("1行目 " + std::to_string(c + 1) + "列目: 見出しが長すぎます"));
    if (!seen.insert(name).second) return Fail(Bad("1行目「" + name + "」列: 見出しが重複しています"));
    TableColumn col{name, "text", RoleOf(name)};
    if (col.role == "fiscal_year") col.type = "integer";
    has_district = has_district || col.role == "district";
    table.columns.push_back(std::move(col));
  }
  if (!has_district) {
    return Fail(Bad("1行目: 「地区」列がありません（Denen のデータと地区で結合するために必要です）"));
  }
  std::vector<bool> typed(header.size(), false);
  for (size_t r = 1; r < records.size(); ++r) {
    const size_t record = r + 1;
    const auto& in = records[r];
    if (in.size() != header.size()) {
      return Fail(Bad(Row(record) + ": 列の数が " + std::to_string(in.size()) + " です（見出しは " +
                      std::to_string(header.size()) + " 列）"));
    }
    std::vector<std::string> out;
    for (size_t c = 0; c < in.size(); ++c) {
      TableColumn& col = table.columns[c];
      std::string v = Trim(in[c]);
      if (col.role != "value" && v.empty()) return Fail(Bad(Cell(record, col.name) + ": 空です"));
      if (col.role == "age_band") {
        auto band = NormalizeAgeBand(v);
        if (!band) {
          return Fail(
              Bad(Cell(record, col.name) + ": 年齢層ではありません（\"" + v + "\"。例: 0-9, 10〜19歳, 80歳以上）"));
        }
        v = *band;
      } else if (col.role == "fiscal_year") {
        bool integer = false;
        auto n = NormalizeNumber(v, integer);
        if (!n || !integer || n->size() != 4 || (*n)[0] != '2') {
          return Fail(Bad(Cell(record, col.name) + ": 西暦の年度（例: 2026）ではありません（\"" + v + "\"）"));
        }
        v = *n;
      } else if (col.role == "month") {
        if (v.size() == 7 && v[4] == '/') v[4] = '-';
        const bool ok = v.size() == 7 && v[4] == '-' && std::isdigit(static_cast<unsigned char>(v[0])) &&
                        std::isdigit(static_cast<unsigned char>(v[5])) && v.substr(5) >= "01" && v.substr(5) <= "12";
        if (!ok) return Fail(Bad(Cell(record, col.name) + ": 年月（例: 2026-04）ではありません（\"" + v + "\"）"));
      } else if (col.role == "value" && !v.empty()) {
        bool integer = false;
        auto n = NormalizeNumber(v, integer);
        if (!typed[c]) {
          typed[c] = true;
          col.type = n ? (integer ? "integer" : "number") : "text";
        }
        if (col.type == "integer" && n && !integer) col.type = "number";
        if (col.type != "text") {
          if (!n) {
            return Fail(Bad(Cell(record, col.name) + ": 数値ではありません（\"" + v + "\"。この列は" +
                            "最初の行が数値なので数値の列です）"));
          }
          v = *n;
        }
      }
      out.push_back(std::move(v));
    }
    table.rows.push_back(std::move(out));
  }
  return table;
}

Result<StoredVersion> StoreTable(store::Database& db, const Clock& clock, const std::string& code,
                                 const std::string& name, std::string_view raw_bytes, const ParsedTable& table,
                                 const std::string& actor) {
  StoredVersion v;
  v.name = name;
  v.encoding = table.encoding;
  v.row_count = static_cast<int64_t>(table.rows.size());
  v.sha256 = Sha256Hex(raw_bytes);
  v.uploaded_by = actor;
  v.uploaded_at_ms = clock.NowMillis();
  json rows = table.rows;
  DENEN_TRY_VOID(db.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(existing, tx.QueryOne("SELECT id FROM kpi_tables WHERE municipality_code = ? AND name = ?",
                                    {Text(code), Text(name)}));
    if (existing) {
      v.table_id = existing->Text(0);
    } else {
      v.table_id = NewId(clock);
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO kpi_tables (municipality_code, id, name, created_by, created_at_ms) "
                  "VALUES (?, ?, ?, ?, ?)",
                  {Text(code), Text(v.table_id), Text(name), Text(actor), Int(v.uploaded_at_ms)}));
    }
    DENEN_TRY(last, tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM kpi_table_versions WHERE "
                                "municipality_code = ? AND table_id = ?",
                                {Text(code), Text(v.table_id)}));
    v.version = static_cast<int>(last->Int(0)) + 1;
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO kpi_table_versions (municipality_code, table_id, version, encoding, "
        "columns_json, rows_json, row_count, sha256, uploaded_by, uploaded_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(code), Text(v.table_id), Int(v.version), Text(v.encoding), Text(ColumnsJson(table.columns).dump()),
         Text(rows.dump()), Int(v.row_count), Text(v.sha256), Text(actor), Int(v.uploaded_at_ms)}));
    return audit::Record(tx, clock, code,
                         {actor, "kpi.table.upload", "kpi_table", v.table_id,
                          json{{"version", v.version}, {"rows", v.row_count}, {"sha256", v.sha256}}.dump()});
  }));
  return v;
}

Result<std::vector<StoredVersion>> ListTableVersions(store::Database& db, const std::string& code) {
  DENEN_TRY(rows, db.Query("SELECT t.id, t.name, v.version, v.encoding, v.row_count, v.sha256, v.uploaded_at_ms, "
                           "v.uploaded_by FROM kpi_tables t JOIN kpi_table_versions v ON v.municipality_code = "
                           "t.municipality_code AND v.table_id = t.id WHERE t.municipality_code = ? "
                           "ORDER BY t.name, v.version DESC",
                           {Text(code)}));
  std::vector<StoredVersion> out;
  for (const auto& r : rows) {
    out.push_back(
        {r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3), r.Int(4), r.Text(5), r.Int(6), r.Text(7)});
  }
  return out;
}

Result<StoredTable> LoadTable(store::Database& db, const std::string& code, const std::string& table_id,
                              std::optional<int> version) {
  DENEN_TRY(row, db.QueryOne("SELECT t.id, t.name, v.version, v.encoding, v.row_count, v.sha256, v.uploaded_at_ms, "
                             "v.uploaded_by, v.columns_json, v.rows_json FROM kpi_tables t JOIN kpi_table_versions v "
                             "ON v.municipality_code = t.municipality_code AND v.table_id = t.id WHERE "
                             "t.municipality_code = ? AND t.id = ? AND (CAST(? AS BIGINT) IS NULL OR v.version = ?) "
                             "ORDER BY v.version DESC LIMIT 1",
                             {Text(code), Text(table_id), version ? Int(*version) : store::Null(),
                              version ? Int(*version) : store::Null()}));
  if (!row) return Fail(Error::NotFound("table_not_found", "その表（または版）はありません"));
  StoredTable t;
  t.info = {row->Text(0), row->Text(1), static_cast<int>(row->Int(2)), row->Text(3), row->Int(4), row->Text(5),
            row->Int(6),  row->Text(7)};
  for (const auto& c : json::parse(row->Text(8))) {
    t.columns.push_back(
        {c.at("name").get<std::string>(), c.at("type").get<std::string>(), c.at("role").get<std::string>()});
  }
  t.rows = json::parse(row->Text(9)).get<std::vector<std::vector<std::string>>>();
  return t;
}

json VersionJson(const StoredVersion& v) {
  return {{"table_id", v.table_id},
          {"name", v.name},
          {"version", v.version},
          {"encoding", v.encoding},
          {"rows", v.row_count},
          {"sha256", v.sha256},
          {"uploaded_at", FormatIsoUtc(v.uploaded_at_ms)},
          {"uploaded_by", v.uploaded_by}};
}

json ColumnsJson(const std::vector<TableColumn>& columns) {
  json out = json::array();
  for (const auto& c : columns) out.push_back({{"name", c.name}, {"type", c.type}, {"role", c.role}});
  return out;
}

}  // namespace denen::kpi
