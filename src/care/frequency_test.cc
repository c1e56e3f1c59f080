#include "care/frequency.h"

#include <gtest/gtest.h>

#include "care/test_util.h"
#include "care/text.h"

namespace denen::care {
namespace {

std::vector<FrequencyMention> Find(const std::string &text) {
  std::string norm = detail::NormalizeWidth(text);
  const CareChecker &c = testing::Checker();
  return FindFrequencies(norm, c.tokenizer().Tokenize(norm), c.rules());
}

double Rate(const std::string &text) {
  auto f = Find(text);
  EXPECT_EQ(f.size(), 1u) << text;
  return f.empty() ? -1 : f.front().per_month;
}

TEST(FrequencyTest, NumericForms) {
  EXPECT_NEAR(Rate("週に1回程度ある"), 4.3, 0.1);
  EXPECT_NEAR(Rate("（1 回／週程度）"), 4.3, 0.1);
  EXPECT_NEAR(Rate("月に2～3回ある"), 2.5, 0.01);
  EXPECT_NEAR(Rate("1か月間で1、2回ある"), 1.5, 0.01);
  EXPECT_NEAR(Rate("夜間排尿のたび（2 回／日）"), 60, 0.01);
  EXPECT_NEAR(Rate("１日１回程度拭いている"), 30, 0.01);
  EXPECT_NEAR(Rate("週一回返品に行く"), 4.3, 0.1);
  EXPECT_NEAR(Rate("月に数日"), 3, 0.01);
  EXPECT_NEAR(Rate("年に2回"), 2.0 / 12, 0.01);
  EXPECT_NEAR(Rate("2週間に1回"), 2.15, 0.05);
}

TEST(FrequencyTest, BelowARateIsBelowItsThreshold) {
  const RuleSet &r = testing::Checker().rules();
  EXPECT_EQ(FrequencyLevel(r, "bpsd", Rate("大声は月1回未満である")), "absent");
  EXPECT_EQ(FrequencyLevel(r, "bpsd", Rate("叫ぶのは週1回未満である")), "sometimes");
}

TEST(FrequencyTest, WordsFromTheDataFile) {
  EXPECT_NEAR(Rate("ほぼ毎日ある"), 30, 0.01);
  EXPECT_NEAR(Rate("1日に何度も尋ねる"), 60, 0.01);
  EXPECT_NEAR(Rate("毎晩起きる"), 30, 0.01);
  EXPECT_NEAR(Rate("月に数回"), 3, 0.01);
}

TEST(FrequencyTest, NeverAndNonFrequencies) {
  EXPECT_NEAR(Rate("この1か月間一度もない"), 0, 0.001);
  EXPECT_TRUE(Find("5ｍ程度歩行できる").empty());
  EXPECT_TRUE(Find("令和6年4月1日に入所").empty());
}

TEST(FrequencyTest, LevelsFollowTheCriteria) {
  const RuleSet &r = testing::Checker().rules();
  EXPECT_EQ(FrequencyLevel(r, "bpsd", 4.3), "present");  // 週1回以上 → ある
  EXPECT_EQ(FrequencyLevel(r, "bpsd", 3),
            "sometimes");                                // 月に数回 → ときどきある
  EXPECT_EQ(FrequencyLevel(r, "bpsd", 1), "sometimes");  // 月1回 → ときどきある
  EXPECT_EQ(FrequencyLevel(r, "bpsd", 0.5), "absent");   // 月1回未満 → ない
  EXPECT_EQ(FrequencyLevel(r, "2-12", 2), "monthly");
}

}  // namespace
}  // namespace denen::care
