#include "lock/lock_repository.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "audit/audit_log.h"
#include "core/random.h"
#include "lock/reservation_csv.h"

namespace denen::lock {
namespace {

using nlohmann::json;
using store::Int;
using store::Text;

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kJapanOffsetMs = 9 * 60 * kMinuteMs;

Result<void> Audit(store::Database& tx, const Clock& clock, const std::string& code, const std::string& actor,
                   std::string action, std::string type, const std::string& id, const json& detail) {
  return audit::Record(tx, clock, code, {actor, std::move(action), std::move(type), id, detail.dump()});
}

Error NotFound(std::string code, std::string what) {
  return Error::NotFound(std::move(code), what + "が見つかりません");
}

std::optional<std::string> OptText(const store::Row& r, size_t i) {
  return r.IsNull(i) ? std::nullopt : std::optional<std::string>(r.Text(i));
}
std::optional<int64_t> OptInt(const store::Row& r, size_t i) {
  return r.IsNull(i) ? std::nullopt : std::optional<int64_t>(r.Int(i));
}

std::string FormatClock(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

// The next rights revision, which the changed right records.
Result<int64_t> BumpRightsRevision(store::Database& tx, const std::string& code) {
  DENEN_TRY_VOID(
      tx.Exec("INSERT INTO lock_rights_revisions (municipality_code, last_revision) VALUES (?, 1) ON CONFLICT "
              "(municipality_code) DO UPDATE SET last_revision = lock_rights_revisions.last_revision + 1",
              {Text(code)}));
  DENEN_TRY(row,
            tx.QueryOne("SELECT last_revision FROM lock_rights_revisions WHERE municipality_code = ?", {Text(code)}));
  return row->Int(0);
}

Result<int64_t> Revision(store::Database& db, std::string_view table, const std::string& code) {
  DENEN_TRY(row, db.QueryOne("SELECT last_revision FROM " + std::string(table) + " WHERE municipality_code = ?",
                             {Text(code)}));
  return row ? row->Int(0) : 0;
}

struct Entry {
  std::string identity_key;
  std::string kind;
  int64_t from_ms = 0;
  int64_t until_ms = 0;
  std::string right_id;
  std::string resident_id;
  bool operator==(const Entry&) const = default;
};

Result<Grant> GrantOf(const std::string& id, const Entry& e) {
  DENEN_TRY(kind, ParseGrantKind(e.kind));
  return Grant{id, e.identity_key, kind, e.from_ms, e.until_ms};
}

std::string HexDecode(std::string_view hex) {
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    unsigned v = 0;
    std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
    raw.push_back(static_cast<char>(v));
  }
  return raw;
}

constexpr std::string_view kReservationColumns =
    "id, external_ref, resident_id, facility_id, room_id, reserved_on, start_minute, end_minute, purpose, fee_yen, "
    "payment, status";

}  // namespace

std::string_view PaymentId(Payment p) {
  switch (p) {
    case Payment::kUnpaid:
      return "unpaid";
    case Payment::kPaid:
      return "paid";
    case Payment::kWaived:
      return "waived";
  }
  return "unpaid";
}

Result<Payment> ParsePayment(std::string_view id) {
  for (Payment p : {Payment::kUnpaid, Payment::kPaid, Payment::kWaived}) {
    if (PaymentId(p) == id) return p;
  }
  return Fail(Error::Invalid("invalid_payment", "支払状況(payment)は unpaid, paid, waived のいずれかです"));
}

std::string_view ReservationStatusId(ReservationStatus s) {
  switch (s) {
    case ReservationStatus::kPending:
      return "pending";
    case ReservationStatus::kApproved:
      return "approved";
    case ReservationStatus::kCancelled:
      return "cancelled";
  }
  return "pending";
}

Result<ReservationStatus> ParseReservationStatus(std::string_view id) {
  for (ReservationStatus s :
       {ReservationStatus::kPending, ReservationStatus::kApproved, ReservationStatus::kCancelled}) {
    if (ReservationStatusId(s) == id) return s;
  }
  return Fail(Error::Invalid("invalid_status", "状態(status)は pending, approved, cancelled のいずれかです"));
}

Result<int> ParseClockTime(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return Fail(Error::Invalid("invalid_" + std::string(field),
                               "時刻(" + std::string(field) + ")は HH:MM(00:00〜24:00)で書いてください"));
  };
  if (text.size() != 5 || text[2] != ':') return bad();
  int h = 0;
  int m = 0;
  if (std::from_chars(text.data(), text.data() + 2, h).ptr != text.data() + 2) return bad();
  if (std::from_chars(text.data() + 3, text.data() + 5, m).ptr != text.data() + 5) return bad();
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return bad();
  return h * 60 + m;
}

Result<int64_t> JapanInstant(const std::string& date, int minute_of_day) {
  int y = 0;
  int mo = 0;
  int d = 0;
  auto bad = Error::Invalid("invalid_date", "日付(date)は YYYY-MM-DD で書いてください");
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return Fail(bad);
  if (std::from_chars(date.data(), date.data() + 4, y).ptr != date.data() + 4 ||
      std::from_chars(date.data() + 5, date.data() + 7, mo).ptr != date.data() + 7 ||
      std::from_chars(date.data() + 8, date.data() + 10, d).ptr != date.data() + 10) {
    return Fail(bad);
  }
  if (y < 2000 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31) return Fail(bad);
  const int64_t days = DaysFromCivil(y, mo, d);
  const CivilDate back = CivilFromDays(days);
  if (back.month != mo || back.day != d) return Fail(bad);
  return days * 86400000LL + minute_of_day * kMinuteMs - kJapanOffsetMs;
}

// ---- Facilities, rooms, doors ------------------------------------------------

Result<Facility> LockRepository::AddFacility(const std::string& code, Facility f, const std::string& actor) {
  static const std::set<std::string> kKinds = {"community_centre", "school_gym", "city_hall", "other"};
  if (f.name.empty() || f.name.size() > 200) return Fail(Error::Invalid("invalid_name", "施設名を入力してください"));
  if (!kKinds.contains(f.kind)) {
    return Fail(Error::Invalid("invalid_kind", "施設の種類は community_centre, school_gym, city_hall, other です"));
  }
  f.id = NewId(clock_);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(taken, tx.QueryOne("SELECT 1 FROM lock_facilities WHERE municipality_code = ? AND name = ?",
                                 {Text(code), Text(f.name)}));
    if (taken) return Fail(Error::Conflict("facility_name_taken", "同じ名前の施設がすでにあります"));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO lock_facilities (municipality_code, id, name, kind, shelter, created_at_ms) VALUES (?, ?, ?, ?, "
        "?, ?)",
        {Text(code), Text(f.id), Text(f.name), Text(f.kind), Int(f.shelter ? 1 : 0), Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "lock.facility.create", "lock_facility", f.id,
                 {{"kind", f.kind}, {"shelter", f.shelter}});
  }));
  return f;
}

Result<std::vector<Facility>> LockRepository::ListFacilities(const std::string& code) {
  DENEN_TRY(rows, db_.Query("SELECT id, name, kind, shelter FROM lock_facilities WHERE municipality_code = ? ORDER BY "
                            "name",
                            {Text(code)}));
  std::vector<Facility> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0});
  return out;
}

Result<Room> LockRepository::AddRoom(const std::string& code, Room room, const std::string& actor) {
  if (room.name.empty() || room.name.size() > 200)
    return Fail(Error::Invalid("invalid_name", "部屋名を入力してください"));
  room.id = NewId(clock_);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(facility, tx.QueryOne("SELECT 1 FROM lock_facilities WHERE municipality_code = ? AND id = ?",
                                    {Text(code), Text(room.facility_id)}));
    if (!facility) return Fail(NotFound("facility_not_found", "施設"));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO lock_rooms (municipality_code, id, facility_id, name, created_at_ms) VALUES (?, ?, ?, ?, ?)",
        {Text(code), Text(room.id), Text(room.facility_id), Text(room.name), Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "lock.room.create", "lock_room", room.id,
                 {{"facility_id", room.facility_id}});
  }));
  return room;
}

Result<std::vector<Room>> LockRepository::ListRooms(const std::string& code) {
  DENEN_TRY(rows, db_.Query("SELECT id, facility_id, name FROM lock_rooms WHERE municipality_code = ? ORDER BY "
                            "facility_id, name",
                            {Text(code)}));
  std::vector<Room> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return out;
}

Result<DoorInfo> LockRepository::AddDoor(const std::string& code, const std::string& facility_id,
                                         const std::optional<std::string>& room_id, const std::string& name,
                                         const std::string& actor) {
  if (name.empty() || name.size() > 200) return Fail(Error::Invalid("invalid_name", "扉の名前を入力してください"));
  DoorInfo door;
  door.id = NewId(clock_);
  door.facility_id = facility_id;
  door.room_id = room_id;
  door.name = name;
  door.lock_state = "unknown";
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(facility, tx.QueryOne("SELECT 1 FROM lock_facilities WHERE municipality_code = ? AND id = ?",
                                    {Text(code), Text(facility_id)}));
    if (!facility) return Fail(NotFound("facility_not_found", "施設"));
    if (room_id) {
      DENEN_TRY(room, tx.QueryOne("SELECT 1 FROM lock_rooms WHERE municipality_code = ? AND id = ? AND facility_id = ?",
                                  {Text(code), Text(*room_id), Text(facility_id)}));
      if (!room) return Fail(NotFound("room_not_found", "この施設の部屋"));
    }
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO lock_doors (municipality_code, id, facility_id, room_id, name, version, acked_version, "
                "delta_floor, refreshed_identity_revision, refreshed_rights_revision, refreshed_at_ms, created_at_ms) "
                "VALUES (?, ?, ?, ?, ?, 0, 0, 0, -1, -1, 0, ?)",
                {Text(code), Text(door.id), Text(facility_id), store::OptionalText(room_id), Text(name),
                 Int(clock_.NowMillis())}));
    return Audit(tx, clock_, code, actor, "lock.door.create", "lock_door", door.id, {{"facility_id", facility_id}});
  }));
  door.pending_sync = true;
  return door;
}

Result<std::vector<DoorInfo>> LockRepository::ListDoors(const std::string& code) {
  DENEN_TRY(identity_rev, Revision(db_, "card_identity_revisions", code));
  DENEN_TRY(rights_rev, Revision(db_, "lock_rights_revisions", code));
  const int64_t now = clock_.NowMillis();
  DENEN_TRY(rows,
            db_.Query("SELECT d.id, d.facility_id, d.room_id, d.name, d.version, d.acked_version, d.last_sync_ms, "
                      "d.lock_state, d.battery_percent, d.refreshed_identity_revision, d.refreshed_rights_revision, "
                      "(SELECT MAX(c.until_ms) FROM lock_commands c WHERE c.municipality_code = d.municipality_code "
                      "AND c.door_id = d.id AND c.kind = 'emergency_open' AND c.until_ms > ? AND NOT EXISTS (SELECT 1 "
                      "FROM lock_commands e WHERE e.municipality_code = c.municipality_code AND e.door_id = c.door_id "
                      "AND e.kind = 'emergency_end' AND e.created_at_ms >= c.created_at_ms)) "
                      "FROM lock_doors d WHERE d.municipality_code = ? ORDER BY d.facility_id, d.name",
                      {Int(now), Text(code)}));
  std::vector<DoorInfo> out;
  for (const auto& r : rows) {
    DoorInfo d;
    d.id = r.Text(0);
    d.facility_id = r.Text(1);
    d.room_id = OptText(r, 2);
    d.name = r.Text(3);
    d.version = static_cast<uint64_t>(r.Int(4));
    d.acked_version = static_cast<uint64_t>(r.Int(5));
    d.last_sync_ms = OptInt(r, 6);
    d.lock_state = r.Text(7);
    if (!r.IsNull(8)) d.battery_percent = static_cast<int>(r.Int(8));
    d.online = d.last_sync_ms && now - *d.last_sync_ms <= settings_.online_within_ms;
    d.pending_sync = d.acked_version < d.version || r.Int(9) < identity_rev || r.Int(10) < rights_rev;
    d.emergency_open_until_ms = OptInt(r, 11);
    out.push_back(std::move(d));
  }
  return out;
}

// ---- Signing key ----------------------------------------------------------------

Result<std::string> LockRepository::SecretKey(store::Database& db, const std::string& code) {
  DENEN_TRY(row, db.QueryOne("SELECT secret_key FROM lock_signing_keys WHERE municipality_code = ?", {Text(code)}));
  if (!row) return Fail(Error::Internal("signing_key_missing", "署名鍵がありません"));
  std::string hex = row->Text(0);
  return HexDecode(hex);
}

Result<std::string> LockRepository::PublicKey(const std::string& code) {
  DENEN_TRY(row, db_.QueryOne("SELECT public_key FROM lock_signing_keys WHERE municipality_code = ?", {Text(code)}));
  if (!row) {
    SigningKeyPair pair = NewSigningKeyPair();
    DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
      DENEN_TRY(made, tx.Exec("INSERT INTO lock_signing_keys (municipality_code, public_key, secret_key, "
                              "created_at_ms) VALUES (?, ?, ?, "
                              "?) ON CONFLICT (municipality_code) DO NOTHING",
                              {Text(code), Text(HexEncode(pair.public_key)), Text(HexEncode(pair.secret_key)),
                               Int(clock_.NowMillis())}));
      if (made == 0) return {};  // another request made it first
      return Audit(tx, clock_, code, "system", "lock.key.create", "lock_signing_key", code, json::object());
    }));
    DENEN_TRY(again,
              db_.QueryOne("SELECT public_key FROM lock_signing_keys WHERE municipality_code = ?", {Text(code)}));
    row = std::move(again);
  }
  std::string hex = row->Text(0);
  return HexDecode(hex);
}

// ---- Reservations and rights --------------------------------------------------------

Result<void> LockRepository::ValidateReservation(store::Database& db, const std::string& code,
                                                 const ReservationInput& in) {
  if (in.resident_id.empty()) return Fail(Error::Invalid("invalid_resident_id", "住民ID(resident_id)がありません"));
  if (in.purpose.size() > 400) return Fail(Error::Invalid("invalid_purpose", "利用目的(purpose)が長すぎます"));
  if (in.external_ref.size() > 100) return Fail(Error::Invalid("invalid_external_ref", "予約番号が長すぎます"));
  if (in.fee_yen < 0) return Fail(Error::Invalid("invalid_fee", "使用料(fee_yen)は0以上です"));
  DENEN_TRY(start, ParseClockTime(in.start_time, "start"));
  DENEN_TRY(end, ParseClockTime(in.end_time, "end"));
  if (end <= start) return Fail(Error::Invalid("invalid_end", "終了時刻(end)は開始時刻より後にしてください"));
  DENEN_TRY_VOID(JapanInstant(in.date, start));
  DENEN_TRY(resident, db.QueryOne("SELECT status FROM residents WHERE municipality_code = ? AND id = ?",
                                  {Text(code), Text(in.resident_id)}));
  if (!resident) return Fail(NotFound("resident_not_found", "住民(" + in.resident_id + ")"));
  DENEN_TRY(facility, db.QueryOne("SELECT 1 FROM lock_facilities WHERE municipality_code = ? AND id = ?",
                                  {Text(code), Text(in.facility_id)}));
  if (!facility) return Fail(NotFound("facility_not_found", "施設(" + in.facility_id + ")"));
  if (in.room_id) {
    DENEN_TRY(room, db.QueryOne("SELECT 1 FROM lock_rooms WHERE municipality_code = ? AND id = ? AND facility_id = ?",
                                {Text(code), Text(*in.room_id), Text(in.facility_id)}));
    if (!room) return Fail(NotFound("room_not_found", "この施設の部屋(" + *in.room_id + ")"));
  }
  return {};
}

Result<Reservation> LockRepository::LoadReservation(store::Database& db, const std::string& code,
                                                    const std::string& id) {
  DENEN_TRY(row, db.QueryOne("SELECT " + std::string(kReservationColumns) +
                                 " FROM lock_reservations WHERE municipality_code = ? AND id = ?",
                             {Text(code), Text(id)}));
  if (!row) return Fail(NotFound("reservation_not_found", "予約"));
  Reservation r;
  r.id = row->Text(0);
  r.input.external_ref = row->Text(1);
  r.input.resident_id = row->Text(2);
  r.input.facility_id = row->Text(3);
  r.input.room_id = OptText(*row, 4);
  r.input.date = row->Text(5);
  r.input.start_time = FormatClock(static_cast<int>(row->Int(6)));
  r.input.end_time = FormatClock(static_cast<int>(row->Int(7)));
  r.input.purpose = row->Text(8);
  r.input.fee_yen = row->Int(9);
  r.input.payment = ParsePayment(row->Text(10)).value_or(Payment::kUnpaid);
  r.input.status = ParseReservationStatus(row->Text(11)).value_or(ReservationStatus::kPending);
  DENEN_TRY(right, db.QueryOne("SELECT id, from_ms, until_ms FROM lock_rights WHERE municipality_code = ? AND "
                               "reservation_id = ? AND revoked_at_ms IS NULL",
                               {Text(code), Text(id)}));
  if (right) {
    r.right_id = right->Text(0);
    r.window_from_ms = right->Int(1);
    r.window_until_ms = right->Int(2);
  }
  return r;
}

Result<void> LockRepository::DeriveRight(store::Database& tx, const std::string& code, const Reservation& r,
                                         const std::string& actor) {
  const bool paid = r.input.payment != Payment::kUnpaid || r.input.fee_yen == 0;
  const bool wanted = r.input.status == ReservationStatus::kApproved && paid;
  DENEN_TRY(start, ParseClockTime(r.input.start_time, "start"));
  DENEN_TRY(end, ParseClockTime(r.input.end_time, "end"));
  DENEN_TRY(from, JapanInstant(r.input.date, start));
  DENEN_TRY(until, JapanInstant(r.input.date, end));
  from -= settings_.margin_before_minutes * kMinuteMs;
  until += settings_.margin_after_minutes * kMinuteMs;
  const int64_t now = clock_.NowMillis();
  bool keep = false;
  if (r.right_id) {
    DENEN_TRY(row, tx.QueryOne("SELECT from_ms, until_ms, room_id FROM lock_rights WHERE municipality_code = ? AND "
                               "id = ?",
                               {Text(code), Text(*r.right_id)}));
    keep = wanted && row && row->Int(0) == from && row->Int(1) == until && OptText(*row, 2) == r.input.room_id;
    if (!keep) {
      DENEN_TRY(revision, BumpRightsRevision(tx, code));
      DENEN_TRY_VOID(
          tx.Exec("UPDATE lock_rights SET revoked_at_ms = ?, revision = ? WHERE municipality_code = ? AND "
                  "id = ?",
                  {Int(now), Int(revision), Text(code), Text(*r.right_id)}));
      DENEN_TRY_VOID(
          Audit(tx, clock_, code, actor, "lock.right.revoke", "lock_right", *r.right_id, {{"reservation_id", r.id}}));
    }
  }
  if (wanted && !keep) {
    const std::string id = NewId(clock_);
    DENEN_TRY(revision, BumpRightsRevision(tx, code));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO lock_rights (municipality_code, id, resident_id, facility_id, room_id, kind, from_ms, until_ms, "
        "reservation_id, note, created_at_ms, created_by, revision) VALUES (?, ?, ?, ?, ?, 'window', ?, ?, ?, '', ?, "
        "?, ?)",
        {Text(code), Text(id), Text(r.input.resident_id), Text(r.input.facility_id),
         store::OptionalText(r.input.room_id), Int(from), Int(until), Text(r.id), Int(now), Text(actor),
         Int(revision)}));
    DENEN_TRY_VOID(Audit(tx, clock_, code, actor, "lock.right.grant", "lock_right", id,
                         {{"reservation_id", r.id}, {"kind", "window"}, {"from_ms", from}, {"until_ms", until}}));
  }
  return {};
}

Result<Reservation> LockRepository::CreateReservation(const std::string& code, const ReservationInput& input,
                                                      const std::string& actor) {
  std::string id = NewId(clock_);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(ValidateReservation(tx, code, input));
    if (!input.external_ref.empty()) {
      DENEN_TRY(taken, tx.QueryOne("SELECT 1 FROM lock_reservations WHERE municipality_code = ? AND external_ref = ?",
                                   {Text(code), Text(input.external_ref)}));
      if (taken) return Fail(Error::Conflict("external_ref_taken", "同じ予約番号の予約がすでにあります"));
    }
    const int64_t now = clock_.NowMillis();
    DENEN_TRY(start, ParseClockTime(input.start_time, "start"));
    DENEN_TRY(end, ParseClockTime(input.end_time, "end"));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO lock_reservations (municipality_code, id, external_ref, resident_id, facility_id, room_id, "
        "reserved_on, start_minute, end_minute, purpose, fee_yen, payment, status, created_at_ms, created_by, "
        "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(code), Text(id), Text(input.external_ref), Text(input.resident_id), Text(input.facility_id),
         store::OptionalText(input.room_id), Text(input.date), Int(start), Int(end), Text(input.purpose),
         Int(input.fee_yen), Text(std::string(PaymentId(input.payment))),
         Text(std::string(ReservationStatusId(input.status))), Int(now), Text(actor), Int(now)}));
    DENEN_TRY_VOID(Audit(tx, clock_, code, actor, "lock.reservation.create", "lock_reservation", id,
                         {{"facility_id", input.facility_id},
                          {"date", input.date},
                          {"status", ReservationStatusId(input.status)},
                          {"payment", PaymentId(input.payment)}}));
    DENEN_TRY(stored, LoadReservation(tx, code, id));
    return DeriveRight(tx, code, stored, actor);
  }));
  return LoadReservation(db_, code, id);
}

Result<Reservation> LockRepository::UpdateReservation(const std::string& code, const std::string& id,
                                                      std::optional<Payment> payment,
                                                      std::optional<ReservationStatus> status,
                                                      const std::string& actor) {
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(r, LoadReservation(tx, code, id));
    if (r.input.status == ReservationStatus::kCancelled && status && *status != ReservationStatus::kCancelled) {
      return Fail(Error::Conflict("reservation_cancelled", "取り消された予約は元に戻せません。新しく予約してください"));
    }
    if (payment) r.input.payment = *payment;
    if (status) r.input.status = *status;
    DENEN_TRY_VOID(
        tx.Exec("UPDATE lock_reservations SET payment = ?, status = ?, updated_at_ms = ? WHERE municipality_code = ? "
                "AND id = ?",
                {Text(std::string(PaymentId(r.input.payment))), Text(std::string(ReservationStatusId(r.input.status))),
                 Int(clock_.NowMillis()), Text(code), Text(id)}));
    DENEN_TRY_VOID(Audit(tx, clock_, code, actor, "lock.reservation.update", "lock_reservation", id,
                         {{"status", ReservationStatusId(r.input.status)}, {"payment", PaymentId(r.input.payment)}}));
    return DeriveRight(tx, code, r, actor);
  }));
  return LoadReservation(db_, code, id);
}

Result<std::vector<Reservation>> LockRepository::ListReservations(const std::string& code,
                                                                  const std::string& facility_id,
                                                                  const std::string& from_date,
                                                                  const std::string& to_date) {
  DENEN_TRY(rows, db_.Query("SELECT id FROM lock_reservations WHERE municipality_code = ? AND facility_id = ? AND "
                            "reserved_on >= ? AND reserved_on <= ? ORDER BY reserved_on, start_minute, id",
                            {Text(code), Text(facility_id), Text(from_date), Text(to_date)}));
  std::vector<Reservation> out;
  for (const auto& r : rows) {
    DENEN_TRY(res, LoadReservation(db_, code, r.Text(0)));
    out.push_back(std::move(res));
  }
  return out;
}

Result<ImportReport> LockRepository::ImportReservationsCsv(const std::string& code, std::string_view csv,
                                                           const std::string& actor) {
  DENEN_TRY(parsed, ParseReservationCsv(csv));
  ImportReport report;
  report.errors = parsed.errors;
  std::set<std::string> refs;
  for (const auto& row : parsed.rows) {
    if (!refs.insert(row.input.external_ref).second) {
      report.errors.push_back("行 " + std::to_string(row.line) + ": 予約番号 " + row.input.external_ref +
                              " が重複しています");
    }
    if (auto ok = ValidateReservation(db_, code, row.input); !ok) {
      report.errors.push_back("行 " + std::to_string(row.line) + ": " + ok.error().message);
    }
  }
  if (!report.errors.empty()) return report;
  ImportReport counts;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    counts = {};
    for (const auto& row : parsed.rows) {
      const ReservationInput& in = row.input;
      DENEN_TRY(existing, tx.QueryOne("SELECT id FROM lock_reservations WHERE municipality_code = ? AND "
                                      "external_ref = ?",
                                      {Text(code), Text(in.external_ref)}));
      DENEN_TRY(start, ParseClockTime(in.start_time, "start"));
      DENEN_TRY(end, ParseClockTime(in.end_time, "end"));
      const int64_t now = clock_.NowMillis();
      std::string id;
      if (existing) {
        id = existing->Text(0);
        DENEN_TRY(stored, LoadReservation(tx, code, id));
        if (stored.input.resident_id == in.resident_id && stored.input.facility_id == in.facility_id &&
            stored.input.room_id == in.room_id && stored.input.date == in.date &&
            stored.input.start_time == FormatClock(start) && stored.input.end_time == FormatClock(end) &&
            stored.input.purpose == in.purpose && stored.input.fee_yen == in.fee_yen &&
            stored.input.payment == in.payment && stored.input.status == in.status) {
          ++counts.unchanged;
          continue;
        }
        DENEN_TRY_VOID(tx.Exec(
            "UPDATE lock_reservations SET resident_id = ?, facility_id = ?, room_id = ?, reserved_on = ?, "
            "start_minute = ?, end_minute = ?, purpose = ?, fee_yen = ?, payment = ?, status = ?, updated_at_ms = ? "
            "WHERE municipality_code = ? AND id = ?",
            {Text(in.resident_id), Text(in.facility_id), store::OptionalText(in.room_id), Text(in.date), Int(start),
             Int(end), Text(in.purpose), Int(in.fee_yen), Text(std::string(PaymentId(in.payment))),
             Text(std::string(ReservationStatusId(in.status))), Int(now), Text(code), Text(id)}));
        ++counts.updated;
      } else {
        id = NewId(clock_);
        DENEN_TRY_VOID(tx.Exec(
            "INSERT INTO lock_reservations (municipality_code, id, external_ref, resident_id, facility_id, room_id, "
            "reserved_on, start_minute, end_minute, purpose, fee_yen, payment, status, created_at_ms, created_by, "
            "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {Text(code), Text(id), Text(in.external_ref), Text(in.resident_id), Text(in.facility_id),
             store::OptionalText(in.room_id), Text(in.date), Int(start), Int(end), Text(in.purpose), Int(in.fee_yen),
             Text(std::string(PaymentId(in.payment))), Text(std::string(ReservationStatusId(in.status))), Int(now),
             Text(actor), Int(now)}));
        ++counts.created;
      }
      DENEN_TRY(stored, LoadReservation(tx, code, id));
      DENEN_TRY_VOID(DeriveRight(tx, code, stored, actor));
    }
    return Audit(tx, clock_, code, actor, "lock.reservation.import", "lock_reservation", "",
                 {{"created", counts.created}, {"updated", counts.updated}, {"unchanged", counts.unchanged}});
  }));
  return counts;
}

Result<Right> LockRepository::GrantRight(const std::string& code, const RightInput& input, const std::string& actor) {
  if (input.kind == GrantKind::kWindow) {
    return Fail(Error::Invalid("invalid_right_kind",
                               "時間帯の権限は予約から作られます。standing か shelter を指定してください"));
  }
  if (input.until_ms <= input.from_ms || input.until_ms <= clock_.NowMillis()) {
    return Fail(Error::Invalid("invalid_until", "有効期限(until)は開始より後の未来の日時にしてください"));
  }
  Right right{NewId(clock_), input, std::nullopt, std::nullopt};
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(resident, tx.QueryOne("SELECT 1 FROM residents WHERE municipality_code = ? AND id = ?",
                                    {Text(code), Text(input.resident_id)}));
    if (!resident) return Fail(NotFound("resident_not_found", "住民"));
    DENEN_TRY(facility, tx.QueryOne("SELECT shelter FROM lock_facilities WHERE municipality_code = ? AND id = ?",
                                    {Text(code), Text(input.facility_id)}));
    if (!facility) return Fail(NotFound("facility_not_found", "施設"));
    if (input.kind == GrantKind::kShelter && facility->Int(0) == 0) {
      return Fail(Error::Invalid("not_a_shelter", "避難所に指定されていない施設には避難所権限を付与できません"));
    }
    DENEN_TRY(revision, BumpRightsRevision(tx, code));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO lock_rights (municipality_code, id, resident_id, facility_id, room_id, kind, from_ms, until_ms, "
        "reservation_id, note, created_at_ms, created_by, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)",
        {Text(code), Text(right.id), Text(input.resident_id), Text(input.facility_id),
         store::OptionalText(input.room_id), Text(std::string(GrantKindId(input.kind))), Int(input.from_ms),
         Int(input.until_ms), Text(input.note), Int(clock_.NowMillis()), Text(actor), Int(revision)}));
    return Audit(tx, clock_, code, actor, "lock.right.grant", "lock_right", right.id,
                 {{"kind", GrantKindId(input.kind)}, {"facility_id", input.facility_id}, {"until_ms", input.until_ms}});
  }));
  return right;
}

Result<void> LockRepository::RevokeRight(const std::string& code, const std::string& right_id,
                                         const std::string& actor) {
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(revision, BumpRightsRevision(tx, code));
    DENEN_TRY(n, tx.Exec("UPDATE lock_rights SET revoked_at_ms = ?, revision = ? WHERE municipality_code = ? AND id = "
                         "? AND revoked_at_ms IS NULL AND reservation_id IS NULL",
                         {Int(clock_.NowMillis()), Int(revision), Text(code), Text(right_id)}));
    if (n == 0) return Fail(NotFound("right_not_found", "取り消せる権限(予約以外の有効な権限)"));
    return Audit(tx, clock_, code, actor, "lock.right.revoke", "lock_right", right_id, json::object());
  });
}

Result<std::vector<Right>> LockRepository::RightsOfResident(const std::string& code, const std::string& resident_id) {
  DENEN_TRY(rows, db_.Query("SELECT id, resident_id, facility_id, room_id, kind, from_ms, until_ms, note, "
                            "reservation_id, revoked_at_ms FROM lock_rights WHERE municipality_code = ? AND "
                            "resident_id = ? ORDER BY from_ms DESC, id",
                            {Text(code), Text(resident_id)}));
  std::vector<Right> out;
  for (const auto& r : rows) {
    Right right;
    right.id = r.Text(0);
    right.input = {r.Text(1), r.Text(2), OptText(r, 3), ParseGrantKind(r.Text(4)).value_or(GrantKind::kWindow),
                   r.Int(5),  r.Int(6),  r.Text(7)};
    right.reservation_id = OptText(r, 8);
    right.revoked_at_ms = OptInt(r, 9);
    out.push_back(std::move(right));
  }
  return out;
}

// ---- Door sync ----------------------------------------------------------------------

Result<DoorSyncResult> LockRepository::SyncDoor(const std::string& code, const std::string& door_id,
                                                const SyncRequest& request) {
  DENEN_TRY(public_key, PublicKey(code));  // makes the key on first use
  (void)public_key;
  DoorSyncResult result;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    const int64_t now = clock_.NowMillis();
    // Locks the door's row first (PostgreSQL), so two syncs of one door serialise.
    DENEN_TRY(touched, tx.Exec("UPDATE lock_doors SET last_sync_ms = ?, lock_state = ?, battery_percent = ? WHERE "
                               "municipality_code = ? AND id = ?",
                               {Int(now), Text(request.lock_state.substr(0, 20)),
                                request.battery_percent ? Int(*request.battery_percent) : store::Null(), Text(code),
                                Text(door_id)}));
    if (touched == 0) return Fail(NotFound("door_not_found", "扉"));
    DENEN_TRY(door, tx.QueryOne("SELECT version, delta_floor, refreshed_identity_revision, refreshed_rights_revision, "
                                "refreshed_at_ms FROM lock_doors WHERE municipality_code = ? AND id = ?",
                                {Text(code), Text(door_id)}));
    uint64_t version = static_cast<uint64_t>(door->Int(0));
    uint64_t floor = static_cast<uint64_t>(door->Int(1));
    if (request.version <= version) {
      DENEN_TRY_VOID(tx.Exec("UPDATE lock_doors SET acked_version = ? WHERE municipality_code = ? AND id = ?",
                             {Int(static_cast<int64_t>(request.version)), Text(code), Text(door_id)}));
    }
    for (const auto& command_id : request.applied_commands) {
      DENEN_TRY(n, tx.Exec("UPDATE lock_commands SET acked_at_ms = ? WHERE municipality_code = ? AND id = ? AND "
                           "door_id = ? AND acked_at_ms IS NULL",
                           {Int(now), Text(code), Text(command_id), Text(door_id)}));
      if (n > 0) {
        DENEN_TRY_VOID(Audit(tx, clock_, code, "device:" + door_id, "lock.emergency.applied", "lock_command",
                             command_id, {{"door_id", door_id}}));
      }
    }
    DENEN_TRY(identity_rev, Revision(tx, "card_identity_revisions", code));
    DENEN_TRY(rights_rev, Revision(tx, "lock_rights_revisions", code));
    const int64_t door_identity_rev = door->Int(2);
    const int64_t door_rights_rev = door->Int(3);
    const bool periodic = version == 0 || now - door->Int(4) >= settings_.refresh_interval_ms;
    const bool refresh = periodic || door_identity_rev != identity_rev || door_rights_rev != rights_rev;
    if (refresh) {
      // Between periodic refreshes only the entries of rights and residents
      // changed since the door's last refresh are recomputed. The periodic
      // full refresh also catches what revisions do not carry: expiry, consent,
      // and a change whose revision committed after a later one was read.
      // Each scope narrows both queries; the incremental scopes are run apart
      // (not OR-ed) so that each can use its index.
      struct Scope {
        std::string wanted_sql;
        store::Params wanted_params;
        std::string live_sql;
        store::Params live_params;
      };
      std::vector<Scope> scopes;
      if (periodic) {
        scopes.push_back({});
      } else {
        scopes.push_back({" AND r.revision > ?",
                          {Int(door_rights_rev)},
                          " AND right_id IN (SELECT r2.id FROM lock_rights r2 WHERE r2.municipality_code = ? AND "
                          "r2.revision > ?)",
                          {Text(code), Int(door_rights_rev)}});
        const std::string changed_residents =
            " IN (SELECT c2.resident_id FROM card_identities c2 WHERE c2.municipality_code = ? AND c2.revision > ?)";
        scopes.push_back({" AND r.resident_id" + changed_residents,
                          {Text(code), Int(door_identity_rev)},
                          " AND resident_id" + changed_residents,
                          {Text(code), Int(door_identity_rev)}});
      }
      std::map<std::string, Entry> wanted;
      std::map<std::string, Entry> live;
      for (const Scope& scope : scopes) {
        store::Params wanted_params{Text(code), Text(door_id), Int(now)};
        wanted_params.insert(wanted_params.end(), scope.wanted_params.begin(), scope.wanted_params.end());
        DENEN_TRY(wanted_rows,
                  tx.Query("SELECT r.id, r.kind, r.from_ms, r.until_ms, ci.identity_key, r.resident_id FROM "
                           "lock_doors d JOIN lock_rights r ON r.municipality_code = d.municipality_code AND "
                           "r.facility_id = d.facility_id AND (r.room_id IS NULL OR d.room_id IS NULL OR r.room_id = "
                           "d.room_id) JOIN residents p ON p.municipality_code = r.municipality_code AND p.id = "
                           "r.resident_id AND p.status = 'active' JOIN card_identities ci ON ci.municipality_code = "
                           "r.municipality_code AND ci.resident_id = r.resident_id AND ci.suspended_at_ms IS NULL AND "
                           "ci.closed_at_ms IS NULL WHERE d.municipality_code = ? AND d.id = ? AND r.revoked_at_ms IS "
                           "NULL AND r.until_ms > ? AND (r.kind <> 'window' OR EXISTS (SELECT 1 FROM "
                           "resident_consents c WHERE c.municipality_code = r.municipality_code AND c.resident_id = "
                           "r.resident_id AND c.service = 'lock' AND c.granted = 1))" +
                               scope.wanted_sql,
                           wanted_params));
        for (const auto& r : wanted_rows) {
          wanted[r.Text(0) + ":" + r.Text(4)] = {r.Text(4), r.Text(1), r.Int(2), r.Int(3), r.Text(0), r.Text(5)};
        }
        store::Params live_params{Text(code), Text(door_id)};
        live_params.insert(live_params.end(), scope.live_params.begin(), scope.live_params.end());
        DENEN_TRY(live_rows,
                  tx.Query("SELECT entry_id, identity_key, kind, from_ms, until_ms, right_id, resident_id FROM "
                           "lock_door_entries WHERE municipality_code = ? AND door_id = ? AND removed_version IS NULL" +
                               scope.live_sql,
                           live_params));
        for (const auto& r : live_rows) {
          live[r.Text(0)] = {r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Text(5), r.Text(6)};
        }
      }
      std::vector<std::string> gone;
      std::vector<std::pair<std::string, Entry>> added;
      for (const auto& [id, e] : live) {
        auto it = wanted.find(id);
        if (it == wanted.end() || !(it->second == e)) gone.push_back(id);
      }
      for (const auto& [id, e] : wanted) {
        auto it = live.find(id);
        if (it == live.end() || !(it->second == e)) added.emplace_back(id, e);
      }
      if (!gone.empty() || !added.empty() || version == 0) {
        ++version;
        const auto v = static_cast<int64_t>(version);
        for (const auto& id : gone) {
          DENEN_TRY_VOID(
              tx.Exec("UPDATE lock_door_entries SET removed_version = ? WHERE municipality_code = ? AND "
                      "door_id = ? AND entry_id = ? AND removed_version IS NULL",
                      {Int(v), Text(code), Text(door_id), Text(id)}));
        }
        for (const auto& [id, e] : added) {
          DENEN_TRY_VOID(tx.Exec(
              "INSERT INTO lock_door_entries (municipality_code, door_id, entry_id, right_id, resident_id, "
              "added_version, removed_version, identity_key, kind, from_ms, until_ms) VALUES (?, ?, ?, ?, ?, ?, NULL, "
              "?, ?, ?, ?)",
              {Text(code), Text(door_id), Text(id), Text(e.right_id), Text(e.resident_id), Int(v), Text(e.identity_key),
               Text(e.kind), Int(e.from_ms), Int(e.until_ms)}));
        }
        // Removed entries older than the delta horizon are forgotten; a door that far behind gets a snapshot.
        if (version > settings_.max_delta_versions) {
          const uint64_t new_floor = version - settings_.max_delta_versions;
          if (new_floor > floor) {
            floor = new_floor;
            DENEN_TRY_VOID(
                tx.Exec("DELETE FROM lock_door_entries WHERE municipality_code = ? AND door_id = ? AND "
                        "removed_version IS NOT NULL AND removed_version <= ?",
                        {Text(code), Text(door_id), Int(static_cast<int64_t>(floor))}));
          }
        }
      }
      DENEN_TRY_VOID(
          tx.Exec("UPDATE lock_doors SET version = ?, delta_floor = ?, refreshed_identity_revision = ?, "
                  "refreshed_rights_revision = ?, refreshed_at_ms = ? WHERE municipality_code = ? AND id = ?",
                  {Int(static_cast<int64_t>(version)), Int(static_cast<int64_t>(floor)), Int(identity_rev),
                   Int(rights_rev), Int(periodic ? now : door->Int(4)), Text(code), Text(door_id)}));
    }

    ListMessage m;
    m.municipality_code = code;
    m.door_id = door_id;
    m.version = version;
    m.signed_at_ms = now;
    const uint64_t from = request.version;
    m.full = from == 0 || from > version || from < floor || version - from > settings_.max_delta_versions;
    if (m.full) {
      DENEN_TRY(rows, tx.Query("SELECT entry_id, identity_key, kind, from_ms, until_ms FROM lock_door_entries WHERE "
                               "municipality_code = ? AND door_id = ? AND removed_version IS NULL ORDER BY entry_id",
                               {Text(code), Text(door_id)}));
      for (const auto& r : rows) {
        DENEN_TRY(g, GrantOf(r.Text(0), {r.Text(1), r.Text(2), r.Int(3), r.Int(4), "", ""}));
        m.adds.push_back(std::move(g));
      }
    } else {
      m.base_version = from;
      const auto f = static_cast<int64_t>(from);
      DENEN_TRY(adds, tx.Query("SELECT entry_id, identity_key, kind, from_ms, until_ms FROM lock_door_entries WHERE "
                               "municipality_code = ? AND door_id = ? AND removed_version IS NULL AND added_version > "
                               "? ORDER BY entry_id",
                               {Text(code), Text(door_id), Int(f)}));
      for (const auto& r : adds) {
        DENEN_TRY(g, GrantOf(r.Text(0), {r.Text(1), r.Text(2), r.Int(3), r.Int(4), "", ""}));
        m.adds.push_back(std::move(g));
      }
      DENEN_TRY(removes, tx.Query("SELECT DISTINCT entry_id FROM lock_door_entries WHERE municipality_code = ? AND "
                                  "door_id = ? AND removed_version > ? AND added_version <= ? ORDER BY entry_id",
                                  {Text(code), Text(door_id), Int(f), Int(f)}));
      for (const auto& r : removes) m.removes.push_back(r.Text(0));
    }
    DENEN_TRY(commands, tx.Query("SELECT id, kind, until_ms FROM lock_commands WHERE municipality_code = ? AND "
                                 "door_id = ? AND acked_at_ms IS NULL ORDER BY created_at_ms, id",
                                 {Text(code), Text(door_id)}));
    for (const auto& r : commands) {
      DENEN_TRY(kind, ParseCommandKind(r.Text(1)));
      m.commands.push_back({r.Text(0), kind, r.Int(2)});
    }
    DENEN_TRY(secret, SecretKey(tx, code));
    DENEN_TRY(signed_list, SignListMessage(m, secret));
    result.reply = {std::move(signed_list), now};
    result.full = m.full;
    result.version = version;
    return {};
  }));
  return result;
}

Result<std::vector<std::string>> LockRepository::StoreEvents(const std::string& code, const std::string& door_id,
                                                             const std::vector<AccessEvent>& events) {
  std::vector<std::string> stored;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    const int64_t now = clock_.NowMillis();
    for (const auto& e : events) {
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO lock_access_events (municipality_code, event_id, door_id, at_ms, identity_key, outcome, reason, "
          "received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (municipality_code, event_id) DO NOTHING",
          {Text(code), Text(e.event_id), Text(door_id), Int(e.at_ms), Text(e.identity_key),
           Text(e.granted ? "granted" : "refused"), Text(e.reason), Int(now)}));
      stored.push_back(e.event_id);
    }
    return {};
  }));
  return stored;
}

// ---- Emergency ------------------------------------------------------------------------

Result<std::vector<EmergencyAction>> LockRepository::Emergency(const std::string& code,
                                                               const std::vector<std::string>& facility_ids,
                                                               const std::vector<std::string>& door_ids,
                                                               CommandKind kind, int64_t until_ms,
                                                               const std::string& reason, const std::string& actor) {
  if (reason.empty() || reason.size() > 400) {
    return Fail(Error::Invalid("invalid_reason", "理由(reason)を入力してください(400字まで)"));
  }
  const int64_t now = clock_.NowMillis();
  if (kind == CommandKind::kEmergencyOpen && until_ms <= now) {
    return Fail(Error::Invalid("invalid_until", "開放の終了日時(until)は未来にしてください"));
  }
  std::vector<EmergencyAction> out;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    std::set<std::string> doors(door_ids.begin(), door_ids.end());
    for (const auto& f : facility_ids) {
      DENEN_TRY(facility, tx.QueryOne("SELECT shelter FROM lock_facilities WHERE municipality_code = ? AND id = ?",
                                      {Text(code), Text(f)}));
      if (!facility) return Fail(NotFound("facility_not_found", "施設(" + f + ")"));
      DENEN_TRY(rows, tx.Query("SELECT id FROM lock_doors WHERE municipality_code = ? AND facility_id = ?",
                               {Text(code), Text(f)}));
      for (const auto& r : rows) doors.insert(r.Text(0));
    }
    if (doors.empty()) return Fail(Error::Invalid("no_doors", "開放する扉がありません"));
    for (const auto& d : doors) {
      DENEN_TRY(exists,
                tx.QueryOne("SELECT 1 FROM lock_doors WHERE municipality_code = ? AND id = ?", {Text(code), Text(d)}));
      if (!exists) return Fail(NotFound("door_not_found", "扉(" + d + ")"));
      EmergencyAction a{NewId(clock_), d, std::string(CommandKindId(kind)), until_ms, reason, now, actor, {}};
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO lock_commands (municipality_code, id, door_id, kind, until_ms, reason, created_at_ms, "
          "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {Text(code), Text(a.command_id), Text(d), Text(a.kind), Int(until_ms), Text(reason), Int(now), Text(actor)}));
      DENEN_TRY_VOID(Audit(tx, clock_, code, actor, "lock.emergency." + a.kind, "lock_door", d,
                           {{"command_id", a.command_id}, {"until_ms", until_ms}}));
      out.push_back(std::move(a));
    }
    return {};
  }));
  return out;
}

Result<std::vector<EmergencyAction>> LockRepository::EmergencyActions(const std::string& code, int limit) {
  DENEN_TRY(rows, db_.Query("SELECT id, door_id, kind, until_ms, reason, created_at_ms, created_by, acked_at_ms FROM "
                            "lock_commands WHERE municipality_code = ? ORDER BY created_at_ms DESC, id LIMIT ?",
                            {Text(code), Int(std::clamp(limit, 1, 1000))}));
  std::vector<EmergencyAction> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Int(5), r.Text(6), OptInt(r, 7)});
  }
  return out;
}

// ---- Access log and KPI -------------------------------------------------------------

Result<std::vector<AccessLogEntry>> LockRepository::AccessLog(const std::string& code, const AccessLogFilter& f) {
  std::string sql =
      "SELECT e.event_id, e.at_ms, e.identity_key, e.outcome, e.reason, e.door_id, d.name, ci.resident_id FROM "
      "lock_access_events e JOIN lock_doors d ON d.municipality_code = e.municipality_code AND d.id = e.door_id "
      "LEFT JOIN card_identities ci ON ci.municipality_code = e.municipality_code AND ci.identity_key = "
      "e.identity_key WHERE e.municipality_code = ? AND e.at_ms >= ? AND e.at_ms < ?";
  store::Params params{Text(code), Int(f.from_ms), Int(f.to_ms)};
  if (f.facility_id) {
    sql += " AND d.facility_id = ?";
    params.push_back(Text(*f.facility_id));
  }
  if (f.door_id) {
    sql += " AND e.door_id = ?";
    params.push_back(Text(*f.door_id));
  }
  if (f.resident_id) {
    sql += " AND ci.resident_id = ?";
    params.push_back(Text(*f.resident_id));
  }
  if (f.granted) {
    sql += " AND e.outcome = ?";
    params.push_back(Text(*f.granted ? "granted" : "refused"));
  }
  sql += " ORDER BY e.at_ms DESC, e.event_id LIMIT ?";
  params.push_back(Int(std::clamp(f.limit, 1, 1000)));
  DENEN_TRY(rows, db_.Query(sql, params));
  std::vector<AccessLogEntry> out;
  for (const auto& r : rows) {
    AccessLogEntry e;
    e.event = {r.Text(0), r.Int(1), r.Text(2), r.Text(3) == "granted", r.Text(4)};
    e.door_id = r.Text(5);
    e.door_name = r.Text(6);
    e.resident_id = OptText(r, 7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<LockKpi> LockRepository::Kpi(const std::string& code, const std::string& from_date, const std::string& to_date) {
  DENEN_TRY_VOID(JapanInstant(from_date, 0));
  DENEN_TRY_VOID(JapanInstant(to_date, 0));
  DENEN_TRY(row, db_.QueryOne(
                     "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM lock_access_events e JOIN "
                     "lock_doors d ON d.municipality_code = e.municipality_code AND d.id = e.door_id JOIN "
                     "card_identities ci ON ci.municipality_code = e.municipality_code AND ci.identity_key = "
                     "e.identity_key WHERE e.municipality_code = res.municipality_code AND d.facility_id = "
                     "res.facility_id AND ci.resident_id = res.resident_id AND e.outcome = 'granted' AND e.at_ms >= "
                     "r.from_ms AND e.at_ms < r.until_ms) THEN 1 ELSE 0 END), 0) FROM lock_reservations res JOIN "
                     "lock_rights r ON r.municipality_code = res.municipality_code AND r.reservation_id = res.id AND "
                     "r.revoked_at_ms IS NULL WHERE res.municipality_code = ? AND res.status = 'approved' AND "
                     "res.reserved_on >= ? AND res.reserved_on <= ?",
                     {Text(code), Text(from_date), Text(to_date)}));
  LockKpi kpi{from_date, to_date, row->Int(0), row->Int(1), 0};
  if (kpi.reservations > 0) kpi.share = static_cast<double>(kpi.entered_with_lock) / kpi.reservations;
  return kpi;
}

}  // namespace denen::lock
