// Cross-domain analysis: an uploaded table joined with Denen's visit records
// on district, age band and period (the table's 年度 or 年月, else the asked
// period): facility visits, event participants and the card share per row,
// and visits per 1,000 residents when the table has a population column
// (人口). Counts under the minimum cell size are suppressed. Safe for
// concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "kpi/tables.h"
#include "store/database.h"

namespace denen::kpi {

// One key's visit counts.
struct VisitCounts {
  int64_t facility = 0;
  int64_t event = 0;
  int64_t total = 0;
  int64_t by_card = 0;
};

// One visit as the join needs it (no person).
struct JoinFact {
  std::string date;  // YYYY-MM-DD
  std::string district;
  std::string age_band;
  std::string kind;  // facility | event | shelter
  bool by_card = false;
};

// Pure: the joined table as JSON. `from`/`to` (YYYY-MM-DD) is the period of
// rows whose table has neither 年度 nor 年月.
nlohmann::json JoinTable(const StoredTable& table, const std::vector<JoinFact>& facts, const std::string& from,
                         const std::string& to, int min_cell_size);

// Reads the visits (through the reception module) and joins. Unavailable when
// the reception module is not built.
Result<nlohmann::json> JoinWithVisits(store::Database& db, const Clock& clock, const std::string& code,
                                      const StoredTable& table, const std::string& from, const std::string& to,
                                      int min_cell_size);

}  // namespace denen::kpi
