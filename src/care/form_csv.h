// Bulk import of 認定調査票 from an office system's CSV export (layout:
// docs/care-rules.md "CSV での一括取り込み"): one row per form × item with
// the columns 調査票ID, 項目番号, 選択肢, 特記事項. Every error names the row
// and the column. Pure functions; safe to call from several threads.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "care/catalog.h"
#include "core/error.h"

namespace denen::care {

// Limits of one row's fields (bytes for ids, characters for notes).
inline constexpr size_t kCsvMaxFormIdBytes = 200;
inline constexpr size_t kCsvMaxChoiceBytes = 32;
inline constexpr size_t kCsvMaxNoteChars = 4000;

struct CsvForm {
  std::string form_id;
  int first_row = 0;  // the row (header = 1) where the form starts
  // The form in the JSON layout ParseCareForm reads: form_id, answers, notes
  // and, when rows without an item number carry text, tokki.
  nlohmann::json form;
};

// One CSV record and the row a spreadsheet shows it on (the header is row 1),
// even when a quoted field spans several lines.
struct CsvRecord {
  int row = 0;
  std::vector<std::string> fields;
};

// Splits CSV text (RFC 4180 quoting, CRLF or LF; a quoted CRLF becomes LF) into
// records; the BOM is the caller's to strip. Errors name the row.
Result<std::vector<CsvRecord>> SplitCsvRecords(std::string_view text);

// Parses a whole CSV file (UTF-8, optional BOM, CRLF or LF, RFC 4180 quoting)
// into forms in order of first appearance. Item numbers and choices are
// checked against the catalog; the first error stops the parse.
Result<std::vector<CsvForm>> ParseFormCsv(std::string_view text, const ItemCatalog& catalog);

}  // namespace denen::care
