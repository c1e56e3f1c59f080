// The retention run (`denen retention run`, nightly from deploy/systemd):
// for each municipality, with its own settings (settings/municipality_settings.h),
// deletes care cases past retention.care_case_days, makes check-ins past
// retention.visit_days anonymous, removes staff sessions unused for
// [retention] session_days, and last deletes audit entries past
// retention.audit_days (so the entries the run itself writes stay). Each step
// is one audited transaction; running it again the same day changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "store/database.h"

namespace denen::app {

struct RetentionOutcome {
  std::string municipality_code;
  int64_t care_cases = 0;  // deleted
  int64_t visits = 0;      // made anonymous
  int64_t sessions = 0;    // deleted
  int64_t audit_entries = 0;  // deleted
};

// Runs for `only` or, when nullopt, every municipality of the database.
// Stops at the first error; the municipalities before it are done.
Result<std::vector<RetentionOutcome>> RunRetention(store::Database& db, const Clock& clock, const Config& config,
                                                   const std::optional<std::string>& only);

}  // namespace denen::app
