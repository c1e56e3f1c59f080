// What a door controller asks of the server, as an interface so that the
// controller can be tested against an in-process server, a failing one, or the
// real HTTP routes (HttpDoorServer). Implementations must be safe to call from
// the controller's thread; errors (server down, timeouts) are values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace denen::lock {

// One attempt at a door, made and numbered at the door.
struct AccessEvent {
  std::string event_id;  // ULID made at the door; retries keep it
  int64_t at_ms = 0;
  std::string identity_key;  // '' for events without a card (emergency command)
  bool granted = false;
  std::string reason;  // door_policy.h ReasonId, or "emergency_command"
  bool operator==(const AccessEvent&) const = default;
};

struct SyncRequest {
  uint64_t version = 0;  // the valid list version the door holds; 0 for none
  std::vector<std::string> applied_commands;
  std::string lock_state = "unknown";
  std::optional<int> battery_percent;
};

struct SyncReply {
  std::string signed_list;  // access_list.h: canonical bytes || signature
  int64_t server_time_ms = 0;
};

class DoorServer {
 public:
  virtual ~DoorServer() = default;
  virtual Result<SyncReply> Sync(const SyncRequest& request) = 0;
  // The ids the server now holds (stored now or before); the door marks them sent.
  virtual Result<std::vector<std::string>> UploadEvents(const std::vector<AccessEvent>& events) = 0;
};

}  // namespace denen::lock
