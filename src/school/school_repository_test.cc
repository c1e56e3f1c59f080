#include "school/school_repository.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "school/kpi.h"
#include "school/school_demo.h"
#include "school/school_test_support.h"

namespace denen::school {
namespace {

using testing::SchoolDbTest;

class SchoolRepositoryTest : public SchoolDbTest {
 protected:
  Scope A() { return {false, school_a_}; }
  Scope B() { return {false, school_b_}; }
  Scope Board() { return {true, ""}; }
  SurveyAnswer Answer(const std::string& device, int rating, const std::string& school) {
    return {device, school, "pupil", "upper", rating, "たのしかった"};
  }
};

TEST_F(SchoolRepositoryTest, ScopeComesFromTheStaffLink) {
  EXPECT_EQ(Must(repo_->ScopeOf(code_, teacher_a_, false)).school_id, school_a_);
  EXPECT_TRUE(Must(repo_->ScopeOf(code_, board_user_, false)).board);
  EXPECT_TRUE(Must(repo_->ScopeOf(code_, admin_, true)).board);
  auto none = repo_->ScopeOf(code_, unlinked_, false);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(none.error().code, "school_not_assigned");
}

TEST_F(SchoolRepositoryTest, OnlySchoolRoleUsersCanBeLinked) {
  auto r = repo_->AssignStaff(code_, admin_, school_a_, false, "test");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "not_school_role");
  EXPECT_EQ(repo_->AssignStaff(code_, unlinked_, school_a_, true, "test").error().code, "invalid_school_id");
}

TEST_F(SchoolRepositoryTest, PlanConfirmRecordAndCalendar) {
  SessionView s = Must(repo_->PlanSession(code_, A(), PlanAB(), teacher_a_));
  ASSERT_EQ(s.schools.size(), 2u);
  EXPECT_EQ(s.status, SessionStatus::kPlanned);
  EXPECT_EQ(s.planned_by_school_id, school_a_);
  for (const auto& school : s.schools) {
    EXPECT_EQ(school.confirmed_at_ms.has_value(), school.school_id == school_a_) << school.school_name;
  }
  EXPECT_TRUE(s.survey_token.starts_with("062090-"));
  EXPECT_GE(s.survey_token.size(), 7u + 32u);

  s = Must(repo_->ConfirmSession(code_, B(), s.id, teacher_b_));
  for (const auto& school : s.schools) EXPECT_TRUE(school.confirmed_at_ms.has_value());

  s = Must(repo_->RecordSession(code_, B(), s.id, {SessionStatus::kHeld, 45, ""}, teacher_b_));
  EXPECT_EQ(s.status, SessionStatus::kHeld);
  EXPECT_EQ(s.actual_minutes, 45);

  EXPECT_EQ(Must(repo_->ListSessions(code_, A(), "2026-11-01", "2026-11-30", std::nullopt)).size(), 1u);
  EXPECT_EQ(Must(repo_->ListSessions(code_, Board(), "2026-11-01", "2026-11-30", std::nullopt)).size(), 1u);
  EXPECT_EQ(Must(repo_->ListSessions(code_, A(), "2026-12-01", "2026-12-31", std::nullopt)).size(), 0u);

  auto entries = Must(audit::Recent(*db_, code_, 3));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].event.action, "school.session.record");
  EXPECT_EQ(entries[1].event.action, "school.session.confirm");
  EXPECT_EQ(entries[2].event.action, "school.session.plan");
}

TEST_F(SchoolRepositoryTest, ATeacherSeesNothingOfOtherSchoolsSessions) {
  const std::string c = Must(repo_->AddClass(code_, Board(), {"", school_b_, "6年1組", 6, false}, "test")).id;
  SessionPlan plan = PlanAB();
  plan.class_ids = {class_b_, c};
  SessionView s = Must(repo_->PlanSession(code_, B(), plan, teacher_b_));

  EXPECT_EQ(repo_->GetSession(code_, A(), s.id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(repo_->ConfirmSession(code_, A(), s.id, teacher_a_).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(repo_->RecordSession(code_, A(), s.id, {SessionStatus::kHeld, 45, ""}, teacher_a_).error().kind,
            ErrorKind::kNotFound);
  EXPECT_TRUE(Must(repo_->ListSessions(code_, A(), "2026-11-01", "2026-11-30", std::nullopt)).empty());
  EXPECT_EQ(repo_->ListSessions(code_, A(), "2026-11-01", "2026-11-30", school_b_).error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(repo_->GetSession(code_, Board(), s.id).has_value());
}

TEST_F(SchoolRepositoryTest, APlanMustIncludeTheTeachersSchoolAndWritesNothingWhenInvalid) {
  const std::string c = Must(repo_->AddClass(code_, Board(), {"", school_b_, "6年1組", 6, false}, "test")).id;
  SessionPlan plan = PlanAB();
  plan.class_ids = {class_b_, c};
  auto r = repo_->PlanSession(code_, A(), plan, teacher_a_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "「参加学級」(class_ids) に自校の学級を1つ以上含めてください");

  plan.class_ids = {class_a_, "01UNKNOWNCLASS000000000000"};
  EXPECT_EQ(repo_->PlanSession(code_, A(), plan, teacher_a_).error().code, "class_not_found");
  auto count = Must(db_->QueryOne("SELECT COUNT(*) FROM school_sessions"));
  EXPECT_EQ(count->Int(0), 0);
  count = Must(db_->QueryOne("SELECT COUNT(*) FROM school_session_classes"));
  EXPECT_EQ(count->Int(0), 0);
}

TEST_F(SchoolRepositoryTest, IctUseOnlyInOwnSpecialNeedsClassAndNotesStayInTheSchool) {
  IctUse use{class_a_sn_, "2026-11-02", 2, 45, {"タブレット"}, "読み取りを補う", "Aさん: 読み上げで集中できた"};
  EXPECT_EQ(repo_->AddIctUse(code_, B(), use, teacher_b_).error().kind, ErrorKind::kForbidden);
  IctUse plain = use;
  plain.class_id = class_a_;
  EXPECT_EQ(repo_->AddIctUse(code_, A(), plain, teacher_a_).error().code, "invalid_class_id");
  Must(repo_->AddIctUse(code_, A(), use, teacher_a_));
  EXPECT_EQ(repo_->AddIctUse(code_, A(), use, teacher_a_).error().code, "ict_use_exists");

  auto own = Must(repo_->ListIctUses(code_, A(), "2026-11-01", "2026-11-30", teacher_a_));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].use.child_notes, use.child_notes);
  EXPECT_EQ(Must(audit::Recent(*db_, code_, 1))[0].event.action, "school.ict.read_notes");

  auto board = Must(repo_->ListIctUses(code_, Board(), "2026-11-01", "2026-11-30", board_user_));
  ASSERT_EQ(board.size(), 1u);
  EXPECT_EQ(board[0].use.child_notes, "");
  EXPECT_TRUE(Must(repo_->ListIctUses(code_, B(), "2026-11-01", "2026-11-30", teacher_b_)).empty());
}

TEST_F(SchoolRepositoryTest, SurveyCountsOneAnswerPerDevice) {
  SessionView s = Must(repo_->PlanSession(code_, A(), PlanAB(), teacher_a_));
  SurveyInfo info = Must(repo_->Survey(s.survey_token));
  EXPECT_TRUE(info.open);
  EXPECT_EQ(info.schools.size(), 2u);

  EXPECT_TRUE(Must(repo_->AnswerSurvey(s.survey_token, Answer("device-aaaaaaaaaaaaaaaa", 5, school_a_))));
  EXPECT_FALSE(Must(repo_->AnswerSurvey(s.survey_token, Answer("device-aaaaaaaaaaaaaaaa", 1, school_a_))));
  EXPECT_TRUE(Must(repo_->AnswerSurvey(s.survey_token, Answer("device-bbbbbbbbbbbbbbbb", 4, school_b_))));
  s = Must(repo_->GetSession(code_, A(), s.id));
  EXPECT_EQ(s.satisfaction.count, 2);
  EXPECT_DOUBLE_EQ(s.satisfaction.mean, 4.5);

  EXPECT_EQ(repo_->AnswerSurvey(s.survey_token, Answer("device-cccccccccccccccc", 4, "other")).error().code,
            "invalid_school_id");
  EXPECT_EQ(repo_->Survey("062090-guess").error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(repo_->Survey("999999-" + s.survey_token.substr(7)).error().kind, ErrorKind::kNotFound);
}

TEST_F(SchoolRepositoryTest, SurveyOpensOnTheDayAndClosesWhenCancelled) {
  SessionView later = Must(repo_->PlanSession(code_, A(), PlanAB("2026-12-01"), teacher_a_));
  EXPECT_FALSE(Must(repo_->Survey(later.survey_token)).open);
  EXPECT_EQ(repo_->AnswerSurvey(later.survey_token, Answer("device-aaaaaaaaaaaaaaaa", 5, school_a_)).error().code,
            "survey_closed");
  SessionView s = Must(repo_->PlanSession(code_, A(), PlanAB(), teacher_a_));
  Must(repo_->RecordSession(code_, A(), s.id, {SessionStatus::kCancelled, 0, "雪のため"}, teacher_a_));
  EXPECT_EQ(Must(repo_->Survey(s.survey_token)).closed_reason, "この授業は中止になりました");
}

TEST_F(SchoolRepositoryTest, KpiHoursAndSatisfactionPerFiscalYearAndSchool) {
  SessionView s1 = Must(repo_->PlanSession(code_, A(), PlanAB("2026-11-20"), teacher_a_));
  Must(repo_->RecordSession(code_, A(), s1.id, {SessionStatus::kHeld, 45, ""}, teacher_a_));
  SessionView s2 = Must(repo_->PlanSession(code_, A(), PlanAB("2026-10-05"), teacher_a_));
  Must(repo_->RecordSession(code_, A(), s2.id, {SessionStatus::kCutShort, 30, ""}, teacher_a_));
  SessionView s3 = Must(repo_->PlanSession(code_, A(), PlanAB("2026-11-21"), teacher_a_));
  Must(repo_->RecordSession(code_, A(), s3.id, {SessionStatus::kCancelled, 0, ""}, teacher_a_));
  Must(repo_->AddIctUse(code_, A(), {class_a_sn_, "2026-11-02", 2, 45, {"タブレット"}, "ねらい", ""}, teacher_a_));
  Must(repo_->AnswerSurvey(s1.survey_token, Answer("device-aaaaaaaaaaaaaaaa", 5, school_a_)));
  Must(repo_->AnswerSurvey(s1.survey_token, Answer("device-bbbbbbbbbbbbbbbb", 3, school_b_)));

  SchoolKpi all = Must(LoadSchoolKpi(*db_, code_, 2026, std::nullopt));
  EXPECT_EQ(all.online.total_minutes, 75);
  EXPECT_EQ(all.online.by_school.at(school_a_), 75);
  EXPECT_EQ(all.online.by_school.at(school_b_), 75);
  EXPECT_EQ(all.online.by_month[7].second, 45);  // November
  EXPECT_EQ(all.ict.total_minutes, 45);
  EXPECT_EQ(all.satisfaction.overall.count, 2);
  EXPECT_DOUBLE_EQ(all.satisfaction.overall.mean, 4.0);
  EXPECT_EQ(all.satisfaction.by_grade_band.at("upper").count, 2);

  SchoolKpi b = Must(LoadSchoolKpi(*db_, code_, 2026, school_b_));
  EXPECT_EQ(b.online.total_minutes, 75);
  EXPECT_EQ(b.ict.total_minutes, 0);
  EXPECT_EQ(b.satisfaction.overall.count, 1);
  EXPECT_EQ(b.satisfaction.overall.distribution[2], 1);

  EXPECT_EQ(Must(LoadSchoolKpi(*db_, code_, 2025, std::nullopt)).online.total_minutes, 0);
}

TEST_F(SchoolRepositoryTest, DemoDataLoadsOnceIntoAnEmptyMunicipality) {
  auto teacher = accounts_->Create(
      "131016", {"gakko", "学校 太郎", std::string(testing::kPassword), {auth::Role::kSchool}}, "test");
  ASSERT_TRUE(teacher.has_value());
  ASSERT_TRUE(LoadSchoolDemo(*db_, clock_, "131016").has_value());
  ASSERT_TRUE(LoadSchoolDemo(*db_, clock_, "131016").has_value());
  EXPECT_EQ(Must(repo_->ListSchools("131016")).size(), 4u);
  const Scope scope = Must(repo_->ScopeOf("131016", teacher->id, false));
  EXPECT_FALSE(scope.board);
  EXPECT_EQ(Must(repo_->ListSessions("131016", scope, "2026-10-01", "2026-12-31", std::nullopt)).size(), 3u);
  EXPECT_GT(Must(LoadSchoolKpi(*db_, "131016", 2026, std::nullopt)).online.total_minutes, 0);
}

}  // namespace
}  // namespace denen::school
