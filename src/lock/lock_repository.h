// The server side of smart locks: facilities, rooms and doors; reservations
// and the unlock rights they give once approved and paid (the reserved window
// plus configurable margins; cancellation revokes); standing rights (staff,
// key holders) and shelter rights (designated disaster staff), each with an
// expiry; the per-municipality Ed25519 key that signs door lists; each door's
// versioned list (refreshed from rights and the resident directory's active,
// unsuspended identities, delivered as a delta from the door's version or as a
// full snapshot); emergency commands; the uploaded access log; the KPI.
// Every change and its audit entry commit together. Safe for concurrent use;
// the database and clock must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "lock/access_list.h"
#include "lock/door_server.h"
#include "store/database.h"

namespace denen::lock {

struct LockSettings {
  int margin_before_minutes = 15;
  int margin_after_minutes = 15;
  // A door further behind than this many versions gets a full snapshot.
  uint64_t max_delta_versions = 200;
  // Rights expire with time, so a door's list is recomputed at least this often.
  int64_t refresh_interval_ms = 10 * 60 * 1000;
  // The console shows a door as online when it synced within this time.
  int64_t online_within_ms = 5 * 60 * 1000;
};

struct Facility {
  std::string id;
  std::string name;
  std::string kind;  // community_centre | school_gym | city_hall | other
  bool shelter = false;
};

struct Room {
  std::string id;
  std::string facility_id;
  std::string name;
};

struct DoorInfo {
  std::string id;
  std::string facility_id;
  std::optional<std::string> room_id;  // nullopt: an entrance of the whole facility
  std::string name;
  uint64_t version = 0;
  uint64_t acked_version = 0;
  std::optional<int64_t> last_sync_ms;
  std::string lock_state;
  std::optional<int> battery_percent;
  bool online = false;
  bool pending_sync = false;  // a change (rights, suspension) not yet on the door
  std::optional<int64_t> emergency_open_until_ms;
};

enum class Payment { kUnpaid, kPaid, kWaived };
enum class ReservationStatus { kPending, kApproved, kCancelled };
std::string_view PaymentId(Payment p);
Result<Payment> ParsePayment(std::string_view id);
std::string_view ReservationStatusId(ReservationStatus s);
Result<ReservationStatus> ParseReservationStatus(std::string_view id);

struct ReservationInput {
  std::string external_ref;  // the city system's number; '' when made here
  std::string resident_id;
  std::string facility_id;
  std::optional<std::string> room_id;
  std::string date;        // YYYY-MM-DD (Japan)
  std::string start_time;  // HH:MM
  std::string end_time;    // HH:MM, after start, same day ("24:00" allowed)
  std::string purpose;
  int64_t fee_yen = 0;
  Payment payment = Payment::kUnpaid;
  ReservationStatus status = ReservationStatus::kPending;
};

struct Reservation {
  std::string id;
  ReservationInput input;
  std::optional<std::string> right_id;  // the unlock right while it exists
  int64_t window_from_ms = 0;           // with margins
  int64_t window_until_ms = 0;
};

struct RightInput {
  std::string resident_id;
  std::string facility_id;
  std::optional<std::string> room_id;
  GrantKind kind = GrantKind::kStanding;  // standing | shelter (windows come from reservations)
  int64_t from_ms = 0;
  int64_t until_ms = 0;
  std::string note;
};

struct Right {
  std::string id;
  RightInput input;
  std::optional<std::string> reservation_id;
  std::optional<int64_t> revoked_at_ms;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<std::string> errors;  // "行 3: ..." (nothing is imported when any)
};

struct EmergencyAction {
  std::string command_id;
  std::string door_id;
  std::string kind;
  int64_t until_ms = 0;
  std::string reason;
  int64_t created_at_ms = 0;
  std::string created_by;
  std::optional<int64_t> acked_at_ms;
};

struct AccessLogFilter {
  std::optional<std::string> facility_id;
  std::optional<std::string> door_id;
  std::optional<std::string> resident_id;
  std::optional<bool> granted;
  int64_t from_ms = 0;
  int64_t to_ms = INT64_MAX;
  int limit = 200;
};

struct AccessLogEntry {
  AccessEvent event;
  std::string door_id;
  std::string door_name;
  std::optional<std::string> resident_id;
};

struct LockKpi {
  std::string from;
  std::string to;
  int64_t reservations = 0;       // approved, paid or waived, in the period
  int64_t entered_with_lock = 0;  // of which the resident opened a door with the card in the window
  double share = 0;               // entered_with_lock / reservations (0 when none)
};

struct DoorSyncResult {
  SyncReply reply;
  bool full = false;
  uint64_t version = 0;
};

class LockRepository {
 public:
  LockRepository(store::Database& db, const Clock& clock, LockSettings settings = {})
      : db_(db), clock_(clock), settings_(settings) {}

  Result<Facility> AddFacility(const std::string& code, Facility facility, const std::string& actor);
  Result<std::vector<Facility>> ListFacilities(const std::string& code);
  Result<Room> AddRoom(const std::string& code, Room room, const std::string& actor);
  Result<std::vector<Room>> ListRooms(const std::string& code);
  Result<DoorInfo> AddDoor(const std::string& code, const std::string& facility_id,
                           const std::optional<std::string>& room_id, const std::string& name,
                           const std::string& actor);
  Result<std::vector<DoorInfo>> ListDoors(const std::string& code);

  // The municipality's public key (raw 32 bytes), made with the secret on first use.
  Result<std::string> PublicKey(const std::string& code);

  Result<Reservation> CreateReservation(const std::string& code, const ReservationInput& input,
                                        const std::string& actor);
  // Changes payment and/or status; derives or revokes the unlock right.
  Result<Reservation> UpdateReservation(const std::string& code, const std::string& id, std::optional<Payment> payment,
                                        std::optional<ReservationStatus> status, const std::string& actor);
  Result<std::vector<Reservation>> ListReservations(const std::string& code, const std::string& facility_id,
                                                    const std::string& from_date, const std::string& to_date);
  // The city's reservation CSV (docs/lock.md). Idempotent: keyed by
  // external_ref; a row equal to what is stored changes nothing.
  Result<ImportReport> ImportReservationsCsv(const std::string& code, std::string_view csv, const std::string& actor);

  Result<Right> GrantRight(const std::string& code, const RightInput& input, const std::string& actor);
  Result<void> RevokeRight(const std::string& code, const std::string& right_id, const std::string& actor);
  Result<std::vector<Right>> RightsOfResident(const std::string& code, const std::string& resident_id);

  // A door's sync: records what the door reports, refreshes its list when
  // anything changed, and returns the signed delta or snapshot.
  Result<DoorSyncResult> SyncDoor(const std::string& code, const std::string& door_id, const SyncRequest& request);
  // Stores uploaded events once each; returns every id now held.
  Result<std::vector<std::string>> StoreEvents(const std::string& code, const std::string& door_id,
                                               const std::vector<AccessEvent>& events);

  // Queues an emergency open (or its end) for each door of the given
  // facilities (shelters) or the given doors; delivered with the next sync.
  Result<std::vector<EmergencyAction>> Emergency(const std::string& code, const std::vector<std::string>& facility_ids,
                                                 const std::vector<std::string>& door_ids, CommandKind kind,
                                                 int64_t until_ms, const std::string& reason, const std::string& actor);
  Result<std::vector<EmergencyAction>> EmergencyActions(const std::string& code, int limit);

  Result<std::vector<AccessLogEntry>> AccessLog(const std::string& code, const AccessLogFilter& filter);
  Result<LockKpi> Kpi(const std::string& code, const std::string& from_date, const std::string& to_date);

 private:
  Result<Reservation> LoadReservation(store::Database& db, const std::string& code, const std::string& id);
  Result<void> DeriveRight(store::Database& tx, const std::string& code, const Reservation& r,
                           const std::string& actor);
  Result<void> ValidateReservation(store::Database& db, const std::string& code, const ReservationInput& in);
  Result<std::string> SecretKey(store::Database& db, const std::string& code);

  store::Database& db_;
  const Clock& clock_;
  LockSettings settings_;
};

// Japan time (UTC+9, no daylight saving) to an instant: "2026-12-01", 600 -> ms.
Result<int64_t> JapanInstant(const std::string& date, int minute_of_day);
// "HH:MM" (00:00..24:00) to minutes.
Result<int> ParseClockTime(std::string_view text, std::string_view field);

}  // namespace denen::lock
