// The resident directory's HTTP API (issue 5) for reception staff at the city
// hall: card challenges, enrolment by tap + PIN with consent per service,
// search and read (audited), consent changes, suspension of a lost card and
// re-linking of a renewed one. Also the edge devices' challenge route and the
// trust data they check cards with offline (CA, CRL, identity-key salt). Card
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
  // What edge devices need to check cards offline (GET /api/v1/edge/card-trust).
  std::string trust_anchors_pem;
  std::string crl_pem;
  int crl_max_age_hours = 0;
  std::string required_policy_oid;
};

void RegisterIdentityRoutes(http::Router& router, const IdentityApiContext& ctx);

}  // namespace denen::identity
