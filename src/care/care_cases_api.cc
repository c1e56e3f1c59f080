#include "care/care_cases_api.h"

#include <memory>

#include "care/care_case_repository.h"
#include "care/care_kpi.h"
#include "core/json_input.h"

namespace denen::care {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

constexpr size_t kMaxCsvBytes = 900 * 1024;  // under the server's 1 MiB body limit

std::string Code(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

std::string QueryText(const RequestContext& rc, const std::string& name) {
  auto it = rc.request.query.find(name);
  return it == rc.request.query.end() ? std::string() : it->second;
}

// {"csv": "..."}: the file's text, as the page reads it.
Result<std::string> CsvBody(const RequestContext& rc) {
  DENEN_TRY(body, rc.JsonBody());
  DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
  DENEN_TRY(csv, in.RequiredString("csv", kMaxCsvBytes));
  DENEN_TRY_VOID(in.RejectUnknown());
  return csv;
}

bool KnownStage(const std::string& stage) {
  if (stage == "open" || stage == "all") return true;
  for (int s = 0; s <= static_cast<int>(CaseStage::kDone); ++s) {
    if (CaseStageId(static_cast<CaseStage>(s)) == stage) return true;
  }
  return false;
}

}  // namespace

void RegisterCareCaseRoutes(http::Router& router, const CareCasesApiContext& context) {
  const CareCasesApiContext ctx = context;
  auto repo = std::make_shared<CareCaseRepository>(ctx.db, ctx.clock);
  const CareChecker* checker = &ctx.checker;
  store::Database* reports = &ctx.reports_db;
  const Clock* clock = &ctx.clock;
  const auth::RoleSet reviewers = {Role::kCareReviewer};
  const auth::RoleSet admin_only = {Role::kAdmin};

  router.Add(
      {"POST", "/api/v1/care/cases/import", Access::kRoles, reviewers, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(csv, CsvBody(rc));
         DENEN_TRY(report, repo->ImportCases(Code(rc), csv, Actor(rc)));
         return Response::Json(
             200, {{"created", report.created}, {"updated", report.updated}, {"unchanged", report.unchanged}});
       }});

  router.Add({"POST", "/api/v1/care/forms/import", Access::kRoles, reviewers,
              [repo, checker](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(csv, CsvBody(rc));
                DENEN_TRY(report, repo->ImportForms(Code(rc), csv, *checker, Actor(rc)));
                return Response::Json(200, {{"added", report.added}, {"unchanged", report.unchanged}});
              }});

  router.Add({"POST", "/api/v1/care/batch-check", Access::kRoles, reviewers,
              [repo, checker](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(report, repo->BatchCheck(Code(rc), *checker, Actor(rc)));
                return Response::Json(
                    200, {{"checked", report.checked}, {"findings", report.findings}, {"forms", report.forms}});
              }});

  router.Add({"GET", "/api/v1/care/cases", Access::kRoles, reviewers, [repo](RequestContext& rc) -> Result<Response> {
                std::string stage = QueryText(rc, "stage");
                if (stage.empty()) stage = "open";
                if (!KnownStage(stage)) {
                  return Fail(Error::Invalid("invalid_query",
                                             "クエリの \"stage\": open, all, survey, opinion, primary, board, "
                                             "decision, notice, done のどれかを指定してください"));
                }
                DENEN_TRY(list, repo->ListCases(Code(rc), stage, Actor(rc)));
                return Response::Json(200, list);
              }});

  router.Add({"GET", "/api/v1/care/cases/{id}", Access::kRoles, reviewers,
              [repo, checker](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(one, repo->ReadCase(Code(rc), rc.params[0], checker->rules().catalog(), Actor(rc)));
                return Response::Json(200, one);
              }});

  router.Add(
      {"GET", "/api/v1/care/kpi", Access::kRoles, reviewers, [reports, clock](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(range, KpiMonthRange(QueryText(rc, "from"), QueryText(rc, "to"), JapanDateOf(clock->NowMillis())));
         DENEN_TRY(kpi, LoadCareKpi(*reports, Code(rc), range.first, range.second));
         return Response::Json(200, CareKpiJson(kpi));
       }});

  router.Add(
      {"GET", "/api/v1/care/settings", Access::kRoles, reviewers, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(stores, repo->StoresInsuredNumber(Code(rc)));
         return Response::Json(200, {{"store_insured_number", stores}});
       }});

  // Whether 被保険者番号 may be stored is the office's privacy decision: admin only.
  router.Add(
      {"POST", "/api/v1/care/settings", Access::kRoles, admin_only, [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(stores, in.OptionalBool("store_insured_number"));
         DENEN_TRY_VOID(in.RejectUnknown());
         if (!stores) {
           return Fail(Error::Invalid("invalid_field",
                                      "リクエスト本文 の \"store_insured_number\": true か false を指定してください"));
         }
         DENEN_TRY_VOID(repo->SetStoresInsuredNumber(Code(rc), *stores, Actor(rc)));
         return Response::Json(200, {{"store_insured_number", *stores}});
       }});
}

}  // namespace denen::care
