// DoorServer over HTTP(S): the door controller's calls to the server's door
// routes (POST /api/v1/lock/door/sync and /api/v1/lock/door/events) with the
// device's bearer credential. Errors (server down, timeout, refusal) come back
// as values. Safe for concurrent use (a client per call).
#pragma once

#include <string>

#include "lock/door_server.h"

namespace denen::lock {

struct HttpDoorServerOptions {
  std::string base_url;    // "https://denen.example.lg.jp" or "http://127.0.0.1:8080"
  std::string credential;  // the device's bearer credential from registration
  std::string ca_file;     // for https; empty uses the system's
  int timeout_seconds = 10;
};

class HttpDoorServer final : public DoorServer {
 public:
  explicit HttpDoorServer(HttpDoorServerOptions options) : options_(std::move(options)) {}
  Result<SyncReply> Sync(const SyncRequest& request) override;
  Result<std::vector<std::string>> UploadEvents(const std::vector<AccessEvent>& events) override;

 private:
  Result<std::string> Post(const std::string& path, const std::string& body);
  HttpDoorServerOptions options_;
};

}  // namespace denen::lock
