// The two KPIs of the care project (issue 4) for the KPI report: the output
// KPI, survey forms checked by the AI (by month and fiscal year, 年度 April to
// March), and the outcome KPI, days from 申請日 to 認定日 (average, median and
// the share over the 30-day legal target) by month of 認定日 and by application
// type. Months are Japan time. Summarize* are pure; LoadCareKpi reads one
// municipality's rows. Safe for concurrent use.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "care/care_case.h"
#include "store/database.h"

namespace denen::care {

struct DurationStats {
  int64_t count = 0;
  double average = 0;            // 0 when count is 0
  double median = 0;             // the mean of the two middle values for an even count
  int64_t over_target = 0;       // more than 30 days
  double share_over_target = 0;  // over_target / count
};

DurationStats SummarizeDurations(std::vector<int64_t> days);

// A decided case: 申請日, 認定日 ('YYYY-MM-DD') and its type.
struct DecidedCase {
  std::string applied_on;
  std::string certified_on;
  ApplicationType type = ApplicationType::kNew;
};

// A stored check of a form.
struct FormCheck {
  std::string form_id;
  int64_t checked_at_ms = 0;
};

struct CheckCounts {
  int64_t checks = 0;  // check records: every version checked counts
  int64_t forms = 0;   // distinct forms checked
};

struct MonthKpi {
  std::string month;  // "2026-04"
  CheckCounts checked;
  DurationStats days;
  std::map<ApplicationType, DurationStats> days_by_type;
};

struct CareKpi {
  std::string from;  // "YYYY-MM", inclusive
  std::string to;
  std::vector<MonthKpi> months;               // every month of the range, in order
  std::map<int, CheckCounts> by_fiscal_year;  // only months inside the range count
  CheckCounts checked;
  DurationStats days;
  std::map<ApplicationType, DurationStats> days_by_type;
};

// Validates from/to ("YYYY-MM", from <= to, at most 120 months); an empty
// value defaults to the fiscal year of `today` (April up to today's month).
Result<std::pair<std::string, std::string>> KpiMonthRange(std::string_view from, std::string_view to,
                                                          std::string_view today);

CareKpi SummarizeCareKpi(const std::string& from, const std::string& to, const std::vector<DecidedCase>& cases,
                         const std::vector<FormCheck>& checks);

Result<CareKpi> LoadCareKpi(store::Database& db, const std::string& municipality_code, const std::string& from,
                            const std::string& to);

nlohmann::json CareKpiJson(const CareKpi& kpi);

}  // namespace denen::care
