#include "edge/edge_api.h"

#include "core/json_input.h"

namespace denen::edge {
namespace {

using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

json DeviceJson(const DeviceRecord& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"role", d.role},
          {"place_id", d.place_id},
          {"created_at", FormatIsoUtc(d.created_at_ms)},
          {"revoked", d.revoked_at_ms.has_value()},
          {"last_seen", d.last_seen_ms ? json(FormatIsoUtc(*d.last_seen_ms)) : json(nullptr)},
          {"queued", d.queued ? json(*d.queued) : json(nullptr)},
          {"oldest_queued_at", d.oldest_queued_at_ms ? json(FormatIsoUtc(*d.oldest_queued_at_ms)) : json(nullptr)},
          {"status_at", d.status_at_ms ? json(FormatIsoUtc(*d.status_at_ms)) : json(nullptr)}};
}

// {"queued": n, "oldest_queued_seconds": s | null}: the age is the agent's own
// measure, so the kiosk's clock need not agree with the server's.
Result<DeviceStatus> ParseDeviceStatus(const json& body) {
  DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
  DENEN_TRY(queued, in.RequiredInt("queued"));
  DENEN_TRY(oldest_seconds, in.OptionalInt("oldest_queued_seconds"));
  DENEN_TRY_VOID(in.RejectUnknown());
  constexpr int64_t kMaxQueued = 100'000'000;
  constexpr int64_t kMaxAgeSeconds = 10LL * 365 * 86'400;
  if (queued < 0 || queued > kMaxQueued) {
    return Fail(Error::Invalid("invalid_queued", "「queued」(待ちの件数) は0以上の整数にしてください"));
  }
  if (oldest_seconds && (*oldest_seconds < 0 || *oldest_seconds > kMaxAgeSeconds)) {
    return Fail(Error::Invalid("invalid_oldest_queued_seconds",
                               "「oldest_queued_seconds」(最も古い待ちの経過秒) は0以上の整数にしてください"));
  }
  return DeviceStatus{queued, oldest_seconds};
}

}  // namespace

void RegisterEdgeRoutes(http::Router& router, EdgeDevices& devices) {
  const auth::RoleSet admin{auth::Role::kAdmin};
  EdgeDevices* registry = &devices;

  router.Add({"GET", "/api/v1/edge/devices", Access::kRoles, admin, [registry](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(list, registry->List(rc.staff->municipality_code));
                json out = json::array();
                for (const auto& d : list) out.push_back(DeviceJson(d));
                return Response::Json(200, {{"devices", out}});
              }});

  router.Add(
      {"POST", "/api/v1/edge/devices", Access::kRoles, admin, [registry](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         DENEN_TRY(name, in.RequiredString("name", 200));
         DENEN_TRY(role, in.RequiredString("role", 20));
         DENEN_TRY(place, in.OptionalString("place_id", 100));
         DENEN_TRY_VOID(in.RejectUnknown());
         DENEN_TRY(made,
                   registry->Register(rc.staff->municipality_code, name, role, place.value_or(""), rc.staff->user.id));
         return Response::Json(201, {{"device", DeviceJson(made.device)}, {"credential", made.credential}});
       }});

  router.Add({"POST", "/api/v1/edge/devices/{id}/revoke", Access::kRoles, admin,
              [registry](RequestContext& rc) -> Result<Response> {
                DENEN_TRY_VOID(registry->Revoke(rc.staff->municipality_code, rc.params[0], rc.staff->user.id));
                return Response::NoContent();
              }});

  router.Add(http::DeviceRoute("GET", "/api/v1/edge/me", {"kiosk", "counter", "door"},
                               [](RequestContext& rc) -> Result<Response> {
                                 const auto& d = *rc.device;
                                 return Response::Json(200, {{"id", d.id},
                                                             {"name", d.name},
                                                             {"role", d.role},
                                                             {"place_id", d.place_id},
                                                             {"municipality_code", d.municipality_code}});
                               }));

  // Each agent reports its queue after every upload round (edge/agent.h).
  router.Add(http::DeviceRoute("POST", "/api/v1/edge/status", {"kiosk", "counter", "door"},
                               [registry](RequestContext& rc) -> Result<Response> {
                                 DENEN_TRY(body, rc.JsonBody());
                                 DENEN_TRY(status, ParseDeviceStatus(body));
                                 DENEN_TRY_VOID(registry->ReportStatus(*rc.device, status));
                                 return Response::NoContent();
                               }));
}

}  // namespace denen::edge
