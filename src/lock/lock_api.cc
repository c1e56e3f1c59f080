#include "lock/lock_api.h"

#include <charconv>

#include "core/json_input.h"
#include "lock/access_list.h"

namespace denen::lock {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

std::string Code(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

std::optional<std::string> QueryText(const RequestContext& rc, const std::string& name) {
  auto it = rc.request.query.find(name);
  if (it == rc.request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<std::optional<int64_t>> QueryInt(const RequestContext& rc, const std::string& name) {
  auto text = QueryText(rc, name);
  if (!text) return std::optional<int64_t>();
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Fail(Error::Invalid("invalid_" + name, "「" + name + "」は整数で指定してください"));
  }
  return std::optional<int64_t>(v);
}

json OptJson(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json IsoOrNull(const std::optional<int64_t>& v) { return v ? json(FormatIsoUtc(*v)) : json(nullptr); }

json FacilityJson(const Facility& f) {
  return {{"id", f.id}, {"name", f.name}, {"kind", f.kind}, {"shelter", f.shelter}};
}

json DoorJson(const DoorInfo& d, int64_t now) {
  return {{"id", d.id},
          {"facility_id", d.facility_id},
          {"room_id", OptJson(d.room_id)},
          {"name", d.name},
          {"version", d.version},
          {"acked_version", d.acked_version},
          {"last_sync", IsoOrNull(d.last_sync_ms)},
          {"list_age_seconds", d.last_sync_ms ? json((now - *d.last_sync_ms) / 1000) : json(nullptr)},
          {"online", d.online},
          {"pending_sync", d.pending_sync},
          {"lock_state", d.lock_state},
          {"battery_percent", d.battery_percent ? json(*d.battery_percent) : json(nullptr)},
          {"emergency_open_until", IsoOrNull(d.emergency_open_until_ms)}};
}

json ReservationJson(const Reservation& r) {
  return {{"id", r.id},
          {"external_ref", r.input.external_ref},
          {"resident_id", r.input.resident_id},
          {"facility_id", r.input.facility_id},
          {"room_id", OptJson(r.input.room_id)},
          {"date", r.input.date},
          {"start", r.input.start_time},
          {"end", r.input.end_time},
          {"purpose", r.input.purpose},
          {"fee_yen", r.input.fee_yen},
          {"payment", PaymentId(r.input.payment)},
          {"status", ReservationStatusId(r.input.status)},
          {"unlock_right", r.right_id ? json{{"id", *r.right_id},
                                             {"from", FormatIsoUtc(r.window_from_ms)},
                                             {"until", FormatIsoUtc(r.window_until_ms)}}
                                      : json(nullptr)}};
}

json RightJson(const Right& r) {
  return {{"id", r.id},
          {"resident_id", r.input.resident_id},
          {"facility_id", r.input.facility_id},
          {"room_id", OptJson(r.input.room_id)},
          {"kind", GrantKindId(r.input.kind)},
          {"from", FormatIsoUtc(r.input.from_ms)},
          {"until", FormatIsoUtc(r.input.until_ms)},
          {"note", r.input.note},
          {"reservation_id", OptJson(r.reservation_id)},
          {"revoked_at", IsoOrNull(r.revoked_at_ms)}};
}

json ActionJson(const EmergencyAction& a) {
  return {{"command_id", a.command_id},
          {"door_id", a.door_id},
          {"kind", a.kind},
          {"until", FormatIsoUtc(a.until_ms)},
          {"reason", a.reason},
          {"created_at", FormatIsoUtc(a.created_at_ms)},
          {"created_by", a.created_by},
          {"delivered_at", IsoOrNull(a.acked_at_ms)}};
}

Result<ReservationInput> ReadReservation(JsonObjectReader& in) {
  ReservationInput r;
  DENEN_TRY(resident, in.RequiredString("resident_id", 100));
  DENEN_TRY(facility, in.RequiredString("facility_id", 100));
  DENEN_TRY(room, in.OptionalString("room_id", 100));
  DENEN_TRY(date, in.RequiredString("date", 10));
  DENEN_TRY(start, in.RequiredString("start", 5));
  DENEN_TRY(end, in.RequiredString("end", 5));
  DENEN_TRY(purpose, in.OptionalString("purpose", 400));
  DENEN_TRY(fee, in.OptionalInt("fee_yen"));
  DENEN_TRY(payment, in.OptionalString("payment", 20));
  DENEN_TRY(status, in.OptionalString("status", 20));
  r.resident_id = resident;
  r.facility_id = facility;
  r.room_id = room;
  r.date = date;
  r.start_time = start;
  r.end_time = end;
  r.purpose = purpose.value_or("");
  r.fee_yen = fee.value_or(0);
  if (payment) {
    DENEN_TRY(p, ParsePayment(*payment));
    r.payment = p;
  }
  if (status) {
    DENEN_TRY(s, ParseReservationStatus(*status));
    r.status = s;
  }
  return r;
}

Result<std::pair<std::vector<std::string>, std::vector<std::string>>> ReadTargets(JsonObjectReader& in) {
  DENEN_TRY(facilities, in.StringArray("facility_ids", false, 500, 100));
  DENEN_TRY(doors, in.StringArray("door_ids", false, 2000, 100));
  return std::make_pair(facilities, doors);
}

}  // namespace

void RegisterLockRoutes(http::Router& router, const LockApiContext& ctx) {
  auto repo = std::make_shared<LockRepository>(ctx.db, ctx.clock, ctx.settings);
  const Clock* clock = &ctx.clock;
  const auth::RoleSet staff{Role::kFacilityManager};
  const auth::RoleSet staff_or_hq{Role::kFacilityManager, Role::kDisasterHq};
  const auth::RoleSet hq{Role::kDisasterHq};

  router.Add(http::StaffRoute(
      "GET", "/api/v1/lock/facilities", staff_or_hq, [repo, clock](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(facilities, repo->ListFacilities(Code(rc)));
        DENEN_TRY(rooms, repo->ListRooms(Code(rc)));
        DENEN_TRY(doors, repo->ListDoors(Code(rc)));
        json out = {{"facilities", json::array()}, {"rooms", json::array()}, {"doors", json::array()}};
        for (const auto& f : facilities) out["facilities"].push_back(FacilityJson(f));
        for (const auto& r : rooms) {
          out["rooms"].push_back({{"id", r.id}, {"facility_id", r.facility_id}, {"name", r.name}});
        }
        const int64_t now = clock->NowMillis();
        for (const auto& d : doors) out["doors"].push_back(DoorJson(d, now));
        return Response::Json(200, out);
      }));

  router.Add(http::StaffRoute("POST", "/api/v1/lock/facilities", staff, [repo](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(body, rc.JsonBody());
    DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
    DENEN_TRY(name, in.RequiredString("name", 200));
    DENEN_TRY(kind, in.RequiredString("kind", 40));
    DENEN_TRY(shelter, in.OptionalBool("shelter"));
    DENEN_TRY_VOID(in.RejectUnknown());
    DENEN_TRY(f, repo->AddFacility(Code(rc), {"", name, kind, shelter.value_or(false)}, Actor(rc)));
    return Response::Json(201, {{"facility", FacilityJson(f)}});
  }));

  router.Add(http::StaffRoute("POST", "/api/v1/lock/rooms", staff, [repo](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(body, rc.JsonBody());
    DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
    DENEN_TRY(facility, in.RequiredString("facility_id", 100));
    DENEN_TRY(name, in.RequiredString("name", 200));
    DENEN_TRY_VOID(in.RejectUnknown());
    DENEN_TRY(room, repo->AddRoom(Code(rc), {"", facility, name}, Actor(rc)));
    return Response::Json(201, {{"room", {{"id", room.id}, {"facility_id", facility}, {"name", name}}}});
  }));

  router.Add(
      http::StaffRoute("POST", "/api/v1/lock/doors", staff, [repo, clock](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        DENEN_TRY(facility, in.RequiredString("facility_id", 100));
        DENEN_TRY(room, in.OptionalString("room_id", 100));
        DENEN_TRY(name, in.RequiredString("name", 200));
        DENEN_TRY_VOID(in.RejectUnknown());
        DENEN_TRY(door, repo->AddDoor(Code(rc), facility, room, name, Actor(rc)));
        DENEN_TRY(key, repo->PublicKey(Code(rc)));
        // What the installer writes into the door controller's configuration (pinned key).
        json provisioning = {{"municipality_code", Code(rc)},
                             {"door_id", door.id},
                             {"public_key", ListToBase64(key)},
                             {"device_role", "door"},
                             {"device_place_id", door.id}};
        return Response::Json(201, {{"door", DoorJson(door, clock->NowMillis())}, {"provisioning", provisioning}});
      }));

  router.Add(http::StaffRoute("GET", "/api/v1/lock/public-key", staff, [repo](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(key, repo->PublicKey(Code(rc)));
    return Response::Json(200, {{"algorithm", "Ed25519"}, {"public_key", ListToBase64(key)}});
  }));

  router.Add(
      http::StaffRoute("GET", "/api/v1/lock/reservations", staff_or_hq, [repo](RequestContext& rc) -> Result<Response> {
        auto facility = QueryText(rc, "facility_id");
        auto from = QueryText(rc, "from");
        auto to = QueryText(rc, "to");
        if (!facility || !from || !to) {
          return Fail(Error::Invalid("missing_query", "facility_id, from, to を指定してください"));
        }
        DENEN_TRY(list, repo->ListReservations(Code(rc), *facility, *from, *to));
        json out = json::array();
        for (const auto& r : list) out.push_back(ReservationJson(r));
        return Response::Json(200, {{"reservations", out}});
      }));

  router.Add(
      http::StaffRoute("POST", "/api/v1/lock/reservations", staff, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        DENEN_TRY(input, ReadReservation(in));
        DENEN_TRY_VOID(in.RejectUnknown());
        DENEN_TRY(r, repo->CreateReservation(Code(rc), input, Actor(rc)));
        return Response::Json(201, {{"reservation", ReservationJson(r)}});
      }));

  router.Add(http::StaffRoute(
      "POST", "/api/v1/lock/reservations/import", staff, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        DENEN_TRY(csv, in.RequiredString("csv", 8u << 20));
        DENEN_TRY_VOID(in.RejectUnknown());
        DENEN_TRY(report, repo->ImportReservationsCsv(Code(rc), csv, Actor(rc)));
        return Response::Json(report.errors.empty() ? 200 : 422, {{"created", report.created},
                                                                  {"updated", report.updated},
                                                                  {"unchanged", report.unchanged},
                                                                  {"errors", report.errors}});
      }));

  router.Add(
      http::StaffRoute("POST", "/api/v1/lock/reservations/{id}", staff, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        DENEN_TRY(payment_id, in.OptionalString("payment", 20));
        DENEN_TRY(status_id, in.OptionalString("status", 20));
        DENEN_TRY_VOID(in.RejectUnknown());
        std::optional<Payment> payment;
        std::optional<ReservationStatus> status;
        if (payment_id) {
          DENEN_TRY(p, ParsePayment(*payment_id));
          payment = p;
        }
        if (status_id) {
          DENEN_TRY(s, ParseReservationStatus(*status_id));
          status = s;
        }
        DENEN_TRY(r, repo->UpdateReservation(Code(rc), rc.params[0], payment, status, Actor(rc)));
        return Response::Json(200, {{"reservation", ReservationJson(r)}});
      }));

  router.Add(http::StaffRoute("GET", "/api/v1/lock/residents/{id}/rights", staff_or_hq,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(rights, repo->RightsOfResident(Code(rc), rc.params[0]));
                                json out = json::array();
                                for (const auto& r : rights) out.push_back(RightJson(r));
                                return Response::Json(200, {{"rights", out}});
                              }));

  // Standing rights are facility staff's; shelter rights may also be given by the disaster HQ.
  router.Add(http::StaffRoute(
      "POST", "/api/v1/lock/rights", staff_or_hq, [repo, clock](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        RightInput r;
        DENEN_TRY(resident, in.RequiredString("resident_id", 100));
        DENEN_TRY(facility, in.RequiredString("facility_id", 100));
        DENEN_TRY(room, in.OptionalString("room_id", 100));
        DENEN_TRY(kind_id, in.RequiredString("kind", 20));
        DENEN_TRY(from, in.OptionalInt("from_ms"));
        DENEN_TRY(until, in.RequiredInt("until_ms"));
        DENEN_TRY(note, in.OptionalString("note", 400));
        DENEN_TRY_VOID(in.RejectUnknown());
        DENEN_TRY(kind, ParseGrantKind(kind_id));
        const auth::RoleSet& roles = rc.staff->user.roles;
        if (kind == GrantKind::kStanding && !roles.Has(Role::kFacilityManager) && !roles.Has(Role::kAdmin)) {
          return Fail(Error{ErrorKind::kForbidden, "forbidden", "常時の権限は施設管理者が付与します"});
        }
        r = {resident, facility, room, kind, from.value_or(clock->NowMillis()), until, note.value_or("")};
        DENEN_TRY(right, repo->GrantRight(Code(rc), r, Actor(rc)));
        return Response::Json(201, {{"right", RightJson(right)}});
      }));

  router.Add(http::StaffRoute("POST", "/api/v1/lock/rights/{id}/revoke", staff_or_hq,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY_VOID(repo->RevokeRight(Code(rc), rc.params[0], Actor(rc)));
                                return Response::Json(200, {{"revoked", true}});
                              }));

  router.Add(
      http::StaffRoute("GET", "/api/v1/lock/access-log", staff_or_hq, [repo](RequestContext& rc) -> Result<Response> {
        AccessLogFilter f;
        f.facility_id = QueryText(rc, "facility_id");
        f.door_id = QueryText(rc, "door_id");
        f.resident_id = QueryText(rc, "resident_id");
        if (auto outcome = QueryText(rc, "outcome")) f.granted = *outcome == "granted";
        DENEN_TRY(from, QueryInt(rc, "from_ms"));
        DENEN_TRY(to, QueryInt(rc, "to_ms"));
        DENEN_TRY(limit, QueryInt(rc, "limit"));
        if (from) f.from_ms = *from;
        if (to) f.to_ms = *to;
        if (limit) f.limit = static_cast<int>(std::clamp<int64_t>(*limit, 1, 1000));
        DENEN_TRY(entries, repo->AccessLog(Code(rc), f));
        json out = json::array();
        for (const auto& e : entries) {
          out.push_back({{"event_id", e.event.event_id},
                         {"at", FormatIsoUtc(e.event.at_ms)},
                         {"door_id", e.door_id},
                         {"door_name", e.door_name},
                         {"resident_id", OptJson(e.resident_id)},
                         {"granted", e.event.granted},
                         {"reason", e.event.reason}});
        }
        return Response::Json(200, {{"events", out}});
      }));

  router.Add(http::SignedInRoute("GET", "/api/v1/lock/kpi", [repo](RequestContext& rc) -> Result<Response> {
    auto from = QueryText(rc, "from");
    auto to = QueryText(rc, "to");
    if (!from || !to) return Fail(Error::Invalid("missing_query", "from, to (YYYY-MM-DD) を指定してください"));
    DENEN_TRY(kpi, repo->Kpi(Code(rc), *from, *to));
    return Response::Json(200, {{"from", kpi.from},
                                {"to", kpi.to},
                                {"reservations", kpi.reservations},
                                {"entered_with_lock", kpi.entered_with_lock},
                                {"share", kpi.share}});
  }));

  router.Add(
      http::StaffRoute("GET", "/api/v1/lock/emergency", staff_or_hq, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(actions, repo->EmergencyActions(Code(rc), 200));
        json out = json::array();
        for (const auto& a : actions) out.push_back(ActionJson(a));
        return Response::Json(200, {{"actions", out}});
      }));

  for (const auto& [path, kind] : {std::pair{"/api/v1/lock/emergency/open", CommandKind::kEmergencyOpen},
                                   std::pair{"/api/v1/lock/emergency/end", CommandKind::kEmergencyEnd}}) {
    router.Add(http::StaffRoute("POST", path, hq, [repo, clock, kind](RequestContext& rc) -> Result<Response> {
      DENEN_TRY(body, rc.JsonBody());
      DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
      DENEN_TRY(targets, ReadTargets(in));
      DENEN_TRY(until, in.OptionalInt("until_ms"));
      DENEN_TRY(reason, in.RequiredString("reason", 400));
      DENEN_TRY_VOID(in.RejectUnknown());
      const int64_t until_ms = until.value_or(clock->NowMillis() + 24 * 3600 * 1000LL);
      DENEN_TRY(actions, repo->Emergency(Code(rc), targets.first, targets.second, kind, until_ms, reason, Actor(rc)));
      json out = json::array();
      for (const auto& a : actions) out.push_back(ActionJson(a));
      return Response::Json(201, {{"actions", out}});
    }));
  }

  // ---- Door controllers (device credential, role door, place_id = door id) ----
  router.Add(
      http::DeviceRoute("POST", "/api/v1/lock/door/sync", {"door"}, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
        DENEN_TRY(version, in.RequiredInt("version"));
        DENEN_TRY(applied, in.StringArray("applied_commands", false, 1000, 100));
        DENEN_TRY(state, in.OptionalString("lock_state", 20));
        const json* battery = in.Raw("battery_percent");
        DENEN_TRY_VOID(in.RejectUnknown());
        if (version < 0) return Fail(Error::Invalid("invalid_version", "version は0以上です"));
        SyncRequest request{static_cast<uint64_t>(version), applied, state.value_or("unknown"), std::nullopt};
        if (battery && battery->is_number_integer()) request.battery_percent = battery->get<int>();
        DENEN_TRY(result, repo->SyncDoor(rc.device->municipality_code, rc.device->place_id, request));
        return Response::Json(200, {{"list", ListToBase64(result.reply.signed_list)},
                                    {"server_time_ms", result.reply.server_time_ms},
                                    {"full", result.full},
                                    {"version", result.version}});
      }));

  router.Add(
      http::DeviceRoute("POST", "/api/v1/lock/door/events", {"door"}, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        if (!body.is_object() || !body.contains("events") || !body["events"].is_array() ||
            body["events"].size() > 5000) {
          return Fail(Error::Invalid("invalid_events", "events は5000件までの配列です"));
        }
        std::vector<AccessEvent> events;
        for (const auto& item : body["events"]) {
          DENEN_TRY(in, JsonObjectReader::Of(item, "events の要素"));
          DENEN_TRY(id, in.RequiredString("event_id", 100));
          DENEN_TRY(at, in.RequiredInt("at_ms"));
          DENEN_TRY(key, in.RequiredString("identity_key", 200));
          DENEN_TRY(granted, in.OptionalBool("granted"));
          DENEN_TRY(reason, in.RequiredString("reason", 60));
          DENEN_TRY_VOID(in.RejectUnknown());
          events.push_back({id, at, key, granted.value_or(false), reason});
        }
        DENEN_TRY(stored, repo->StoreEvents(rc.device->municipality_code, rc.device->place_id, events));
        return Response::Json(200, {{"stored", stored}});
      }));
}

}  // namespace denen::lock
