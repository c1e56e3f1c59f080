// The edge agent's HTTPS client to the Denen server, authenticated by the
// device's bearer credential. A network failure or a 5xx is "server_unreachable"
// (kUnavailable: the caller keeps its data and tries again); any other non-2xx
// answer is the server's own error. Safe for concurrent use.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"

namespace denen::edge {

class ServerLink {
 public:
  virtual ~ServerLink() = default;
  virtual Result<nlohmann::json> Post(const std::string& path, const nlohmann::json& body) = 0;
  virtual Result<nlohmann::json> Get(const std::string& path) = 0;
};

struct ServerLinkOptions {
  std::string base_url;  // "https://denen.example.jp" or "http://127.0.0.1:8080"
  std::string credential;
  std::string ca_file;  // trust for TLS; '' for the system's
  int timeout_seconds = 5;
};

Result<std::unique_ptr<ServerLink>> MakeHttpServerLink(const ServerLinkOptions& options);

}  // namespace denen::edge
