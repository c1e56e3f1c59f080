#include "sheets/sheets.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace denen::sheets {
namespace {

std::string CsvCell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && !IsPlainNumber(v) && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool IsPlainNumber(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  if (s[i] == '0' && i + 1 < s.size() && s[i + 1] != '.') return false;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot && digits && i + 1 < s.size()) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

std::string SheetsToCsv(const std::vector<Sheet>& sheets) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t s = 0; s < sheets.size(); ++s) {
    if (s) out += "\r\n";
    for (const auto& row : sheets[s].rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) out += ',';
        out += CsvCell(row[i]);
      }
      out += "\r\n";
    }
  }
  return out;
}

Result<std::string> SheetsToXlsx(const std::vector<Sheet>& sheets) {
  std::string path = (std::filesystem::temp_directory_path() / "denen-sheet-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return Fail(Error::Internal("xlsx_tempfile", "cannot create a temporary file"));
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{path};

  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) return Fail(Error::Internal("xlsx_open", "libxlsxwriter could not start a workbook"));
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (const Sheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.empty() ? nullptr : sheet.name.c_str());
    if (ws == nullptr) ws = workbook_add_worksheet(workbook, nullptr);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const std::string& v = sheet.rows[r][c];
        const auto rr = static_cast<lxw_row_t>(r);
        const auto cc = static_cast<lxw_col_t>(c);
        if (v.empty()) continue;
        if (IsPlainNumber(v)) {
          worksheet_write_number(ws, rr, cc, std::strtod(v.c_str(), nullptr), nullptr);
        } else {
          worksheet_write_string(ws, rr, cc, v.c_str(), r == 0 ? bold : nullptr);
        }
      }
    }
  }
  const lxw_error err = workbook_close(workbook);
  if (err != LXW_NO_ERROR) {
    return Fail(Error::Internal("xlsx_write", std::string("libxlsxwriter: ") + lxw_strerror(err)));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace denen::sheets
