// The certification-case routes (issue 4) under /api/v1/care/...: import of
// the office's case and form CSV files, the batch check, the queue and case
// views, the KPI report and the office's privacy setting. Care data is health
// data: every route admits the care_reviewer role and admin only (the privacy
// setting is changed by admin alone), and every read of a case is audited.
// 採用 / 却下 decisions use the existing POST /api/v1/care/findings/{id}/decision
// (care_api.h). Handlers are safe for concurrent use; the context's referents
// must outlive the router.
#pragma once

#include "care/checker.h"
#include "core/clock.h"
#include "http/router.h"
#include "store/database.h"

namespace denen::care {

struct CareCasesApiContext {
  store::Database& db;
  // Where GET /api/v1/care/kpi reads (aggregates only, not audited): a read
  // replica (store::ReadReplica) or `db` itself.
  store::Database& reports_db;
  const Clock& clock;
  const CareChecker& checker;
};

// Adds the routes. The context is copied; what it refers to must outlive the router.
void RegisterCareCaseRoutes(http::Router& router, const CareCasesApiContext& ctx);

}  // namespace denen::care
