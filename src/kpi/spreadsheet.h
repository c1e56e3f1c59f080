// Writes report sheets as CSV (UTF-8 with BOM, CRLF, sheets one after the
// other separated by an empty line) and as XLSX (libxlsxwriter, one worksheet
// per sheet). Cells that read as plain decimal numbers are written as numbers
// in XLSX; CSV cells starting with = + - @ that are not numbers get a leading '
// so that a spreadsheet never runs them. Safe for concurrent use.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "kpi/report.h"

namespace denen::kpi {

std::string SheetsToCsv(const std::vector<Sheet>& sheets);
Result<std::string> SheetsToXlsx(const std::vector<Sheet>& sheets);

// "12", "-3.5": digits with an optional sign and decimal point, no leading
// zero before another digit (so "062090" stays text).
bool IsPlainNumber(const std::string& s);

}  // namespace denen::kpi
