// Settings a municipality chooses for itself in a shared deployment: the
// minimum cell size of its KPI figures and how long it keeps audit entries,
// care cases and the personal part of check-ins (sessions are the server's
// business: [retention] session_days). Each setting falls back to the server's configuration ([kpi],
// [retention]) until the municipality sets its own. Names are the config keys
// ("kpi.min_cell_size", "retention.visit_days", ...). Safe for concurrent use:
// values are read from the database on every call, so every server process of
// a deployment sees a change at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "store/database.h"

namespace denen::settings {

// The values in force for one municipality.
struct Settings {
  int kpi_min_cell_size = 5;
  int retention_audit_days = 3650;
  int retention_care_case_days = 1825;
  int retention_visit_days = 1825;
};

// One setting a municipality may choose: its name, its place in Settings, the
// values it accepts (inclusive) and a Japanese label for people.
struct SettingInfo {
  std::string_view name;
  int Settings::*field;
  int min;
  int max;
  std::string_view label;
};

const std::vector<SettingInfo>& Catalogue();

// The setting called `name`, or nullptr.
const SettingInfo* FindSetting(std::string_view name);

// The server's configuration as the defaults of every municipality.
Settings ServerDefaults(const Config& config);

// One setting as a municipality sees it. `own` is false when the server's
// default applies (updated_* are then empty).
struct SettingValue {
  const SettingInfo* info = nullptr;
  int value = 0;
  bool own = false;
  int64_t updated_at_ms = 0;
  std::string updated_by;
};

// A requested change: `value` nullopt returns the setting to the server's default.
struct SettingChange {
  std::string name;
  std::optional<int64_t> value;
};

// Parses "name=value" (or "name=" to return to the default), naming what is wrong.
Result<SettingChange> ParseSettingChange(std::string_view text);

// Checks the name and the range, without writing.
Result<void> ValidateSettingChange(const SettingChange& change);

// Writes one change with its audit entry inside the caller's transaction `tx`.
// Validated first; an invalid change writes nothing.
Result<void> ApplySettingChange(store::Database& tx, const Clock& clock, const std::string& municipality_code,
                                const SettingChange& change, std::string_view actor);

class MunicipalitySettings {
 public:
  MunicipalitySettings(store::Database& db, const Clock& clock, Settings defaults)
      : db_(db), clock_(clock), defaults_(defaults) {}

  const Settings& defaults() const { return defaults_; }

  // The settings in force for `municipality_code`.
  Result<Settings> For(const std::string& municipality_code) const;

  // Every setting in catalogue order, with where its value comes from;
  // municipality_not_found when this database does not serve the code.
  Result<std::vector<SettingValue>> List(const std::string& municipality_code) const;

  // Applies all changes in one transaction, or none when one is invalid or
  // the municipality is not served by this database.
  Result<void> Change(const std::string& municipality_code, const std::vector<SettingChange>& changes,
                      std::string_view actor);

 private:
  store::Database& db_;
  const Clock& clock_;
  Settings defaults_;
};

}  // namespace denen::settings
