// Composition of the server: opens the database named by the config, migrates
// it, ensures the municipality exists, and wires accounts, sessions, the audit
// log and every module's routes into one Router. main.cc only calls this; the
// functional tests build the same App in-process.
#pragma once

#include <memory>
#include <vector>

#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "core/clock.h"
#include "core/config.h"
#include "http/router.h"
#include "http/staff_api.h"
#include "store/database.h"

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
  std::unique_ptr<auth::StaffAccounts> accounts;
  std::unique_ptr<auth::StaffAuth> auth;
  std::unique_ptr<http::StaffApiContext> staff_api;
  std::unique_ptr<http::Router> router;
  // Module services shared by several modules' routes. Null when the module
  // is left out of the build; `cards` also when [card] has no trust anchors.
  identity::ResidentDirectory* residents = nullptr;
  identity::CardResolver* cards = nullptr;
  edge::EdgeDevices* edge_devices = nullptr;
  // Owns what the pointers above refer to.
  std::vector<std::shared_ptr<void>> owned;
};

// Opens and migrates the database and registers every route.
Result<std::unique_ptr<App>> BuildApp(const Config& config, const Clock& clock,
                                      auth::HashCost hash_cost = auth::HashCost::kModerate);

// Opens and migrates only (for CLI commands that need no routes).
Result<std::unique_ptr<store::Database>> OpenMigratedDatabase(const Config& config, const Clock& clock);

// The web/ folder: the configured one, or the source tree's.
std::string WebRoot(const Config& config);

}  // namespace denen::app
