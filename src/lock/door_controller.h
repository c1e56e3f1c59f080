// The door side of the smart lock, the library the denen-edge agent calls on a
// door controller: keeps the last valid signed access list (verified with the
// public key pinned at registration) in memory and in a local SQLite file,
// decides each card tap locally (so it works offline), drives the lock, logs
// every attempt with an id made here and uploads the log when the server is
// reachable, and applies remote emergency commands. Clock trust: a door that
// has had no trusted time since start (a synced list whose signed time agrees
// with the local clock, or NoteTrustedTime), or whose clock is earlier than
// the list's signing time, grants no window rights. Safe for concurrent use (one
// mutex); the clock, driver and server must outlive the controller.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "lock/door_policy.h"
#include "lock/door_server.h"
#include "lock/lock_driver.h"
#include "store/database.h"

namespace denen::lock {

struct DoorConfig {
  std::string municipality_code;
  std::string door_id;
  std::string public_key;                        // raw 32-byte Ed25519 key pinned at registration
  std::string state_path;                        // local SQLite file
  int64_t max_list_age_ms = 24 * 3600 * 1000LL;  // older: staff and emergency rights only
  int64_t max_clock_skew_ms = 5 * 60 * 1000LL;   // server time vs local clock
  int64_t unlock_hold_ms = 5000;                 // how long a granted tap keeps the door unlocked
  bool trust_clock_at_boot = false;              // true only with a battery-backed, disciplined RTC
  size_t upload_batch = 500;
};

struct SyncReport {
  size_t events_uploaded = 0;
  bool list_changed = false;
  bool full = false;
  uint64_t version = 0;
  size_t commands_applied = 0;
  std::optional<Error> upload_error;  // events stay pending and go with the next sync
};

struct DoorStatus {
  uint64_t version = 0;
  int64_t list_signed_at_ms = 0;
  size_t grants = 0;
  bool clock_trusted = false;
  bool list_fresh = false;
  std::optional<int64_t> emergency_open_until_ms;
  size_t pending_events = 0;
  LockStatus lock;
};

class DoorController {
 public:
  static Result<std::unique_ptr<DoorController>> Open(DoorConfig config, const Clock& clock, LockDriver& driver,
                                                      DoorServer& server);

  // Decides a tap of a card (its identity key) at `now_ms`, logs it, and
  // unlocks when granted. An error only when the local log cannot be written
  // (the decision is then refused: no unlogged entry).
  Result<Decision> Decide(std::string_view identity_key, int64_t now_ms);

  // Uploads pending events, then fetches and applies the next list. An upload
  // failure is reported in the result and does not stop the list's sync; a
  // failed sync is an error, and the previous valid list stays in force.
  Result<SyncReport> Sync();

  // Verifies and applies one signed message (what Sync does with the reply).
  // Codes: list_signature_invalid, list_malformed, list_foreign (another door or
  // municipality), list_version_old, list_base_mismatch.
  Result<bool> ApplySigned(std::string_view signed_list, int64_t now_ms);

  // The edge agent reports a trusted time (e.g. NTP synchronised).
  void NoteTrustedTime(int64_t trusted_now_ms);
  // Relocks after the hold time and when an emergency open ends; call often.
  Result<void> Tick(int64_t now_ms);

  DoorStatus Status(int64_t now_ms) const;
  std::vector<AccessEvent> PendingEvents(size_t limit) const;

  // For tests and benchmarks.
  const DoorList& TEST_list() const { return list_; }

 private:
  DoorController(DoorConfig config, const Clock& clock, LockDriver& driver, DoorServer& server,
                 std::unique_ptr<store::Database> db)
      : config_(std::move(config)), clock_(clock), driver_(driver), server_(server), db_(std::move(db)) {}
  Result<void> Load();
  Result<bool> ApplyLocked(const ListMessage& m, int64_t now_ms);
  bool ClockTrustedLocked(int64_t now_ms) const;
  bool ListFreshLocked(int64_t now_ms) const;
  void NoteTrustedTimeLocked(int64_t trusted_now_ms);
  Result<void> LogLocked(const AccessEvent& event);
  Result<size_t> UploadLocked();

  DoorConfig config_;
  const Clock& clock_;
  LockDriver& driver_;
  DoorServer& server_;
  std::unique_ptr<store::Database> db_;
  mutable std::mutex mutex_;
  DoorList list_;
  bool time_trusted_ = false;
  bool skewed_ = false;
  int64_t last_trusted_ms_ = 0;
  std::optional<int64_t> emergency_until_ms_;
  std::optional<int64_t> relock_at_ms_;
};

}  // namespace denen::lock
