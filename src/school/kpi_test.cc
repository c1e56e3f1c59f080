#include "school/kpi.h"

#include <gtest/gtest.h>

namespace denen::school {
namespace {

TEST(SchoolKpi, HoursCountASharedSessionOncePerTotalAndOncePerSchool) {
  const std::vector<MinutesRow> rows = {
      {"s1", "2026-04-10", "a", 45},
      {"s1", "2026-04-10", "b", 45},  // one session, two schools
      {"s2", "2027-03-31", "a", 30},  // last day of FY2026
      {"s3", "2027-04-01", "a", 90},  // FY2027: not counted
  };
  const HoursSummary h = SummarizeHours(2026, rows);
  EXPECT_EQ(h.total_minutes, 75);
  EXPECT_EQ(h.by_school.at("a"), 75);
  EXPECT_EQ(h.by_school.at("b"), 45);
  ASSERT_EQ(h.by_month.size(), 12u);
  EXPECT_EQ(h.by_month.front(), std::make_pair(std::string("2026-04"), int64_t{45}));
  EXPECT_EQ(h.by_month.back(), std::make_pair(std::string("2027-03"), int64_t{30}));
}

TEST(SchoolKpi, SatisfactionMeanAndDistributionByGroup) {
  const SatisfactionSummary s = SummarizeSatisfaction({{"elementary", "upper", 5},
                                                       {"elementary", "upper", 4},
                                                       {"junior_high", "junior_high", 3},
                                                       {"elementary", "teacher", 4}});
  EXPECT_EQ(s.overall.count, 4);
  EXPECT_DOUBLE_EQ(s.overall.mean, 4.0);
  EXPECT_EQ(s.overall.distribution, (std::array<int64_t, 5>{0, 0, 1, 2, 1}));
  EXPECT_EQ(s.by_school_kind.at("elementary").count, 3);
  EXPECT_DOUBLE_EQ(s.by_school_kind.at("elementary").mean, 13.0 / 3);
  EXPECT_DOUBLE_EQ(s.by_grade_band.at("upper").mean, 4.5);
  EXPECT_EQ(s.by_grade_band.at("teacher").count, 1);
}

TEST(SchoolKpi, JsonShowsHoursToATenth) {
  SchoolKpi kpi;
  kpi.fiscal_year = 2026;
  kpi.online = SummarizeHours(2026, {{"s1", "2026-05-01", "a", 50}});
  kpi.school_names["a"] = "長井小学校";
  const auto j = SchoolKpiJson(kpi);
  EXPECT_EQ(j["online_hours"]["total_minutes"], 50);
  EXPECT_DOUBLE_EQ(j["online_hours"]["total_hours"].get<double>(), 0.8);
  EXPECT_EQ(j["online_hours"]["by_school"][0]["school_name"], "長井小学校");
  EXPECT_TRUE(j["satisfaction"]["overall"]["mean"].is_null());
}

}  // namespace
}  // namespace denen::school
