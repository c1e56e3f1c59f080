// The formulas behind the catalogue: each KPI's monthly cells over one
// municipality's stored rows, computed through the modules' own KPI
// functions where they exist (care, school, library, reception, lock). A
// module left out of the build contributes no formulas, so its KPIs read as
// unavailable. Safe for concurrent use (all state is in the database).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "kpi/catalogue.h"
#include "store/database.h"

namespace denen::kpi {

// One month's (or one period's) raw figures. Sums, distinct counts and stocks
// live in `num`; means and ratios are num / den.
struct Cell {
  double num = 0;
  double den = 0;
};

struct Series {
  std::vector<Cell> months;  // one per requested month, in order
  Cell total;                // the whole requested period
};

// formula id -> series.
using FormulaValues = std::map<std::string, Series>;

// The value a cell shows under an aggregate (ratio as a percentage); nullopt
// when it has no denominator.
std::optional<double> CellValue(const Cell& cell, Aggregate aggregate);
// How many people the value rests on (for the minimum cell size).
int64_t CellPeople(const Cell& cell, Aggregate aggregate);

// The formula ids this build can compute.
std::vector<std::string> AvailableFormulas();

// `months`: consecutive "YYYY-MM" inside one fiscal year.
Result<FormulaValues> ComputeFormulas(store::Database& db, const Clock& clock, const std::string& municipality_code,
                                      const std::vector<std::string>& months);

}  // namespace denen::kpi
