#include "identity/identity_api.h"

#include "audit/audit_log.h"
#include "core/base64.h"
#include "core/json_input.h"

namespace denen::identity {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

std::string Code(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

Result<CardResolver*> Cards(CardResolver* cards) {
  if (cards == nullptr) {
    return Fail(Error::Unavailable("card_not_configured",
                                   "マイナンバーカードの確認が設定されていません([card] trust_anchors)"));
  }
  return cards;
}

json ResidentJson(const Resident& r) {
  return {{"id", r.id},
          {"name_kana", r.name_kana},
          {"name_kanji", r.name_kanji},
          {"district", r.district},
          {"birth_year", r.birth_year},
          {"contact", r.contact},
          {"status", r.status},
          {"created_at", FormatIsoUtc(r.created_at_ms)}};
}

std::string IdentityState(const IdentityRecord& i) {
  if (i.closed_at_ms) return "closed";
  if (i.suspended_at_ms) return "suspended";
  return "active";
}

json IdentityJson(const IdentityRecord& i) {
  return {{"identity_key", i.identity_key},
          {"certificate_serial", i.cert_serial},
          {"certificate_expires", FormatIsoUtc(i.cert_not_after_ms)},
          {"linked_at", FormatIsoUtc(i.linked_at_ms)},
          {"pin_verified", i.pin_verified_at_ms != 0},
          {"state", IdentityState(i)},
          {"suspended_reason", i.suspended_reason},
          {"closed_reason", i.closed_reason}};
}

Result<CardEvidence> EvidenceField(JsonObjectReader& in) {
  const json* card = in.Raw("card");
  if (card == nullptr) return Fail(Error::Invalid("missing_card", "カード情報(card)がありません"));
  return ParseCardEvidence(*card);
}

Result<void> AuditRead(const IdentityApiContext& ctx, const RequestContext& rc, std::string action,
                       std::string target_id, json detail) {
  return audit::Record(ctx.db, ctx.clock, Code(rc),
                       {Actor(rc), std::move(action), "resident", std::move(target_id), detail.dump()});
}

Result<json> ResidentDetail(const IdentityApiContext& ctx, const std::string& code, const std::string& id) {
  DENEN_TRY(resident, ctx.residents.Find(code, id));
  DENEN_TRY(identities, ctx.residents.Identities(code, id));
  json ids = json::array();
  for (const auto& i : identities) ids.push_back(IdentityJson(i));
  json consents = json::object();
  for (Service s : AllServices()) {
    DENEN_TRY(granted, ctx.residents.HasConsent(code, id, s));
    consents[std::string(ServiceId(s))] = granted;
  }
  return json{{"resident", ResidentJson(resident)}, {"identities", ids}, {"consents", consents}};
}

}  // namespace

void RegisterIdentityRoutes(http::Router& router, const IdentityApiContext& ctx) {
  const auth::RoleSet reception{Role::kReception};
  const auth::RoleSet card_staff{Role::kReception, Role::kLibrarian, Role::kFacilityManager, Role::kDisasterHq};

  // A challenge for a tap + PIN made at a staff PC (enrolment, re-linking, library linking).
  router.Add(
      {"POST", "/api/v1/card/challenges", Access::kRoles, card_staff, [ctx](RequestContext&) -> Result<Response> {
         DENEN_TRY(cards, Cards(ctx.cards));
         return Response::Json(201, {{"challenge", Base64Encode(cards->NewChallenge())}});
       }});
  // The same for edge devices (the kiosk or door asks on behalf of its reader).
  router.Add(http::DeviceRoute("POST", "/api/v1/edge/challenges", {"kiosk", "counter", "door"},
                               [ctx](RequestContext&) -> Result<Response> {
                                 DENEN_TRY(cards, Cards(ctx.cards));
                                 return Response::Json(201, {{"challenge", Base64Encode(cards->NewChallenge())}});
                               }));

  // Doors and kiosks verify certificates and compute identity keys themselves
  // when the network is down; they fetch this on start and on every sync.
  router.Add(http::DeviceRoute("GET", "/api/v1/edge/card-trust", {"kiosk", "counter", "door"},
                               [ctx](RequestContext& rc) -> Result<Response> {
                                 DENEN_TRY_VOID(Cards(ctx.cards));
                                 DENEN_TRY(salt, ctx.residents.IdentitySalt(rc.device->municipality_code));
                                 return Response::Json(200, {{"municipality_code", rc.device->municipality_code},
                                                             {"identity_salt", salt},
                                                             {"trust_anchors_pem", ctx.trust_anchors_pem},
                                                             {"crl_pem", ctx.crl_pem},
                                                             {"crl_max_age_hours", ctx.crl_max_age_hours},
                                                             {"required_policy_oid", ctx.required_policy_oid}});
                               }));

  // Kiosks greet enrolled residents by name when the network is down: the kana
  // names of identities changed after `since` (revision), with whether each
  // may still check in. Incremental; at most 2,000 per call ("more": true).
  router.Add(
      http::DeviceRoute("GET", "/api/v1/edge/residents", {"kiosk"}, [ctx](RequestContext& rc) -> Result<Response> {
        int64_t since = 0;
        if (auto it = rc.request.query.find("since"); it != rc.request.query.end()) {
          try {
            since = std::stoll(it->second);
          } catch (const std::exception&) {
            return Fail(Error::Invalid("invalid_since", "since は整数で指定してください"));
          }
        }
        const std::string code = rc.device->municipality_code;
        constexpr size_t kMax = 2000;
        DENEN_TRY(changed, ctx.residents.ChangedSince(code, since, kMax + 1));
        json out = json::array();
        int64_t revision = since;
        for (size_t i = 0; i < changed.size() && i < kMax; ++i) {
          const IdentityRecord& record = changed[i];
          DENEN_TRY(resident, ctx.residents.Find(code, record.resident_id));
          DENEN_TRY(consent, ctx.residents.HasConsent(code, record.resident_id, Service::kReception));
          const bool active = !record.closed_at_ms && !record.suspended_at_ms && resident.status == "active" &&
                              consent && record.pin_verified_at_ms != 0;
          out.push_back({{"identity_key", record.identity_key},
                         {"name_kana", active ? resident.name_kana : ""},
                         {"active", active}});
          revision = record.revision;
        }
        return Response::Json(200, {{"revision", revision}, {"residents", out}, {"more", changed.size() > kMax}});
      }));

  router.Add({"POST", "/api/v1/residents", Access::kRoles, reception, [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(cards, Cards(ctx.cards));
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(evidence, EvidenceField(in));
                ResidentInput input;
                DENEN_TRY(kana, in.RequiredString("name_kana", 400));
                DENEN_TRY(kanji, in.OptionalString("name_kanji", 400));
                DENEN_TRY(district, in.RequiredString("district", 400));
                DENEN_TRY(birth_year, in.OptionalInt("birth_year"));
                DENEN_TRY(contact, in.OptionalString("contact", 400));
                DENEN_TRY(consent_ids, in.StringArray("consents", false, 10, 20));
                DENEN_TRY(confirmed, in.OptionalBool("identity_confirmed"));
                DENEN_TRY_VOID(in.RejectUnknown());
                if (!confirmed.value_or(false)) {
                  return Fail(Error::Invalid("identity_not_confirmed",
                                             "ご本人であることを窓口で確認し、確認済みにチェックしてください"));
                }
                input.name_kana = kana;
                input.name_kanji = kanji.value_or("");
                input.district = district;
                if (birth_year && (*birth_year < 0 || *birth_year > 3000)) {
                  return Fail(Error::Invalid("invalid_birth_year", "生まれ年が正しくありません"));
                }
                input.birth_year = static_cast<int>(birth_year.value_or(0));
                input.contact = contact.value_or("");
                std::vector<Service> consents;
                for (const auto& id : consent_ids) {
                  DENEN_TRY(service, ParseService(id));
                  consents.push_back(service);
                }
                DENEN_TRY(identity, cards->Verify(Code(rc), evidence, true));
                DENEN_TRY(resident, ctx.residents.Enrol(Code(rc), input, identity, consents, Actor(rc)));
                DENEN_TRY(detail, ResidentDetail(ctx, Code(rc), resident.id));
                return Response::Json(201, detail);
              }});

  router.Add({"GET", "/api/v1/residents", Access::kRoles, reception, [ctx](RequestContext& rc) -> Result<Response> {
                auto it = rc.request.query.find("kana");
                const std::string prefix = it == rc.request.query.end() ? "" : it->second;
                if (prefix.empty() || prefix.size() > 200) {
                  return Fail(Error::Invalid("missing_kana", "検索する氏名(カナ)の先頭を入力してください"));
                }
                DENEN_TRY(found, ctx.residents.Search(Code(rc), prefix, 50));
                json out = json::array();
                for (const auto& r : found) out.push_back(ResidentJson(r));
                DENEN_TRY_VOID(AuditRead(ctx, rc, "resident.search", "", {{"results", found.size()}}));
                return Response::Json(200, {{"residents", out}});
              }});

  // The resident at the counter taps (and enters the PIN) to see their record.
  router.Add(
      {"POST", "/api/v1/residents/identify", Access::kRoles, reception, [ctx](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(cards, Cards(ctx.cards));
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(evidence, EvidenceField(in));
         DENEN_TRY_VOID(in.RejectUnknown());
         DENEN_TRY(identity, cards->Verify(Code(rc), evidence, false));
         DENEN_TRY(record, ctx.residents.IdentityByKey(Code(rc), identity.identity_key));
         if (!record) return Fail(Error::NotFound("identity_unknown", "このカードは登録されていません"));
         const std::string resident_id = record->resident_id;
         DENEN_TRY(detail, ResidentDetail(ctx, Code(rc), resident_id));
         DENEN_TRY_VOID(AuditRead(ctx, rc, "resident.read", resident_id, {{"by", "card"}}));
         return Response::Json(200, detail);
       }});

  router.Add(
      {"GET", "/api/v1/residents/{id}", Access::kRoles, reception, [ctx](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(detail, ResidentDetail(ctx, Code(rc), rc.params[0]));
         DENEN_TRY_VOID(AuditRead(ctx, rc, "resident.read", rc.params[0], json::object()));
         return Response::Json(200, detail);
       }});

  router.Add({"PUT", "/api/v1/residents/{id}/consents/{service}", Access::kRoles, reception,
              [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(service, ParseService(rc.params[1]));
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(granted, in.OptionalBool("granted"));
                DENEN_TRY_VOID(in.RejectUnknown());
                if (!granted) return Fail(Error::Invalid("missing_granted", "同意の有無(granted)がありません"));
                DENEN_TRY_VOID(ctx.residents.SetConsent(Code(rc), rc.params[0], service, *granted, Actor(rc)));
                DENEN_TRY(detail, ResidentDetail(ctx, Code(rc), rc.params[0]));
                return Response::Json(200, detail);
              }});

  router.Add({"POST", "/api/v1/residents/{id}/relink", Access::kRoles, reception,
              [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(cards, Cards(ctx.cards));
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(evidence, EvidenceField(in));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY(identity, cards->Verify(Code(rc), evidence, true));
                DENEN_TRY_VOID(ctx.residents.Relink(Code(rc), rc.params[0], identity, Actor(rc)));
                DENEN_TRY(detail, ResidentDetail(ctx, Code(rc), rc.params[0]));
                return Response::Json(200, detail);
              }});

  router.Add({"POST", "/api/v1/identities/{key}/suspend", Access::kRoles, reception,
              [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(reason, in.RequiredString("reason", 800));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY_VOID(ctx.residents.Suspend(Code(rc), rc.params[0], reason, Actor(rc)));
                return Response::NoContent();
              }});
}

}  // namespace denen::identity
