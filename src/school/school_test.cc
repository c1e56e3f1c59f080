#include "school/school.h"

#include <gtest/gtest.h>

namespace denen::school {
namespace {

SessionPlan ValidPlan() {
  return {"2026-06-10", 3, 4, "社会", "わたしたちのまち", "https://meet.example.jp/a", {"タブレット"}, {"c1", "c2"}};
}

TEST(SchoolValidation, AcceptsAValidPlan) { EXPECT_TRUE(ValidatePlan(ValidPlan()).has_value()); }

TEST(SchoolValidation, PlanErrorsNameTheField) {
  SessionPlan plan = ValidPlan();
  plan.date = "2026-02-30";
  auto r = ValidatePlan(plan);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "invalid_date");
  EXPECT_EQ(r.error().message, "「実施日」(date) は YYYY-MM-DD 形式の正しい日付で指定してください");

  plan = ValidPlan();
  plan.period_to = 2;
  EXPECT_EQ(ValidatePlan(plan).error().code, "invalid_period_to");

  plan = ValidPlan();
  plan.class_ids = {"c1"};
  EXPECT_EQ(ValidatePlan(plan).error().message, "「参加学級」(class_ids) は2学級以上を選んでください");

  plan = ValidPlan();
  plan.class_ids = {"c1", "c1"};
  EXPECT_EQ(ValidatePlan(plan).error().code, "invalid_class_ids");

  plan = ValidPlan();
  plan.conference_url = "javascript:alert(1)";
  EXPECT_EQ(ValidatePlan(plan).error().code, "invalid_conference_url");

  plan = ValidPlan();
  plan.subject = "  ";
  EXPECT_EQ(ValidatePlan(plan).error().message, "「教科」(subject) を入力してください");
}

TEST(SchoolValidation, RecordNeedsMinutesUnlessCancelled) {
  EXPECT_TRUE(ValidateRecord({SessionStatus::kHeld, 45, ""}).has_value());
  EXPECT_TRUE(ValidateRecord({SessionStatus::kCancelled, 0, "雪のため"}).has_value());
  EXPECT_EQ(ValidateRecord({SessionStatus::kHeld, 0, ""}).error().code, "invalid_actual_minutes");
  EXPECT_EQ(ValidateRecord({SessionStatus::kCutShort, 601, ""}).error().code, "invalid_actual_minutes");
  EXPECT_EQ(ValidateRecord({SessionStatus::kCancelled, 30, ""}).error().code, "invalid_actual_minutes");
  EXPECT_EQ(ValidateRecord({SessionStatus::kPlanned, 30, ""}).error().code, "invalid_status");
}

TEST(SchoolValidation, IctUseNeedsToolsAndAim) {
  IctUse use{"c1", "2026-05-01", 2, 45, {"タブレット"}, "読み取りを補う", ""};
  EXPECT_TRUE(ValidateIctUse(use).has_value());
  use.tools.clear();
  EXPECT_EQ(ValidateIctUse(use).error().code, "invalid_tools");
  use.tools = {"タブレット"};
  use.aim = "";
  EXPECT_EQ(ValidateIctUse(use).error().message, "「ねらい」(aim) を入力してください");
  use.aim = "a";
  use.minutes = 121;
  EXPECT_EQ(ValidateIctUse(use).error().code, "invalid_minutes");
}

TEST(SchoolValidation, SurveyAnswer) {
  SurveyAnswer a{"device-0123456789abcdef", "s1", "pupil", "upper", 5, "たのしかった"};
  EXPECT_TRUE(ValidateSurveyAnswer(a).has_value());
  a.device_id = "short";
  EXPECT_EQ(ValidateSurveyAnswer(a).error().code, "invalid_device_id");
  a.device_id = "device-0123456789abcdef";
  a.rating = 6;
  EXPECT_EQ(ValidateSurveyAnswer(a).error().code, "invalid_rating");
  a.rating = 3;
  a.grade_band = "";
  EXPECT_EQ(ValidateSurveyAnswer(a).error().code, "invalid_grade_band");
  a.respondent = "teacher";
  EXPECT_TRUE(ValidateSurveyAnswer(a).has_value());
  a.comment = std::string(501, 'x');
  EXPECT_EQ(ValidateSurveyAnswer(a).error().message, "「感想」(comment) は500文字以内で入力してください");
  a.comment = std::string(500, 'x');
  EXPECT_TRUE(ValidateSurveyAnswer(a).has_value());
}

TEST(SchoolDates, FiscalYearRunsAprilToMarch) {
  EXPECT_EQ(FiscalYearOf("2026-03-31"), 2025);
  EXPECT_EQ(FiscalYearOf("2026-04-01"), 2026);
  EXPECT_EQ(FiscalYearRange(2026), std::make_pair(std::string("2026-04-01"), std::string("2027-03-31")));
}

TEST(SchoolDates, JapanDateIsUtcPlusNine) {
  // 2026-11-27T15:00:00Z is already the 28th in Japan.
  EXPECT_EQ(JapanDate(1795791600000), "2026-11-28");
  EXPECT_EQ(JapanDate(1795791600000 - 1), "2026-11-27");
  EXPECT_FALSE(DaysOfDate("2026-13-01").has_value());
  EXPECT_FALSE(DaysOfDate("2026-1-01").has_value());
  EXPECT_TRUE(DaysOfDate("2028-02-29").has_value());
}

TEST(SchoolText, CharCountCountsCodePoints) { EXPECT_EQ(CharCount("あいう"), 3u); }

}  // namespace
}  // namespace denen::school
