// The resident directory's HTTP API (issue 5) for reception staff at the city
// hall: card challenges, enrolment by tap + PIN with consent per service,
// search and read (audited), consent changes, suspension of a lost card and
// re-linking of a renewed one. Also the edge devices' challenge route. Card
// routes answer 503 "card_not_configured" when the server has no trust anchors.
// Handlers are safe for concurrent use; referents must outlive the router.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "identity/card_resolver.h"
#include "identity/residents.h"
#include "store/database.h"

namespace denen::identity {

struct IdentityApiContext {
  store::Database& db;
  const Clock& clock;
  ResidentDirectory& residents;
  CardResolver* cards;  // null when [card] is not configured
};

void RegisterIdentityRoutes(http::Router& router, const IdentityApiContext& ctx);

}  // namespace denen::identity
