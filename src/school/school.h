// The Schools module's domain (issue 9): schools, classes, joint online class
// sessions, special-needs ICT use and anonymous satisfaction answers, with the
// validation every input passes before it is stored. Pure functions over plain
// data; every error names the field in Japanese. Safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::school {

// 小学校 / 中学校 / その他 (partner schools may be anything, e.g. a 特別支援学校).
enum class SchoolKind { kElementary, kJuniorHigh, kOther };
std::string_view SchoolKindId(SchoolKind kind);
std::optional<SchoolKind> SchoolKindFromId(std::string_view id);

struct School {
  std::string id;
  std::string name;
  SchoolKind kind = SchoolKind::kElementary;
  bool in_city = true;  // false: a partner school outside the municipality
};

struct SchoolClass {
  std::string id;
  std::string school_id;
  std::string name;
  int grade = 0;  // 1-6 elementary, 1-3 junior high; 0 for mixed-grade classes
  bool special_needs = false;
};

enum class SessionStatus { kPlanned, kHeld, kCancelled, kCutShort };
std::string_view SessionStatusId(SessionStatus status);
std::optional<SessionStatus> SessionStatusFromId(std::string_view id);

// A joint class session as planned.
struct SessionPlan {
  std::string date;  // YYYY-MM-DD
  int period_from = 0;
  int period_to = 0;
  std::string subject;
  std::string unit;            // 単元; may be empty
  std::string conference_url;  // the web-conference link; may be empty
  std::vector<std::string> ict_tools;
  std::vector<std::string> class_ids;  // at least two
};

// How a planned session went.
struct SessionRecord {
  SessionStatus status = SessionStatus::kHeld;
  int actual_minutes = 0;  // 0 for cancelled
  std::string note;
};

struct IctUse {
  std::string class_id;
  std::string date;  // YYYY-MM-DD
  int period = 0;
  int minutes = 0;
  std::vector<std::string> tools;
  std::string aim;          // the aim for the children, without names
  std::string child_notes;  // optional; stays in the school
};

// Who answers a survey. Grade bands: 小1-2 lower, 小3-4 middle, 小5-6 upper,
// 中学 junior_high; teachers have none.
struct SurveyAnswer {
  std::string device_id;   // random id kept on the device
  std::string school_id;   // the respondent's school, one of the session's
  std::string respondent;  // pupil | teacher
  std::string grade_band;  // see above; "" for teachers
  int rating = 0;          // 1 (よくなかった) - 5 (とてもよかった)
  std::string comment;
};

inline constexpr int kMaxPeriod = 8;
inline constexpr int kMaxSessionMinutes = 600;
inline constexpr int kMaxPeriodMinutes = 120;
inline constexpr size_t kMaxCommentChars = 500;
inline constexpr size_t kMaxNoteChars = 2000;
// A session accepts at most this many answers, so a flood from one client
// inventing device ids cannot swamp a class's real answers.
inline constexpr int kMaxAnswersPerSession = 400;
// The survey is open from the session's date for this many days.
inline constexpr int kSurveyOpenDays = 30;

// Validation of inputs; each error's message names the field.
Result<void> ValidateDate(std::string_view field, std::string_view label, std::string_view date);
Result<void> ValidateSchool(const School& school);
Result<void> ValidateClass(const SchoolClass& school_class, SchoolKind kind);
Result<void> ValidatePlan(const SessionPlan& plan);
Result<void> ValidateRecord(const SessionRecord& record);
Result<void> ValidateIctUse(const IctUse& use);
Result<void> ValidateSurveyAnswer(const SurveyAnswer& answer);

// Number of Unicode code points in UTF-8 text (limits are in characters).
size_t CharCount(std::string_view utf8);

// Days since 1970-01-01 of a valid YYYY-MM-DD date.
std::optional<int64_t> DaysOfDate(std::string_view date);
// "YYYY-MM-DD" in Japan time (UTC+9) for an instant.
std::string JapanDate(int64_t epoch_millis);
// The fiscal year (年度, April to March) a date falls in: 2026-03-31 -> 2025.
int FiscalYearOf(std::string_view date);
// The first and last date of a fiscal year.
std::pair<std::string, std::string> FiscalYearRange(int fiscal_year);

}  // namespace denen::school
