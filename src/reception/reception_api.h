// The Reception module's HTTP API (issue 6) under /api/v1/reception/...:
// check-in batches from kiosks (edge devices, kiosk role), walk-in entry and
// paperless tickets (reception role), places and events with open-data import
// (reception), shelters opened and watched by the disaster HQ (disaster_hq),
// analytics and KPI (reception), individual-row exports (admin, audited), and
// the deliberately public GET /api/v1/public/shelters (counts only). Handlers
// are safe for concurrent use; the context's referents must outlive the router.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "http/router.h"
#include "store/database.h"

namespace denen::reception {

// What a verified card tap resolves to (identity::TapResident without the key).
struct CardHolder {
  std::string resident_id;
  std::string name_kana;
  std::string district;
  int birth_year = 0;
};

// Verifies card evidence (identity::ParseCardEvidence JSON) and resolves it to
// an enrolled resident who consented to the reception service. Errors of kind
// unavailable or internal are retried by the kiosk; any other error is a
// refusal given to the visitor and recorded. See card_tap.h for the adapter
// over identity::CardResolver.
using CardTapResolver =
    std::function<Result<CardHolder>(std::string_view municipality, const nlohmann::json& evidence)>;

struct ReceptionApiContext {
  store::Database& db;
  // Where GET analytics and kpi read: a read replica (store::ReadReplica) or
  // `db` itself. Check-ins, exports (audited) and shelter occupancy use `db`.
  store::Database& reports_db;
  const Clock& clock;
  CardTapResolver resolve_card;  // empty: card taps are answered 503 (not retried away)
  // The municipality the public shelter page shows when the request names
  // none (`?municipality=CODE` names any municipality of the database).
  std::string public_municipality;
};

// Adds the routes. The context itself is not kept.
void RegisterReceptionRoutes(http::Router& router, ReceptionApiContext& ctx);

}  // namespace denen::reception
