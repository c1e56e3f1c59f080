// The care checker's HTTP API (issue 3, item 7) for the reviewer console:
// check a 認定調査票 and store it with its findings (one record per form
// version), list and read stored checks, record 採用 / 却下 per finding, and
// report false alarms per rule. Care data is health data: every route needs
// the care_reviewer role (or admin) and every read of stored data is audited.
// Handlers are safe for concurrent use; the context's referents must outlive
// the router.
#pragma once

#include "care/checker.h"
#include "core/clock.h"
#include "http/router.h"
#include "store/database.h"

namespace denen::care {

struct CareApiContext {
  store::Database& db;
  const Clock& clock;
  const CareChecker& checker;
};

// The process-wide checker with the compiled-in rule data and dictionaries,
// loaded on the first call (MeCab dictionaries take a moment); later calls,
// from any thread, return the same one. A failed load is retried next call.
Result<const CareChecker*> SharedCareChecker();

// Stores one check of `form` (the next check version of its form id) with its
// findings and the audit entry, inside the caller's transaction `tx`; answers
// the check id. The batch check of src/care/care_case_repository.h uses it too.
Result<std::string> InsertCheck(store::Database& tx, const Clock& clock, const RuleSet& rules, const std::string& code,
                                const std::string& actor, const nlohmann::json& form_json, const CareForm& form,
                                const std::vector<Finding>& findings);

// One stored check with its items, findings and decision history, as
// GET /api/v1/care/checks/{id} answers it (the form too when `with_form`).
// Reads inside `tx`; the caller audits the read.
Result<nlohmann::json> ReadStoredCheck(store::Database& tx, const ItemCatalog& catalog, const std::string& code,
                                       const std::string& check_id, bool with_form);

// Adds the /api/v1/care/... routes. The context is copied; the database, clock
// and checker it refers to must outlive the router.
void RegisterCareRoutes(http::Router& router, const CareApiContext& ctx);

}  // namespace denen::care
