#include "school/school_demo.h"

#include <cstdio>

#include "school/school_repository.h"

namespace denen::school {

Result<void> LoadSchoolDemo(store::Database& db, const Clock& clock, const std::string& code) {
  DENEN_TRY(existing,
            db.QueryOne("SELECT COUNT(*) FROM school_schools WHERE municipality_code = ?", {store::Text(code)}));
  if (existing && existing->Int(0) > 0) return {};
  SchoolRepository repo(db, clock);
  const Scope board{true, ""};
  const std::string actor = "demo";

  DENEN_TRY(nagai, repo.AddSchool(code, board, {"", "長井小学校", SchoolKind::kElementary, true}, actor));
  DENEN_TRY(toyoda, repo.AddSchool(code, board, {"", "豊田小学校", SchoolKind::kElementary, true}, actor));
  DENEN_TRY(north, repo.AddSchool(code, board, {"", "長井北中学校", SchoolKind::kJuniorHigh, true}, actor));
  DENEN_TRY(partner, repo.AddSchool(code, board, {"", "連携校 みなと小学校", SchoolKind::kElementary, false}, actor));

  DENEN_TRY(nagai5, repo.AddClass(code, board, {"", nagai.id, "5年1組", 5, false}, actor));
  DENEN_TRY(nagai_sn, repo.AddClass(code, board, {"", nagai.id, "なかよし学級", 0, true}, actor));
  DENEN_TRY(toyoda5, repo.AddClass(code, board, {"", toyoda.id, "5年1組", 5, false}, actor));
  DENEN_TRY(toyoda_sn, repo.AddClass(code, board, {"", toyoda.id, "ひまわり学級", 0, true}, actor));
  DENEN_TRY_VOID(repo.AddClass(code, board, {"", north.id, "1年2組", 1, false}, actor));
  DENEN_TRY(partner5, repo.AddClass(code, board, {"", partner.id, "5年2組", 5, false}, actor));

  // The demo teacher, when the staff demo has created it.
  DENEN_TRY(teacher, db.QueryOne("SELECT id FROM staff_users WHERE municipality_code = ? AND username = 'gakko'",
                                 {store::Text(code)}));
  if (teacher) DENEN_TRY_VOID(repo.AssignStaff(code, teacher->Text(0), nagai.id, false, actor));

  // Dates relative to today, so the calendar and the survey window show something.
  const int64_t today = *DaysOfDate(JapanDate(clock.NowMillis()));
  auto date = [&](int offset) {
    const CivilDate d = CivilFromDays(today + offset);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return std::string(buf);
  };
  struct DemoSession {
    int offset;
    std::string subject, unit;
    std::vector<std::string> classes;
    std::optional<SessionRecord> record;
  };
  const std::vector<DemoSession> sessions = {
      {-20, "社会", "わたしたちのまちの産業", {nagai5.id, partner5.id}, SessionRecord{SessionStatus::kHeld, 45, ""}},
      {-6,
       "総合的な学習の時間",
       "ふるさと長井を紹介しよう",
       {nagai5.id, toyoda5.id},
       SessionRecord{SessionStatus::kCutShort, 30, "回線が不安定で途中終了"}},
      {7, "外国語", "Where is the station?", {nagai5.id, toyoda5.id, partner5.id}, std::nullopt},
  };
  for (const auto& s : sessions) {
    SessionPlan plan{
        date(s.offset), 3, 3, s.subject, s.unit, "https://meet.example.jp/demo", {"タブレット", "電子黒板"}, s.classes};
    DENEN_TRY(planned, repo.PlanSession(code, board, plan, actor));
    for (const auto& school : planned.schools) {
      DENEN_TRY_VOID(repo.ConfirmSession(code, {false, school.school_id}, planned.id, actor));
    }
    if (s.record) DENEN_TRY_VOID(repo.RecordSession(code, board, planned.id, *s.record, actor));
  }
  DENEN_TRY_VOID(repo.AddIctUse(
      code, {false, nagai.id},
      {nagai_sn.id, date(-3), 2, 45, {"タブレット", "読み上げアプリ"}, "音声で読み取りを補い、自分で内容をつかむ", ""},
      actor));
  DENEN_TRY_VOID(repo.AddIctUse(
      code, {false, toyoda.id},
      {toyoda_sn.id, date(-2), 4, 30, {"電子黒板", "絵カードアプリ"}, "見通しをもって活動に参加する", ""}, actor));
  return {};
}

}  // namespace denen::school
