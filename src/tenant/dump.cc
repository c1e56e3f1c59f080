#include "tenant/dump.h"

#include <sodium.h>

#include <algorithm>
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <set>

#include "store/migrations.h"
#include "store/tenants.h"

namespace denen::tenant {
namespace {

using nlohmann::json;
using store::Database;
using store::Engine;
using store::Params;
using store::Value;

constexpr int kDumpFormat = 1;
// A row line longer than this is refused: no Denen row comes near it.
constexpr size_t kMaxLineBytes = 16 * 1024 * 1024;

enum class ColumnKind { kInteger, kReal, kText };

struct Column {
  std::string name;
  ColumnKind kind;
};

Result<ColumnKind> KindOf(const std::string& table, const std::string& column, std::string type) {
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
  if (type.find("INT") != std::string::npos) return ColumnKind::kInteger;
  if (type.find("DOUBLE") != std::string::npos || type.find("REAL") != std::string::npos ||
      type.find("FLOAT") != std::string::npos || type.find("NUMERIC") != std::string::npos) {
    return ColumnKind::kReal;
  }
  if (type.find("TEXT") != std::string::npos || type.find("CHAR") != std::string::npos) return ColumnKind::kText;
  return Fail(Error::Internal("unsupported_column_type", table + "." + column + " の型 " + type + " はダンプできません"));
}

// The columns of `table` in the connected database, in table order; empty when
// the table does not exist there.
Result<std::vector<Column>> ColumnsOf(Database& db, const std::string& table) {
  const bool sqlite = db.engine() == Engine::kSqlite;
  DENEN_TRY(rows, db.Query(sqlite ? "SELECT name, type FROM pragma_table_info(?) ORDER BY cid"
                                  : "SELECT column_name, data_type FROM information_schema.columns "
                                    "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                           {store::Text(table)}));
  std::vector<Column> columns;
  for (const auto& r : rows) {
    DENEN_TRY(kind, KindOf(table, r.Text(0), r.Text(1)));
    columns.push_back({r.Text(0), kind});
  }
  return columns;
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// SELECT of one table's rows for the municipalities, ordered bytewise by every
// column with NULLs first on both engines.
std::string SelectSql(Engine engine, const std::string& table, const std::vector<Column>& columns, size_t codes) {
  std::string list;
  std::string order;
  for (const auto& c : columns) {
    if (!list.empty()) list += ", ";
    list += c.name;
    if (!order.empty()) order += ", ";
    order += c.name;
    if (engine == Engine::kPostgres && c.kind == ColumnKind::kText) order += " COLLATE \"C\"";
    order += " NULLS FIRST";
  }
  return "SELECT " + list + " FROM " + table + " WHERE municipality_code IN (" + Placeholders(codes) + ") ORDER BY " +
         order;
}

json CellJson(const store::Row& row, size_t i, ColumnKind kind) {
  if (row.IsNull(i)) return nullptr;
  switch (kind) {
    case ColumnKind::kInteger:
      return row.Int(i);
    case ColumnKind::kReal:
      return row.Real(i);
    case ColumnKind::kText:
      break;
  }
  return row.Text(i);
}

// SHA-256 over the lines of a dump, each with its newline.
class LineHash {
 public:
  LineHash() { crypto_hash_sha256_init(&state_); }
  void Add(std::string_view line) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(line.data()), line.size());
  }
  std::string Hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : digest) {
      hex += kHex[b >> 4];
      hex += kHex[b & 15];
    }
    return hex;
  }

 private:
  crypto_hash_sha256_state state_;
};

// Writes lines and hashes them as they go.
class LineWriter {
 public:
  explicit LineWriter(std::ostream& out) : out_(out) {}

  Result<void> Write(const json& value) {
    std::string line;
    try {
      line = value.dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
    } catch (const json::exception&) {
      return Fail(Error::Internal("invalid_utf8", "UTF-8 でない文字列があり、書き出せません"));
    }
    hash_.Add(line);
    out_ << line;
    if (!out_) return Fail(Error::Unavailable("write_failed", "ダンプを書き込めません"));
    return {};
  }

  std::string DigestHex() { return hash_.Hex(); }

 private:
  std::ostream& out_;
  LineHash hash_;
};

// The integer at `key` of a dump line, or `fallback` when it is missing or not
// an integer (json::value() throws on a value of another type).
int64_t IntField(const json& object, const char* key, int64_t fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

Error Broken(int64_t line, const std::string& what) {
  return Error::Invalid("invalid_dump", std::to_string(line) + " 行目: " + what);
}

// Checks one JSON cell against its column and turns it into a parameter.
Result<Value> CellValue(const json& cell, const Column& column, int64_t line) {
  if (cell.is_null()) return store::Null();
  switch (column.kind) {
    case ColumnKind::kInteger:
      if (cell.is_number_integer()) return Value(cell.get<int64_t>());
      break;
    case ColumnKind::kReal:
      if (cell.is_number()) return Value(cell.get<double>());
      break;
    case ColumnKind::kText:
      if (cell.is_string()) return Value(cell.get<std::string>());
      break;
  }
  return Fail(Broken(line, column.name + " の値の型が列の型と違います"));
}

}  // namespace

std::vector<std::string> SchemaTables() {
  // The migrations are compiled in, so the list never changes while running.
  static const std::vector<std::string> tables = [] {
    static const std::regex kCreate(R"(CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*))",
                                    std::regex::icase);
    std::vector<std::string> found;
    for (const auto& file : store::EmbeddedMigrations()) {
      const std::string content(file.content);
      for (std::sregex_iterator it(content.begin(), content.end(), kCreate), end; it != end; ++it) {
        std::string name = (*it)[1];
        if (std::find(found.begin(), found.end(), name) == found.end()) found.push_back(name);
      }
    }
    return found;
  }();
  return tables;
}

Result<DumpSummary> WriteDump(Database& db, const std::vector<std::string>& codes, const std::string& exported_at,
                              std::ostream& out) {
  DumpSummary summary;
  DENEN_TRY_VOID(db.ReadSnapshot([&](Database& snap) -> Result<void> {
    DENEN_TRY(known, store::ListMunicipalities(snap));
    json municipalities = json::array();
    for (const auto& m : known) {
      if (!codes.empty() && std::find(codes.begin(), codes.end(), m.code) == codes.end()) continue;
      municipalities.push_back({{"code", m.code}, {"name", m.name}});
      summary.municipalities.push_back(m.code);
    }
    for (const auto& code : codes) {
      if (std::find(summary.municipalities.begin(), summary.municipalities.end(), code) ==
          summary.municipalities.end()) {
        return Fail(Error::NotFound("municipality_not_found", "団体コード " + code + " はこのデータベースにありません"));
      }
    }
    if (summary.municipalities.empty()) {
      return Fail(Error::NotFound("municipality_not_found", "書き出す団体がありません"));
    }
    LineWriter writer(out);
    DENEN_TRY_VOID(writer.Write({{"denen_dump", kDumpFormat},
                                 {"schema_version", store::LatestSchemaVersion()},
                                 {"source_engine", snap.engine() == Engine::kSqlite ? "sqlite" : "postgresql"},
                                 {"exported_at", exported_at},
                                 {"municipalities", municipalities}}));
    Params code_params;
    for (const auto& code : summary.municipalities) code_params.push_back(store::Text(code));
    for (const auto& table : SchemaTables()) {
      DENEN_TRY(columns, ColumnsOf(snap, table));
      if (columns.empty()) continue;
      json names = json::array();
      for (const auto& c : columns) names.push_back(c.name);
      DENEN_TRY_VOID(writer.Write({{"table", table}, {"columns", names}}));
      DENEN_TRY(rows, snap.Query(SelectSql(snap.engine(), table, columns, code_params.size()), code_params));
      for (const auto& row : rows) {
        json cells = json::array();
        for (size_t i = 0; i < columns.size(); ++i) cells.push_back(CellJson(row, i, columns[i].kind));
        DENEN_TRY_VOID(writer.Write(cells));
      }
      ++summary.tables;
      summary.rows += static_cast<int64_t>(rows.size());
    }
    const std::string digest = writer.DigestHex();
    out << json{{"end", true}, {"tables", summary.tables}, {"rows", summary.rows}, {"sha256", digest}}.dump() << "\n";
    out.flush();
    if (!out) return Fail(Error::Unavailable("write_failed", "ダンプを書き込めません"));
    return {};
  }));
  return summary;
}

Result<DumpSummary> ReadDump(Database& db, std::istream& in) {
  DumpSummary summary;
  const std::vector<std::string> schema_tables = SchemaTables();
  DENEN_TRY_VOID(db.Transact([&](Database& tx) -> Result<void> {
    LineHash hash;
    std::set<std::string> codes;
    std::set<std::string> seen_tables;
    std::vector<Column> columns;
    std::string insert_sql;
    int64_t line_number = 0;
    bool header_seen = false;
    std::string line;
    while (std::getline(in, line)) {
      ++line_number;
      if (line.size() > kMaxLineBytes) return Fail(Broken(line_number, "行が長すぎます"));
      json value = json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (value.is_discarded()) return Fail(Broken(line_number, "JSON として読めません"));

      if (value.is_object() && value.contains("end")) {
        if (!header_seen) return Fail(Broken(line_number, "Denen のダンプではありません"));
        const std::string hex = hash.Hex();
        if (!value["sha256"].is_string() || value["sha256"].get<std::string>() != hex) {
          return Fail(Broken(line_number, "ハッシュが内容と合いません(ファイルが壊れているか、書き換えられています)"));
        }
        if (IntField(value, "rows", -1) != summary.rows || IntField(value, "tables", -1) != summary.tables) {
          return Fail(Broken(line_number, "行数または表の数が合いません"));
        }
        if (std::getline(in, line)) return Fail(Broken(line_number + 1, "終わりの行のあとに内容があります"));
        summary.municipalities.assign(codes.begin(), codes.end());
        return {};
      }
      line += "\n";
      hash.Add(line);

      if (!header_seen) {
        if (!value.is_object() || IntField(value, "denen_dump", 0) != kDumpFormat) {
          return Fail(Broken(line_number, "Denen のダンプではありません"));
        }
        if (IntField(value, "schema_version", 0) != store::LatestSchemaVersion()) {
          return Fail(Error::Invalid("schema_mismatch",
                                     "ダンプのスキーマ版 " + std::to_string(IntField(value, "schema_version", 0)) +
                                         " がこのプログラムの版 " + std::to_string(store::LatestSchemaVersion()) +
                                         " と違います。同じ版の denen で読み込んでください"));
        }
        const json& list = value["municipalities"];
        if (!list.is_array() || list.empty()) return Fail(Broken(line_number, "団体の一覧がありません"));
        for (const auto& m : list) {
          if (!m.is_object() || !m.contains("code") || !m.at("code").is_string()) {
            return Fail(Broken(line_number, "団体コードが読めません"));
          }
          const std::string code = m.at("code").get<std::string>();
          DENEN_TRY(existing, tx.QueryOne("SELECT 1 FROM municipalities WHERE municipality_code = ?", {store::Text(code)}));
          if (existing) {
            return Fail(Error::Conflict("municipality_exists",
                                        "団体コード " + code + " はすでにこのデータベースにあります。読み込みません"));
          }
          codes.insert(code);
        }
        header_seen = true;
        continue;
      }

      if (value.is_object()) {
        if (!value["table"].is_string() || !value["columns"].is_array()) {
          return Fail(Broken(line_number, "表の見出しが読めません"));
        }
        const std::string table = value["table"].get<std::string>();
        if (std::find(schema_tables.begin(), schema_tables.end(), table) == schema_tables.end()) {
          return Fail(Broken(line_number, "表 " + table + " はこの版のスキーマにありません"));
        }
        if (!seen_tables.insert(table).second) return Fail(Broken(line_number, "表 " + table + " が二度あります"));
        DENEN_TRY(target, ColumnsOf(tx, table));
        columns.clear();
        std::string names;
        for (const auto& name : value["columns"]) {
          auto it = name.is_string() ? std::find_if(target.begin(), target.end(),
                                                    [&](const Column& c) { return c.name == name.get<std::string>(); })
                                     : target.end();
          if (it == target.end()) return Fail(Broken(line_number, "表 " + table + " にない列があります"));
          columns.push_back(*it);
          names += names.empty() ? it->name : ", " + it->name;
        }
        if (std::none_of(columns.begin(), columns.end(), [](const Column& c) { return c.name == "municipality_code"; })) {
          return Fail(Broken(line_number, "表 " + table + " に municipality_code の列がありません"));
        }
        insert_sql = "INSERT INTO " + table + " (" + names + ") VALUES (" + Placeholders(columns.size()) + ")";
        ++summary.tables;
        continue;
      }

      if (!value.is_array() || insert_sql.empty()) return Fail(Broken(line_number, "表の見出しの前に行があります"));
      if (value.size() != columns.size()) return Fail(Broken(line_number, "値の数が列の数と違います"));
      Params params;
      for (size_t i = 0; i < columns.size(); ++i) {
        DENEN_TRY(param, CellValue(value[i], columns[i], line_number));
        if (columns[i].name == "municipality_code" &&
            (!std::holds_alternative<std::string>(param) || !codes.contains(std::get<std::string>(param)))) {
          return Fail(Broken(line_number, "見出しにない団体の行があります"));
        }
        params.push_back(std::move(param));
      }
      DENEN_TRY_VOID(tx.Exec(insert_sql, params));
      ++summary.rows;
    }
    return Fail(Error::Invalid("invalid_dump", header_seen ? "ダンプが途中で切れています(終わりの行がありません)"
                                                           : "ダンプが空です"));
  }));
  return summary;
}

}  // namespace denen::tenant
