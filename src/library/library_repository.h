// Storage of the library module: library systems and their barcode profile,
// links between a resident (identity module) and a library card number, and
// the ILS's monthly loan statistics. A link needs the resident active and
// consenting to the library service; while open, one number per resident and
// system and one resident per number. Each change and its audit entry commit
// in one transaction. Safe for concurrent use; db and clock must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "library/barcode_profile.h"
#include "store/database.h"

namespace denen::library {

struct LibrarySystem {
  std::string id;  // short, chosen by the admin (e.g. "nagai-city")
  std::string name;
  BarcodeProfile profile;
  int clear_after_seconds = 15;
  int64_t updated_at_ms = 0;
};

struct CardLink {
  std::string id;
  std::string library_system_id;
  std::string resident_id;
  std::string card_number;
  int64_t linked_at_ms = 0;
  std::string linked_by;
  std::optional<int64_t> unlinked_at_ms;
  std::string unlink_reason;
};

struct LoanImportReport {
  int rows = 0;                     // data rows read
  int changed = 0;                  // rows inserted or whose count changed
  std::vector<std::string> months;  // distinct months in the file, sorted
};

class LibraryRepository {
 public:
  LibraryRepository(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Adds or replaces a library system (admin). The id is 1-40 of [a-z0-9-].
  Result<LibrarySystem> SaveSystem(std::string_view code, const LibrarySystem& system, std::string_view actor);
  Result<std::vector<LibrarySystem>> ListSystems(std::string_view code);
  // library_system_not_found (404).
  Result<LibrarySystem> GetSystem(std::string_view code, std::string_view id);
  // The system a counter device serves: its place_id, or the only system when
  // the municipality has one and place_id is empty.
  Result<LibrarySystem> SystemForCounter(std::string_view code, std::string_view place_id);

  // Links `resident_id` to `card_number` (normalized and checked against the
  // system's profile). Refusals: resident_not_found, resident_withdrawn,
  // consent_missing (403), library_link_exists and library_number_taken
  // (409). Linking the same number to the same resident again returns the
  // open link unchanged.
  Result<CardLink> Link(std::string_view code, std::string_view system_id, std::string_view resident_id,
                        std::string_view card_number, std::string_view actor);
  // Closes an open link; library_link_not_found (404) otherwise.
  Result<CardLink> Unlink(std::string_view code, std::string_view link_id, std::string_view reason,
                          std::string_view actor);
  Result<std::optional<CardLink>> OpenLink(std::string_view code, std::string_view system_id,
                                           std::string_view resident_id);
  // Every link of the resident, open and closed, newest first.
  Result<std::vector<CardLink>> LinksOfResident(std::string_view code, std::string_view resident_id);
  // Every link of the municipality (for the KPI), oldest first.
  Result<std::vector<CardLink>> AllLinks(std::string_view code);

  // Imports the ILS's monthly statistics CSV (layout in docs/library.md).
  // Idempotent: a re-import of the same file changes nothing; a corrected
  // file replaces the counts of the months and branches it names.
  Result<LoanImportReport> ImportLoans(std::string_view code, std::string_view system_id, std::string_view csv,
                                       std::string_view actor);
  // Loans per month ("YYYY-MM") summed over branches and systems.
  Result<std::vector<std::pair<std::string, int64_t>>> LoansByMonth(std::string_view code);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// One data row of the loans CSV.
struct LoanRow {
  std::string month;  // YYYY-MM
  std::string branch;
  int64_t loans = 0;
};
// Parses the loans CSV strictly; errors name the line.
Result<std::vector<LoanRow>> ParseLoansCsv(std::string_view csv);

}  // namespace denen::library
