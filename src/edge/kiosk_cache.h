// The kiosk's offline copy of what it needs to greet enrolled residents by
// name when the network is down: identity key → kana name, and whether the
// card may still check in (suspensions and withdrawn consents arrive as
// inactive entries). Names are encrypted at rest (libsodium secretbox, a key
// file readable by the agent only); entries not refreshed within `max_age`
// are not used. Synced incrementally (GET /api/v1/edge/residents?since=).
// Safe for concurrent use (all state is in the database).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "edge/server_link.h"
#include "store/database.h"

namespace denen::edge {

struct CachedResident {
  std::string name_kana;
  bool active = false;
};

class KioskCache {
 public:
  // `key` is 32 bytes (see LoadOrCreateCacheKey).
  KioskCache(store::Database& db, std::string key, const Clock& clock, int64_t max_age_ms)
      : db_(db), key_(std::move(key)), clock_(clock), max_age_ms_(max_age_ms) {}

  Result<void> Init();
  // Fetches every change since the last sync; returns how many entries changed.
  Result<int> Sync(ServerLink& server);
  // Nothing when unknown or expired.
  Result<std::optional<CachedResident>> Lookup(const std::string& identity_key);

 private:
  store::Database& db_;
  std::string key_;
  const Clock& clock_;
  int64_t max_age_ms_;
};

// The key file: created with 32 random bytes and mode 0600 when missing.
Result<std::string> LoadOrCreateCacheKey(const std::string& path);

}  // namespace denen::edge
