// The smart-lock HTTP API (issue 8) under /api/v1/lock/...: facilities, rooms
// and doors, reservations (one by one or the city's CSV), rights, door status,
// the access log and the KPI for facility staff (facility_manager); emergency
// opening of shelters for the disaster HQ (disaster_hq); and the two routes
// door controllers call with their device credential (role "door", place_id =
// the door id): sync and event upload. Handlers are safe for concurrent use;
// the database and clock must outlive the router.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "lock/lock_repository.h"
#include "store/database.h"

namespace denen::lock {

struct LockApiContext {
  store::Database& db;
  const Clock& clock;
  LockSettings settings;
};

void RegisterLockRoutes(http::Router& router, const LockApiContext& ctx);

}  // namespace denen::lock
