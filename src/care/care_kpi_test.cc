// The care KPIs' arithmetic: averages and medians, the 30-day share, months in
// Japan time, fiscal years from April, and the month range of the API.
#include "care/care_kpi.h"

#include <gtest/gtest.h>

namespace denen::care {
namespace {

TEST(CareKpiTest, DurationsAverageMedianAndShareOverThirtyDays) {
  DurationStats s = SummarizeDurations({31, 10, 40, 20});
  EXPECT_EQ(s.count, 4);
  EXPECT_DOUBLE_EQ(s.average, 25.25);
  EXPECT_DOUBLE_EQ(s.median, 25.5);
  EXPECT_EQ(s.over_target, 2);
  EXPECT_DOUBLE_EQ(s.share_over_target, 0.5);
  EXPECT_DOUBLE_EQ(SummarizeDurations({30, 3, 7}).median, 7);
  EXPECT_EQ(SummarizeDurations({30}).over_target, 0);
  EXPECT_EQ(SummarizeDurations({}).count, 0);
}

TEST(CareKpiTest, ChecksCountByJapanMonthAndFiscalYear) {
  // 2027-03-31T15:30Z is already 2027-04-01 in Japan: fiscal year 2027.
  const std::vector<FormCheck> checks = {
      {"F-1", 1806507000000},  // 2027-03-31T15:30:00Z
      {"F-1", 1806503400000},  // 2027-03-31T14:30:00Z (2027-03-31 23:30 JST)
      {"F-2", 1806503400000},
  };
  const CareKpi kpi = SummarizeCareKpi("2027-02", "2027-04", {}, checks);
  ASSERT_EQ(kpi.months.size(), 3u);
  EXPECT_EQ(kpi.months[1].month, "2027-03");
  EXPECT_EQ(kpi.months[1].checked.checks, 2);
  EXPECT_EQ(kpi.months[1].checked.forms, 2);
  EXPECT_EQ(kpi.months[2].checked.checks, 1);
  EXPECT_EQ(kpi.by_fiscal_year.at(2026).checks, 2);
  EXPECT_EQ(kpi.by_fiscal_year.at(2027).forms, 1);
  EXPECT_EQ(kpi.checked.checks, 3);
  EXPECT_EQ(kpi.checked.forms, 2);
}

TEST(CareKpiTest, DaysByMonthOfDecisionAndByType) {
  const std::vector<DecidedCase> cases = {
      {"2026-04-01", "2026-04-21", ApplicationType::kNew},      // 20
      {"2026-03-20", "2026-04-30", ApplicationType::kRenewal},  // 41
      {"2026-04-10", "2026-05-12", ApplicationType::kNew},      // 32
      {"2026-01-10", "2026-02-12", ApplicationType::kNew},      // outside the range
  };
  const CareKpi kpi = SummarizeCareKpi("2026-04", "2026-05", cases, {});
  EXPECT_EQ(kpi.days.count, 3);
  EXPECT_DOUBLE_EQ(kpi.days.average, 31);
  EXPECT_EQ(kpi.months[0].days.count, 2);
  EXPECT_DOUBLE_EQ(kpi.months[0].days.median, 30.5);
  EXPECT_EQ(kpi.days_by_type.at(ApplicationType::kNew).count, 2);
  EXPECT_EQ(kpi.days_by_type.at(ApplicationType::kNew).over_target, 1);
  const nlohmann::json out = CareKpiJson(kpi);
  EXPECT_EQ(out["days_to_decision"]["by_type"]["change"]["count"], 0);
  EXPECT_TRUE(out["days_to_decision"]["by_type"]["change"]["average_days"].is_null());
  EXPECT_EQ(out["months"][1]["days_to_decision"]["over_30_days"], 1);
}

TEST(CareKpiTest, MonthRangeDefaultsToTheFiscalYearAndIsValidated) {
  auto range = KpiMonthRange("", "", "2027-02-10");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, "2026-04");
  EXPECT_EQ(range->second, "2027-02");
  EXPECT_FALSE(KpiMonthRange("2026-13", "", "2027-02-10").has_value());
  EXPECT_FALSE(KpiMonthRange("2026-05", "2026-04", "2027-02-10").has_value());
  EXPECT_FALSE(KpiMonthRange("2000-01", "2026-04", "2027-02-10").has_value());
  EXPECT_FALSE(KpiMonthRange("2026-04-01", "", "2027-02-10").has_value());  // a date is not a month
}

}  // namespace
}  // namespace denen::care
