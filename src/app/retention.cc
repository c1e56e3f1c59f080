#include "app/retention.h"

#include "audit/audit_log.h"
#include "auth/staff_auth.h"
#include "settings/municipality_settings.h"
#include "store/tenants.h"
#ifdef DENEN_HAVE_CARE
#include "care/care_case_repository.h"
#endif
#ifdef DENEN_HAVE_RECEPTION
#include "reception/reception_repository.h"
#endif

namespace denen::app {
namespace {

constexpr std::string_view kActor = "retention";
constexpr int64_t kDayMillis = 86400000;

}  // namespace

Result<std::vector<RetentionOutcome>> RunRetention(store::Database& db, const Clock& clock, const Config& config,
                                                   const std::optional<std::string>& only) {
  std::vector<std::string> codes;
  if (only) {
    DENEN_TRY(found, store::FindMunicipality(db, *only));
    if (!found) {
      return Fail(Error::NotFound("municipality_not_found", "団体コード " + *only + " はこのデータベースにありません"));
    }
    codes.push_back(*only);
  } else {
    DENEN_TRY(all, store::ListMunicipalities(db));
    for (const auto& m : all) codes.push_back(m.code);
  }
  settings::MunicipalitySettings municipality_settings(db, clock, settings::ServerDefaults(config));
  auth::StaffAccounts accounts(db, clock);
  auth::AuthSettings auth_settings;
  auth_settings.session_retention_days = config.retention_session_days;
  auth::StaffAuth sessions(db, clock, auth_settings, accounts);

  std::vector<RetentionOutcome> out;
  for (const auto& code : codes) {
    DENEN_TRY(s, municipality_settings.For(code));
    RetentionOutcome o{code};
#ifdef DENEN_HAVE_CARE
    DENEN_TRY(care, care::CareCaseRepository(db, clock).Purge(code, s.retention_care_case_days, std::string(kActor)));
    o.care_cases = care.cases;
#endif
#ifdef DENEN_HAVE_RECEPTION
    DENEN_TRY(visits, reception::ReceptionRepository(db, clock)
                          .ForgetPersonalData(code, s.retention_visit_days, std::string(kActor)));
    o.visits = visits;
#endif
    DENEN_TRY(pruned, sessions.PruneSessions(code));
    o.sessions = pruned;
    if (s.retention_audit_days > 0) {
      DENEN_TRY(removed, audit::PurgeBefore(db, clock, code,
                                            clock.NowMillis() - int64_t{s.retention_audit_days} * kDayMillis, kActor));
      o.audit_entries = removed;
    }
    out.push_back(o);
  }
  return out;
}

}  // namespace denen::app
