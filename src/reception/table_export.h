// Tables the Reception module exports (aggregates, shelter rosters, visit
// rows) as CSV (UTF-8 with BOM, so that Excel reads Japanese) and as XLSX
// (libxlsxwriter). Cells starting with = + - @ are prefixed with ' in CSV so
// that a spreadsheet never runs them as formulas. Safe for concurrent use.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace denen::reception {

struct Table {
  std::string sheet_name;  // XLSX sheet name (31 characters at most)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string ToCsv(const Table& table);
// The XLSX file's bytes; written through a private temporary file.
Result<std::string> ToXlsx(const Table& table);

}  // namespace denen::reception
