// Tables written for people to open in a spreadsheet: CSV (UTF-8 with BOM so
// that Excel reads Japanese, CRLF, several sheets one after the other with an
// empty line between) and XLSX (libxlsxwriter, one worksheet per sheet, the
// first row bold as the header). Cells that read as plain decimal numbers
// (IsPlainNumber) are numbers in XLSX; a CSV cell starting with = + - @ that is
// not such a number gets a leading ' so that a spreadsheet never runs it.
// Used by the KPI report and open data and by the Reception exports.
// Safe for concurrent use.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace denen::sheets {

struct Sheet {
  std::string name;                         // XLSX sheet name (31 characters at most)
  std::vector<std::vector<std::string>> rows;  // the first row is the header
};

std::string SheetsToCsv(const std::vector<Sheet>& sheets);
// The XLSX file's bytes; written through a private temporary file.
Result<std::string> SheetsToXlsx(const std::vector<Sheet>& sheets);

// "12", "-3.5": digits with an optional sign and decimal point, no leading
// zero before another digit (so "062090" stays text), at most 15 characters
// (a double holds them exactly).
bool IsPlainNumber(const std::string& s);

}  // namespace denen::sheets
