// Test support for the door side: a scripted DoorServer that signs lists with
// its own key, stores uploaded events once per id, and can be stopped or made
// to lose its acknowledgements. Header-only, for test binaries.
#pragma once

#include <filesystem>
#include <map>
#include <set>

#include "core/random.h"
#include "lock/access_list.h"
#include "lock/door_server.h"

namespace denen::lock::testing {

class ScriptedDoorServer final : public DoorServer {
 public:
  explicit ScriptedDoorServer(const Clock& clock) : clock_(clock), keys_(NewSigningKeyPair()) {}

  Result<SyncReply> Sync(const SyncRequest& request) override {
    if (down) return Fail(Error::Unavailable("server_unreachable", "stopped"));
    last_request = request;
    ListMessage m = next;
    m.signed_at_ms = clock_.NowMillis() + server_clock_offset_ms;
    if (!m.full && m.base_version != request.version) m.base_version = request.version;
    return SyncReply{*SignListMessage(m, keys_.secret_key), clock_.NowMillis() + server_clock_offset_ms};
  }

  Result<std::vector<std::string>> UploadEvents(const std::vector<AccessEvent>& events) override {
    if (down) return Fail(Error::Unavailable("server_unreachable", "stopped"));
    std::vector<std::string> ids;
    for (const auto& e : events) {
      if (stored.emplace(e.event_id, e).second) ++upload_count;
      ids.push_back(e.event_id);
    }
    if (lose_next_ack) {
      lose_next_ack = false;
      return Fail(Error::Unavailable("server_unreachable", "ack lost"));
    }
    return ids;
  }

  std::string Sign(const ListMessage& m) const { return *SignListMessage(m, keys_.secret_key); }
  const std::string& public_key() const { return keys_.public_key; }

  bool down = false;
  bool lose_next_ack = false;
  int64_t server_clock_offset_ms = 0;
  ListMessage next;
  SyncRequest last_request;
  std::map<std::string, AccessEvent> stored;
  int upload_count = 0;

 private:
  const Clock& clock_;
  SigningKeyPair keys_;
};

inline std::string TempStatePath() {
  auto dir = std::filesystem::temp_directory_path() / "denen-lock-test";
  std::filesystem::create_directories(dir);
  return (dir / (RandomHex(8) + ".sqlite")).string();
}

}  // namespace denen::lock::testing
