#include "library/library_api.h"

#include <charconv>

#include "core/json_input.h"
#include "library/counter.h"
#include "library/library_kpi.h"
#include "library/library_repository.h"

namespace denen::library {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

std::string Code(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

Result<identity::CardResolver*> Cards(identity::CardResolver* cards) {
  if (cards == nullptr) {
    return Fail(Error::Unavailable("card_not_configured",
                                   "マイナンバーカードの確認が設定されていません（設定ファイルの [card]）"));
  }
  return cards;
}

Result<identity::CardEvidence> EvidenceField(JsonObjectReader& in) {
  const json* card = in.Raw("card");
  if (card == nullptr) return Fail(Error::Invalid("missing_card", "カード情報(card)がありません"));
  return identity::ParseCardEvidence(*card);
}

json SystemJson(const LibrarySystem& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"profile", BarcodeProfileJson(s.profile)},
          {"clear_after_seconds", s.clear_after_seconds},
          {"updated_at", FormatIsoUtc(s.updated_at_ms)}};
}

json LinkJson(const CardLink& l) {
  return {{"id", l.id},
          {"library_system_id", l.library_system_id},
          {"resident_id", l.resident_id},
          {"card_number", l.card_number},
          {"linked_at", FormatIsoUtc(l.linked_at_ms)},
          {"linked_by", l.linked_by},
          {"unlinked_at", l.unlinked_at_ms ? json(FormatIsoUtc(*l.unlinked_at_ms)) : json(nullptr)},
          {"unlink_reason", l.unlink_reason}};
}

Result<int> QueryFiscalYear(const RequestContext& rc, const Clock& clock) {
  auto it = rc.request.query.find("fiscal_year");
  if (it == rc.request.query.end() || it->second.empty()) return FiscalYearOf(clock.NowMillis());
  int value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 2000 || value > 2198) {
    return Fail(Error::Invalid("invalid_fiscal_year", "「年度」(fiscal_year) は西暦の年(例: 2026)で指定してください"));
  }
  return value;
}

// The link body shared by both link routes: {library_system_id, card_number}.
struct LinkRequest {
  std::string system_id;
  std::string card_number;
};

Result<LinkRequest> ReadLinkFields(JsonObjectReader& in) {
  DENEN_TRY(system_id, in.RequiredString("library_system_id", 40));
  DENEN_TRY(number, in.RequiredString("card_number", 100));
  return LinkRequest{system_id, number};
}

Result<Response> Linked(const CardLink& link, const identity::Resident& resident) {
  return Response::Json(
      201, {{"link", LinkJson(link)}, {"resident", {{"id", resident.id}, {"name_kana", resident.name_kana}}}});
}

}  // namespace

void RegisterLibraryRoutes(http::Router& router, const LibraryApiContext& ctx) {
  auto repo = std::make_shared<LibraryRepository>(ctx.db, ctx.clock);
  const auth::RoleSet staff{Role::kLibrarian, Role::kReception};
  const auth::RoleSet librarian{Role::kLibrarian};
  identity::ResidentDirectory* residents = &ctx.residents;
  identity::CardResolver* cards = ctx.cards;
  const Clock* clock = &ctx.clock;

  router.Add({"GET", "/api/v1/library/systems", Access::kRoles, staff, [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(systems, repo->ListSystems(Code(rc)));
                json out = json::array();
                for (const auto& s : systems) out.push_back(SystemJson(s));
                return Response::Json(200, {{"systems", out}});
              }});

  router.Add({"PUT",
              "/api/v1/library/systems/{id}",
              Access::kRoles,
              {Role::kAdmin},
              [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(name, in.RequiredString("name", 200));
                DENEN_TRY(clear_after, in.OptionalInt("clear_after_seconds"));
                const json* profile_json = in.Raw("profile");
                DENEN_TRY_VOID(in.RejectUnknown());
                if (profile_json == nullptr) {
                  return Fail(Error::Invalid("missing_profile", "バーコード設定(profile)がありません"));
                }
                DENEN_TRY(profile, ParseBarcodeProfile(*profile_json));
                LibrarySystem system{rc.params[0], name, profile, static_cast<int>(clear_after.value_or(15)), 0};
                DENEN_TRY(saved, repo->SaveSystem(Code(rc), system, Actor(rc)));
                return Response::Json(200, {{"system", SystemJson(saved)}});
              }});

  // A librarian (or reception at the city hall) links after the resident's tap + PIN.
  router.Add({"POST", "/api/v1/library/links", Access::kRoles, staff,
              [repo, residents, cards](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(resolver, Cards(cards));
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(fields, ReadLinkFields(in));
                DENEN_TRY(evidence, EvidenceField(in));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY_VOID(repo->GetSystem(Code(rc), fields.system_id));
                DENEN_TRY(tap, resolver->Resolve(Code(rc), evidence, identity::Service::kLibrary, true));
                DENEN_TRY(link, repo->Link(Code(rc), fields.system_id, tap.resident_id, fields.card_number, Actor(rc)));
                DENEN_TRY(resident, residents->Find(Code(rc), tap.resident_id));
                return Linked(link, resident);
              }});

  // Staff who already identified the resident (e.g. in the resident directory).
  router.Add({"POST", "/api/v1/library/residents/{id}/links", Access::kRoles, staff,
              [repo, residents](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(fields, ReadLinkFields(in));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY(resident, residents->Find(Code(rc), rc.params[0]));
                DENEN_TRY(link, repo->Link(Code(rc), fields.system_id, resident.id, fields.card_number, Actor(rc)));
                return Linked(link, resident);
              }});

  router.Add({"GET", "/api/v1/library/residents/{id}/links", Access::kRoles, staff,
              [repo, residents](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(resident, residents->Find(Code(rc), rc.params[0]));
                DENEN_TRY(links, repo->LinksOfResident(Code(rc), resident.id));
                json out = json::array();
                for (const auto& l : links) out.push_back(LinkJson(l));
                return Response::Json(
                    200, {{"resident", {{"id", resident.id}, {"name_kana", resident.name_kana}}}, {"links", out}});
              }});

  router.Add({"POST", "/api/v1/library/links/{id}/unlink", Access::kRoles, staff,
              [repo](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(reason, in.OptionalString("reason", 200));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY(link, repo->Unlink(Code(rc), rc.params[0], reason.value_or(""), Actor(rc)));
                return Response::Json(200, {{"link", LinkJson(link)}});
              }});

  router.Add(
      {"POST", "/api/v1/library/systems/{id}/loans", Access::kRoles, librarian,
       [repo](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(csv, in.RequiredString("csv", 2'000'000));
         DENEN_TRY_VOID(in.RejectUnknown());
         DENEN_TRY(report, repo->ImportLoans(Code(rc), rc.params[0], csv, Actor(rc)));
         return Response::Json(200, {{"rows", report.rows}, {"changed", report.changed}, {"months", report.months}});
       }});

  router.Add(
      {"GET", "/api/v1/library/kpi", Access::kRoles, librarian, [repo, clock](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(year, QueryFiscalYear(rc, *clock));
         DENEN_TRY(kpi, LoadLibraryKpi(*repo, Code(rc), year, clock->NowMillis()));
         return Response::Json(200, LibraryKpiJson(kpi));
       }});

  // The counter: a PIN-less tap. A refusal the resident should read is a 200
  // with status "refused"; only a malformed request or device is an error.
  router.Add(http::DeviceRoute(
      "POST", "/api/v1/library/counter/tap", {"counter"}, [repo, cards](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(resolver, Cards(cards));
        const std::string code = rc.device->municipality_code;
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        DENEN_TRY(evidence, EvidenceField(in));
        DENEN_TRY_VOID(in.RejectUnknown());
        DENEN_TRY(system, repo->SystemForCounter(code, rc.device->place_id));
        auto tap = resolver->Resolve(code, evidence, identity::Service::kLibrary, false);
        if (!tap) {
          if (tap.error().kind == ErrorKind::kInvalidInput || tap.error().kind == ErrorKind::kInternal ||
              tap.error().kind == ErrorKind::kUnavailable) {
            return Fail(tap.error());
          }
          return Response::Json(200, CounterRefusalJson(tap.error(), system.clear_after_seconds));
        }
        auto display = DisplayForResident(*repo, code, system, tap->resident_id, tap->name_kana);
        if (!display) {
          if (display.error().code != "library_not_linked") return Fail(display.error());
          return Response::Json(200, CounterRefusalJson(display.error(), system.clear_after_seconds));
        }
        return Response::Json(200, CounterDisplayJson(*display));
      }));
}

}  // namespace denen::library
