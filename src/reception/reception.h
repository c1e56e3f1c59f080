// The Reception module's pure domain (issue 6): Japanese calendar days, hours
// and fiscal years (年度, April to March) of instants, age bands, and the
// validation of what a kiosk or staff send about a visitor. No I/O; every
// function is safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::reception {

// "YYYY-MM-DD" of an instant in Japan (UTC+9, no daylight saving).
std::string JapanDate(int64_t epoch_millis);
// 0..23 in Japan.
int JapanHour(int64_t epoch_millis);
// 0 = Sunday .. 6 = Saturday, in Japan.
int JapanWeekday(int64_t epoch_millis);
// Epoch milliseconds of 00:00 in Japan of a "YYYY-MM-DD" date.
Result<int64_t> JapanMidnight(std::string_view date);

// The fiscal year (年度) a "YYYY-MM-DD" date belongs to: 2026-03-31 -> 2025.
int FiscalYearOf(std::string_view date);
// The same calendar day one fiscal year earlier ("2027-02-29" does not exist: "2027-02-28").
std::string SameDayPreviousYear(std::string_view date);
// Strict "YYYY-MM-DD" check of a real calendar date.
bool IsDate(std::string_view date);
// "2026/12/5", "2026-12-05" or "20261205" to "2026-12-05"; nullopt otherwise.
std::optional<std::string> NormalizeDate(std::string_view text);

// Age bands used in analytics and for walk-ins: "0-9", "10-19", ... "70-79",
// "80+", and "unknown" (birth year not given).
const std::vector<std::string_view>& AgeBands();
bool IsAgeBand(std::string_view band);
// The band of someone born in `birth_year` (0 = unknown) on `date`.
std::string AgeBandOf(int birth_year, std::string_view date);

// Kinds of visit: to a facility, to an event, or to an open shelter.
enum class VisitKind { kFacility, kEvent, kShelter };
std::string_view VisitKindId(VisitKind kind);  // facility | event | shelter

// What a check-in did.
enum class Outcome {
  kCheckedIn,
  kCheckedOut,
  kAlreadyCheckedIn,   // a second tap at an event
  kAlreadyCheckedOut,  // a third tap at a facility on the same day
  kRefused,            // see refusal_code
};
std::string_view OutcomeId(Outcome outcome);
std::optional<Outcome> OutcomeFromId(std::string_view id);

// Who is being received. A card visitor comes from identity::TapResident; a
// walk-in is typed by staff (name in kana, district, age band).
struct Visitor {
  std::optional<std::string> resident_id;  // set for a card visitor
  std::string name_kana;
  std::string district;
  std::string age_band;
  bool by_card() const { return resident_id.has_value(); }
};

// Validates a walk-in typed by staff; names the field that is wrong.
Result<Visitor> WalkInVisitor(std::string name_kana, std::string district, std::string age_band);

// 要配慮者 notes recorded at a shelter. Kept only when consent is given.
struct CareNotes {
  bool needs_care = false;  // 要介護・要支援, disability, pregnancy, ...
  std::string allergy;      // food allergies, free text
  bool pets = false;        // arrived with pets (同行避難)
  std::string note;         // anything else staff must know
  bool consent = false;     // the evacuee (or guardian) agreed to the record
  bool any() const { return needs_care || pets || !allergy.empty() || !note.empty(); }
};

// True for a 26-character ULID in Crockford base32 (core/random.h NewId).
bool IsUlid(std::string_view id);

}  // namespace denen::reception
