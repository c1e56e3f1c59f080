// The KPI report of one municipality and fiscal year (年度): every catalogue
// KPI's monthly values, the year's actual value against its baseline and
// target, the same period of the previous year, growth, achievement rate and
// trend. Aggregates resting on fewer than `min_cell_size` people (but more
// than none) are suppressed here, so every view built from a Report (JSON,
// chart, CSV, XLSX) shows them suppressed. Safe for concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "kpi/catalogue.h"
#include "kpi/goals.h"
#include "sheets/sheets.h"
#include "store/database.h"

namespace denen::kpi {

// A shown value: nullopt when there is none or it is suppressed.
struct Shown {
  std::optional<double> value;
  bool suppressed = false;
};

struct MonthValue {
  std::string month;
  Shown value;
  Shown previous;  // the same month one year earlier
};

struct KpiResult {
  const KpiDefinition* definition = nullptr;
  bool available = false;  // false when its module is not built
  std::vector<MonthValue> months;
  Shown actual;                       // the period of the report
  Shown previous;                     // the same months one year earlier
  std::optional<double> growth;       // % vs previous
  std::optional<double> achievement;  // % of the target reached
  std::optional<Goal> goal;
  std::string trend;  // up | down | flat | "" (too few months)
};

struct Report {
  std::string municipality_code;
  std::string municipality_name;
  int fiscal_year = 0;
  std::vector<std::string> months;  // April up to the last month reported
  std::string created_on;           // YYYY-MM-DD, Japan time
  int min_cell_size = 5;
  std::string catalogue_version;
  std::vector<KpiResult> kpis;
};

struct ReportRequest {
  std::string municipality_code;
  std::string municipality_name;
  int fiscal_year = 0;
  int min_cell_size = 5;
};

Result<Report> BuildReport(store::Database& db, const Clock& clock, const Catalogue& catalogue,
                           const ReportRequest& request);

// Rounds to the KPI's decimals (half away from zero).
double RoundTo(double value, int decimals);
// True when a value resting on `people` must not be shown.
bool IsSmallCell(int64_t people, int min_cell_size);
// "up" / "down" / "flat" over the monthly values (least squares; flat when the
// fitted change over the months is under 5% of their mean); "" under 3 values.
std::string TrendOf(const std::vector<double>& values);
// Achievement rate in %: actual / target when higher is better; when lower is
// better, (baseline - actual) / (baseline - target) with a baseline above the
// target, else target / actual.
std::optional<double> AchievementRate(const KpiDefinition& d, std::optional<double> actual,
                                      std::optional<double> baseline, std::optional<double> target);

nlohmann::json ReportJson(const Report& report);

// The two sheets of the grant-report export: the summary (KPI, definition,
// baseline, target, actual, achievement rate …) and the months. Suppressed
// cells read "X".
using sheets::Sheet;
std::vector<Sheet> ReportSheets(const Report& report);

inline constexpr std::string_view kSuppressedMark = "X";

}  // namespace denen::kpi
