#include "care/frequency.h"

#include <gtest/gtest.h>

#include <cmath>

#include "care/test_util.h"
#include "care/text.h"

namespace denen::care {
namespace {

std::vector<FrequencyMention> Find(const std::string &text) {
  std::string norm = detail::NormalizeWidth(text);
  const CareChecker &c = testing::Checker();
  std::vector<Token> tokens = c.tokenizer().Tokenize(norm);
  c.rules().KeyTokens(&tokens);
  return FindFrequencies(norm, tokens, c.rules());
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

TEST(FrequencyTest, RecentPeriodEndingInANegation) {
  EXPECT_NEAR(Rate("この1か月は家から外に出ていない"), 0, 1e-9);
  EXPECT_NEAR(Rate("最近2週間は大声を出していない"), 0, 1e-9);
  // A past period is not the recent one.
  EXPECT_TRUE(Find("入院した1か月は外出していない").empty());
}

TEST(FrequencyTest, ADatedOccurrenceWithinTheMonth) {
  auto f = Find("10日ほど前に一度あった");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f.front().single_event);
  EXPECT_NEAR(f.front().per_month, 1, 1e-9);
  // A state since then, and an occurrence before the month, are not.
  EXPECT_TRUE(Find("3日前から続いている").empty());
  EXPECT_TRUE(Find("6週間前にあった").empty());
}

TEST(FrequencyTest, NightsAndAPeriodQualifyingTheTopic) {
  EXPECT_NEAR(Rate("週に3晩ほど起きている"), 12.9, 0.1);
  EXPECT_NEAR(Rate("この1か月の受診は2回だけ"), 2, 1e-9);
}

TEST(FrequencyTest, PeriodWithNothingInItInThePast) { EXPECT_NEAR(Rate("過去1か月なかった"), 0, 1e-9); }

// "先月、一度だけ": a comma may part a month from its count, but not a date.
TEST(FrequencyTest, CommaBetweenMonthAndCount) {
  EXPECT_NEAR(Rate("今月、二度ほど"), 2, 1e-9);
  // Read as "2 in 5 days" it would be 12 a month.
  for (const FrequencyMention &f : Find("5日、2回転倒")) EXPECT_GT(std::abs(f.per_month - 12), 1e-6);
}

}  // namespace
}  // namespace denen::care
