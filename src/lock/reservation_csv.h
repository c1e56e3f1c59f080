// Reads the reservation CSV exported by the city's facility-reservation
// system (layout in docs/lock.md, sample in data/lock/): UTF-8, optional BOM,
// a header row naming the columns (any order), RFC 4180 quoting. Every row's
// problems are reported with its line number. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lock/lock_repository.h"

namespace denen::lock {

struct CsvReservation {
  int line = 0;
  ReservationInput input;
};

struct ParsedReservationCsv {
  std::vector<CsvReservation> rows;
  std::vector<std::string> errors;  // "行 3: ..."
};

// Fails only when the file as a whole is unreadable (no header, a missing
// column, too large); row problems are in `errors`.
Result<ParsedReservationCsv> ParseReservationCsv(std::string_view csv);

// RFC 4180 records (for tests and other importers).
Result<std::vector<std::vector<std::string>>> SplitCsv(std::string_view csv);

}  // namespace denen::lock
