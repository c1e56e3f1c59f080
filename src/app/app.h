// Composition of the server: opens the database named by the config, migrates
// it, ensures the municipality exists, and wires accounts, sessions, the audit
// log and every module's routes into one Router. main.cc only calls this; the
// functional tests build the same App in-process.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "core/clock.h"
#include "core/config.h"
#include "http/router.h"
#include "http/staff_api.h"
#include "settings/municipality_settings.h"
#include "store/database.h"
#include "store/read_replica.h"

namespace denen::identity {
class ResidentDirectory;
class CardResolver;
}  // namespace denen::identity
namespace denen::edge {
class EdgeDevices;
}  // namespace denen::edge

namespace denen::app {

struct App {
  Config config;
  const Clock* clock = nullptr;
  std::unique_ptr<store::Database> db;
  // The streaming replica of [database] read_url, which the report routes read
  // from (falling back to `db` while it cannot answer); null without one.
  std::unique_ptr<store::ReadReplica> read_replica;
  std::unique_ptr<auth::StaffAccounts> accounts;
  std::unique_ptr<auth::StaffAuth> auth;
  std::unique_ptr<http::StaffApiContext> staff_api;
  // Each municipality's own settings, over the config's defaults.
  std::unique_ptr<settings::MunicipalitySettings> settings;
  std::unique_ptr<http::Router> router;
  // Module services shared by several modules' routes. Null when the module
  // is left out of the build; `cards` also when [card] has no trust anchors.
  identity::ResidentDirectory* residents = nullptr;
  identity::CardResolver* cards = nullptr;
  edge::EdgeDevices* edge_devices = nullptr;
  // Owns what the pointers above refer to.
  std::vector<std::shared_ptr<void>> owned;

  // Where the report routes read: the read replica, else the primary `db`.
  store::Database& ReportsDb() const { return read_replica ? *read_replica : *db; }
};

// Opens and migrates the database and registers every route.
Result<std::unique_ptr<App>> BuildApp(const Config& config, const Clock& clock,
                                      auth::HashCost hash_cost = auth::HashCost::kModerate);

// Opens and migrates only (for CLI commands that need no routes).
Result<std::unique_ptr<store::Database>> OpenMigratedDatabase(const Config& config, const Clock& clock);

// What GET /metrics shows besides the request metrics (http::ServerOptions::
// more_metrics): the edge agents' gauges and the read replica's counters.
// Empty when there is neither. `app` must outlive it.
std::function<Result<std::string>()> MoreMetrics(const App& app);

// The web/ folder: the configured one, or the source tree's.
std::string WebRoot(const Config& config);

}  // namespace denen::app
