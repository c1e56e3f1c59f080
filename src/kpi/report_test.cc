#include "kpi/report.h"

#include <gtest/gtest.h>

#include "kpi/analysis.h"
#include "kpi/kpi_sources.h"

namespace denen::kpi {
namespace {

TEST(Report, SmallCellsAreThoseOfOneToFourPeople) {
  EXPECT_FALSE(IsSmallCell(0, 5));
  EXPECT_TRUE(IsSmallCell(1, 5));
  EXPECT_TRUE(IsSmallCell(4, 5));
  EXPECT_FALSE(IsSmallCell(5, 5));
  // A ratio rests on its denominator, a sum on itself.
  EXPECT_EQ(CellPeople({3, 40}, Aggregate::kRatio), 40);
  EXPECT_EQ(CellPeople({3, 40}, Aggregate::kSum), 3);
  EXPECT_EQ(CellValue({3, 4}, Aggregate::kRatio), 75.0);
  EXPECT_FALSE(CellValue({3, 0}, Aggregate::kMean).has_value());
}

TEST(Report, TrendByLeastSquares) {
  EXPECT_EQ(TrendOf({1, 2, 3, 4}), "up");
  EXPECT_EQ(TrendOf({4, 3, 2, 1}), "down");
  EXPECT_EQ(TrendOf({100, 101, 99, 100}), "flat");
  EXPECT_EQ(TrendOf({1, 2}), "");
}

TEST(Report, AchievementRateFollowsTheDirectionOfTheKpi) {
  KpiDefinition up;
  KpiDefinition down;
  down.higher_is_better = false;
  EXPECT_DOUBLE_EQ(*AchievementRate(up, 50, std::nullopt, 200), 25.0);
  // 40 days before, 30 the target, 35 now: half way.
  EXPECT_DOUBLE_EQ(*AchievementRate(down, 35, 40, 30), 50.0);
  EXPECT_DOUBLE_EQ(*AchievementRate(down, 40, std::nullopt, 30), 75.0);
  EXPECT_FALSE(AchievementRate(up, std::nullopt, 1, 2).has_value());
}

TEST(Analysis, JoinSuppressesSmallCountsAndComputesRates) {
  StoredTable table;
  table.columns = {{"地区", "text", "district"}, {"人口", "integer", "value"}};
  table.rows = {{"本町", "2000"}, {"小出", "500"}, {"平野", "800"}};
  std::vector<JoinFact> facts;
  for (int i = 0; i < 10; ++i) facts.push_back({"2026-05-01", "本町", "30-39", "facility", i < 4});
  for (int i = 0; i < 3; ++i) facts.push_back({"2026-05-01", "小出", "30-39", "facility", true});
  facts.push_back({"2025-05-01", "平野", "30-39", "facility", true});  // outside the period
  auto out = JoinTable(table, facts, "2026-04-01", "2027-03-31", 5);
  ASSERT_EQ(out["rows"].size(), 3u);
  EXPECT_EQ(out["rows"][0]["facility_visits"], 10);
  EXPECT_EQ(out["rows"][0]["facility_visits_per_1000"], 5.0);
  EXPECT_EQ(out["rows"][0]["card_share_percent"], 40.0);
  EXPECT_TRUE(out["rows"][1]["facility_visits"].is_null());
  EXPECT_TRUE(out["rows"][1]["facility_visits_suppressed"].get<bool>());
  EXPECT_TRUE(out["rows"][1]["facility_visits_per_1000"].is_null());
  EXPECT_EQ(out["rows"][2]["facility_visits"], 0);
  EXPECT_EQ(out["population_column"], "人口");
  // The chart's bars are suppressed the same way.
  EXPECT_TRUE(out["chart"]["bars"][0]["suppressed"].get<bool>());  // 小出 (map order: 小 < 平 < 本)
  EXPECT_EQ(out["chart"]["bars"][2]["value"], 5.0);
}

}  // namespace
}  // namespace denen::kpi
