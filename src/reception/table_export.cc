#include "reception/table_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace denen::reception {
namespace {

std::string CsvCell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void AppendRow(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += CsvCell(cells[i]);
  }
  out += "\r\n";
}

// Whole numbers are written as numbers so that sums work in the sheet.
bool IsInteger(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || (s[i] == '0' && s.size() > i + 1)) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::string ToCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  AppendRow(out, table.header);
  for (const auto& row : table.rows) AppendRow(out, row);
  return out;
}

Result<std::string> ToXlsx(const Table& table) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "denen-export-XXXXXX").string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) return Fail(Error::Internal("xlsx_tempfile", "cannot create a temporary file"));
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{tmpl};

  lxw_workbook* workbook = workbook_new(tmpl.c_str());
  if (workbook == nullptr) return Fail(Error::Internal("xlsx_open", "libxlsxwriter could not start a workbook"));
  const std::string sheet_name = table.sheet_name.empty() ? "Sheet1" : table.sheet_name;
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheet_name.c_str());
  if (sheet == nullptr) sheet = workbook_add_worksheet(workbook, nullptr);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (size_t c = 0; c < table.header.size(); ++c) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), bold);
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    for (size_t c = 0; c < row.size(); ++c) {
      const auto rr = static_cast<lxw_row_t>(r + 1);
      const auto cc = static_cast<lxw_col_t>(c);
      if (IsInteger(row[c])) {
        worksheet_write_number(sheet, rr, cc, std::strtod(row[c].c_str(), nullptr), nullptr);
      } else {
        worksheet_write_string(sheet, rr, cc, row[c].c_str(), nullptr);
      }
    }
  }
  const lxw_error err = workbook_close(workbook);
  if (err != LXW_NO_ERROR) {
    return Fail(Error::Internal("xlsx_write", std::string("libxlsxwriter: ") + lxw_strerror(err)));
  }
  std::ifstream in(tmpl, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace denen::reception
