// The Schools module's HTTP API (issue 9) under /api/v1/school/...: the school
// directory, teachers' school links (admin), joint class sessions (plan,
// confirm, record, calendar), special-needs ICT use, KPIs, and the two
// deliberately public survey routes that pupils' devices call with the
// session's unguessable token. Staff routes admit the school role and admin;
// what each caller sees is narrowed by SchoolRepository's scope. Handlers are
// safe for concurrent use; the context's referents must outlive the router.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "store/database.h"

namespace denen::school {

struct SchoolApiContext {
  store::Database& db;
  const Clock& clock;
};

// Adds the routes. The context itself is not kept; the database and clock it
// refers to must outlive the router.
void RegisterSchoolRoutes(http::Router& router, SchoolApiContext& ctx);

}  // namespace denen::school
