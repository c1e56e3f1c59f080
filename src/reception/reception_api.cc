#include "reception/reception_api.h"

#include <algorithm>
#include <charconv>
#include <memory>

#include "core/json_input.h"
#include "core/municipality_code.h"
#include "reception/analytics.h"
#include "reception/reception_repository.h"
#include "sheets/sheets.h"
#include "store/tenants.h"

namespace denen::reception {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using nlohmann::json;

constexpr size_t kMaxBatch = 500;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

std::string Code(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

std::optional<std::string> QueryText(const RequestContext& rc, const std::string& name) {
  auto it = rc.request.query.find(name);
  if (it == rc.request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<std::string> QueryDate(const RequestContext& rc, const std::string& name, const std::string& fallback) {
  auto text = QueryText(rc, name);
  if (!text) return fallback;
  if (!IsDate(*text)) {
    return Fail(Error::Invalid("invalid_" + name, "「" + name + "」は YYYY-MM-DD の日付で指定してください"));
  }
  return *text;
}

Result<std::string> QueryFormat(const RequestContext& rc) {
  const std::string format = QueryText(rc, "format").value_or("json");
  if (format != "json" && format != "csv" && format != "xlsx") {
    return Fail(Error::Invalid("invalid_format", "「形式」(format) は json, csv, xlsx のいずれかです"));
  }
  return format;
}

Result<Response> FileResponse(const sheets::Sheet& table, const std::string& format, const std::string& basename) {
  Response r;
  r.status = 200;
  if (format == "xlsx") {
    DENEN_TRY(bytes, sheets::SheetsToXlsx({table}));
    r.body = std::move(bytes);
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  } else {
    r.body = sheets::SheetsToCsv({table});
    r.content_type = "text/csv; charset=utf-8";
  }
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + basename + "." + format + "\"");
  return r;
}

json PlaceJson(const Place& p) {
  return {{"id", p.id},
          {"source_id", p.source_id ? json(*p.source_id) : json(nullptr)},
          {"name", p.name},
          {"name_kana", p.name_kana},
          {"category", p.category},
          {"address", p.address},
          {"latitude", p.latitude ? json(*p.latitude) : json(nullptr)},
          {"longitude", p.longitude ? json(*p.longitude) : json(nullptr)},
          {"shelter_capacity", p.shelter_capacity}};
}

json EventJson(const Event& e) {
  return {{"id", e.id},
          {"source_id", e.source_id ? json(*e.source_id) : json(nullptr)},
          {"name", e.name},
          {"place_id", e.place_id ? json(*e.place_id) : json(nullptr)},
          {"place_name", e.place_name},
          {"start_date", e.start_date},
          {"end_date", e.end_date},
          {"start_time", e.start_time},
          {"end_time", e.end_time},
          {"capacity", e.capacity},
          {"preregistration", e.preregistration}};
}

json RegistrationJson(const Registration& r) {
  return {{"id", r.id},
          {"event_id", r.event_id},
          {"by_card", r.resident_id.has_value()},
          {"name_kana", r.name_kana},
          {"status", r.status},
          {"created_at", FormatIsoUtc(r.created_at_ms)}};
}

json ShelterJson(const ShelterStatus& s) {
  return {{"opening_id", s.opening_id},
          {"place_id", s.place_id},
          {"name", s.name},
          {"address", s.address},
          {"capacity", s.capacity},
          {"opened_at", FormatIsoUtc(s.opened_at_ms)},
          {"closed_at", s.closed_at_ms ? json(FormatIsoUtc(*s.closed_at_ms)) : json(nullptr)},
          {"present", s.present},
          {"households", s.households},
          {"needs_care", s.needs_care},
          {"allergy", s.allergy},
          {"pets", s.pets},
          {"by_card", s.by_card}};
}

json ImportJson(const ImportReport& r) {
  return {{"inserted", r.inserted},
          {"updated", r.updated},
          {"unchanged", r.unchanged},
          {"unmatched_places", r.unmatched_places}};
}

json ResultJson(const CheckinResult& r) {
  json out = {{"id", r.id},
              {"outcome", OutcomeId(r.outcome)},
              {"message", r.message},
              {"visit_id", r.visit_id},
              {"name_kana", r.name_kana},
              {"replayed", r.replayed}};
  if (!r.refusal_code.empty()) out["refusal_code"] = r.refusal_code;
  if (!r.household_id.empty()) out["household_id"] = r.household_id;
  if (r.care_discarded) out["care_discarded"] = true;
  return out;
}

json ItemError(const std::string& id, const Error& e, bool retry) {
  const bool hide = e.kind == ErrorKind::kInternal;
  return {{"id", id},
          {"outcome", "error"},
          {"retry", retry},
          {"error",
           {{"code", hide ? "internal_error" : e.code},
            {"message", hide ? "サーバー内部でエラーが発生しました" : e.message}}}};
}

bool Retryable(const Error& e) { return e.kind == ErrorKind::kUnavailable || e.kind == ErrorKind::kInternal; }

Result<CareNotes> ParseCare(const json* value) {
  CareNotes care;
  if (value == nullptr || value->is_null()) return care;
  DENEN_TRY(in, JsonObjectReader::Of(*value, "要配慮者の記録(care)"));
  DENEN_TRY(needs_care, in.OptionalBool("needs_care"));
  DENEN_TRY(allergy, in.OptionalString("allergy", 1000));
  DENEN_TRY(pets, in.OptionalBool("pets"));
  DENEN_TRY(note, in.OptionalString("note", 2000));
  DENEN_TRY(consent, in.OptionalBool("consent"));
  DENEN_TRY_VOID(in.RejectUnknown());
  care.needs_care = needs_care.value_or(false);
  care.allergy = allergy.value_or("");
  care.pets = pets.value_or(false);
  care.note = note.value_or("");
  care.consent = consent.value_or(false);
  return care;
}

Result<Visitor> ParseWalkIn(const json& value) {
  DENEN_TRY(in, JsonObjectReader::Of(value, "来訪者(walk_in)"));
  DENEN_TRY(name, in.RequiredString("name_kana", 400));
  DENEN_TRY(district, in.OptionalString("district", 400));
  DENEN_TRY(age_band, in.OptionalString("age_band", 20));
  DENEN_TRY_VOID(in.RejectUnknown());
  return WalkInVisitor(name, district.value_or(""), age_band.value_or("unknown"));
}

// One item of a check-in batch, before the card (if any) is resolved.
struct ParsedItem {
  CheckinRequest request;
  const json* card = nullptr;
};

Result<ParsedItem> ParseItem(const json& value, bool allow_card, const Clock& clock) {
  DENEN_TRY(in, JsonObjectReader::Of(value, "受付(checkins[])"));
  ParsedItem item;
  DENEN_TRY(id, in.RequiredString("id", 26));
  if (!IsUlid(id)) return Fail(Error::Invalid("invalid_checkin_id", "受付ID(id) は端末で作ったULID(26文字)です"));
  item.request.id = id;
  DENEN_TRY(tapped_at, in.OptionalInt("tapped_at_ms"));
  const int64_t now = clock.NowMillis();
  item.request.tapped_at_ms = tapped_at.value_or(now);
  // An offline kiosk uploads late, but never from the future or years back.
  if (item.request.tapped_at_ms > now + kDayMs || item.request.tapped_at_ms < now - 400 * kDayMs) {
    return Fail(Error::Invalid("invalid_tapped_at", "受付時刻(tapped_at_ms) が現在時刻から離れすぎています"));
  }
  DENEN_TRY(event_id, in.OptionalString("event_id", 64));
  item.request.event_id = event_id;
  DENEN_TRY(household_id, in.OptionalString("household_id", 64));
  item.request.household_id = household_id;
  DENEN_TRY(care, ParseCare(in.Raw("care")));
  item.request.care = care;
  const json* card = in.Raw("card");
  const json* walk_in = in.Raw("walk_in");
  DENEN_TRY_VOID(in.RejectUnknown());
  const bool has_card = card != nullptr && !card->is_null();
  const bool has_walk_in = walk_in != nullptr && !walk_in->is_null();
  if (has_card == has_walk_in) {
    return Fail(Error::Invalid("invalid_visitor",
                               "「card」(カード) か「walk_in」(カードなしの来訪者) の一方を指定してください"));
  }
  if (has_card && !allow_card) {
    return Fail(
        Error::Invalid("card_not_accepted", "この窓口ではカードの情報を受け付けません(受付端末を使ってください)"));
  }
  if (has_card) {
    item.card = card;
  } else {
    DENEN_TRY(visitor, ParseWalkIn(*walk_in));
    item.request.visitor = visitor;
  }
  return item;
}

struct Shared {
  std::shared_ptr<ReceptionRepository> repo;
  const Clock* clock;
  CardTapResolver resolve_card;
  std::string public_municipality;
};

// Processes one batch; each item commits on its own before the answer is sent.
json ProcessBatch(const Shared& s, const std::string& code, const Origin& origin, const json& items, bool allow_card) {
  json results = json::array();
  for (const auto& value : items) {
    const std::string id = value.is_object() && value.contains("id") && value["id"].is_string()
                               ? value["id"].get<std::string>()
                               : std::string();
    auto item = ParseItem(value, allow_card, *s.clock);
    if (!item) {
      results.push_back(ItemError(id, item.error(), false));
      continue;
    }
    CheckinRequest& request = item->request;
    if (item->card != nullptr) {
      if (!s.resolve_card) {
        results.push_back(
            ItemError(id, Error::Unavailable("card_service_unavailable", "カードの確認ができません"), true));
        continue;
      }
      auto holder = s.resolve_card(code, *item->card);
      if (!holder) {
        if (Retryable(holder.error())) {
          results.push_back(ItemError(id, holder.error(), true));
          continue;
        }
        auto refused = s.repo->RecordRefusal(code, origin, id, request.tapped_at_ms, holder.error());
        results.push_back(refused ? ResultJson(*refused) : ItemError(id, refused.error(), Retryable(refused.error())));
        continue;
      }
      request.visitor = {holder->resident_id, holder->name_kana, holder->district,
                         AgeBandOf(holder->birth_year, JapanDate(request.tapped_at_ms))};
    }
    auto result = s.repo->CheckIn(code, origin, request);
    results.push_back(result ? ResultJson(*result) : ItemError(id, result.error(), Retryable(result.error())));
  }
  return results;
}

Result<const json*> BatchItems(const json& body) {
  if (!body.contains("checkins") || !body["checkins"].is_array()) {
    return Fail(Error::Invalid("invalid_checkins", "「checkins」(受付の配列) を指定してください"));
  }
  const json& items = body["checkins"];
  if (items.size() > kMaxBatch) {
    return Fail(Error::Invalid("batch_too_large", "一度に送れる受付は " + std::to_string(kMaxBatch) + " 件までです"));
  }
  return &items;
}

Result<Place> ParsePlace(const json& body, std::string id) {
  DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
  Place p;
  p.id = std::move(id);
  DENEN_TRY(name, in.RequiredString("name", 400));
  DENEN_TRY(kana, in.OptionalString("name_kana", 400));
  DENEN_TRY(category, in.OptionalString("category", 200));
  DENEN_TRY(address, in.OptionalString("address", 400));
  DENEN_TRY(capacity, in.OptionalInt("shelter_capacity"));
  const json* lat = in.Raw("latitude");
  const json* lon = in.Raw("longitude");
  DENEN_TRY_VOID(in.RejectUnknown());
  p.name = name;
  p.name_kana = kana.value_or("");
  p.category = category.value_or("");
  p.address = address.value_or("");
  p.shelter_capacity = static_cast<int>(std::clamp<int64_t>(capacity.value_or(0), -1, 1000000));
  if (lat && lat->is_number()) p.latitude = lat->get<double>();
  if (lon && lon->is_number()) p.longitude = lon->get<double>();
  return p;
}

Result<Event> ParseEvent(const json& body, std::string id) {
  DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
  Event e;
  e.id = std::move(id);
  DENEN_TRY(name, in.RequiredString("name", 400));
  DENEN_TRY(place_id, in.OptionalString("place_id", 64));
  DENEN_TRY(place_name, in.OptionalString("place_name", 400));
  DENEN_TRY(start_date, in.RequiredString("start_date", 10));
  DENEN_TRY(end_date, in.OptionalString("end_date", 10));
  DENEN_TRY(start_time, in.OptionalString("start_time", 20));
  DENEN_TRY(end_time, in.OptionalString("end_time", 20));
  DENEN_TRY(capacity, in.OptionalInt("capacity"));
  DENEN_TRY(prereg, in.OptionalBool("preregistration"));
  DENEN_TRY_VOID(in.RejectUnknown());
  e.name = name;
  e.place_id = place_id;
  e.place_name = place_name.value_or("");
  e.start_date = start_date;
  e.end_date = end_date.value_or(start_date);
  e.start_time = start_time.value_or("");
  e.end_time = end_time.value_or("");
  e.capacity = static_cast<int>(std::clamp<int64_t>(capacity.value_or(0), -1, 1000000));
  e.preregistration = prereg.value_or(false);
  return e;
}

Result<std::string> CsvField(const json& body) {
  DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
  DENEN_TRY(csv, in.RequiredString("csv", 8 * 1024 * 1024));
  DENEN_TRY_VOID(in.RejectUnknown());
  return csv;
}

std::string Today(const Clock& clock) { return JapanDate(clock.NowMillis()); }

std::string TimeText(int64_t ms) {
  const int64_t local = ms + 9LL * 3600 * 1000;
  return JapanDate(ms) + " " + (JapanHour(ms) < 10 ? "0" : "") + std::to_string(JapanHour(ms)) + ":" +
         ((local / 60000) % 60 < 10 ? "0" : "") + std::to_string((local / 60000) % 60);
}

const char* WeekdayName(size_t d) {
  static const char* kNames[] = {"日", "月", "火", "水", "木", "金", "土"};
  return kNames[d % 7];
}

// The aggregate tables of the analytics page (no personal data).
Result<sheets::Sheet> AggregateTable(const PeriodComparison& c, const NameBook& names, const std::string& which) {
  sheets::Sheet t;
  t.rows.push_back({"項目", "件数", "前年度同期"});
  auto add_map = [&](const std::map<std::string, int64_t>& now, const std::map<std::string, int64_t>& before,
                     const std::map<std::string, std::string>* book) {
    std::map<std::string, std::pair<int64_t, int64_t>> merged;
    for (const auto& [k, v] : now) merged[k].first = v;
    for (const auto& [k, v] : before) merged[k].second = v;
    for (const auto& [k, v] : merged) {
      std::string label = k;
      if (book && book->contains(k)) label = book->at(k);
      t.rows.push_back({label, std::to_string(v.first), std::to_string(v.second)});
    }
  };
  if (which == "place") {
    t.name = "施設別";
    add_map(c.current.by_place, c.previous.by_place, &names.places);
  } else if (which == "event") {
    t.name = "イベント別";
    add_map(c.current.by_event, c.previous.by_event, &names.events);
  } else if (which == "district") {
    t.name = "地区別";
    add_map(c.current.by_district, c.previous.by_district, nullptr);
  } else if (which == "age_band") {
    t.name = "年代別";
    add_map(c.current.by_age_band, c.previous.by_age_band, nullptr);
  } else if (which == "hour") {
    t.name = "時間帯別";
    for (size_t h = 0; h < 24; ++h) {
      t.rows.push_back(
          {std::to_string(h) + "時台", std::to_string(c.current.by_hour[h]), std::to_string(c.previous.by_hour[h])});
    }
  } else if (which == "weekday") {
    t.name = "曜日別";
    for (size_t d = 0; d < 7; ++d) {
      t.rows.push_back(
          {WeekdayName(d), std::to_string(c.current.by_weekday[d]), std::to_string(c.previous.by_weekday[d])});
    }
  } else {
    return Fail(Error::Invalid("invalid_table",
                               "「表」(table) は place, event, hour, weekday, district, age_band のいずれかです"));
  }
  return t;
}

std::string CareText(const CareNotes& c) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : " / ") + s; };
  if (c.needs_care) add("要配慮");
  if (!c.allergy.empty()) add("アレルギー: " + c.allergy);
  if (c.pets) add("ペット同行");
  if (!c.note.empty()) add(c.note);
  return out;
}

}  // namespace

void RegisterReceptionRoutes(http::Router& router, ReceptionApiContext& ctx) {
  auto shared = std::make_shared<Shared>(Shared{std::make_shared<ReceptionRepository>(ctx.db, ctx.clock), &ctx.clock,
                                                ctx.resolve_card, ctx.public_municipality});
  auto repo = shared->repo;
  auto reports = std::make_shared<ReceptionRepository>(ctx.reports_db, ctx.clock);
  const Clock* clock = &ctx.clock;
  const auth::RoleSet reception{Role::kReception};
  const auth::RoleSet hq{Role::kDisasterHq};
  const auth::RoleSet reception_or_hq{Role::kReception, Role::kDisasterHq};

  // ---- Kiosk (edge device, kiosk role) ----
  router.Add(http::DeviceRoute(
      "POST", "/api/v1/reception/checkins", {"kiosk"}, [shared](RequestContext& rc) -> Result<Response> {
        const auto& device = *rc.device;
        if (device.place_id.empty()) {
          return Fail(Error::Conflict("device_without_place", "この受付端末には施設が設定されていません"));
        }
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(items, BatchItems(body));
        const Origin origin{device.place_id, device.id, device.id};
        return Response::Json(200,
                              {{"results", ProcessBatch(*shared, device.municipality_code, origin, *items, true)}});
      }));

  router.Add(http::DeviceRoute("GET", "/api/v1/reception/kiosk", {"kiosk"},
                               [repo, clock](RequestContext& rc) -> Result<Response> {
                                 const auto& device = *rc.device;
                                 DENEN_TRY(place, repo->GetPlace(device.municipality_code, device.place_id));
                                 const std::string today = Today(*clock);
                                 DENEN_TRY(events, repo->ListEvents(device.municipality_code, today, today));
                                 json event_list = json::array();
                                 for (const auto& e : events) {
                                   if (!e.place_id || *e.place_id == place.id) event_list.push_back(EventJson(e));
                                 }
                                 DENEN_TRY(shelters, repo->Shelters(device.municipality_code, false));
                                 json shelter = nullptr;
                                 for (const auto& s : shelters) {
                                   if (s.place_id == place.id) shelter = ShelterJson(s);
                                 }
                                 return Response::Json(200, {{"place", PlaceJson(place)},
                                                             {"date", today},
                                                             {"events", event_list},
                                                             {"shelter", shelter},
                                                             {"device", {{"id", device.id}, {"name", device.name}}}});
                               }));

  // ---- Staff walk-in entry ----
  router.Add(http::StaffRoute(
      "POST", "/api/v1/reception/walkins", reception_or_hq, [shared](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        if (!body.contains("place_id") || !body["place_id"].is_string()) {
          return Fail(Error::Invalid("invalid_place_id", "「施設」(place_id) を指定してください"));
        }
        const std::string place_id = body["place_id"].get<std::string>();
        DENEN_TRY_VOID(shared->repo->GetPlace(Code(rc), place_id));
        DENEN_TRY(items, BatchItems(body));
        const Origin origin{place_id, "", Actor(rc)};
        return Response::Json(200, {{"results", ProcessBatch(*shared, Code(rc), origin, *items, false)}});
      }));

  // ---- Places ----
  router.Add(http::StaffRoute("GET", "/api/v1/reception/places", reception_or_hq,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(places, repo->ListPlaces(Code(rc)));
                                json out = json::array();
                                for (const auto& p : places) out.push_back(PlaceJson(p));
                                return Response::Json(200, {{"places", out}});
                              }));
  router.Add(
      http::StaffRoute("POST", "/api/v1/reception/places", reception, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(place, ParsePlace(body, ""));
        DENEN_TRY(saved, repo->SavePlace(Code(rc), place, Actor(rc)));
        return Response::Json(201, {{"place", PlaceJson(saved)}});
      }));
  router.Add(http::StaffRoute("PUT", "/api/v1/reception/places/{id}", reception,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(body, rc.JsonBody());
                                DENEN_TRY(place, ParsePlace(body, rc.params[0]));
                                DENEN_TRY(saved, repo->SavePlace(Code(rc), place, Actor(rc)));
                                return Response::Json(200, {{"place", PlaceJson(saved)}});
                              }));
  router.Add(http::StaffRoute("POST", "/api/v1/reception/places/import", reception,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(body, rc.JsonBody());
                                DENEN_TRY(csv, CsvField(body));
                                DENEN_TRY(rows, ParsePlacesCsv(csv));
                                DENEN_TRY(report, repo->ImportPlaces(Code(rc), rows, Actor(rc)));
                                return Response::Json(200, {{"import", ImportJson(report)}});
                              }));

  // ---- Events and tickets ----
  router.Add(http::StaffRoute("GET", "/api/v1/reception/events", reception,
                              [repo, clock](RequestContext& rc) -> Result<Response> {
                                const std::string today = Today(*clock);
                                DENEN_TRY(from, QueryDate(rc, "from", today));
                                DENEN_TRY(to, QueryDate(rc, "to", "9999-12-31"));
                                DENEN_TRY(events, repo->ListEvents(Code(rc), from, to));
                                json out = json::array();
                                for (const auto& e : events) {
                                  DENEN_TRY(counts, repo->CountEvent(Code(rc), e.id));
                                  json item = EventJson(e);
                                  item["registered"] = counts.registered;
                                  item["waiting"] = counts.waiting;
                                  item["checked_in"] = counts.checked_in;
                                  out.push_back(item);
                                }
                                return Response::Json(200, {{"events", out}});
                              }));
  router.Add(
      http::StaffRoute("POST", "/api/v1/reception/events", reception, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(body, rc.JsonBody());
        DENEN_TRY(event, ParseEvent(body, ""));
        DENEN_TRY(saved, repo->SaveEvent(Code(rc), event, Actor(rc)));
        return Response::Json(201, {{"event", EventJson(saved)}});
      }));
  router.Add(http::StaffRoute("PUT", "/api/v1/reception/events/{id}", reception,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(body, rc.JsonBody());
                                DENEN_TRY(event, ParseEvent(body, rc.params[0]));
                                DENEN_TRY(saved, repo->SaveEvent(Code(rc), event, Actor(rc)));
                                return Response::Json(200, {{"event", EventJson(saved)}});
                              }));
  router.Add(http::StaffRoute("POST", "/api/v1/reception/events/import", reception,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(body, rc.JsonBody());
                                DENEN_TRY(csv, CsvField(body));
                                DENEN_TRY(rows, ParseEventsCsv(csv));
                                DENEN_TRY(report, repo->ImportEvents(Code(rc), rows, Actor(rc)));
                                return Response::Json(200, {{"import", ImportJson(report)}});
                              }));
  router.Add(http::StaffRoute(
      "GET", "/api/v1/reception/events/{id}/registrations", reception, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(event, repo->GetEvent(Code(rc), rc.params[0]));
        DENEN_TRY(regs, repo->ListRegistrations(Code(rc), event.id));
        DENEN_TRY(counts, repo->CountEvent(Code(rc), event.id));
        json out = json::array();
        for (const auto& r : regs) out.push_back(RegistrationJson(r));
        return Response::Json(
            200,
            {{"event", EventJson(event)},
             {"registrations", out},
             {"counts",
              {{"registered", counts.registered}, {"waiting", counts.waiting}, {"checked_in", counts.checked_in}}}});
      }));
  // Staff register a resident: by card at a counter reader, or by name.
  router.Add(
      http::StaffRoute("POST", "/api/v1/reception/events/{id}/registrations", reception,
                       [shared](RequestContext& rc) -> Result<Response> {
                         DENEN_TRY(body, rc.JsonBody());
                         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                         const json* card = in.Raw("card");
                         const json* walk_in = in.Raw("walk_in");
                         DENEN_TRY_VOID(in.RejectUnknown());
                         Visitor visitor;
                         if (card && !card->is_null()) {
                           if (!shared->resolve_card) {
                             return Fail(Error::Unavailable("card_service_unavailable", "カードの確認ができません"));
                           }
                           DENEN_TRY(holder, shared->resolve_card(Code(rc), *card));
                           visitor = {holder.resident_id, holder.name_kana, holder.district, "unknown"};
                         } else if (walk_in && !walk_in->is_null()) {
                           DENEN_TRY(v, ParseWalkIn(*walk_in));
                           visitor = v;
                         } else {
                           return Fail(Error::Invalid("invalid_visitor", "「card」か「walk_in」を指定してください"));
                         }
                         DENEN_TRY(reg, shared->repo->Register(Code(rc), rc.params[0], visitor, Actor(rc)));
                         return Response::Json(201, {{"registration", RegistrationJson(reg)}});
                       }));
  router.Add(http::StaffRoute("POST", "/api/v1/reception/registrations/{id}/cancel", reception,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(reg, repo->CancelRegistration(Code(rc), rc.params[0], Actor(rc)));
                                return Response::Json(200, {{"registration", RegistrationJson(reg)}});
                              }));

  // ---- Shelters (disaster HQ) ----
  router.Add(http::StaffRoute(
      "GET", "/api/v1/reception/shelters", reception_or_hq, [repo, clock](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(shelters, repo->Shelters(Code(rc), QueryText(rc, "include_closed") == "1"));
        json out = json::array();
        json totals = {{"present", 0}, {"households", 0}, {"needs_care", 0}, {"allergy", 0}, {"pets", 0}};
        for (const auto& s : shelters) {
          out.push_back(ShelterJson(s));
          if (s.closed_at_ms) continue;
          totals["present"] = totals["present"].get<int>() + s.present;
          totals["households"] = totals["households"].get<int>() + s.households;
          totals["needs_care"] = totals["needs_care"].get<int>() + s.needs_care;
          totals["allergy"] = totals["allergy"].get<int>() + s.allergy;
          totals["pets"] = totals["pets"].get<int>() + s.pets;
        }
        return Response::Json(
            200, {{"shelters", out}, {"totals", totals}, {"updated_at", FormatIsoUtc(clock->NowMillis())}});
      }));
  router.Add(http::StaffRoute("POST", "/api/v1/reception/shelters", hq, [repo](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(body, rc.JsonBody());
    DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
    DENEN_TRY(place_id, in.RequiredString("place_id", 64));
    DENEN_TRY(capacity, in.OptionalInt("capacity"));
    DENEN_TRY_VOID(in.RejectUnknown());
    std::optional<int> cap;
    if (capacity) cap = static_cast<int>(std::clamp<int64_t>(*capacity, -1, 1000000));
    DENEN_TRY(status, repo->OpenShelter(Code(rc), place_id, cap, Actor(rc)));
    return Response::Json(201, {{"shelter", ShelterJson(status)}});
  }));
  router.Add(http::StaffRoute("POST", "/api/v1/reception/shelters/{id}/close", hq,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY_VOID(repo->CloseShelter(Code(rc), rc.params[0], Actor(rc)));
                                return Response::NoContent();
                              }));
  router.Add(http::StaffRoute(
      "GET", "/api/v1/reception/shelters/{id}/roster", hq, [repo](RequestContext& rc) -> Result<Response> {
        DENEN_TRY(format, QueryFormat(rc));
        DENEN_TRY(roster, repo->Roster(Code(rc), rc.params[0], Actor(rc)));
        if (format == "json") {
          json out = json::array();
          for (const auto& e : roster) {
            out.push_back(
                {{"household_id", e.household_id},
                 {"visit_id", e.visit_id},
                 {"name_kana", e.name_kana},
                 {"district", e.district},
                 {"age_band", e.age_band},
                 {"source", e.source},
                 {"checked_in_at", FormatIsoUtc(e.checked_in_at_ms)},
                 {"checked_out_at", e.checked_out_at_ms ? json(FormatIsoUtc(*e.checked_out_at_ms)) : json(nullptr)},
                 {"care",
                  {{"needs_care", e.care.needs_care},
                   {"allergy", e.care.allergy},
                   {"pets", e.care.pets},
                   {"note", e.care.note},
                   {"consent", e.care.consent}}}});
          }
          return Response::Json(200, {{"roster", out}});
        }
        sheets::Sheet t;
        t.name = "避難者名簿";
        t.rows.push_back({"世帯番号", "氏名(カナ)", "地区", "年代", "受付", "入所", "退所", "要配慮事項"});
        std::map<std::string, int> household_number;
        for (const auto& e : roster) {
          if (!household_number.contains(e.household_id)) {
            const int next = static_cast<int>(household_number.size()) + 1;
            household_number[e.household_id] = next;
          }
          t.rows.push_back({std::to_string(household_number[e.household_id]), e.name_kana, e.district, e.age_band,
                            e.source == "card" ? "カード" : "職員入力", TimeText(e.checked_in_at_ms),
                            e.checked_out_at_ms ? TimeText(*e.checked_out_at_ms) : "", CareText(e.care)});
        }
        return FileResponse(t, format, "shelter-roster");
      }));
  router.Add(http::StaffRoute("PUT", "/api/v1/reception/evacuees/{id}/care", reception_or_hq,
                              [repo](RequestContext& rc) -> Result<Response> {
                                DENEN_TRY(body, rc.JsonBody());
                                DENEN_TRY(care, ParseCare(&body));
                                DENEN_TRY_VOID(repo->UpdateCareNotes(Code(rc), rc.params[0], care, Actor(rc)));
                                return Response::NoContent();
                              }));

  // ---- Analytics, exports and KPI ----
  router.Add(http::StaffRoute(
      "GET", "/api/v1/reception/analytics", reception, [reports, clock](RequestContext& rc) -> Result<Response> {
        const std::string today = Today(*clock);
        DENEN_TRY(from, QueryDate(rc, "from", std::to_string(FiscalYearOf(today)) + "-04-01"));
        DENEN_TRY(to, QueryDate(rc, "to", today));
        DENEN_TRY(format, QueryFormat(rc));
        DENEN_TRY(comparison, LoadComparison(*reports, Code(rc), from, to));
        DENEN_TRY(names, LoadNames(*reports, Code(rc)));
        if (format == "json") return Response::Json(200, ComparisonJson(comparison, names));
        DENEN_TRY(table, AggregateTable(comparison, names, QueryText(rc, "table").value_or("place")));
        return FileResponse(table, format, "reception-" + QueryText(rc, "table").value_or("place"));
      }));
  router.Add(http::StaffRoute(
      "GET", "/api/v1/reception/visits/export", {Role::kAdmin}, [repo, clock](RequestContext& rc) -> Result<Response> {
        const std::string today = Today(*clock);
        DENEN_TRY(from, QueryDate(rc, "from", today));
        DENEN_TRY(to, QueryDate(rc, "to", today));
        DENEN_TRY(format, QueryFormat(rc));
        if (format == "json") {
          return Fail(Error::Invalid("invalid_format", "個票の書き出しは csv か xlsx です"));
        }
        DENEN_TRY(names, LoadNames(*repo, Code(rc)));
        DENEN_TRY(rows, repo->ExportVisits(Code(rc), from, to, Actor(rc)));
        sheets::Sheet t;
        t.name = "来訪記録";
        t.rows.push_back({"受付ID", "種別", "施設",       "イベント", "日付", "入所",
                    "退所",   "受付", "氏名(カナ)", "地区",     "年代", "端末"});
        for (const auto& r : rows) {
          const auto& f = r.fact;
          t.rows.push_back({r.id, f.kind, names.places.contains(f.place_id) ? names.places[f.place_id] : "",
                            names.events.contains(f.event_id) ? names.events[f.event_id] : "", f.visit_date,
                            TimeText(f.checked_in_at_ms), r.checked_out_at_ms ? TimeText(*r.checked_out_at_ms) : "",
                            f.source == "card" ? "カード" : "職員入力", r.name_kana, f.district, f.age_band,
                            r.device_id});
        }
        return FileResponse(t, format, "reception-visits");
      }));
  router.Add(http::StaffRoute(
      "GET", "/api/v1/reception/kpi", reception, [reports, clock](RequestContext& rc) -> Result<Response> {
        const std::string today = Today(*clock);
        int year = FiscalYearOf(today);
        if (auto text = QueryText(rc, "fiscal_year")) {
          auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), year);
          if (ec != std::errc() || end != text->data() + text->size() || year < 2000 || year > 2198) {
            return Fail(Error::Invalid("invalid_fiscal_year", "「年度」(fiscal_year) は西暦の年で指定してください"));
          }
        }
        DENEN_TRY(kpi, LoadKpi(*reports, Code(rc), year, today));
        return Response::Json(200, kpi);
      }));

  // ---- Public: occupancy of open shelters, counts only ----
  // `?municipality=CODE` picks any municipality this server serves; the
  // configured one by default.
  router.Add(http::PublicRoute(
      "GET", "/api/v1/public/shelters", [shared, db = &ctx.db](RequestContext& rc) -> Result<Response> {
        const std::string code = QueryText(rc, "municipality").value_or(shared->public_municipality);
        DENEN_TRY_VOID(ValidateMunicipalityCode(code));
        DENEN_TRY(served, store::FindMunicipality(*db, code));
        if (!served) {
          return Fail(Error::NotFound("municipality_not_found", "団体コード \"" + code + "\" の市区町村はありません"));
        }
        DENEN_TRY(shelters, shared->repo->Shelters(code, false));
        json out = json::array();
        for (const auto& s : shelters) {
          out.push_back({{"name", s.name},
                         {"address", s.address},
                         {"capacity", s.capacity},
                         {"occupancy", s.present},
                         {"full", s.capacity > 0 && s.present >= s.capacity},
                         {"opened_at", FormatIsoUtc(s.opened_at_ms)}});
        }
        return Response::Json(200, {{"shelters", out}, {"updated_at", FormatIsoUtc(shared->clock->NowMillis())}});
      }));
}

}  // namespace denen::reception
