// Edge device administration (admin role): register a kiosk, counter or door
// agent (its credential is shown once), list devices with when they were last
// seen and what they last reported of their queue, and revoke one. Devices
// call GET /api/v1/edge/me to check their credential and POST
// /api/v1/edge/status to report their queue. Handlers are safe for concurrent use.
#pragma once

#include "edge/edge_devices.h"
#include "http/router.h"

namespace denen::edge {

void RegisterEdgeRoutes(http::Router& router, EdgeDevices& devices);

}  // namespace denen::edge
