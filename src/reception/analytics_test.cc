// Analytics summaries (the CSV/XLSX files are tested in src/sheets).
#include "reception/analytics.h"

#include <gtest/gtest.h>

namespace denen::reception {
namespace {

TEST(SummarizeTest, FoldsATallyIntoEveryDimension) {
  VisitTally t;
  t.groups = {{"facility", "P1", "", "card", 2},
              {"facility", "P2", "", "card", 1},
              {"event", "P1", "E1", "walk_in", 1},
              {"shelter", "P3", "", "card", 4}};
  t.by_hour[10] = 7;
  t.by_hour[11] = 1;
  t.by_date = {{"2026-11-27", 5}, {"2026-11-28", 3}};  // a Friday and a Saturday
  t.by_district = {{"本町", 7}, {"", 1}};
  t.by_age_band = {{"30-39", 6}, {"", 2}};
  t.residents = 3;
  t.repeat_residents = 1;
  const VisitSummary s = Summarize(t);
  EXPECT_EQ(s.total, 8);
  EXPECT_EQ(s.by_card, 7);
  EXPECT_EQ(s.walk_in, 1);
  EXPECT_EQ(s.by_place.at("P1"), 2);
  EXPECT_EQ(s.by_place.at("P2"), 1);
  EXPECT_FALSE(s.by_place.contains("P3"));
  EXPECT_EQ(s.by_shelter_place.at("P3"), 4);
  EXPECT_EQ(s.by_event.at("E1"), 1);
  EXPECT_EQ(s.by_hour[10], 7);
  EXPECT_EQ(s.by_hour[11], 1);
  EXPECT_EQ(s.by_weekday[5], 5);  // Friday
  EXPECT_EQ(s.by_weekday[6], 3);  // Saturday
  EXPECT_EQ(s.by_district.at("本町"), 7);
  EXPECT_EQ(s.by_district.at("不明"), 1);
  EXPECT_EQ(s.by_age_band.at("unknown"), 2);
  EXPECT_EQ(s.residents, 3);
  EXPECT_EQ(s.repeat_residents, 1);
}

TEST(GrowthTest, NullWithoutAPreviousYear) {
  EXPECT_EQ(Growth(120, 100), nlohmann::json(0.2));
  EXPECT_EQ(Growth(5, 0), nlohmann::json(nullptr));
}

}  // namespace
}  // namespace denen::reception
