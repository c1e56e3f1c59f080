// denen-edge's configuration file (TOML; example config/denen-edge.example.toml).
// Unknown keys and wrong types are refused naming the key.
#pragma once

#include <string>

#include "core/error.h"

namespace denen::edge {

struct EdgeConfig {
  // [edge]
  std::string role;  // kiosk | counter | desk
  int listen_port = 8700;
  std::string web_root;        // the web/ folder holding kiosk/ and counter/
  std::string allowed_origin;  // the Denen console's origin, for staff pages
  std::string queue = "var/denen-edge-queue.db";
  std::string reader;  // PC/SC reader name; '' for the first one
  int upload_interval_seconds = 5;
  // [server]
  std::string server_url;
  std::string credential_file;
  std::string ca_file;
  int timeout_seconds = 5;
};

Result<EdgeConfig> ParseEdgeConfig(std::string_view toml_text, std::string_view source_name);
Result<EdgeConfig> LoadEdgeConfig(const std::string& path);

}  // namespace denen::edge
