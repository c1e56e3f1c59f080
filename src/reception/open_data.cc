#include "reception/open_data.h"

#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "core/embedded_file.h"
#include "reception/reception.h"

namespace denen::reception {

// Generated from data/reception/*.json by denen_embed_files (CMakeLists.txt).
const std::vector<EmbeddedFile>& EmbeddedReceptionData();

namespace {

using nlohmann::json;

const json& Layouts() {
  static const json layouts = [] {
    for (const auto& f : EmbeddedReceptionData()) {
      if (std::string_view(f.name) == "open_data_layouts.json") return json::parse(f.content);
    }
    return json::object();
  }();
  return layouts;
}

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n'; };
  size_t b = 0, e = s.size();
  while (b < e && !not_space(s[b])) ++b;
  while (e > b && !not_space(s[e - 1])) --e;
  // Full-width spaces (U+3000) at either end too.
  while (e - b >= 3 && s.compare(b, 3, "\xE3\x80\x80") == 0) b += 3;
  while (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) e -= 3;
  return s.substr(b, e - b);
}

// Full-width digits (０-９) as ASCII, other text unchanged.
std::string AsciiDigits(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 && static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The first run of digits ("定員30名" -> 30); 0 when there is none.
int LeadingNumber(std::string_view text) {
  const std::string ascii = AsciiDigits(text);
  size_t b = 0;
  while (b < ascii.size() && (ascii[b] < '0' || ascii[b] > '9')) ++b;
  size_t e = b;
  while (e < ascii.size() && ascii[e] >= '0' && ascii[e] <= '9' && e - b < 7) ++e;
  int value = 0;
  std::from_chars(ascii.data() + b, ascii.data() + e, value);
  return value;
}

std::optional<double> ParseCoordinate(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// Column index of each field of one layout, from the header row.
class Columns {
 public:
  static Result<Columns> Of(const std::vector<std::string>& header, std::string_view layout) {
    Columns c;
    const json& fields = Layouts().at(std::string(layout));
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      for (const auto& alias : it.value()) {
        bool found = false;
        for (size_t i = 0; i < header.size(); ++i) {
          if (Trim(header[i]) == alias.get<std::string>()) {
            c.index_[it.key()] = i;
            found = true;
            break;
          }
        }
        if (found) break;
      }
    }
    for (const auto& required : Layouts().at("required").at(std::string(layout))) {
      const std::string field = required.get<std::string>();
      if (!c.index_.contains(field)) {
        const std::string first = fields.at(field).at(0).get<std::string>();
        return Fail(Error::Invalid("csv_column_missing", "CSVの1行目に必須の列「" + first + "」がありません"));
      }
    }
    return c;
  }

  std::string Get(const std::vector<std::string>& row, const std::string& field) const {
    auto it = index_.find(field);
    if (it == index_.end() || it->second >= row.size()) return "";
    return Trim(row[it->second]);
  }

 private:
  std::map<std::string, size_t> index_;
};

Error LineError(size_t line, const std::string& what) {
  return Error::Invalid("csv_invalid_row", std::to_string(line) + "行目: " + what);
}

bool IsBlank(const std::vector<std::string>& row) {
  for (const auto& cell : row) {
    if (!Trim(cell).empty()) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, cell_started = false;
  size_t line = 1, quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
      quote_line = line;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = false;
      rows.push_back(std::move(row));
      row.clear();
      ++line;
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted) {
    return Fail(Error::Invalid("csv_unterminated_quote",
                               std::to_string(quote_line) + "行目: 「\"」で始まる項目が閉じられていません"));
  }
  if (cell_started || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<PlaceRow>> ParsePlacesCsv(std::string_view text) {
  DENEN_TRY(rows, ParseCsv(text));
  if (rows.empty()) return Fail(Error::Invalid("csv_empty", "CSVが空です"));
  DENEN_TRY(columns, Columns::Of(rows[0], "facilities"));
  std::vector<PlaceRow> out;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (IsBlank(r)) continue;
    PlaceRow p;
    p.source_id = columns.Get(r, "source_id");
    p.name = columns.Get(r, "name");
    p.name_kana = columns.Get(r, "name_kana");
    p.category = columns.Get(r, "category");
    p.address = columns.Get(r, "address");
    p.latitude = ParseCoordinate(columns.Get(r, "latitude"));
    p.longitude = ParseCoordinate(columns.Get(r, "longitude"));
    p.shelter_capacity = LeadingNumber(columns.Get(r, "shelter_capacity"));
    if (p.source_id.empty()) return Fail(LineError(i + 1, "「ID」が空です"));
    if (p.name.empty()) return Fail(LineError(i + 1, "「名称」が空です"));
    if (p.source_id.size() > 64 || p.name.size() > 400 || p.address.size() > 400) {
      return Fail(LineError(i + 1, "項目が長すぎます"));
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<EventRow>> ParseEventsCsv(std::string_view text) {
  DENEN_TRY(rows, ParseCsv(text));
  if (rows.empty()) return Fail(Error::Invalid("csv_empty", "CSVが空です"));
  DENEN_TRY(columns, Columns::Of(rows[0], "events"));
  const json& no_application = Layouts().at("no_application");
  std::vector<EventRow> out;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (IsBlank(r)) continue;
    EventRow e;
    e.source_id = columns.Get(r, "source_id");
    e.name = columns.Get(r, "name");
    e.place_name = columns.Get(r, "place_name");
    auto start = NormalizeDate(columns.Get(r, "start_date"));
    const std::string end_text = columns.Get(r, "end_date");
    auto end = end_text.empty() ? start : NormalizeDate(end_text);
    e.start_time = columns.Get(r, "start_time");
    e.end_time = columns.Get(r, "end_time");
    e.capacity = LeadingNumber(columns.Get(r, "capacity"));
    const std::string application = columns.Get(r, "application");
    e.preregistration = true;
    for (const auto& none : no_application) {
      if (application == none.get<std::string>()) e.preregistration = false;
    }
    if (e.source_id.empty()) return Fail(LineError(i + 1, "「ID」が空です"));
    if (e.name.empty()) return Fail(LineError(i + 1, "「イベント名」が空です"));
    if (!start) return Fail(LineError(i + 1, "「開始日」が日付(YYYY-MM-DD)ではありません"));
    if (!end || *end < *start) return Fail(LineError(i + 1, "「終了日」が日付でないか、開始日より前です"));
    if (e.source_id.size() > 64 || e.name.size() > 400 || e.place_name.size() > 400 || e.start_time.size() > 20 ||
        e.end_time.size() > 20) {
      return Fail(LineError(i + 1, "項目が長すぎます"));
    }
    e.start_date = *start;
    e.end_date = *end;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace denen::reception
