// The case rules without a database: CSV parsing and its errors, milestone
// validation, stages, the 30-day target and the 12-digit number guard.
#include "care/care_case.h"

#include <gtest/gtest.h>

namespace denen::care {
namespace {

constexpr char kToday[] = "2026-11-27";

Result<std::vector<CaseRow>> Parse(const std::string& csv, bool store_number = false) {
  return ParseCaseCsv(csv, {kToday, store_number});
}

TEST(CareCaseTest, ParsesJapaneseAndEnglishHeadersSlashDatesAndTypes) {
  auto rows = Parse(
      "\xEF\xBB\xBF申請番号,被保険者参照,申請区分,申請日,認定調査日,認定日,調査票ID\r\n"
      "R8-001,H-01,区分変更,2026/10/1,２０２６－１０－０５,,F-1\r\n"
      "R8-002,H-02,renewal,2026-09-01,,,\r\n");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  const CareCase& c = (*rows)[0].value;
  EXPECT_EQ((*rows)[0].row, 2);
  EXPECT_EQ(c.case_no, "R8-001");
  EXPECT_EQ(c.type, ApplicationType::kChange);
  EXPECT_EQ(c.dates[kApplied], "2026-10-01");
  EXPECT_EQ(c.dates[kSurveyed], "2026-10-05");
  EXPECT_FALSE(c.dates[kCertified].has_value());
  EXPECT_EQ(c.form_id, "F-1");
  EXPECT_EQ((*rows)[1].value.type, ApplicationType::kRenewal);
  EXPECT_FALSE((*rows)[1].value.form_id.has_value());
}

TEST(CareCaseTest, ErrorsNameRowColumnAndValue) {
  auto unknown = Parse("申請番号,被保険者参照,申請区分,申請日,氏名,住所\n");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, "unknown_care_case_columns");
  EXPECT_NE(unknown.error().message.find("「氏名」、「住所」"), std::string::npos) << unknown.error().message;

  auto missing = Parse("申請番号,被保険者参照,申請日\n");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("申請区分"), std::string::npos);

  auto bad_date = Parse("申請番号,被保険者参照,申請区分,申請日\nA,B,新規,2026-02-30\n");
  ASSERT_FALSE(bad_date.has_value());
  EXPECT_NE(bad_date.error().message.find("2 行目「申請日」列"), std::string::npos) << bad_date.error().message;

  auto bad_type = Parse("申請番号,被保険者参照,申請区分,申請日\nA,B,継続,2026-02-03\n");
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_NE(bad_type.error().message.find("「申請区分」"), std::string::npos);

  auto twice = Parse("申請番号,被保険者参照,申請区分,申請日\nA,B,新規,2026-02-03\nA,C,新規,2026-02-04\n");
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("2 行目にもあります"), std::string::npos) << twice.error().message;

  auto notice_first =
      Parse("申請番号,被保険者参照,申請区分,申請日,認定日,通知日\nA,B,新規,2026-10-01,2026-10-20,2026-10-19\n");
  ASSERT_FALSE(notice_first.has_value());
  EXPECT_NE(notice_first.error().message.find("「通知日」列: 認定日（2026-10-20）より前"), std::string::npos)
      << notice_first.error().message;
}

TEST(CareCaseTest, TwelveDigitNumbersAreRefusedWhereverTheyAre) {
  auto refused = Parse("申請番号,被保険者参照,申請区分,申請日\n123456789012,B,新規,2026-02-03\n", true);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "individual_number_refused");
  EXPECT_NE(refused.error().message.find("2 行目「申請番号」列"), std::string::npos);
  // Full width, 4-4-4, and inside other text; a 10-digit 被保険者番号 and dates pass.
  for (const std::string value : {"１２３４ ５６７８ ９０１２", "1234-5678-9012", "番号123456789012"}) {
    auto shaped = Parse("申請番号,被保険者参照,申請区分,申請日\nA-1," + value + ",新規,2026-02-03\n");
    ASSERT_FALSE(shaped.has_value()) << value;
    EXPECT_EQ(shaped.error().code, "individual_number_refused") << value;
  }
  EXPECT_TRUE(
      Parse("申請番号,被保険者参照,被保険者番号,申請区分,申請日\nA-1,B,0000012345,新規,2026/2/3\n", true).has_value());
}

TEST(CareCaseTest, StageAndTargetFollowTheMilestones) {
  CareCase c;
  c.dates[kApplied] = "2026-10-01";
  EXPECT_EQ(StageOf(c), CaseStage::kSurvey);
  c.dates[kSurveyed] = "2026-10-05";
  EXPECT_EQ(StageOf(c), CaseStage::kOpinion);
  c.dates[kOpinionReceived] = "2026-10-12";
  EXPECT_EQ(StageOf(c), CaseStage::kPrimary);
  c.dates[kPrimaryJudged] = "2026-10-14";
  EXPECT_EQ(StageOf(c), CaseStage::kBoard);
  CaseTarget open = TargetOf(c, "2026-11-27");
  EXPECT_EQ(open.due_on, "2026-10-31");
  EXPECT_EQ(open.days, 57);
  EXPECT_TRUE(open.overdue);
  EXPECT_FALSE(open.decided);
  c.dates[kBoard] = "2026-10-28";
  c.dates[kCertified] = "2026-10-31";
  EXPECT_EQ(StageOf(c), CaseStage::kNotice);
  CaseTarget decided = TargetOf(c, "2026-11-27");
  EXPECT_EQ(decided.days, 30);
  EXPECT_FALSE(decided.overdue);
  EXPECT_TRUE(decided.decided);
  c.dates[kNotified] = "2026-11-02";
  EXPECT_EQ(StageOf(c), CaseStage::kDone);
}

TEST(CareCaseTest, JapanDateAndIsoDays) {
  // 2026-11-26T15:00:00Z is midnight of the 27th in Japan.
  EXPECT_EQ(JapanDateOf(1795705200000), "2026-11-27");
  EXPECT_EQ(JapanDateOf(1795705199999), "2026-11-26");
  EXPECT_EQ(IsoDateOfDays(*DaysOfIsoDate("2028-02-29") + 1), "2028-03-01");
  EXPECT_FALSE(DaysOfIsoDate("2027-02-29").has_value());
}

}  // namespace
}  // namespace denen::care
