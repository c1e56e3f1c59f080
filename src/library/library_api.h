// The library module's HTTP API (issue 7) under /api/v1/library/...: library
// systems and their barcode profiles (admin edits, librarians read), linking a
// resident to a library card number (by tap + PIN, or by resident id for staff
// who already identified the resident), unlinking, the ILS loans import, the
// KPIs, and the counter route that a denen-edge device of role "counter" calls
// on each tap. Card routes answer 503 "card_not_configured" without [card].
// Handlers are safe for concurrent use; referents must outlive the router.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "identity/card_resolver.h"
#include "identity/residents.h"
#include "store/database.h"

namespace denen::library {

struct LibraryApiContext {
  store::Database& db;
  const Clock& clock;
  identity::ResidentDirectory& residents;
  identity::CardResolver* cards;  // null when [card] is not configured
};

void RegisterLibraryRoutes(http::Router& router, const LibraryApiContext& ctx);

}  // namespace denen::library
