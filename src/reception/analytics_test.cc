// Analytics summaries (the CSV/XLSX files are tested in src/sheets).
#include "reception/analytics.h"

#include <gtest/gtest.h>

namespace denen::reception {
namespace {

// 2026-11-27 10:00 in Japan (a Friday).
constexpr int64_t kFriday10 = 1795741200000;
constexpr int64_t kDay = 24LL * 3600 * 1000;

VisitFact Fact(std::string kind, std::string place, std::string event, int64_t at, std::string resident,
               std::string district, std::string band) {
  const std::string source = resident.empty() ? "walk_in" : "card";
  return {std::move(kind),     std::move(place), std::move(event),    JapanDate(at),  at,
          std::move(resident), source,           std::move(district), std::move(band)};
}

TEST(SummarizeTest, CountsByEveryDimension) {
  const std::vector<VisitFact> facts = {
      Fact("facility", "P1", "", kFriday10, "R1", "本町", "30-39"),
      Fact("facility", "P1", "", kFriday10 + kDay, "R1", "本町", "30-39"),
      Fact("facility", "P2", "", kFriday10 + 3600 * 1000, "R2", "栄町", "70-79"),
      Fact("event", "P1", "E1", kFriday10, "", "", "unknown"),
  };
  const VisitSummary s = Summarize(facts);
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.by_card, 3);
  EXPECT_EQ(s.walk_in, 1);
  EXPECT_EQ(s.by_place.at("P1"), 2);
  EXPECT_EQ(s.by_place.at("P2"), 1);
  EXPECT_EQ(s.by_event.at("E1"), 1);
  EXPECT_EQ(s.by_hour[10], 3);
  EXPECT_EQ(s.by_hour[11], 1);
  EXPECT_EQ(s.by_weekday[5], 3);  // Friday
  EXPECT_EQ(s.by_weekday[6], 1);  // Saturday
  EXPECT_EQ(s.by_district.at("本町"), 2);
  EXPECT_EQ(s.by_district.at("不明"), 1);
  EXPECT_EQ(s.residents, 2);
  EXPECT_EQ(s.repeat_residents, 1);
}

TEST(GrowthTest, NullWithoutAPreviousYear) {
  EXPECT_EQ(Growth(120, 100), nlohmann::json(0.2));
  EXPECT_EQ(Growth(5, 0), nlohmann::json(nullptr));
}

}  // namespace
}  // namespace denen::reception
