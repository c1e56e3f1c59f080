#include "reception/reception_repository.h"

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/random.h"

namespace denen::reception {
namespace {

using nlohmann::json;
using store::Int;
using store::Null;
using store::OptionalText;
using store::Text;

store::Value OptionalReal(const std::optional<double>& v) { return v ? store::Value(*v) : Null(); }

// The visits of one municipality between two Japan dates (inclusive), with
// its parameters; every read of a period says it the same way.
constexpr char kVisitsInPeriod[] =
    " FROM reception_visits WHERE municipality_code = ? AND visit_date >= ? AND visit_date <= ?";
store::Params PeriodParams(const std::string& code, const std::string& from, const std::string& to) {
  return {Text(code), Text(from), Text(to)};
}

// The columns of a VisitFact, in the order every query below selects them first.
constexpr char kFactColumns[] =
    "SELECT kind, place_id, event_id, visit_date, checked_in_at_ms, resident_id, source, district, age_band";
VisitFact FactOf(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8)};
}

Result<void> Audit(store::Database& tx, const Clock& clock, const std::string& code, const std::string& actor,
                   std::string action, std::string type, const std::string& id, const json& detail) {
  return audit::Record(tx, clock, code, {actor, std::move(action), std::move(type), id, detail.dump()});
}

std::string MessageFor(Outcome outcome, const std::string& refusal_code) {
  switch (outcome) {
    case Outcome::kCheckedIn:
      return "受付しました";
    case Outcome::kCheckedOut:
      return "お帰りを記録しました";
    case Outcome::kAlreadyCheckedIn:
      return "受付済みです";
    case Outcome::kAlreadyCheckedOut:
      return "本日はお帰りの記録が済んでいます";
    case Outcome::kRefused:
      break;
  }
  if (refusal_code == "not_registered") return "このイベントの事前申込がありません。係員にお声がけください";
  if (refusal_code == "on_waiting_list") return "キャンセル待ちのため、まだ受付できません。係員にお声がけください";
  if (refusal_code == "event_full") return "定員に達したため受付できません。係員にお声がけください";
  if (refusal_code == "event_unknown") return "このイベントは登録されていません。係員にお声がけください";
  if (refusal_code == "event_elsewhere") return "このイベントは別の会場です。係員にお声がけください";
  if (refusal_code == "event_not_today") return "このイベントは本日の開催ではありません";
  if (refusal_code == "household_unknown") return "世帯が見つかりません。係員にお声がけください";
  if (refusal_code == "consent_missing") return "受付サービスの利用同意がありません。係員にお声がけください";
  return "受付できませんでした。係員にお声がけください";
}

CheckinResult Refused(const std::string& id, std::string code) {
  CheckinResult r;
  r.id = id;
  r.outcome = Outcome::kRefused;
  r.message = MessageFor(Outcome::kRefused, code);
  r.refusal_code = std::move(code);
  return r;
}

Place PlaceFromRow(const store::Row& r) {
  Place p;
  p.id = r.Text(0);
  p.source_id = r.OptionalText(1);
  p.name = r.Text(2);
  p.name_kana = r.Text(3);
  p.category = r.Text(4);
  p.address = r.Text(5);
  if (!r.IsNull(6)) p.latitude = r.Real(6);
  if (!r.IsNull(7)) p.longitude = r.Real(7);
  p.shelter_capacity = static_cast<int>(r.Int(8));
  return p;
}

constexpr std::string_view kPlaceColumns =
    "id, source_id, name, name_kana, category, address, latitude, longitude, shelter_capacity";

Event EventFromRow(const store::Row& r) {
  Event e;
  e.id = r.Text(0);
  e.source_id = r.OptionalText(1);
  e.name = r.Text(2);
  e.place_id = r.OptionalText(3);
  e.place_name = r.Text(4);
  e.start_date = r.Text(5);
  e.end_date = r.Text(6);
  e.start_time = r.Text(7);
  e.end_time = r.Text(8);
  e.capacity = static_cast<int>(r.Int(9));
  e.preregistration = r.Int(10) != 0;
  return e;
}

constexpr std::string_view kEventColumns =
    "id, source_id, name, place_id, place_name, start_date, end_date, start_time, end_time, capacity, "
    "preregistration";

Registration RegistrationFromRow(const store::Row& r) {
  return {r.Text(0), r.Text(1), r.OptionalText(2), r.Text(3), r.Text(4), r.Int(5)};
}

constexpr std::string_view kRegistrationColumns = "id, event_id, resident_id, name_kana, status, created_at_ms";

Result<std::optional<Place>> FindPlace(store::Database& db, const std::string& code, const std::string& id) {
  DENEN_TRY(row, db.QueryOne("SELECT " + std::string(kPlaceColumns) +
                                 " FROM reception_places WHERE municipality_code = ? AND id = ?",
                             {Text(code), Text(id)}));
  if (!row) return std::optional<Place>();
  return std::optional<Place>(PlaceFromRow(*row));
}

Result<std::optional<Event>> FindEvent(store::Database& db, const std::string& code, const std::string& id) {
  DENEN_TRY(row, db.QueryOne("SELECT " + std::string(kEventColumns) +
                                 " FROM reception_events WHERE municipality_code = ? AND id = ?",
                             {Text(code), Text(id)}));
  if (!row) return std::optional<Event>();
  return std::optional<Event>(EventFromRow(*row));
}

Error PlaceNotFound() { return Error::NotFound("place_not_found", "施設が見つかりません"); }
Error EventNotFound() { return Error::NotFound("event_not_found", "イベントが見つかりません"); }

Result<void> ValidatePlace(const Place& p) {
  if (p.name.empty() || p.name.size() > 400) {
    return Fail(Error::Invalid("invalid_name", "「名称」(name) を入力してください(400バイト以内)"));
  }
  if (p.name_kana.size() > 400 || p.category.size() > 200 || p.address.size() > 400) {
    return Fail(Error::Invalid("invalid_place", "施設の項目が長すぎます"));
  }
  if (p.shelter_capacity < 0 || p.shelter_capacity > 100000) {
    return Fail(Error::Invalid("invalid_shelter_capacity", "「避難所の収容人数」(shelter_capacity) が範囲外です"));
  }
  return {};
}

Result<void> ValidateEvent(const Event& e) {
  if (e.name.empty() || e.name.size() > 400) {
    return Fail(Error::Invalid("invalid_name", "「イベント名」(name) を入力してください(400バイト以内)"));
  }
  if (!IsDate(e.start_date) || !IsDate(e.end_date) || e.end_date < e.start_date) {
    return Fail(
        Error::Invalid("invalid_date", "「開始日」「終了日」は YYYY-MM-DD で、終了日は開始日以降にしてください"));
  }
  if (e.capacity < 0 || e.capacity > 100000) {
    return Fail(Error::Invalid("invalid_capacity", "「定員」(capacity) が範囲外です"));
  }
  if (e.start_time.size() > 20 || e.end_time.size() > 20 || e.place_name.size() > 400) {
    return Fail(Error::Invalid("invalid_event", "イベントの項目が長すぎます"));
  }
  return {};
}

// Serialises changes to one event's seats (a no-op update takes the row lock on
// PostgreSQL; SQLite's writers are serialised already).
Result<void> LockEvent(store::Database& tx, const std::string& code, const std::string& event_id) {
  DENEN_TRY(n, tx.Exec("UPDATE reception_events SET updated_at_ms = updated_at_ms WHERE municipality_code = ? AND "
                       "id = ?",
                       {Text(code), Text(event_id)}));
  if (n == 0) return Fail(EventNotFound());
  return {};
}

Result<int64_t> CountOne(store::Database& tx, std::string_view sql, const store::Params& params) {
  DENEN_TRY(row, tx.QueryOne(sql, params));
  return row ? row->Int(0) : 0;
}

}  // namespace

// ---- Places and events -------------------------------------------------------

Result<ImportReport> ReceptionRepository::ImportPlaces(const std::string& code, const std::vector<PlaceRow>& rows,
                                                       const std::string& actor) {
  ImportReport report;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    report = {};
    const int64_t now = clock_.NowMillis();
    for (const auto& r : rows) {
      Place p{"", r.source_id, r.name, r.name_kana, r.category, r.address, r.latitude, r.longitude, r.shelter_capacity};
      DENEN_TRY_VOID(ValidatePlace(p));
      DENEN_TRY(existing, tx.QueryOne("SELECT " + std::string(kPlaceColumns) +
                                          " FROM reception_places WHERE municipality_code = ? AND source_id = ?",
                                      {Text(code), Text(r.source_id)}));
      if (!existing) {
        DENEN_TRY_VOID(tx.Exec(
            "INSERT INTO reception_places (municipality_code, id, source_id, name, name_kana, category, address, "
            "latitude, longitude, shelter_capacity, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            {Text(code), Text(NewId(clock_)), Text(r.source_id), Text(r.name), Text(r.name_kana), Text(r.category),
             Text(r.address), OptionalReal(r.latitude), OptionalReal(r.longitude), Int(r.shelter_capacity), Int(now),
             Int(now)}));
        ++report.inserted;
        continue;
      }
      const Place old = PlaceFromRow(*existing);
      // A capacity the file does not give keeps the one set in the console.
      const int capacity = r.shelter_capacity > 0 ? r.shelter_capacity : old.shelter_capacity;
      if (old.name == r.name && old.name_kana == r.name_kana && old.category == r.category &&
          old.address == r.address && old.latitude == r.latitude && old.longitude == r.longitude &&
          old.shelter_capacity == capacity) {
        ++report.unchanged;
        continue;
      }
      DENEN_TRY_VOID(
          tx.Exec("UPDATE reception_places SET name = ?, name_kana = ?, category = ?, address = ?, latitude = ?, "
                  "longitude = ?, shelter_capacity = ?, updated_at_ms = ? WHERE municipality_code = ? AND id = ?",
                  {Text(r.name), Text(r.name_kana), Text(r.category), Text(r.address), OptionalReal(r.latitude),
                   OptionalReal(r.longitude), Int(capacity), Int(now), Text(code), Text(old.id)}));
      ++report.updated;
    }
    return Audit(tx, clock_, code, actor, "reception.places.import", "reception_place", "",
                 {{"inserted", report.inserted}, {"updated", report.updated}, {"unchanged", report.unchanged}});
  }));
  return report;
}

Result<ImportReport> ReceptionRepository::ImportEvents(const std::string& code, const std::vector<EventRow>& rows,
                                                       const std::string& actor) {
  ImportReport report;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    report = {};
    const int64_t now = clock_.NowMillis();
    for (const auto& r : rows) {
      std::optional<std::string> place_id;
      if (!r.place_name.empty()) {
        DENEN_TRY(place, tx.QueryOne("SELECT id FROM reception_places WHERE municipality_code = ? AND name = ? "
                                     "ORDER BY id LIMIT 1",
                                     {Text(code), Text(r.place_name)}));
        if (place) {
          place_id = place->Text(0);
        } else {
          report.unmatched_places.push_back(r.place_name);
        }
      }
      Event e{"",         r.source_id,  r.name,     place_id,   r.place_name,     r.start_date,
              r.end_date, r.start_time, r.end_time, r.capacity, r.preregistration};
      DENEN_TRY_VOID(ValidateEvent(e));
      DENEN_TRY(existing, tx.QueryOne("SELECT " + std::string(kEventColumns) +
                                          " FROM reception_events WHERE municipality_code = ? AND source_id = ?",
                                      {Text(code), Text(r.source_id)}));
      if (!existing) {
        DENEN_TRY_VOID(tx.Exec(
            "INSERT INTO reception_events (municipality_code, id, source_id, name, place_id, place_name, start_date, "
            "end_date, start_time, end_time, capacity, preregistration, created_at_ms, updated_at_ms) VALUES (?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {Text(code), Text(NewId(clock_)), Text(r.source_id), Text(r.name), OptionalText(place_id),
             Text(r.place_name), Text(r.start_date), Text(r.end_date), Text(r.start_time), Text(r.end_time),
             Int(r.capacity), Int(r.preregistration ? 1 : 0), Int(now), Int(now)}));
        ++report.inserted;
        continue;
      }
      const Event old = EventFromRow(*existing);
      if (old.name == e.name && old.place_id == e.place_id && old.place_name == e.place_name &&
          old.start_date == e.start_date && old.end_date == e.end_date && old.start_time == e.start_time &&
          old.end_time == e.end_time && old.capacity == e.capacity && old.preregistration == e.preregistration) {
        ++report.unchanged;
        continue;
      }
      DENEN_TRY_VOID(
          tx.Exec("UPDATE reception_events SET name = ?, place_id = ?, place_name = ?, start_date = ?, end_date = ?, "
                  "start_time = ?, end_time = ?, capacity = ?, preregistration = ?, updated_at_ms = ? WHERE "
                  "municipality_code = ? AND id = ?",
                  {Text(e.name), OptionalText(e.place_id), Text(e.place_name), Text(e.start_date), Text(e.end_date),
                   Text(e.start_time), Text(e.end_time), Int(e.capacity), Int(e.preregistration ? 1 : 0), Int(now),
                   Text(code), Text(old.id)}));
      ++report.updated;
    }
    return Audit(tx, clock_, code, actor, "reception.events.import", "reception_event", "",
                 {{"inserted", report.inserted}, {"updated", report.updated}, {"unchanged", report.unchanged}});
  }));
  return report;
}

Result<std::vector<Place>> ReceptionRepository::ListPlaces(const std::string& code) {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kPlaceColumns) +
                                " FROM reception_places WHERE municipality_code = ? ORDER BY name_kana, name, id",
                            {Text(code)}));
  std::vector<Place> out;
  for (const auto& r : rows) out.push_back(PlaceFromRow(r));
  return out;
}

Result<Place> ReceptionRepository::GetPlace(const std::string& code, const std::string& id) {
  DENEN_TRY(place, FindPlace(db_, code, id));
  if (!place) return Fail(PlaceNotFound());
  return *place;
}

Result<Place> ReceptionRepository::SavePlace(const std::string& code, Place place, const std::string& actor) {
  DENEN_TRY_VOID(ValidatePlace(place));
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    const int64_t now = clock_.NowMillis();
    if (place.id.empty()) {
      place.id = NewId(clock_);
      place.source_id.reset();
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO reception_places (municipality_code, id, source_id, name, name_kana, category, address, "
          "latitude, longitude, shelter_capacity, created_at_ms, updated_at_ms) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?)",
          {Text(code), Text(place.id), Text(place.name), Text(place.name_kana), Text(place.category),
           Text(place.address), OptionalReal(place.latitude), OptionalReal(place.longitude),
           Int(place.shelter_capacity), Int(now), Int(now)}));
      return Audit(tx, clock_, code, actor, "reception.place.create", "reception_place", place.id, json::object());
    }
    DENEN_TRY(old, FindPlace(tx, code, place.id));
    if (!old) return Fail(PlaceNotFound());
    place.source_id = old->source_id;
    DENEN_TRY_VOID(tx.Exec(
        "UPDATE reception_places SET name = ?, name_kana = ?, category = ?, address = ?, latitude = ?, longitude = ?, "
        "shelter_capacity = ?, updated_at_ms = ? WHERE municipality_code = ? AND id = ?",
        {Text(place.name), Text(place.name_kana), Text(place.category), Text(place.address),
         OptionalReal(place.latitude), OptionalReal(place.longitude), Int(place.shelter_capacity), Int(now), Text(code),
         Text(place.id)}));
    return Audit(tx, clock_, code, actor, "reception.place.update", "reception_place", place.id, json::object());
  }));
  return place;
}

Result<std::vector<Event>> ReceptionRepository::ListEvents(const std::string& code, const std::string& from,
                                                           const std::string& to) {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kEventColumns) +
                                " FROM reception_events WHERE municipality_code = ? AND end_date >= ? AND "
                                "start_date <= ? ORDER BY start_date, start_time, name",
                            {Text(code), Text(from), Text(to)}));
  std::vector<Event> out;
  for (const auto& r : rows) out.push_back(EventFromRow(r));
  return out;
}

Result<Event> ReceptionRepository::GetEvent(const std::string& code, const std::string& id) {
  DENEN_TRY(event, FindEvent(db_, code, id));
  if (!event) return Fail(EventNotFound());
  return *event;
}

Result<Event> ReceptionRepository::SaveEvent(const std::string& code, Event event, const std::string& actor) {
  DENEN_TRY_VOID(ValidateEvent(event));
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    if (event.place_id) {
      DENEN_TRY(place, FindPlace(tx, code, *event.place_id));
      if (!place) return Fail(PlaceNotFound());
      if (event.place_name.empty()) event.place_name = place->name;
    }
    const int64_t now = clock_.NowMillis();
    if (event.id.empty()) {
      event.id = NewId(clock_);
      event.source_id.reset();
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO reception_events (municipality_code, id, source_id, name, place_id, place_name, start_date, "
          "end_date, start_time, end_time, capacity, preregistration, created_at_ms, updated_at_ms) VALUES (?, ?, "
          "NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {Text(code), Text(event.id), Text(event.name), OptionalText(event.place_id), Text(event.place_name),
           Text(event.start_date), Text(event.end_date), Text(event.start_time), Text(event.end_time),
           Int(event.capacity), Int(event.preregistration ? 1 : 0), Int(now), Int(now)}));
      return Audit(tx, clock_, code, actor, "reception.event.create", "reception_event", event.id, json::object());
    }
    DENEN_TRY(old, FindEvent(tx, code, event.id));
    if (!old) return Fail(EventNotFound());
    event.source_id = old->source_id;
    DENEN_TRY_VOID(
        tx.Exec("UPDATE reception_events SET name = ?, place_id = ?, place_name = ?, start_date = ?, end_date = ?, "
                "start_time = ?, end_time = ?, capacity = ?, preregistration = ?, updated_at_ms = ? WHERE "
                "municipality_code = ? AND id = ?",
                {Text(event.name), OptionalText(event.place_id), Text(event.place_name), Text(event.start_date),
                 Text(event.end_date), Text(event.start_time), Text(event.end_time), Int(event.capacity),
                 Int(event.preregistration ? 1 : 0), Int(now), Text(code), Text(event.id)}));
    return Audit(tx, clock_, code, actor, "reception.event.update", "reception_event", event.id,
                 {{"capacity", event.capacity}});
  }));
  return event;
}

// ---- Check-in ------------------------------------------------------------------

Result<CheckinResult> ReceptionRepository::CheckIn(const std::string& code, const Origin& origin,
                                                   const CheckinRequest& request) {
  if (!IsUlid(request.id)) {
    return Fail(Error::Invalid("invalid_checkin_id", "受付ID(id) は端末で作ったULID(26文字)にしてください"));
  }
  CheckinResult result;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(r, CheckInTx(tx, code, origin, request));
    result = std::move(r);
    return {};
  }));
  return result;
}

Result<CheckinResult> ReceptionRepository::CheckInTx(store::Database& tx, const std::string& code, const Origin& origin,
                                                     const CheckinRequest& request) {
  DENEN_TRY(seen, tx.QueryOne("SELECT t.outcome, t.refusal_code, t.visit_id, t.household_id, v.name_kana FROM "
                              "reception_taps t LEFT JOIN reception_visits v ON v.municipality_code = "
                              "t.municipality_code AND v.id = t.visit_id WHERE t.municipality_code = ? AND t.id = ?",
                              {Text(code), Text(request.id)}));
  if (seen) {
    CheckinResult r;
    r.id = request.id;
    r.outcome = OutcomeFromId(seen->Text(0)).value_or(Outcome::kRefused);
    r.refusal_code = seen->Text(1);
    r.message = MessageFor(r.outcome, r.refusal_code);
    r.visit_id = seen->Text(2);
    r.household_id = seen->Text(3);
    r.name_kana = seen->Text(4);
    r.replayed = true;
    return r;
  }

  DENEN_TRY(place, FindPlace(tx, code, origin.place_id));
  if (!place) return Fail(PlaceNotFound());
  const std::string date = JapanDate(request.tapped_at_ms);
  const int64_t now = clock_.NowMillis();
  const Visitor& visitor = request.visitor;

  CheckinResult result;
  result.id = request.id;
  result.name_kana = visitor.name_kana;
  auto finish = [&](CheckinResult r) -> Result<CheckinResult> {
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO reception_taps (municipality_code, id, visit_id, outcome, refusal_code, household_id, "
        "tapped_at_ms, device_id, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(code), Text(request.id), Text(r.visit_id), Text(std::string(OutcomeId(r.outcome))), Text(r.refusal_code),
         Text(r.household_id), Int(request.tapped_at_ms), Text(origin.device_id), Int(now)}));
    if (r.message.empty()) r.message = MessageFor(r.outcome, r.refusal_code);
    return r;
  };
  auto refuse = [&](std::string refusal) {
    CheckinResult r = Refused(request.id, std::move(refusal));
    r.name_kana = visitor.name_kana;
    return finish(std::move(r));
  };

  // Which kind of visit: an open shelter takes precedence over everything.
  VisitKind kind = VisitKind::kFacility;
  std::string event_id, opening_id;
  std::optional<Event> event;
  DENEN_TRY(opening, tx.QueryOne("SELECT id FROM reception_shelter_openings WHERE municipality_code = ? AND "
                                 "place_id = ? AND closed_at_ms IS NULL",
                                 {Text(code), Text(place->id)}));
  if (opening) {
    kind = VisitKind::kShelter;
    opening_id = opening->Text(0);
  } else if (request.event_id) {
    kind = VisitKind::kEvent;
    event_id = *request.event_id;
    DENEN_TRY(found, FindEvent(tx, code, event_id));
    if (!found) return refuse("event_unknown");
    if (found->place_id && *found->place_id != place->id) return refuse("event_elsewhere");
    if (date < found->start_date || date > found->end_date) return refuse("event_not_today");
    event = std::move(found);
  }
  const std::string kind_id(VisitKindId(kind));

  // A second tap of the same resident.
  if (visitor.by_card()) {
    std::optional<store::Row> existing;
    if (kind == VisitKind::kShelter) {
      DENEN_TRY(row, tx.QueryOne("SELECT id, checked_out_at_ms FROM reception_visits WHERE municipality_code = ? AND "
                                 "kind = 'shelter' AND opening_id = ? AND resident_id = ?",
                                 {Text(code), Text(opening_id), Text(*visitor.resident_id)}));
      existing = std::move(row);
    } else {
      DENEN_TRY(row, tx.QueryOne("SELECT id, checked_out_at_ms FROM reception_visits WHERE municipality_code = ? AND "
                                 "kind = ? AND place_id = ? AND event_id = ? AND opening_id = '' AND visit_date = ? "
                                 "AND resident_id = ?",
                                 {Text(code), Text(kind_id), Text(place->id), Text(event_id), Text(date),
                                  Text(*visitor.resident_id)}));
      existing = std::move(row);
    }
    if (existing) {
      result.visit_id = existing->Text(0);
      const bool present = existing->IsNull(1);
      if (kind == VisitKind::kEvent) {
        result.outcome = Outcome::kAlreadyCheckedIn;
        return finish(std::move(result));
      }
      if (kind == VisitKind::kFacility) {
        if (!present) {
          result.outcome = Outcome::kAlreadyCheckedOut;
          return finish(std::move(result));
        }
        DENEN_TRY_VOID(
            tx.Exec("UPDATE reception_visits SET checked_out_at_ms = ? WHERE municipality_code = ? AND "
                    "id = ?",
                    {Int(request.tapped_at_ms), Text(code), Text(result.visit_id)}));
        result.outcome = Outcome::kCheckedOut;
        return finish(std::move(result));
      }
      // Shelter: leaving, or coming back after leaving.
      DENEN_TRY(household, tx.QueryOne("SELECT e.household_id, h.head_visit_id FROM reception_evacuees e JOIN "
                                       "reception_households h ON h.municipality_code = e.municipality_code AND "
                                       "h.id = e.household_id WHERE e.municipality_code = ? AND e.visit_id = ?",
                                       {Text(code), Text(result.visit_id)}));
      if (household) result.household_id = household->Text(0);
      if (!present) {
        DENEN_TRY_VOID(
            tx.Exec("UPDATE reception_visits SET checked_out_at_ms = NULL WHERE municipality_code = ? "
                    "AND id = ?",
                    {Text(code), Text(result.visit_id)}));
        result.outcome = Outcome::kCheckedIn;
        return finish(std::move(result));
      }
      DENEN_TRY_VOID(tx.Exec("UPDATE reception_visits SET checked_out_at_ms = ? WHERE municipality_code = ? AND id = ?",
                             {Int(request.tapped_at_ms), Text(code), Text(result.visit_id)}));
      // Members without a card leave with the card holder who brought them.
      if (household && household->Text(1) == result.visit_id) {
        DENEN_TRY_VOID(tx.Exec(
            "UPDATE reception_visits SET checked_out_at_ms = ? WHERE municipality_code = ? AND resident_id IS NULL "
            "AND checked_out_at_ms IS NULL AND id IN (SELECT visit_id FROM reception_evacuees WHERE "
            "municipality_code = ? AND household_id = ?)",
            {Int(request.tapped_at_ms), Text(code), Text(code), Text(result.household_id)}));
      }
      result.outcome = Outcome::kCheckedOut;
      return finish(std::move(result));
    }
  }

  // A new visit: seats first.
  if (event) {
    DENEN_TRY_VOID(LockEvent(tx, code, event->id));
    if (event->preregistration && visitor.by_card()) {
      DENEN_TRY(reg, tx.QueryOne("SELECT status FROM reception_registrations WHERE municipality_code = ? AND "
                                 "event_id = ? AND resident_id = ? AND status <> 'cancelled'",
                                 {Text(code), Text(event->id), Text(*visitor.resident_id)}));
      if (!reg) return refuse("not_registered");
      if (reg->Text(0) != "registered") return refuse("on_waiting_list");
    } else if (event->capacity > 0) {
      // Without tickets, or a walk-in at a ticketed event: what is left of the seats.
      DENEN_TRY(visits, CountOne(tx,
                                 "SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND kind = "
                                 "'event' AND event_id = ? AND (resident_id IS NULL OR CAST(? AS INTEGER) = 0)",
                                 {Text(code), Text(event->id), Int(event->preregistration ? 1 : 0)}));
      int64_t taken = visits;
      if (event->preregistration) {
        DENEN_TRY(registered, CountOne(tx,
                                       "SELECT COUNT(*) FROM reception_registrations WHERE municipality_code = ? AND "
                                       "event_id = ? AND status = 'registered'",
                                       {Text(code), Text(event->id)}));
        taken += registered;
      }
      if (taken >= event->capacity) return refuse("event_full");
    }
  }

  std::string household_id;
  if (kind == VisitKind::kShelter) {
    if (request.household_id) {
      DENEN_TRY(h, tx.QueryOne("SELECT opening_id FROM reception_households WHERE municipality_code = ? AND id = ?",
                               {Text(code), Text(*request.household_id)}));
      if (!h || h->Text(0) != opening_id) return refuse("household_unknown");
      household_id = *request.household_id;
    } else {
      household_id = NewId(clock_);
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO reception_households (municipality_code, id, opening_id, head_visit_id, created_at_ms) VALUES "
          "(?, ?, ?, ?, ?)",
          {Text(code), Text(household_id), Text(opening_id), Text(request.id), Int(now)}));
    }
  }

  const std::string age_band = visitor.age_band.empty() ? "unknown" : visitor.age_band;
  DENEN_TRY_VOID(
      tx.Exec("INSERT INTO reception_visits (municipality_code, id, kind, place_id, event_id, opening_id, visit_date, "
              "resident_id, source, name_kana, district, age_band, checked_in_at_ms, checked_out_at_ms, device_id, "
              "created_by, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
              {Text(code), Text(request.id), Text(kind_id), Text(place->id), Text(event_id), Text(opening_id),
               Text(date), OptionalText(visitor.resident_id), Text(visitor.by_card() ? "card" : "walk_in"),
               Text(visitor.name_kana), Text(visitor.district), Text(age_band), Int(request.tapped_at_ms),
               Text(origin.device_id), Text(origin.actor), Int(now)}));
  if (kind == VisitKind::kShelter) {
    const bool keep = request.care.consent;
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO reception_evacuees (municipality_code, visit_id, household_id, opening_id, needs_care, allergy, "
        "pets, care_note, care_consent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(code), Text(request.id), Text(household_id), Text(opening_id),
         Int(keep && request.care.needs_care ? 1 : 0), Text(keep ? request.care.allergy : ""),
         Int(keep && request.care.pets ? 1 : 0), Text(keep ? request.care.note : ""), Int(keep ? 1 : 0)}));
    result.care_discarded = !keep && request.care.any();
  }
  result.outcome = Outcome::kCheckedIn;
  result.visit_id = request.id;
  result.household_id = household_id;
  return finish(std::move(result));
}

Result<CheckinResult> ReceptionRepository::RecordRefusal(const std::string& code, const Origin& origin,
                                                         const std::string& id, int64_t tapped_at_ms,
                                                         const Error& why) {
  if (!IsUlid(id)) {
    return Fail(Error::Invalid("invalid_checkin_id", "受付ID(id) は端末で作ったULID(26文字)にしてください"));
  }
  CheckinResult result;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(seen, tx.QueryOne("SELECT outcome, refusal_code, visit_id, household_id FROM reception_taps WHERE "
                                "municipality_code = ? AND id = ?",
                                {Text(code), Text(id)}));
    if (seen) {
      result.id = id;
      result.outcome = OutcomeFromId(seen->Text(0)).value_or(Outcome::kRefused);
      result.refusal_code = seen->Text(1);
      result.message = MessageFor(result.outcome, result.refusal_code);
      result.visit_id = seen->Text(2);
      result.household_id = seen->Text(3);
      result.replayed = true;
      return {};
    }
    result = Refused(id, why.code);
    result.message = why.message;
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO reception_taps (municipality_code, id, visit_id, outcome, refusal_code, household_id, "
        "tapped_at_ms, device_id, received_at_ms) VALUES (?, ?, '', 'refused', ?, '', ?, ?, ?)",
        {Text(code), Text(id), Text(why.code), Int(tapped_at_ms), Text(origin.device_id), Int(clock_.NowMillis())}));
    return {};
  }));
  return result;
}

// ---- Paperless tickets -----------------------------------------------------------

Result<Registration> ReceptionRepository::Register(const std::string& code, const std::string& event_id,
                                                   const Visitor& visitor, const std::string& actor) {
  Registration reg;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(LockEvent(tx, code, event_id));
    DENEN_TRY(event, FindEvent(tx, code, event_id));
    if (visitor.by_card()) {
      DENEN_TRY(dup, tx.QueryOne("SELECT id FROM reception_registrations WHERE municipality_code = ? AND event_id = ? "
                                 "AND resident_id = ? AND status <> 'cancelled'",
                                 {Text(code), Text(event_id), Text(*visitor.resident_id)}));
      if (dup) return Fail(Error::Conflict("already_registered", "この方はすでに申込済みです"));
    }
    DENEN_TRY(registered, CountOne(tx,
                                   "SELECT COUNT(*) FROM reception_registrations WHERE municipality_code = ? AND "
                                   "event_id = ? AND status = 'registered'",
                                   {Text(code), Text(event_id)}));
    const bool seat = event->capacity == 0 || registered < event->capacity;
    const int64_t now = clock_.NowMillis();
    reg = {NewId(clock_), event_id, visitor.resident_id, visitor.name_kana, seat ? "registered" : "waiting", now};
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO reception_registrations (municipality_code, id, event_id, resident_id, name_kana, status, "
                "created_at_ms, created_by, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {Text(code), Text(reg.id), Text(event_id), OptionalText(reg.resident_id), Text(reg.name_kana),
                 Text(reg.status), Int(now), Text(actor), Int(now)}));
    return Audit(tx, clock_, code, actor, "reception.registration.create", "reception_registration", reg.id,
                 {{"event_id", event_id}, {"status", reg.status}});
  }));
  return reg;
}

Result<Registration> ReceptionRepository::CancelRegistration(const std::string& code,
                                                             const std::string& registration_id,
                                                             const std::string& actor) {
  Registration reg;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(row, tx.QueryOne("SELECT " + std::string(kRegistrationColumns) +
                                   " FROM reception_registrations WHERE municipality_code = ? AND id = ?",
                               {Text(code), Text(registration_id)}));
    if (!row) return Fail(Error::NotFound("registration_not_found", "申込が見つかりません"));
    reg = RegistrationFromRow(*row);
    if (reg.status == "cancelled") return {};
    DENEN_TRY_VOID(LockEvent(tx, code, reg.event_id));
    const int64_t now = clock_.NowMillis();
    DENEN_TRY_VOID(
        tx.Exec("UPDATE reception_registrations SET status = 'cancelled', updated_at_ms = ? WHERE "
                "municipality_code = ? AND id = ?",
                {Int(now), Text(code), Text(reg.id)}));
    json detail = {{"event_id", reg.event_id}};
    if (reg.status == "registered") {
      DENEN_TRY(next, tx.QueryOne("SELECT id FROM reception_registrations WHERE municipality_code = ? AND event_id = ? "
                                  "AND status = 'waiting' ORDER BY created_at_ms, id LIMIT 1",
                                  {Text(code), Text(reg.event_id)}));
      if (next) {
        DENEN_TRY_VOID(
            tx.Exec("UPDATE reception_registrations SET status = 'registered', updated_at_ms = ? WHERE "
                    "municipality_code = ? AND id = ?",
                    {Int(now), Text(code), Text(next->Text(0))}));
        detail["promoted"] = next->Text(0);
      }
    }
    reg.status = "cancelled";
    return Audit(tx, clock_, code, actor, "reception.registration.cancel", "reception_registration", reg.id, detail);
  }));
  return reg;
}

Result<std::vector<Registration>> ReceptionRepository::ListRegistrations(const std::string& code,
                                                                         const std::string& event_id) {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kRegistrationColumns) +
                                " FROM reception_registrations WHERE municipality_code = ? AND event_id = ? ORDER BY "
                                "created_at_ms, id",
                            {Text(code), Text(event_id)}));
  std::vector<Registration> out;
  for (const auto& r : rows) out.push_back(RegistrationFromRow(r));
  return out;
}

Result<EventCounts> ReceptionRepository::CountEvent(const std::string& code, const std::string& event_id) {
  EventCounts c;
  DENEN_TRY(rows, db_.Query("SELECT status, COUNT(*) FROM reception_registrations WHERE municipality_code = ? AND "
                            "event_id = ? GROUP BY status",
                            {Text(code), Text(event_id)}));
  for (const auto& r : rows) {
    if (r.Text(0) == "registered") c.registered = static_cast<int>(r.Int(1));
    if (r.Text(0) == "waiting") c.waiting = static_cast<int>(r.Int(1));
  }
  DENEN_TRY(visits, CountOne(db_,
                             "SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND kind = 'event' "
                             "AND event_id = ?",
                             {Text(code), Text(event_id)}));
  c.checked_in = static_cast<int>(visits);
  return c;
}

// ---- Shelters ----------------------------------------------------------------------

Result<ShelterStatus> ReceptionRepository::OpenShelter(const std::string& code, const std::string& place_id,
                                                       std::optional<int> capacity, const std::string& actor) {
  if (capacity && (*capacity < 0 || *capacity > 100000)) {
    return Fail(Error::Invalid("invalid_capacity", "「収容人数」(capacity) が範囲外です"));
  }
  ShelterStatus status;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(place, FindPlace(tx, code, place_id));
    if (!place) return Fail(PlaceNotFound());
    DENEN_TRY(open, tx.QueryOne("SELECT id FROM reception_shelter_openings WHERE municipality_code = ? AND "
                                "place_id = ? AND closed_at_ms IS NULL",
                                {Text(code), Text(place_id)}));
    if (open) return Fail(Error::Conflict("shelter_already_open", "この避難所はすでに開設されています"));
    const int64_t now = clock_.NowMillis();
    status.opening_id = NewId(clock_);
    status.place_id = place_id;
    status.name = place->name;
    status.address = place->address;
    status.capacity = capacity.value_or(place->shelter_capacity);
    status.opened_at_ms = now;
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO reception_shelter_openings (municipality_code, id, place_id, capacity, opened_at_ms, opened_by, "
        "closed_at_ms, closed_by) VALUES (?, ?, ?, ?, ?, ?, NULL, '')",
        {Text(code), Text(status.opening_id), Text(place_id), Int(status.capacity), Int(now), Text(actor)}));
    return Audit(tx, clock_, code, actor, "reception.shelter.open", "reception_shelter", status.opening_id,
                 {{"place_id", place_id}, {"capacity", status.capacity}});
  }));
  return status;
}

Result<void> ReceptionRepository::CloseShelter(const std::string& code, const std::string& opening_id,
                                               const std::string& actor) {
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(n, tx.Exec("UPDATE reception_shelter_openings SET closed_at_ms = ?, closed_by = ? WHERE "
                         "municipality_code = ? AND id = ? AND closed_at_ms IS NULL",
                         {Int(clock_.NowMillis()), Text(actor), Text(code), Text(opening_id)}));
    if (n == 0) return Fail(Error::NotFound("shelter_not_open", "開設中の避難所が見つかりません"));
    return Audit(tx, clock_, code, actor, "reception.shelter.close", "reception_shelter", opening_id, json::object());
  });
}

Result<std::vector<ShelterStatus>> ReceptionRepository::Shelters(const std::string& code, bool include_closed) {
  DENEN_TRY(openings, db_.Query("SELECT o.id, o.place_id, p.name, p.address, o.capacity, o.opened_at_ms, "
                                "o.closed_at_ms FROM reception_shelter_openings o JOIN reception_places p ON "
                                "p.municipality_code = o.municipality_code AND p.id = o.place_id WHERE "
                                "o.municipality_code = ? AND (o.closed_at_ms IS NULL OR CAST(? AS INTEGER) = 1) "
                                "ORDER BY o.closed_at_ms IS NOT NULL, p.name_kana, p.name, o.opened_at_ms",
                                {Text(code), Int(include_closed ? 1 : 0)}));
  DENEN_TRY(counts, db_.Query("SELECT v.opening_id, COUNT(*), COUNT(DISTINCT e.household_id), SUM(e.needs_care), "
                              "SUM(CASE WHEN e.allergy <> '' THEN 1 ELSE 0 END), SUM(e.pets), "
                              "SUM(CASE WHEN v.source = 'card' THEN 1 ELSE 0 END) FROM reception_visits v JOIN "
                              "reception_evacuees e ON e.municipality_code = v.municipality_code AND e.visit_id = "
                              "v.id WHERE v.municipality_code = ? AND v.kind = 'shelter' AND v.checked_out_at_ms IS "
                              "NULL GROUP BY v.opening_id",
                              {Text(code)}));
  std::vector<ShelterStatus> out;
  for (const auto& r : openings) {
    ShelterStatus s;
    s.opening_id = r.Text(0);
    s.place_id = r.Text(1);
    s.name = r.Text(2);
    s.address = r.Text(3);
    s.capacity = static_cast<int>(r.Int(4));
    s.opened_at_ms = r.Int(5);
    if (!r.IsNull(6)) s.closed_at_ms = r.Int(6);
    for (const auto& c : counts) {
      if (c.Text(0) != s.opening_id) continue;
      s.present = static_cast<int>(c.Int(1));
      s.households = static_cast<int>(c.Int(2));
      s.needs_care = static_cast<int>(c.Int(3));
      s.allergy = static_cast<int>(c.Int(4));
      s.pets = static_cast<int>(c.Int(5));
      s.by_card = static_cast<int>(c.Int(6));
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<RosterEntry>> ReceptionRepository::Roster(const std::string& code, const std::string& opening_id,
                                                             const std::string& actor) {
  std::vector<RosterEntry> out;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(opening, tx.QueryOne("SELECT id FROM reception_shelter_openings WHERE municipality_code = ? AND id = ?",
                                   {Text(code), Text(opening_id)}));
    if (!opening) return Fail(Error::NotFound("shelter_not_found", "避難所の開設記録が見つかりません"));
    DENEN_TRY(rows, tx.Query("SELECT e.household_id, v.id, v.name_kana, v.district, v.age_band, v.source, "
                             "v.checked_in_at_ms, v.checked_out_at_ms, e.needs_care, e.allergy, e.pets, e.care_note, "
                             "e.care_consent FROM reception_visits v JOIN reception_evacuees e ON "
                             "e.municipality_code = v.municipality_code AND e.visit_id = v.id JOIN "
                             "reception_households h ON h.municipality_code = e.municipality_code AND h.id = "
                             "e.household_id WHERE v.municipality_code = ? AND v.opening_id = ? ORDER BY "
                             "h.created_at_ms, h.id, v.checked_in_at_ms, v.id",
                             {Text(code), Text(opening_id)}));
    out.clear();
    for (const auto& r : rows) {
      RosterEntry e;
      e.household_id = r.Text(0);
      e.visit_id = r.Text(1);
      e.name_kana = r.Text(2);
      e.district = r.Text(3);
      e.age_band = r.Text(4);
      e.source = r.Text(5);
      e.checked_in_at_ms = r.Int(6);
      if (!r.IsNull(7)) e.checked_out_at_ms = r.Int(7);
      e.care = {r.Int(8) != 0, r.Text(9), r.Int(10) != 0, r.Text(11), r.Int(12) != 0};
      out.push_back(std::move(e));
    }
    return Audit(tx, clock_, code, actor, "reception.shelter.roster", "reception_shelter", opening_id,
                 {{"rows", out.size()}});
  }));
  return out;
}

Result<void> ReceptionRepository::UpdateCareNotes(const std::string& code, const std::string& visit_id,
                                                  const CareNotes& notes, const std::string& actor) {
  if (notes.allergy.size() > 1000 || notes.note.size() > 2000) {
    return Fail(Error::Invalid("invalid_care_notes", "要配慮者の記録が長すぎます"));
  }
  if (notes.any() && !notes.consent) {
    return Fail(Error::Invalid("care_consent_required", "要配慮者の記録には本人(または保護者)の同意が必要です"));
  }
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(n, tx.Exec("UPDATE reception_evacuees SET needs_care = ?, allergy = ?, pets = ?, care_note = ?, "
                         "care_consent = ? WHERE municipality_code = ? AND visit_id = ?",
                         {Int(notes.needs_care ? 1 : 0), Text(notes.allergy), Int(notes.pets ? 1 : 0), Text(notes.note),
                          Int(notes.consent ? 1 : 0), Text(code), Text(visit_id)}));
    if (n == 0) return Fail(Error::NotFound("evacuee_not_found", "避難者の記録が見つかりません"));
    return Audit(tx, clock_, code, actor, "reception.evacuee.care", "reception_visit", visit_id,
                 {{"consent", notes.consent}});
  });
}

// ---- Analytics ---------------------------------------------------------------------

Result<VisitTally> ReceptionRepository::TallyVisits(const std::string& code, const std::string& from,
                                                    const std::string& to) {
  // Four scans of the period, each grouped so that it returns a few hundred
  // rows at most however many visits there are. The Japan hour is 9 hours
  // ahead of UTC.
  const store::Params period = PeriodParams(code, from, to);
  VisitTally t;
  DENEN_TRY_VOID(db_.ReadSnapshot([&](store::Database& snap) -> Result<void> {
    t = {};
    DENEN_TRY(groups,
              snap.Query(std::string("SELECT kind, place_id, event_id, source, "
                                     "((checked_in_at_ms + 32400000) / 3600000) % 24 AS h, COUNT(*)") +
                             kVisitsInPeriod + " GROUP BY kind, place_id, event_id, source, h ORDER BY 1, 2, 3, 4",
                         period));
    for (const auto& r : groups) {
      const int64_t n = r.Int(5);
      if (t.groups.empty() || t.groups.back().kind != r.Text(0) || t.groups.back().place_id != r.Text(1) ||
          t.groups.back().event_id != r.Text(2) || t.groups.back().source != r.Text(3)) {
        t.groups.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), 0});
      }
      t.groups.back().visits += n;
      const int64_t hour = r.Int(4);
      if (hour >= 0 && hour < 24) t.by_hour[static_cast<size_t>(hour)] += n;
    }
    DENEN_TRY(dates, snap.Query(std::string("SELECT visit_date, COUNT(*)") + kVisitsInPeriod + " GROUP BY visit_date",
                                period));
    for (const auto& r : dates) t.by_date[r.Text(0)] += r.Int(1);
    DENEN_TRY(people, snap.Query(std::string("SELECT district, age_band, COUNT(*)") + kVisitsInPeriod +
                                     " GROUP BY district, age_band",
                                 period));
    for (const auto& r : people) {
      t.by_district[r.Text(0)] += r.Int(2);
      t.by_age_band[r.Text(1)] += r.Int(2);
    }
    DENEN_TRY(residents,
              snap.QueryOne(std::string("SELECT COUNT(*), COALESCE(SUM(CASE WHEN days >= 2 THEN 1 ELSE 0 END), 0) "
                                        "FROM (SELECT resident_id, COUNT(DISTINCT visit_date) AS days") +
                                kVisitsInPeriod +
                                " AND resident_id IS NOT NULL AND resident_id <> '' GROUP BY resident_id) d",
                            period));
    if (residents) {
      t.residents = residents->Int(0);
      t.repeat_residents = residents->Int(1);
    }
    return {};
  }));
  return t;
}

Result<std::vector<MonthVisits>> ReceptionRepository::CountVisitsByMonth(const std::string& code,
                                                                         const std::string& from,
                                                                         const std::string& to) {
  DENEN_TRY(rows, db_.Query(std::string("SELECT substr(visit_date, 1, 7) AS month, kind, source, COUNT(*)") +
                                kVisitsInPeriod + " GROUP BY month, kind, source ORDER BY 1, 2, 3",
                            PeriodParams(code, from, to)));
  std::vector<MonthVisits> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

Result<std::vector<VisitFact>> ReceptionRepository::VisitFacts(const std::string& code, const std::string& from,
                                                               const std::string& to) {
  DENEN_TRY(rows, db_.Query(std::string(kFactColumns) + kVisitsInPeriod, PeriodParams(code, from, to)));
  std::vector<VisitFact> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FactOf(r));
  return out;
}

Result<std::vector<VisitRow>> ReceptionRepository::ExportVisits(const std::string& code, const std::string& from,
                                                                const std::string& to, const std::string& actor) {
  std::vector<VisitRow> out;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(rows, tx.Query(std::string(kFactColumns) + ", id, name_kana, checked_out_at_ms, device_id" +
                                 kVisitsInPeriod + " ORDER BY checked_in_at_ms, id",
                             PeriodParams(code, from, to)));
    out.clear();
    for (const auto& r : rows) {
      VisitRow v;
      v.fact = FactOf(r);
      v.id = r.Text(9);
      v.name_kana = r.Text(10);
      if (!r.IsNull(11)) v.checked_out_at_ms = r.Int(11);
      v.device_id = r.Text(12);
      out.push_back(std::move(v));
    }
    return Audit(tx, clock_, code, actor, "reception.visits.export", "reception_visit", "",
                 {{"from", from}, {"to", to}, {"rows", out.size()}});
  }));
  return out;
}

Result<int64_t> ReceptionRepository::ForgetPersonalData(const std::string& code, int retention_days,
                                                        const std::string& actor) {
  if (retention_days <= 0) return int64_t{0};
  const int64_t cutoff_ms = clock_.NowMillis() - int64_t{retention_days} * 86400000;
  const std::string cutoff_date = JapanDate(cutoff_ms);
  int64_t visits = 0;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec(
        "UPDATE reception_evacuees SET needs_care = 0, allergy = '', pets = 0, care_note = '', care_consent = 0 "
        "WHERE municipality_code = ? AND (needs_care <> 0 OR allergy <> '' OR pets <> 0 OR care_note <> '' OR "
        "care_consent <> 0) AND visit_id IN (SELECT id FROM reception_visits WHERE municipality_code = ? AND "
        "visit_date < ?)",
        {Text(code), Text(code), Text(cutoff_date)}));
    DENEN_TRY(changed, tx.Exec("UPDATE reception_visits SET resident_id = NULL, name_kana = '' "
                               "WHERE municipality_code = ? AND visit_date < ? AND "
                               "(resident_id IS NOT NULL OR name_kana <> '')",
                               {Text(code), Text(cutoff_date)}));
    visits = changed;
    DENEN_TRY(registrations, tx.Exec("UPDATE reception_registrations SET resident_id = NULL, name_kana = '' "
                                     "WHERE municipality_code = ? AND created_at_ms < ? AND "
                                     "(resident_id IS NOT NULL OR name_kana <> '')",
                                     {Text(code), Int(cutoff_ms)}));
    if (visits == 0 && registrations == 0) return {};
    json detail = {{"visits", visits}, {"registrations", registrations}, {"before", cutoff_date}};
    return audit::Record(tx, clock_, code, {actor, "reception.retention", "reception_visits", "", detail.dump()});
  }));
  return visits;
}

}  // namespace denen::reception
