#include "school/school_repository.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "audit/audit_log.h"
#include "auth/roles.h"
#include "core/json_input.h"
#include "core/random.h"

namespace denen::school {
namespace {

using store::Int;
using store::Text;

Error Forbidden(std::string code, std::string message) {
  return {ErrorKind::kForbidden, std::move(code), std::move(message)};
}

Error SessionNotFound() { return Error::NotFound("school_session_not_found", "授業が見つかりません"); }

std::string JsonList(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> ParseList(const std::string& text) {
  auto parsed = ParseJson(text);
  std::vector<std::string> out;
  if (!parsed || !parsed->is_array()) return out;
  for (const auto& v : *parsed) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Result<void> Audit(store::Database& tx, const Clock& clock, const std::string& code, const std::string& actor,
                   std::string action, std::string type, const std::string& id, const nlohmann::json& detail) {
  return audit::Record(tx, clock, code, {actor, std::move(action), std::move(type), id, detail.dump()});
}

School SchoolFromRow(const store::Row& r) {
  return {r.Text(0), r.Text(1), SchoolKindFromId(r.Text(2)).value_or(SchoolKind::kOther), r.Int(3) != 0};
}

Result<std::optional<School>> FindSchool(store::Database& db, const std::string& code, const std::string& id) {
  DENEN_TRY(row, db.QueryOne("SELECT id, name, kind, in_city FROM school_schools WHERE municipality_code = ? AND "
                             "id = ?",
                             {Text(code), Text(id)}));
  if (!row) return std::optional<School>();
  return std::optional<School>(SchoolFromRow(*row));
}

}  // namespace

Result<Scope> SchoolRepository::ScopeOf(const std::string& code, const std::string& user_id, bool is_admin) {
  if (is_admin) return Scope{true, ""};
  DENEN_TRY(row, db_.QueryOne("SELECT school_id, board FROM school_staff WHERE municipality_code = ? AND user_id = ?",
                              {Text(code), Text(user_id)}));
  if (!row) {
    return Fail(Forbidden("school_not_assigned",
                          "このアカウントには所属校が登録されていません。管理者に所属校の登録を依頼してください"));
  }
  if (row->Int(1) != 0) return Scope{true, ""};
  return Scope{false, row->Text(0)};
}

Result<void> SchoolRepository::AssignStaff(const std::string& code, const std::string& user_id,
                                           const std::optional<std::string>& school_id, bool board,
                                           const std::string& actor) {
  if (board == school_id.has_value()) {
    return Fail(Error::Invalid("invalid_school_id",
                               "「所属校」(school_id) か「教育委員会」(board) のどちらか一方を指定してください"));
  }
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(user, tx.QueryOne("SELECT roles FROM staff_users WHERE municipality_code = ? AND id = ?",
                                {Text(code), Text(user_id)}));
    if (!user) return Fail(Error::NotFound("user_not_found", "職員アカウントが見つかりません"));
    DENEN_TRY(roles, auth::RoleSet::Deserialize(user->Text(0)));
    if (!roles.Has(auth::Role::kSchool)) {
      return Fail(Error::Invalid("not_school_role", "「学校」の権限を持つアカウントだけ所属校を登録できます"));
    }
    if (school_id) {
      DENEN_TRY(school, FindSchool(tx, code, *school_id));
      if (!school) return Fail(Error::NotFound("school_not_found", "「所属校」(school_id) の学校が見つかりません"));
    }
    const int64_t now = clock_.NowMillis();
    DENEN_TRY_VOID(
        tx.Exec("DELETE FROM school_staff WHERE municipality_code = ? AND user_id = ?", {Text(code), Text(user_id)}));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO school_staff (municipality_code, user_id, school_id, board, updated_by, "
        "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
        {Text(code), Text(user_id), store::OptionalText(school_id), Int(board ? 1 : 0), Text(actor), Int(now)}));
    return Audit(tx, clock_, code, actor, "school.staff.assign", "staff_user", user_id,
                 {{"school_id", school_id ? nlohmann::json(*school_id) : nlohmann::json(nullptr)}, {"board", board}});
  });
}

Result<std::vector<StaffLink>> SchoolRepository::ListStaff(const std::string& code) {
  DENEN_TRY(rows, db_.Query("SELECT u.id, u.username, u.display_name, l.school_id, l.board FROM staff_users u "
                            "LEFT JOIN school_staff l ON l.municipality_code = u.municipality_code AND "
                            "l.user_id = u.id WHERE u.municipality_code = ? AND u.roles LIKE '%school%' "
                            "ORDER BY u.username",
                            {Text(code)}));
  std::vector<StaffLink> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.OptionalText(3), !r.IsNull(4) && r.Int(4) != 0});
  }
  return out;
}

Result<School> SchoolRepository::AddSchool(const std::string& code, const Scope& scope, School school,
                                           const std::string& actor) {
  if (!scope.board) return Fail(Forbidden("board_only", "学校の登録は教育委員会または管理者が行います"));
  DENEN_TRY_VOID(ValidateSchool(school));
  school.id = NewId(clock_);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(taken, tx.QueryOne("SELECT id FROM school_schools WHERE municipality_code = ? AND name = ?",
                                 {Text(code), Text(school.name)}));
    if (taken) return Fail(Error::Conflict("school_name_taken", "同じ名前の学校がすでに登録されています"));
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO school_schools (municipality_code, id, name, kind, in_city, created_at_ms) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                {Text(code), Text(school.id), Text(school.name), Text(std::string(SchoolKindId(school.kind))),
                 Int(school.in_city ? 1 : 0), Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "school.school.create", "school", school.id,
                 {{"kind", SchoolKindId(school.kind)}, {"in_city", school.in_city}});
  }));
  return school;
}

Result<std::vector<School>> SchoolRepository::ListSchools(const std::string& code) {
  DENEN_TRY(rows, db_.Query("SELECT id, name, kind, in_city FROM school_schools WHERE municipality_code = ? "
                            "ORDER BY in_city DESC, kind, name",
                            {Text(code)}));
  std::vector<School> out;
  for (const auto& r : rows) out.push_back(SchoolFromRow(r));
  return out;
}

Result<SchoolClass> SchoolRepository::AddClass(const std::string& code, const Scope& scope, SchoolClass c,
                                               const std::string& actor) {
  if (!scope.SeesSchool(c.school_id)) {
    return Fail(Forbidden("other_school", "他の学校の学級は登録できません"));
  }
  c.id = NewId(clock_);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(school, FindSchool(tx, code, c.school_id));
    if (!school) return Fail(Error::NotFound("school_not_found", "「学校」(school_id) の学校が見つかりません"));
    DENEN_TRY_VOID(ValidateClass(c, school->kind));
    DENEN_TRY(taken, tx.QueryOne("SELECT id FROM school_classes WHERE municipality_code = ? AND school_id = ? AND "
                                 "name = ?",
                                 {Text(code), Text(c.school_id), Text(c.name)}));
    if (taken) return Fail(Error::Conflict("class_name_taken", "この学校には同じ名前の学級がすでにあります"));
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO school_classes (municipality_code, id, school_id, name, grade, "
                "special_needs, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {Text(code), Text(c.id), Text(c.school_id), Text(c.name), Int(c.grade), Int(c.special_needs ? 1 : 0),
                 Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "school.class.create", "school_class", c.id,
                 {{"school_id", c.school_id}, {"special_needs", c.special_needs}});
  }));
  return c;
}

Result<std::vector<SchoolClass>> SchoolRepository::ListClasses(const std::string& code) {
  DENEN_TRY(rows, db_.Query("SELECT id, school_id, name, grade, special_needs FROM school_classes WHERE "
                            "municipality_code = ? ORDER BY school_id, special_needs, grade, name",
                            {Text(code)}));
  std::vector<SchoolClass> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), r.Int(4) != 0});
  }
  return out;
}

Result<SessionView> SchoolRepository::LoadSession(store::Database& db, const std::string& code, const std::string& id) {
  DENEN_TRY(row, db.QueryOne("SELECT id, session_date, period_from, period_to, subject, unit, conference_url, "
                             "ict_tools, status, actual_minutes, record_note, planned_by_school_id, survey_token "
                             "FROM school_sessions WHERE municipality_code = ? AND id = ?",
                             {Text(code), Text(id)}));
  if (!row) return Fail(SessionNotFound());
  SessionView s;
  s.id = row->Text(0);
  s.plan.date = row->Text(1);
  s.plan.period_from = static_cast<int>(row->Int(2));
  s.plan.period_to = static_cast<int>(row->Int(3));
  s.plan.subject = row->Text(4);
  s.plan.unit = row->Text(5);
  s.plan.conference_url = row->Text(6);
  s.plan.ict_tools = ParseList(row->Text(7));
  s.status = SessionStatusFromId(row->Text(8)).value_or(SessionStatus::kPlanned);
  if (!row->IsNull(9)) s.actual_minutes = static_cast<int>(row->Int(9));
  s.record_note = row->Text(10);
  s.planned_by_school_id = row->Text(11);
  s.survey_token = row->Text(12);

  DENEN_TRY(classes, db.Query("SELECT c.class_id, k.name, c.school_id, s.name, k.special_needs, s.kind FROM "
                              "school_session_classes c JOIN school_classes k ON k.municipality_code = "
                              "c.municipality_code AND k.id = c.class_id JOIN school_schools s ON "
                              "s.municipality_code = c.municipality_code AND s.id = c.school_id WHERE "
                              "c.municipality_code = ? AND c.session_id = ? ORDER BY s.name, k.name",
                              {Text(code), Text(id)}));
  DENEN_TRY(confirmations, db.Query("SELECT school_id, confirmed_at_ms FROM school_session_confirmations WHERE "
                                    "municipality_code = ? AND session_id = ?",
                                    {Text(code), Text(id)}));
  std::map<std::string, int64_t> confirmed;
  for (const auto& r : confirmations) confirmed[r.Text(0)] = r.Int(1);
  std::set<std::string> seen;
  for (const auto& r : classes) {
    s.plan.class_ids.push_back(r.Text(0));
    s.classes.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0});
    if (seen.insert(r.Text(2)).second) {
      auto c = confirmed.find(r.Text(2));
      s.schools.push_back(
          {r.Text(2), r.Text(3), r.Text(5), c == confirmed.end() ? std::nullopt : std::optional<int64_t>(c->second)});
    }
  }
  DENEN_TRY(ratings, db.Query("SELECT rating, COUNT(*) FROM school_survey_answers WHERE municipality_code = ? AND "
                              "session_id = ? GROUP BY rating",
                              {Text(code), Text(id)}));
  int64_t sum = 0;
  for (const auto& r : ratings) {
    const int64_t rating = r.Int(0);
    if (rating < 1 || rating > 5) continue;
    s.satisfaction.distribution[rating - 1] = r.Int(1);
    s.satisfaction.count += r.Int(1);
    sum += rating * r.Int(1);
  }
  if (s.satisfaction.count > 0) s.satisfaction.mean = static_cast<double>(sum) / s.satisfaction.count;
  return s;
}

Result<SessionView> SchoolRepository::VisibleSession(store::Database& db, const std::string& code, const Scope& scope,
                                                     const std::string& id) {
  DENEN_TRY(s, LoadSession(db, code, id));
  if (scope.board) return s;
  for (const auto& school : s.schools) {
    if (school.school_id == scope.school_id) return s;
  }
  return Fail(SessionNotFound());  // another school's session: as if it did not exist
}

Result<SessionView> SchoolRepository::PlanSession(const std::string& code, const Scope& scope, const SessionPlan& plan,
                                                  const std::string& actor) {
  DENEN_TRY_VOID(ValidatePlan(plan));
  const std::string id = NewId(clock_);
  const std::string token = code + "-" + RandomToken(24);
  const int64_t now = clock_.NowMillis();
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    std::vector<std::pair<std::string, std::string>> class_schools;  // class id, school id
    bool includes_own = scope.board;
    for (const auto& class_id : plan.class_ids) {
      DENEN_TRY(row, tx.QueryOne("SELECT school_id FROM school_classes WHERE municipality_code = ? AND id = ?",
                                 {Text(code), Text(class_id)}));
      if (!row)
        return Fail(Error::NotFound("class_not_found", "「参加学級」(class_ids) に登録されていない学級があります"));
      class_schools.emplace_back(class_id, row->Text(0));
      if (row->Text(0) == scope.school_id) includes_own = true;
    }
    if (!includes_own) {
      return Fail(Error::Invalid("invalid_class_ids", "「参加学級」(class_ids) に自校の学級を1つ以上含めてください"));
    }
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO school_sessions (municipality_code, id, session_date, period_from, period_to, subject, unit, "
        "conference_url, ict_tools, planned_by_school_id, status, actual_minutes, record_note, survey_token, "
        "created_by, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', NULL, '', ?, ?, "
        "?, ?)",
        {Text(code), Text(id), Text(plan.date), Int(plan.period_from), Int(plan.period_to), Text(plan.subject),
         Text(plan.unit), Text(plan.conference_url), Text(JsonList(plan.ict_tools)), Text(scope.school_id), Text(token),
         Text(actor), Int(now), Int(now)}));
    for (const auto& [class_id, school_id] : class_schools) {
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO school_session_classes (municipality_code, session_id, class_id, "
                  "school_id) VALUES (?, ?, ?, ?)",
                  {Text(code), Text(id), Text(class_id), Text(school_id)}));
    }
    if (!scope.board) {
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO school_session_confirmations (municipality_code, session_id, school_id, "
                  "confirmed_by, confirmed_at_ms) VALUES (?, ?, ?, ?, ?)",
                  {Text(code), Text(id), Text(scope.school_id), Text(actor), Int(now)}));
    }
    return Audit(tx, clock_, code, actor, "school.session.plan", "school_session", id,
                 {{"date", plan.date}, {"classes", plan.class_ids.size()}});
  }));
  return LoadSession(db_, code, id);
}

Result<SessionView> SchoolRepository::GetSession(const std::string& code, const Scope& scope, const std::string& id) {
  return VisibleSession(db_, code, scope, id);
}

Result<std::vector<SessionView>> SchoolRepository::ListSessions(const std::string& code, const Scope& scope,
                                                                const std::string& from, const std::string& to,
                                                                const std::optional<std::string>& school_id) {
  DENEN_TRY_VOID(ValidateDate("from", "開始日", from));
  DENEN_TRY_VOID(ValidateDate("to", "終了日", to));
  if (*DaysOfDate(to) < *DaysOfDate(from) || *DaysOfDate(to) - *DaysOfDate(from) > 400) {
    return Fail(Error::Invalid("invalid_to", "「終了日」(to) は開始日から400日以内の日付にしてください"));
  }
  std::optional<std::string> school = scope.board ? school_id : std::optional<std::string>(scope.school_id);
  if (!scope.board && school_id && *school_id != scope.school_id) {
    return Fail(Forbidden("other_school", "他の学校の予定は見られません"));
  }
  const store::Value filter = store::OptionalText(school);
  DENEN_TRY(rows, db_.Query("SELECT s.id FROM school_sessions s WHERE s.municipality_code = ? AND "
                            "s.session_date >= ? AND s.session_date <= ? AND (CAST(? AS TEXT) IS NULL OR EXISTS "
                            "(SELECT 1 FROM school_session_classes c WHERE c.municipality_code = s.municipality_code "
                            "AND c.session_id = s.id AND c.school_id = ?)) ORDER BY s.session_date, s.period_from, "
                            "s.id LIMIT 1000",
                            {Text(code), Text(from), Text(to), filter, filter}));
  std::vector<SessionView> out;
  for (const auto& r : rows) {
    DENEN_TRY(s, LoadSession(db_, code, r.Text(0)));
    out.push_back(std::move(s));
  }
  return out;
}

Result<SessionView> SchoolRepository::ConfirmSession(const std::string& code, const Scope& scope, const std::string& id,
                                                     const std::string& actor) {
  if (scope.school_id.empty()) {
    return Fail(Forbidden("school_only", "参加の確認は参加校のアカウントで行ってください"));
  }
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(s, VisibleSession(tx, code, scope, id));
    if (s.status == SessionStatus::kCancelled) {
      return Fail(Error::Conflict("session_cancelled", "中止になった授業は確認できません"));
    }
    DENEN_TRY(done, tx.QueryOne("SELECT 1 FROM school_session_confirmations WHERE municipality_code = ? AND "
                                "session_id = ? AND school_id = ?",
                                {Text(code), Text(id), Text(scope.school_id)}));
    if (done) return {};
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO school_session_confirmations (municipality_code, session_id, school_id, "
                "confirmed_by, confirmed_at_ms) VALUES (?, ?, ?, ?, ?)",
                {Text(code), Text(id), Text(scope.school_id), Text(actor), Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "school.session.confirm", "school_session", id,
                 {{"school_id", scope.school_id}});
  }));
  return LoadSession(db_, code, id);
}

Result<SessionView> SchoolRepository::RecordSession(const std::string& code, const Scope& scope, const std::string& id,
                                                    const SessionRecord& record, const std::string& actor) {
  DENEN_TRY_VOID(ValidateRecord(record));
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(s, VisibleSession(tx, code, scope, id));
    const std::optional<int64_t> minutes =
        record.status == SessionStatus::kCancelled ? std::optional<int64_t>(0) : record.actual_minutes;
    DENEN_TRY_VOID(
        tx.Exec("UPDATE school_sessions SET status = ?, actual_minutes = ?, record_note = ?, "
                "updated_at_ms = ? WHERE municipality_code = ? AND id = ?",
                {Text(std::string(SessionStatusId(record.status))), Int(*minutes), Text(record.note),
                 Int(clock_.NowMillis()), Text(code), Text(id)}));
    return Audit(tx, clock_, code, actor, "school.session.record", "school_session", id,
                 {{"status", SessionStatusId(record.status)},
                  {"actual_minutes", *minutes},
                  {"previous_status", SessionStatusId(s.status)}});
  }));
  return LoadSession(db_, code, id);
}

Result<IctUseView> SchoolRepository::AddIctUse(const std::string& code, const Scope& scope, const IctUse& use,
                                               const std::string& actor) {
  DENEN_TRY_VOID(ValidateIctUse(use));
  IctUseView view{NewId(clock_), "", "", use};
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(row, tx.QueryOne("SELECT school_id, name, special_needs FROM school_classes WHERE "
                               "municipality_code = ? AND id = ?",
                               {Text(code), Text(use.class_id)}));
    if (!row) return Fail(Error::NotFound("class_not_found", "「学級」(class_id) の学級が見つかりません"));
    if (row->Text(0) != scope.school_id) {
      return Fail(Forbidden("other_school", "ICT活用の記録は自校の学級についてだけ入力できます"));
    }
    if (row->Int(2) == 0) {
      return Fail(Error::Invalid("invalid_class_id", "「学級」(class_id) は特別支援学級を選んでください"));
    }
    view.school_id = row->Text(0);
    view.class_name = row->Text(1);
    DENEN_TRY(taken, tx.QueryOne("SELECT id FROM school_ict_uses WHERE municipality_code = ? AND class_id = ? AND "
                                 "use_date = ? AND period = ?",
                                 {Text(code), Text(use.class_id), Text(use.date), Int(use.period)}));
    if (taken) return Fail(Error::Conflict("ict_use_exists", "この学級のこの日・校時はすでに記録されています"));
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO school_ict_uses (municipality_code, id, school_id, class_id, use_date, "
                "period, minutes, tools, aim, child_notes, recorded_by, recorded_at_ms) VALUES (?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {Text(code), Text(view.id), Text(view.school_id), Text(use.class_id), Text(use.date), Int(use.period),
                 Int(use.minutes), Text(JsonList(use.tools)), Text(use.aim), Text(use.child_notes), Text(actor),
                 Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "school.ict.record", "school_ict_use", view.id,
                 {{"class_id", use.class_id}, {"minutes", use.minutes}});
  }));
  return view;
}

Result<std::vector<IctUseView>> SchoolRepository::ListIctUses(const std::string& code, const Scope& scope,
                                                              const std::string& from, const std::string& to,
                                                              const std::string& actor) {
  DENEN_TRY_VOID(ValidateDate("from", "開始日", from));
  DENEN_TRY_VOID(ValidateDate("to", "終了日", to));
  const store::Value filter = scope.board ? store::Null() : Text(scope.school_id);
  std::vector<IctUseView> out;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(rows, tx.Query("SELECT u.id, u.school_id, c.name, u.class_id, u.use_date, u.period, u.minutes, "
                             "u.tools, u.aim, u.child_notes FROM school_ict_uses u JOIN school_classes c ON "
                             "c.municipality_code = u.municipality_code AND c.id = u.class_id WHERE "
                             "u.municipality_code = ? AND u.use_date >= ? AND u.use_date <= ? AND "
                             "(CAST(? AS TEXT) IS NULL OR u.school_id = ?) ORDER BY u.use_date, u.period LIMIT 2000",
                             {Text(code), Text(from), Text(to), filter, filter}));
    int notes_read = 0;
    for (const auto& r : rows) {
      IctUseView v{r.Text(0), r.Text(1), r.Text(2),
                   IctUse{r.Text(3), r.Text(4), static_cast<int>(r.Int(5)), static_cast<int>(r.Int(6)),
                          ParseList(r.Text(7)), r.Text(8), ""}};
      if (!scope.school_id.empty() && v.school_id == scope.school_id && !r.Text(9).empty()) {
        v.use.child_notes = r.Text(9);
        ++notes_read;
      }
      out.push_back(std::move(v));
    }
    if (notes_read == 0) return {};
    return Audit(tx, clock_, code, actor, "school.ict.read_notes", "school", scope.school_id,
                 {{"from", from}, {"to", to}, {"records", notes_read}});
  }));
  return out;
}

Result<std::pair<std::string, std::string>> SchoolRepository::SessionForToken(store::Database& db,
                                                                              const std::string& token) {
  const auto dash = token.find('-');
  const auto not_found = Error::NotFound("survey_not_found", "アンケートが見つかりません。リンクを確かめてください");
  if (dash != 6 || token.size() > 80) return Fail(not_found);
  const std::string code = token.substr(0, 6);
  DENEN_TRY(row, db.QueryOne("SELECT id FROM school_sessions WHERE municipality_code = ? AND survey_token = ?",
                             {Text(code), Text(token)}));
  if (!row) return Fail(not_found);
  return std::pair{code, row->Text(0)};
}

Result<SurveyInfo> SchoolRepository::Survey(const std::string& token) {
  DENEN_TRY(found, SessionForToken(db_, token));
  const auto& [code, id] = found;
  DENEN_TRY(s, LoadSession(db_, code, id));
  SurveyInfo info{s.id, s.plan.date, s.plan.subject, s.plan.unit, s.schools, true, ""};
  const int64_t today = *DaysOfDate(JapanDate(clock_.NowMillis()));
  const int64_t day = *DaysOfDate(s.plan.date);
  if (s.status == SessionStatus::kCancelled) {
    info.open = false;
    info.closed_reason = "この授業は中止になりました";
  } else if (today < day) {
    info.open = false;
    info.closed_reason = "このアンケートは授業の日から答えられます";
  } else if (today > day + kSurveyOpenDays) {
    info.open = false;
    info.closed_reason = "このアンケートは締め切りました";
  }
  return info;
}

Result<bool> SchoolRepository::AnswerSurvey(const std::string& token, const SurveyAnswer& answer) {
  DENEN_TRY_VOID(ValidateSurveyAnswer(answer));
  DENEN_TRY(info, Survey(token));
  if (!info.open) return Fail(Error::Conflict("survey_closed", info.closed_reason));
  auto school = std::find_if(info.schools.begin(), info.schools.end(),
                             [&](const SessionSchool& s) { return s.school_id == answer.school_id; });
  if (school == info.schools.end()) {
    return Fail(Error::Invalid("invalid_school_id", "「学校」(school_id) はこの授業の参加校から選んでください"));
  }
  if (answer.respondent == "pupil" && school->school_kind == "elementary" && answer.grade_band == "junior_high") {
    return Fail(Error::Invalid("invalid_grade_band", "「学年」(grade_band) 小学校の回答に中学生は選べません"));
  }
  if (answer.respondent == "pupil" && school->school_kind == "junior_high" && answer.grade_band != "junior_high") {
    return Fail(Error::Invalid("invalid_grade_band", "「学年」(grade_band) 中学校の回答は中学生を選んでください"));
  }
  const std::string code = token.substr(0, 6);
  // Salted with the session, so one device's answers cannot be linked across sessions.
  const std::string device_hash = Sha256Hex(info.session_id + "/" + answer.device_id);
  bool recorded = false;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(again, tx.QueryOne("SELECT 1 FROM school_survey_answers WHERE municipality_code = ? AND "
                                 "session_id = ? AND device_hash = ?",
                                 {Text(code), Text(info.session_id), Text(device_hash)}));
    if (again) return {};
    DENEN_TRY(count, tx.QueryOne("SELECT COUNT(*) FROM school_survey_answers WHERE municipality_code = ? AND "
                                 "session_id = ?",
                                 {Text(code), Text(info.session_id)}));
    if (count && count->Int(0) >= kMaxAnswersPerSession) {
      return Fail(Error{ErrorKind::kTooManyRequests, "survey_full", "このアンケートは回答数の上限に達しました"});
    }
    DENEN_TRY(changed, tx.Exec("INSERT INTO school_survey_answers (municipality_code, session_id, device_hash, "
                               "school_id, respondent, grade_band, rating, comment, answered_at_ms) VALUES (?, ?, ?, "
                               "?, ?, ?, ?, ?, ?) ON CONFLICT (municipality_code, session_id, device_hash) DO NOTHING",
                               {Text(code), Text(info.session_id), Text(device_hash), Text(answer.school_id),
                                Text(answer.respondent), Text(answer.grade_band), Int(answer.rating),
                                Text(answer.comment), Int(clock_.NowMillis())}));
    recorded = changed > 0;
    return {};
  }));
  return recorded;
}

}  // namespace denen::school
