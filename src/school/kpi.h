// The Schools module's KPIs (issue 9) for the KPI report: hours of online
// joint classes and of special-needs ICT use by month, school and fiscal year
// (年度, April to March), and satisfaction (mean and distribution) by school
// type and grade band. Summarize* are pure; LoadSchoolKpi reads the rows of
// one fiscal year, limited to one school when asked. Safe for concurrent use.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace denen::school {

// Minutes of one record attributed to one school. An online session held by
// three schools gives three rows with the same record_id: each school counts
// it, the total counts it once.
struct MinutesRow {
  std::string record_id;
  std::string date;  // YYYY-MM-DD
  std::string school_id;
  int64_t minutes = 0;
};

struct HoursSummary {
  int64_t total_minutes = 0;
  // "2026-04" ... "2027-03": all twelve months of the fiscal year, in order.
  std::vector<std::pair<std::string, int64_t>> by_month;
  std::map<std::string, int64_t> by_school;  // school id -> minutes
};

HoursSummary SummarizeHours(int fiscal_year, const std::vector<MinutesRow>& rows);

struct Rating {
  std::string school_kind;  // elementary | junior_high | other
  std::string grade_band;   // lower | middle | upper | junior_high, or "teacher"
  int rating = 0;           // 1-5
};

struct SatisfactionStats {
  int64_t count = 0;
  double mean = 0;                        // 0 when count is 0
  std::array<int64_t, 5> distribution{};  // answers rating 1..5
};

struct SatisfactionSummary {
  SatisfactionStats overall;
  std::map<std::string, SatisfactionStats> by_school_kind;
  std::map<std::string, SatisfactionStats> by_grade_band;
};

SatisfactionSummary SummarizeSatisfaction(const std::vector<Rating>& ratings);

struct SchoolKpi {
  int fiscal_year = 0;
  HoursSummary online;
  HoursSummary ict;
  SatisfactionSummary satisfaction;
  std::map<std::string, std::string> school_names;  // for the by_school keys
};

// Reads one fiscal year: sessions recorded as held or cut short, ICT uses,
// and survey answers of those sessions. With `school_id`, only that school's
// share (its sessions, its ICT use, its respondents).
Result<SchoolKpi> LoadSchoolKpi(store::Database& db, const std::string& municipality_code, int fiscal_year,
                                const std::optional<std::string>& school_id);

// The KPI as the API answers it (hours as minutes and as hours to 0.1).
nlohmann::json SchoolKpiJson(const SchoolKpi& kpi);
// {count, mean (to 0.01, null without answers), distribution}.
nlohmann::json SatisfactionStatsJson(const SatisfactionStats& stats);

}  // namespace denen::school
