// Storage of the Reception module (issue 6): places and events (imported from
// open data, edited in the console), check-ins and check-outs from kiosks and
// staff, paperless tickets with a waiting list, and evacuation shelters with
// households and 要配慮者 notes. Each check-in commits in its own transaction
// before it is acknowledged, and a check-in id seen before returns the stored
// outcome and changes nothing, so an upload repeated after a timeout is never
// counted twice. Safe for concurrent use; the database and clock must outlive it.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "reception/open_data.h"
#include "reception/reception.h"
#include "store/database.h"

namespace denen::reception {

struct Place {
  std::string id;
  std::optional<std::string> source_id;
  std::string name;
  std::string name_kana;
  std::string category;
  std::string address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  int shelter_capacity = 0;
};

struct Event {
  std::string id;
  std::optional<std::string> source_id;
  std::string name;
  std::optional<std::string> place_id;
  std::string place_name;
  std::string start_date;
  std::string end_date;
  std::string start_time;
  std::string end_time;
  int capacity = 0;
  bool preregistration = false;
};

struct ImportReport {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<std::string> unmatched_places;  // events' 場所名称 that name no place
};

// Where a check-in was made: the kiosk device (and its place) or a staff user.
struct Origin {
  std::string place_id;
  std::string device_id;  // '' for staff entry
  std::string actor;      // device id or staff user id
};

struct CheckinRequest {
  std::string id;  // ULID made at the kiosk
  int64_t tapped_at_ms = 0;
  std::optional<std::string> event_id;
  std::optional<std::string> household_id;  // shelter: join this household
  Visitor visitor;
  CareNotes care;
};

struct CheckinResult {
  std::string id;
  Outcome outcome = Outcome::kRefused;
  std::string refusal_code;  // when refused
  std::string message;       // Japanese, for the kiosk screen
  std::string visit_id;
  std::string household_id;  // shelter check-ins
  std::string name_kana;
  bool replayed = false;        // this id had been received before
  bool care_discarded = false;  // notes given without consent were not kept
};

struct Registration {
  std::string id;
  std::string event_id;
  std::optional<std::string> resident_id;
  std::string name_kana;
  std::string status;  // registered | waiting | cancelled
  int64_t created_at_ms = 0;
};

struct EventCounts {
  int registered = 0;
  int waiting = 0;
  int checked_in = 0;
};

struct ShelterStatus {
  std::string opening_id;
  std::string place_id;
  std::string name;
  std::string address;
  int capacity = 0;
  int64_t opened_at_ms = 0;
  std::optional<int64_t> closed_at_ms;
  int present = 0;     // evacuees checked in and not departed
  int households = 0;  // households with someone present
  int needs_care = 0;  // 要配慮者 (present, with consent)
  int allergy = 0;
  int pets = 0;
  int by_card = 0;
};

struct RosterEntry {
  std::string household_id;
  std::string visit_id;
  std::string name_kana;
  std::string district;
  std::string age_band;
  std::string source;  // card | walk_in
  int64_t checked_in_at_ms = 0;
  std::optional<int64_t> checked_out_at_ms;
  CareNotes care;
};

// One visit as analytics sees it: no names.
struct VisitFact {
  std::string kind;
  std::string place_id;
  std::string event_id;
  std::string visit_date;
  int64_t checked_in_at_ms = 0;
  std::string resident_id;  // '' for walk-ins
  std::string source;
  std::string district;
  std::string age_band;
};

// The visits of a period counted by the database, for analytics and the KPI;
// every count is read from one snapshot, so the dimensions agree.
struct VisitTally {
  struct Group {
    std::string kind;
    std::string place_id;
    std::string event_id;
    std::string source;
    int64_t visits = 0;
  };
  std::vector<Group> groups;          // by kind, place, event and source
  std::array<int64_t, 24> by_hour{};  // Japan time
  std::map<std::string, int64_t> by_date;
  std::map<std::string, int64_t> by_district;
  std::map<std::string, int64_t> by_age_band;
  int64_t residents = 0;         // distinct card visitors
  int64_t repeat_residents = 0;  // card visitors seen on two or more days
};

// Visits of one month of a kind (facility / event / shelter) by one source
// (card / walk-in), for the KPI report.
struct MonthVisits {
  std::string month;  // YYYY-MM
  std::string kind;
  std::string source;
  int64_t visits = 0;
};

// One visit with the visitor's name, for the admin-only, audited export.
struct VisitRow {
  VisitFact fact;
  std::string id;
  std::string name_kana;
  std::optional<int64_t> checked_out_at_ms;
  std::string device_id;
};

class ReceptionRepository {
 public:
  ReceptionRepository(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Places and events. Import is idempotent: rows are matched by their ID
  // (source_id); a row equal to the stored one counts as unchanged.
  Result<ImportReport> ImportPlaces(const std::string& code, const std::vector<PlaceRow>& rows,
                                    const std::string& actor);
  Result<ImportReport> ImportEvents(const std::string& code, const std::vector<EventRow>& rows,
                                    const std::string& actor);
  Result<std::vector<Place>> ListPlaces(const std::string& code);
  Result<Place> GetPlace(const std::string& code, const std::string& id);
  // Creates (empty id) or updates a place.
  Result<Place> SavePlace(const std::string& code, Place place, const std::string& actor);
  // Events overlapping [from, to]; both "YYYY-MM-DD".
  Result<std::vector<Event>> ListEvents(const std::string& code, const std::string& from, const std::string& to);
  Result<Event> GetEvent(const std::string& code, const std::string& id);
  Result<Event> SaveEvent(const std::string& code, Event event, const std::string& actor);

  // One check-in (tap or walk-in). A known id returns its stored result with
  // replayed = true. Domain refusals (not registered, event full) are results,
  // not errors; errors are failures to store, and the caller may retry.
  Result<CheckinResult> CheckIn(const std::string& code, const Origin& origin, const CheckinRequest& request);
  // Records that a tap was refused before reaching a place (card unknown,
  // consent missing), so that a replay gives the same answer.
  Result<CheckinResult> RecordRefusal(const std::string& code, const Origin& origin, const std::string& id,
                                      int64_t tapped_at_ms, const Error& why);

  // Paperless tickets: a seat while the capacity lasts, else the waiting
  // list; cancelling gives the seat to the first on the waiting list.
  Result<Registration> Register(const std::string& code, const std::string& event_id, const Visitor& visitor,
                                const std::string& actor);
  Result<Registration> CancelRegistration(const std::string& code, const std::string& registration_id,
                                          const std::string& actor);
  Result<std::vector<Registration>> ListRegistrations(const std::string& code, const std::string& event_id);
  Result<EventCounts> CountEvent(const std::string& code, const std::string& event_id);

  // Shelters, opened and closed by the disaster HQ.
  Result<ShelterStatus> OpenShelter(const std::string& code, const std::string& place_id, std::optional<int> capacity,
                                    const std::string& actor);
  Result<void> CloseShelter(const std::string& code, const std::string& opening_id, const std::string& actor);
  // Live counts of open shelters (and, with include_closed, closed ones).
  Result<std::vector<ShelterStatus>> Shelters(const std::string& code, bool include_closed);
  // The roster of one shelter opening, by household; the read is audited.
  Result<std::vector<RosterEntry>> Roster(const std::string& code, const std::string& opening_id,
                                          const std::string& actor);
  Result<void> UpdateCareNotes(const std::string& code, const std::string& visit_id, const CareNotes& notes,
                               const std::string& actor);

  // Retention (settings retention.visit_days): visits of a day more than
  // `retention_days` before today keep only what the counts need (kind,
  // place, event, day, district, age band, source); the resident, the name
  // and the 要配慮者 notes are removed, as are the resident and name of
  // registrations made before then. 0 keeps everything. One transaction,
  // audited; returns how many visits were made anonymous.
  Result<int64_t> ForgetPersonalData(const std::string& code, int retention_days, const std::string& actor);

  // Analytics input: the visits with visit_date in [from, to], counted.
  Result<VisitTally> TallyVisits(const std::string& code, const std::string& from, const std::string& to);
  // The same visits counted by month, kind and source in one scan.
  Result<std::vector<MonthVisits>> CountVisitsByMonth(const std::string& code, const std::string& from,
                                                      const std::string& to);
  // The same visits one by one (no names), for joins with uploaded tables.
  Result<std::vector<VisitFact>> VisitFacts(const std::string& code, const std::string& from, const std::string& to);
  // Individual rows with names; audited (who exported which period).
  Result<std::vector<VisitRow>> ExportVisits(const std::string& code, const std::string& from, const std::string& to,
                                             const std::string& actor);

 private:
  Result<CheckinResult> CheckInTx(store::Database& tx, const std::string& code, const Origin& origin,
                                  const CheckinRequest& request);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace denen::reception
