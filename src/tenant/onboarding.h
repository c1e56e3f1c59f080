// Adding a municipality (tenant) to a deployment: the municipality row and its
// first administrator, in one transaction. Everything else a municipality owns
// (identity-key salt, door signing keys, settings) is made for it on first use
// and never shared with another municipality.
#pragma once

#include <string>

#include "auth/password.h"
#include "core/clock.h"
#include "store/database.h"
#include "settings/municipality_settings.h"
#include "store/tenants.h"

namespace denen::tenant {

struct NewMunicipality {
  store::Municipality municipality;  // code validated (6 digits with check digit)
  std::string admin_username;
  std::string admin_display_name;
  std::string admin_password;
  // Its own settings from the start (the server's defaults apply to the rest).
  std::vector<settings::SettingChange> settings;
};

// Creates the municipality, its first admin and its settings; an existing
// code or an invalid setting is an error and changes nothing. Audited in the new municipality's log.
Result<void> AddMunicipality(store::Database& db, const Clock& clock, const NewMunicipality& request,
                             std::string_view actor, auth::HashCost cost = auth::HashCost::kInteractive);

}  // namespace denen::tenant
