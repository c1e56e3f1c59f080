// Storage of the Schools module and the rule of who sees what: a teacher
// (role school, linked to one school in school_staff) reads and changes only
// sessions, ICT records and survey results of that school; the board of
// education (教育委員会: a school-role user linked with board = 1) and admins
// see every school. A school-role user with no link sees nothing. Each change
// and its audit entry commit in one transaction, so nothing is half-written.
// Safe for concurrent use; the database and clock must outlive it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "school/kpi.h"
#include "school/school.h"
#include "store/database.h"

namespace denen::school {

// What the caller may see.
struct Scope {
  bool board = false;     // every school (board of education or admin)
  std::string school_id;  // the teacher's school; empty for the board
  bool SeesSchool(const std::string& id) const { return board || id == school_id; }
};

struct StaffLink {
  std::string user_id;
  std::string username;
  std::string display_name;
  std::optional<std::string> school_id;
  bool board = false;
};

struct SessionClass {
  std::string class_id;
  std::string class_name;
  std::string school_id;
  std::string school_name;
  bool special_needs = false;
};

struct SessionSchool {
  std::string school_id;
  std::string school_name;
  std::string school_kind;
  std::optional<int64_t> confirmed_at_ms;
};

struct SessionView {
  std::string id;
  SessionPlan plan;
  SessionStatus status = SessionStatus::kPlanned;
  std::optional<int> actual_minutes;
  std::string record_note;
  std::string planned_by_school_id;
  std::string survey_token;
  std::vector<SessionClass> classes;
  std::vector<SessionSchool> schools;
  SatisfactionStats satisfaction;
};

struct IctUseView {
  std::string id;
  std::string school_id;
  std::string class_name;
  IctUse use;  // child_notes empty unless the caller is of that school
};

// What the public survey page shows: no ids of people, only the session.
struct SurveyInfo {
  std::string session_id;
  std::string date;
  std::string subject;
  std::string unit;
  std::vector<SessionSchool> schools;
  bool open = false;
  std::string closed_reason;  // Japanese, when !open
};

class SchoolRepository {
 public:
  SchoolRepository(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The scope of a staff user: admin -> board; otherwise their school_staff row.
  // forbidden (403) with a clear message when a school-role user has no link.
  Result<Scope> ScopeOf(const std::string& code, const std::string& user_id, bool is_admin);

  Result<void> AssignStaff(const std::string& code, const std::string& user_id,
                           const std::optional<std::string>& school_id, bool board, const std::string& actor);
  Result<std::vector<StaffLink>> ListStaff(const std::string& code);

  // Schools and classes are the shared directory every school user may read
  // (partners must find each other's classes to plan); only the board adds
  // schools, and a teacher adds classes to their own school only.
  Result<School> AddSchool(const std::string& code, const Scope& scope, School school, const std::string& actor);
  Result<std::vector<School>> ListSchools(const std::string& code);
  Result<SchoolClass> AddClass(const std::string& code, const Scope& scope, SchoolClass school_class,
                               const std::string& actor);
  Result<std::vector<SchoolClass>> ListClasses(const std::string& code);

  // Plans a session; a teacher must include a class of their school, and their
  // school's confirmation is recorded with the plan.
  Result<SessionView> PlanSession(const std::string& code, const Scope& scope, const SessionPlan& plan,
                                  const std::string& actor);
  // not_found (404) when the session does not exist or is not the caller's.
  Result<SessionView> GetSession(const std::string& code, const Scope& scope, const std::string& id);
  // Sessions from `from` to `to` (inclusive), by date; the board may narrow to one school.
  Result<std::vector<SessionView>> ListSessions(const std::string& code, const Scope& scope, const std::string& from,
                                                const std::string& to, const std::optional<std::string>& school_id);
  // The caller's school confirms its part in the session (idempotent).
  Result<SessionView> ConfirmSession(const std::string& code, const Scope& scope, const std::string& id,
                                     const std::string& actor);
  Result<SessionView> RecordSession(const std::string& code, const Scope& scope, const std::string& id,
                                    const SessionRecord& record, const std::string& actor);

  // Special-needs ICT use; the class must be a special-needs class of the caller's school.
  Result<IctUseView> AddIctUse(const std::string& code, const Scope& scope, const IctUse& use,
                               const std::string& actor);
  // Child notes are returned only to the class's own school, and that read is audited.
  Result<std::vector<IctUseView>> ListIctUses(const std::string& code, const Scope& scope, const std::string& from,
                                              const std::string& to, const std::string& actor);

  // The public survey: the token alone identifies the session.
  Result<SurveyInfo> Survey(const std::string& token);
  // True when recorded now, false when this device had already answered
  // (a retry): the answer is counted once either way.
  Result<bool> AnswerSurvey(const std::string& token, const SurveyAnswer& answer);

 private:
  Result<SessionView> LoadSession(store::Database& db, const std::string& code, const std::string& id);
  Result<SessionView> VisibleSession(store::Database& db, const std::string& code, const Scope& scope,
                                     const std::string& id);
  Result<std::pair<std::string, std::string>> SessionForToken(store::Database& db, const std::string& token);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace denen::school
