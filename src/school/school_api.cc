#include "school/school_api.h"

#include <charconv>

#include "core/json_input.h"
#include "school/kpi.h"
#include "school/school_repository.h"

namespace denen::school {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

std::string Code(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

Result<Scope> ScopeFor(SchoolRepository& repo, const RequestContext& rc) {
  return repo.ScopeOf(Code(rc), rc.staff->user.id, rc.staff->user.roles.Has(Role::kAdmin));
}

std::optional<std::string> QueryText(const RequestContext& rc, const std::string& name) {
  auto it = rc.request.query.find(name);
  if (it == rc.request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<int> QueryFiscalYear(const RequestContext& rc, const Clock& clock) {
  auto text = QueryText(rc, "fiscal_year");
  if (!text) return FiscalYearOf(JapanDate(clock.NowMillis()));
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 2000 || value > 2198) {
    return Fail(Error::Invalid("invalid_fiscal_year", "「年度」(fiscal_year) は西暦の年(例: 2026)で指定してください"));
  }
  return value;
}

Result<int> RequiredSmallInt(JsonObjectReader& in, std::string_view field, std::string_view label) {
  DENEN_TRY(value, in.RequiredInt(field));
  if (value < -100000 || value > 100000) {
    return Fail(Error::Invalid("invalid_" + std::string(field),
                               "「" + std::string(label) + "」(" + std::string(field) + ") の値が範囲外です"));
  }
  return static_cast<int>(value);
}

json SchoolJson(const School& s) {
  return {{"id", s.id}, {"name", s.name}, {"kind", SchoolKindId(s.kind)}, {"in_city", s.in_city}};
}

json ClassJson(const SchoolClass& c) {
  return {{"id", c.id},
          {"school_id", c.school_id},
          {"name", c.name},
          {"grade", c.grade},
          {"special_needs", c.special_needs}};
}

json SessionJson(const SessionView& s) {
  json classes = json::array();
  for (const auto& c : s.classes) {
    classes.push_back({{"class_id", c.class_id},
                       {"class_name", c.class_name},
                       {"school_id", c.school_id},
                       {"school_name", c.school_name},
                       {"special_needs", c.special_needs}});
  }
  json schools = json::array();
  for (const auto& sc : s.schools) {
    schools.push_back({{"school_id", sc.school_id},
                       {"school_name", sc.school_name},
                       {"school_kind", sc.school_kind},
                       {"confirmed", sc.confirmed_at_ms.has_value()},
                       {"confirmed_at", sc.confirmed_at_ms ? json(FormatIsoUtc(*sc.confirmed_at_ms)) : json(nullptr)}});
  }
  return {{"id", s.id},
          {"date", s.plan.date},
          {"period_from", s.plan.period_from},
          {"period_to", s.plan.period_to},
          {"subject", s.plan.subject},
          {"unit", s.plan.unit},
          {"conference_url", s.plan.conference_url},
          {"ict_tools", s.plan.ict_tools},
          {"status", SessionStatusId(s.status)},
          {"actual_minutes", s.actual_minutes ? json(*s.actual_minutes) : json(nullptr)},
          {"record_note", s.record_note},
          {"planned_by_school_id", s.planned_by_school_id},
          {"classes", classes},
          {"schools", schools},
          {"survey", {{"token", s.survey_token}, {"path", "/survey/?t=" + s.survey_token}}},
          {"satisfaction", SatisfactionStatsJson(s.satisfaction)}};
}

json IctUseJson(const IctUseView& v) {
  return {{"id", v.id},
          {"school_id", v.school_id},
          {"class_id", v.use.class_id},
          {"class_name", v.class_name},
          {"date", v.use.date},
          {"period", v.use.period},
          {"minutes", v.use.minutes},
          {"tools", v.use.tools},
          {"aim", v.use.aim},
          {"child_notes", v.use.child_notes}};
}

}  // namespace

void RegisterSchoolRoutes(http::Router& router, SchoolApiContext& ctx) {
  auto repo = std::make_shared<SchoolRepository>(ctx.db, ctx.clock);
  const auth::RoleSet school{Role::kSchool};
  const Clock* clock = &ctx.clock;  // captured by value: ctx is not kept

  router.Add({"GET", "/api/v1/school/me", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(scope, ScopeFor(*repo, rc));
                json school_json = nullptr;
                if (!scope.school_id.empty()) {
                  DENEN_TRY(schools, repo->ListSchools(Code(rc)));
                  for (const auto& s : schools) {
                    if (s.id == scope.school_id) school_json = SchoolJson(s);
                  }
                }
                return Response::Json(200, {{"board", scope.board}, {"school", school_json}});
              }});

  router.Add(
      {"GET", "/api/v1/school/directory", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY_VOID(ScopeFor(*repo, rc));
         DENEN_TRY(schools, repo->ListSchools(Code(rc)));
         DENEN_TRY(classes, repo->ListClasses(Code(rc)));
         json out = {{"schools", json::array()}, {"classes", json::array()}};
         for (const auto& s : schools) out["schools"].push_back(SchoolJson(s));
         for (const auto& c : classes) out["classes"].push_back(ClassJson(c));
         return Response::Json(200, out);
       }});

  router.Add(
      {"POST", "/api/v1/school/schools", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(name, in.RequiredString("name", 400));
         DENEN_TRY(kind_id, in.RequiredString("kind", 20));
         DENEN_TRY(in_city, in.OptionalBool("in_city"));
         DENEN_TRY_VOID(in.RejectUnknown());
         auto kind = SchoolKindFromId(kind_id);
         if (!kind) {
           return Fail(Error::Invalid(
               "invalid_kind",
               "「種別」(kind) は elementary(小学校)・junior_high(中学校)・other(その他) のいずれかです"));
         }
         DENEN_TRY(created, repo->AddSchool(Code(rc), scope, {"", name, *kind, in_city.value_or(true)}, Actor(rc)));
         return Response::Json(201, {{"school", SchoolJson(created)}});
       }});

  router.Add({"POST", "/api/v1/school/classes", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(scope, ScopeFor(*repo, rc));
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(school_id, in.RequiredString("school_id", 64));
                DENEN_TRY(name, in.RequiredString("name", 200));
                DENEN_TRY(grade, RequiredSmallInt(in, "grade", "学年"));
                DENEN_TRY(special, in.OptionalBool("special_needs"));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY(created, repo->AddClass(Code(rc), scope,
                                                  {"", school_id, name, grade, special.value_or(false)}, Actor(rc)));
                return Response::Json(201, {{"class", ClassJson(created)}});
              }});

  router.Add(
      {"GET", "/api/v1/school/staff", Access::kRoles, {Role::kAdmin}, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(links, repo->ListStaff(Code(rc)));
         json out = json::array();
         for (const auto& l : links) {
           out.push_back({{"user_id", l.user_id},
                          {"username", l.username},
                          {"display_name", l.display_name},
                          {"school_id", l.school_id ? json(*l.school_id) : json(nullptr)},
                          {"board", l.board}});
         }
         return Response::Json(200, {{"staff", out}});
       }});

  router.Add({"PUT",
              "/api/v1/school/staff/{id}",
              Access::kRoles,
              {Role::kAdmin},
              [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(school_id, in.OptionalString("school_id", 64));
                DENEN_TRY(board, in.OptionalBool("board"));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY_VOID(repo->AssignStaff(Code(rc), rc.params[0], school_id, board.value_or(false), Actor(rc)));
                return Response::NoContent();
              }});

  router.Add(
      {"GET", "/api/v1/school/sessions", Access::kRoles, school, [repo, clock](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         const auto [fy_from, fy_to] = FiscalYearRange(FiscalYearOf(JapanDate(clock->NowMillis())));
         DENEN_TRY(sessions, repo->ListSessions(Code(rc), scope, QueryText(rc, "from").value_or(fy_from),
                                                QueryText(rc, "to").value_or(fy_to), QueryText(rc, "school_id")));
         json out = json::array();
         for (const auto& s : sessions) out.push_back(SessionJson(s));
         return Response::Json(200, {{"sessions", out}});
       }});

  router.Add(
      {"POST", "/api/v1/school/sessions", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         SessionPlan plan;
         DENEN_TRY(date, in.RequiredString("date", 10));
         DENEN_TRY(period_from, RequiredSmallInt(in, "period_from", "開始校時"));
         DENEN_TRY(period_to, RequiredSmallInt(in, "period_to", "終了校時"));
         DENEN_TRY(subject, in.RequiredString("subject", 200));
         DENEN_TRY(unit, in.OptionalString("unit", 800));
         DENEN_TRY(url, in.OptionalString("conference_url", 2000));
         DENEN_TRY(tools, in.StringArray("ict_tools", false, 20, 400));
         DENEN_TRY(class_ids, in.StringArray("class_ids", true, 20, 64));
         DENEN_TRY_VOID(in.RejectUnknown());
         plan = {date, period_from, period_to, subject, unit.value_or(""), url.value_or(""), tools, class_ids};
         DENEN_TRY(created, repo->PlanSession(Code(rc), scope, plan, Actor(rc)));
         return Response::Json(201, {{"session", SessionJson(created)}});
       }});

  router.Add(
      {"GET", "/api/v1/school/sessions/{id}", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         DENEN_TRY(s, repo->GetSession(Code(rc), scope, rc.params[0]));
         return Response::Json(200, {{"session", SessionJson(s)}});
       }});

  router.Add({"POST", "/api/v1/school/sessions/{id}/confirm", Access::kRoles, school,
              [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(scope, ScopeFor(*repo, rc));
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY(s, repo->ConfirmSession(Code(rc), scope, rc.params[0], Actor(rc)));
                return Response::Json(200, {{"session", SessionJson(s)}});
              }});

  router.Add(
      {"POST", "/api/v1/school/sessions/{id}/record", Access::kRoles, school,
       [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(status_id, in.RequiredString("status", 20));
         DENEN_TRY(minutes, in.OptionalInt("actual_minutes"));
         DENEN_TRY(note, in.OptionalString("note", 8000));
         DENEN_TRY_VOID(in.RejectUnknown());
         auto status = SessionStatusFromId(status_id);
         if (!status || *status == SessionStatus::kPlanned) {
           return Fail(Error::Invalid(
               "invalid_status", "「実施結果」(status) は held(実施)・cut_short(短縮)・cancelled(中止)のいずれかです"));
         }
         // Out of range becomes -1, which ValidateRecord refuses naming the field.
         const int64_t m = minutes.value_or(0);
         const int actual = m < 0 || m > kMaxSessionMinutes ? -1 : static_cast<int>(m);
         SessionRecord record{*status, actual, note.value_or("")};
         DENEN_TRY(s, repo->RecordSession(Code(rc), scope, rc.params[0], record, Actor(rc)));
         return Response::Json(200, {{"session", SessionJson(s)}});
       }});

  router.Add(
      {"GET", "/api/v1/school/ict-uses", Access::kRoles, school, [repo, clock](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         const auto [fy_from, fy_to] = FiscalYearRange(FiscalYearOf(JapanDate(clock->NowMillis())));
         DENEN_TRY(uses, repo->ListIctUses(Code(rc), scope, QueryText(rc, "from").value_or(fy_from),
                                           QueryText(rc, "to").value_or(fy_to), Actor(rc)));
         json out = json::array();
         for (const auto& u : uses) out.push_back(IctUseJson(u));
         return Response::Json(200, {{"ict_uses", out}});
       }});

  router.Add(
      {"POST", "/api/v1/school/ict-uses", Access::kRoles, school, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(scope, ScopeFor(*repo, rc));
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(class_id, in.RequiredString("class_id", 64));
         DENEN_TRY(date, in.RequiredString("date", 10));
         DENEN_TRY(period, RequiredSmallInt(in, "period", "校時"));
         DENEN_TRY(minutes, RequiredSmallInt(in, "minutes", "使用時間(分)"));
         DENEN_TRY(tools, in.StringArray("tools", true, 20, 400));
         DENEN_TRY(aim, in.RequiredString("aim", 2000));
         DENEN_TRY(notes, in.OptionalString("child_notes", 8000));
         DENEN_TRY_VOID(in.RejectUnknown());
         IctUse use{class_id, date, period, minutes, tools, aim, notes.value_or("")};
         DENEN_TRY(created, repo->AddIctUse(Code(rc), scope, use, Actor(rc)));
         return Response::Json(201, {{"ict_use", IctUseJson(created)}});
       }});

  router.Add({"GET", "/api/v1/school/kpi", Access::kRoles, school,
              [repo, clock, db = &ctx.db](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(scope, ScopeFor(*repo, rc));
                DENEN_TRY(year, QueryFiscalYear(rc, *clock));
                std::optional<std::string> only = QueryText(rc, "school_id");
                if (!scope.board) {
                  if (only && *only != scope.school_id) {
                    return Fail(Error{ErrorKind::kForbidden, "other_school", "他の学校の指標は見られません"});
                  }
                  only = scope.school_id;
                }
                DENEN_TRY(kpi, LoadSchoolKpi(*db, Code(rc), year, only));
                json out = SchoolKpiJson(kpi);
                out["school_id"] = only ? json(*only) : json(nullptr);
                return Response::Json(200, out);
              }});

  // Public: pupils answer on their own devices without an account. The token
  // (144 random bits) is the only key; the body is small and strictly checked,
  // each device counts once per session and a session takes a bounded number
  // of answers (see school.h).
  router.Add(
      {"GET", "/api/v1/school/survey/{token}", Access::kPublic, {}, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(info, repo->Survey(rc.params[0]));
         json schools = json::array();
         for (const auto& s : info.schools) {
           schools.push_back({{"id", s.school_id}, {"name", s.school_name}, {"kind", s.school_kind}});
         }
         return Response::Json(200, {{"date", info.date},
                                     {"subject", info.subject},
                                     {"unit", info.unit},
                                     {"schools", schools},
                                     {"open", info.open},
                                     {"closed_reason", info.closed_reason}});
       }});

  router.Add({"POST",
              "/api/v1/school/survey/{token}/answers",
              Access::kPublic,
              {},
              [repo](RequestContext& rc) -> Result<Response> {
                if (rc.request.body.size() > 8192) {
                  return Fail(Error::Invalid("body_too_large", "回答が大きすぎます"));
                }
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "回答"));
                DENEN_TRY(device_id, in.RequiredString("device_id", 64));
                DENEN_TRY(school_id, in.RequiredString("school_id", 64));
                DENEN_TRY(respondent, in.RequiredString("respondent", 20));
                DENEN_TRY(grade_band, in.OptionalString("grade_band", 20));
                DENEN_TRY(rating, RequiredSmallInt(in, "rating", "満足度"));
                DENEN_TRY(comment, in.OptionalString("comment", 2000));
                DENEN_TRY_VOID(in.RejectUnknown());
                SurveyAnswer answer{device_id, school_id,           respondent, grade_band.value_or(""),
                                    rating,    comment.value_or("")};
                DENEN_TRY(recorded, repo->AnswerSurvey(rc.params[0], answer));
                return Response::Json(recorded ? 201 : 200, {{"status", recorded ? "recorded" : "already_answered"}});
              }});
}

}  // namespace denen::school
