// Baselines and targets of each KPI per municipality and fiscal year (年度):
// the baseline is the value of the year before the project (entered or
// imported), the target the goal of that fiscal year. Changes are audited.
// Safe for concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "kpi/catalogue.h"
#include "store/database.h"

namespace denen::kpi {

struct Goal {
  std::string kpi_id;
  int fiscal_year = 0;
  std::optional<double> baseline;
  std::optional<int> baseline_year;
  std::optional<double> target;
  std::string note;
};

// The stored goals of one fiscal year.
Result<std::vector<Goal>> LoadGoals(store::Database& db, const std::string& code, int fiscal_year);

// Upserts the given goals of one fiscal year in one transaction.
Result<void> SaveGoals(store::Database& db, const Clock& clock, const std::string& code, int fiscal_year,
                       const std::vector<Goal>& goals, const std::string& actor);

// Parses {"fiscal_year": 2026, "goals": [{"kpi_id", "baseline", "baseline_year",
// "target", "note"}]}; errors name the entry and field; unknown KPIs refused.
nlohmann::json GoalJson(const Goal& g);

Result<std::pair<int, std::vector<Goal>>> ParseGoals(const nlohmann::json& body, const Catalogue& catalogue);

}  // namespace denen::kpi
