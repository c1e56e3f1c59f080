// The settings routes of the staff console (admin only):
//   GET /api/v1/settings  every setting of the caller's municipality, its
//                         value, whether the municipality set it, the range
//   PUT /api/v1/settings  {"changes": {"NAME": VALUE | null, ...}}: all or
//                         nothing; null returns a setting to the server's default
#pragma once

#include "http/router.h"
#include "settings/municipality_settings.h"

namespace denen::settings {

void RegisterSettingsRoutes(http::Router& router, MunicipalitySettings& settings);

}  // namespace denen::settings
