#include "kpi/kpi_api.h"

#include <algorithm>
#include <charconv>
#include <memory>

#include "core/base64.h"
#include "core/fiscal_year.h"
#include "core/municipality_code.h"
#include "kpi/analysis.h"
#include "kpi/catalogue.h"
#include "kpi/goals.h"
#include "kpi/kpi_sources.h"
#include "kpi/open_data.h"
#include "kpi/report.h"
#include "sheets/sheets.h"
#include "kpi/tables.h"
#include "store/tenants.h"

namespace denen::kpi {
namespace {

using auth::Role;
using http::RequestContext;
using http::Response;
using nlohmann::json;

std::optional<std::string> QueryText(const RequestContext& rc, const std::string& name) {
  auto it = rc.request.query.find(name);
  if (it == rc.request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<int> QueryInt(const RequestContext& rc, const std::string& name, int fallback, int min, int max,
                     const std::string& label) {
  auto text = QueryText(rc, name);
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return Fail(Error::Invalid("invalid_" + name, "「" + label + "」(" + name + ") の値が正しくありません"));
  }
  return value;
}

bool IsDate(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && ParseYearMonth(s).has_value() && s.substr(8) >= "01" &&
         s.substr(8) <= "31";
}

Result<std::string> QueryDate(const RequestContext& rc, const std::string& name, const std::string& fallback) {
  auto text = QueryText(rc, name);
  if (!text) return fallback;
  if (!IsDate(*text)) {
    return Fail(Error::Invalid("invalid_" + name, "「" + name + "」は YYYY-MM-DD の日付で指定してください"));
  }
  return *text;
}

Response File(std::string body, std::string content_type, const std::string& filename) {
  Response r;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  // The name is ASCII so that every browser keeps it.
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

struct Shared {
  store::Database* db;
  store::Database* reports;  // the read replica, or db
  const Clock* clock;
  std::string code;  // the configured municipality, for public requests that name none
  const settings::MunicipalitySettings* settings;
  const Catalogue* catalogue;

  Result<int> MinCellSize(const std::string& municipality_code) const {
    DENEN_TRY(s, settings->For(municipality_code));
    return s.kpi_min_cell_size;
  }

  // The municipality's name as the municipalities table has it; nullopt when
  // this server does not serve the code.
  Result<std::optional<std::string>> NameOf(const std::string& municipality_code) const {
    DENEN_TRY(found, store::FindMunicipality(*reports, municipality_code));
    if (!found) return std::optional<std::string>();
    return std::optional<std::string>(found->name);
  }
  // The municipality a public request is about: `?municipality=CODE`, else the configured one.
  Result<std::pair<std::string, std::string>> PublicMunicipality(const RequestContext& rc) const {
    const std::string requested = QueryText(rc, "municipality").value_or(code);
    DENEN_TRY_VOID(ValidateMunicipalityCode(requested));
    DENEN_TRY(found, NameOf(requested));
    if (!found) {
      return Fail(Error::NotFound("municipality_not_found", "団体コード \"" + requested + "\" の市区町村はありません"));
    }
    return std::pair{requested, *found};
  }
  int ThisFiscalYear() const { return FiscalYearOfMillis(clock->NowMillis()); }
  Result<Report> ReportOf(const RequestContext& rc) const {
    DENEN_TRY(fy, QueryInt(rc, "fiscal_year", ThisFiscalYear(), 2000, 2198, "年度"));
    const std::string municipality = rc.staff->municipality_code;
    DENEN_TRY(municipality_name, NameOf(municipality));
    DENEN_TRY(min_cell_size, MinCellSize(municipality));
    return BuildReport(*reports, *clock, *catalogue,
                       {municipality, municipality_name.value_or(municipality), fy, min_cell_size});
  }
};

json CatalogueJson(const Catalogue& c) {
  json kpis = json::array();
  const auto available = AvailableFormulas();
  for (const auto& d : c.kpis) {
    json k = DefinitionJson(d);
    k["available"] = std::find(available.begin(), available.end(), d.formula) != available.end();
    kpis.push_back(std::move(k));
  }
  return {{"version", c.version}, {"kpis", kpis}};
}

}  // namespace

Result<void> RegisterKpiRoutes(http::Router& router, const KpiApiContext& ctx) {
  DENEN_TRY(catalogue, BuiltInCatalogue());
  auto shared = std::make_shared<Shared>(
      Shared{&ctx.db, &ctx.reports_db, &ctx.clock, ctx.municipality_code, &ctx.settings, catalogue});
  const auth::RoleSet planner{Role::kPlanner};

  router.Add(http::StaffRoute("GET", "/api/v1/kpi/catalogue", planner, [shared](RequestContext&) -> Result<Response> {
    return Response::Json(200, CatalogueJson(*shared->catalogue));
  }));

  router.Add(http::StaffRoute("GET", "/api/v1/kpi/report", planner, [shared](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(report, shared->ReportOf(rc));
    return Response::Json(200, ReportJson(report));
  }));

  router.Add(http::StaffRoute("PUT", "/api/v1/kpi/goals", planner, [shared](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(body, rc.JsonBody());
    DENEN_TRY(parsed, ParseGoals(body, *shared->catalogue));
    DENEN_TRY_VOID(SaveGoals(*shared->db, *shared->clock, rc.staff->municipality_code, parsed.first, parsed.second,
                             rc.staff->user.id));
    DENEN_TRY(goals, LoadGoals(*shared->db, rc.staff->municipality_code, parsed.first));
    json out = json::array();
    for (const auto& g : goals) out.push_back(GoalJson(g));
    return Response::Json(200, {{"fiscal_year", parsed.first}, {"goals", out}});
  }));

  router.Add(http::StaffRoute("GET", "/api/v1/kpi/export", planner, [shared](RequestContext& rc) -> Result<Response> {
    const std::string format = QueryText(rc, "format").value_or("xlsx");
    if (format != "xlsx" && format != "csv") {
      return Fail(Error::Invalid("invalid_format", "「形式」(format) は xlsx か csv です"));
    }
    DENEN_TRY(report, shared->ReportOf(rc));
    const auto sheets = ReportSheets(report);
    const std::string base =
        "kpi-report-" + report.municipality_code + "-FY" + std::to_string(report.fiscal_year) + "-" + report.created_on;
    if (format == "csv") return File(sheets::SheetsToCsv(sheets), "text/csv; charset=utf-8", base + ".csv");
    DENEN_TRY(bytes, sheets::SheetsToXlsx(sheets));
    return File(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", base + ".xlsx");
  }));

  router.Add(http::StaffRoute("POST", "/api/v1/kpi/tables", planner, [shared](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(body, rc.JsonBody());
    for (const auto& [key, v] : body.items()) {
      if (key != "name" && key != "encoding" && key != "content_base64") {
        return Fail(Error::Invalid("unknown_field", "不明な項目です: \"" + key + "\""));
      }
    }
    if (!body.contains("name") || !body["name"].is_string() || body["name"].get<std::string>().empty() ||
        body["name"].get<std::string>().size() > 200) {
      return Fail(Error::Invalid("invalid_table", "「表の名前」(name) を200バイトまでで入力してください"));
    }
    const std::string encoding = body.value("encoding", "auto");
    if (!body.contains("content_base64") || !body["content_base64"].is_string()) {
      return Fail(Error::Invalid("invalid_table", "「ファイル」(content_base64) がありません"));
    }
    DENEN_TRY(bytes, Base64Decode(body["content_base64"].get<std::string>(), kMaxTableBytes, "content_base64"));
    const std::string raw(bytes.begin(), bytes.end());
    DENEN_TRY(table, ParseUploadedCsv(raw, encoding));
    DENEN_TRY(stored, StoreTable(*shared->db, *shared->clock, rc.staff->municipality_code,
                                 body["name"].get<std::string>(), raw, table, rc.staff->user.id));
    json out = VersionJson(stored);
    out["columns"] = ColumnsJson(table.columns);
    return Response::Json(201, out);
  }));

  router.Add(http::StaffRoute("GET", "/api/v1/kpi/tables", planner, [shared](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(versions, ListTableVersions(*shared->db, rc.staff->municipality_code));
    json out = json::array();
    for (const auto& v : versions) out.push_back(VersionJson(v));
    return Response::Json(200, {{"versions", out}});
  }));

  router.Add(
      http::StaffRoute("GET", "/api/v1/kpi/tables/{id}", planner, [shared](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(version, QueryInt(rc, "version", 0, 0, 1000000, "版"));
        DENEN_TRY(table, LoadTable(*shared->db, rc.staff->municipality_code, rc.params[0],
                                   version == 0 ? std::nullopt : std::optional<int>(version)));
        json out = VersionJson(table.info);
        out["columns"] = ColumnsJson(table.columns);
        out["rows"] = table.rows;
        return Response::Json(200, out);
      }));

  router.Add(http::StaffRoute("GET", "/api/v1/kpi/join", planner, [shared](RequestContext& rc) -> Result<Response> {
    auto table_id = QueryText(rc, "table");
    if (!table_id) return Fail(Error::Invalid("invalid_table", "「表」(table) を指定してください"));
    DENEN_TRY(version, QueryInt(rc, "version", 0, 0, 1000000, "版"));
    const int fy = shared->ThisFiscalYear();
    DENEN_TRY(from, QueryDate(rc, "from", FiscalYearFirstDay(fy)));
    DENEN_TRY(to, QueryDate(rc, "to", FiscalYearLastDay(fy)));
    if (to < from) return Fail(Error::Invalid("invalid_period", "「to」は「from」以降の日付にしてください"));
    DENEN_TRY(table, LoadTable(*shared->db, rc.staff->municipality_code, *table_id,
                               version == 0 ? std::nullopt : std::optional<int>(version)));
    DENEN_TRY(min_cell_size, shared->MinCellSize(rc.staff->municipality_code));
    DENEN_TRY(joined, JoinWithVisits(*shared->reports, *shared->clock, rc.staff->municipality_code, table, from, to,
                                     min_cell_size));
    return Response::Json(200, joined);
  }));

  // Public, read-only: "datasets", or "<dataset>.json" / "<dataset>.csv".
  router.Add(http::PublicRoute("GET", "/api/v1/open/{dataset}", [shared](RequestContext& rc) -> Result<Response> {
    const std::string& name = rc.params[0];
    DENEN_TRY(municipality, shared->PublicMunicipality(rc));
    const auto& [code, municipality_name] = municipality;
    if (name == "datasets") {
      json list = json::array();
      for (const auto& d : OpenDatasets()) {
        list.push_back({{"id", d.id},
                        {"title", d.title},
                        {"description", d.description},
                        {"json", "/api/v1/open/" + d.id + ".json"},
                        {"csv", "/api/v1/open/" + d.id + ".csv"}});
      }
      return Response::Json(200, {{"municipality", {{"code", code}, {"name", municipality_name}}}, {"datasets", list}});
    }
    const size_t dot = name.rfind('.');
    const std::string format = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (format != "json" && format != "csv") {
      return Fail(Error::NotFound("dataset_not_found", "そのデータセットはありません"));
    }
    DENEN_TRY(fy, QueryInt(rc, "fiscal_year", shared->ThisFiscalYear(), 2000, 2198, "年度"));
    DENEN_TRY(min_cell_size, shared->MinCellSize(code));
    DENEN_TRY(table,
              BuildOpenDataset(*shared->reports, code, municipality_name, name.substr(0, dot), fy, min_cell_size));
    if (format == "csv") {
      return File(OpenTableCsv(table), "text/csv; charset=utf-8",
                  code + "_" + table.info.id + "_FY" + std::to_string(fy) + ".csv");
    }
    json out = OpenTableJson(table, fy, min_cell_size);
    out["municipality"] = {{"code", code}, {"name", municipality_name}};
    return Response::Json(200, out);
  }));
  return {};
}

}  // namespace denen::kpi
