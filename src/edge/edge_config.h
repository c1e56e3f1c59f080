// denen-edge's configuration file (TOML; example config/denen-edge.example.toml).
// Unknown keys and wrong types are refused naming the key.
#pragma once

#include <string>

#include "core/error.h"

namespace denen::edge {

struct EdgeConfig {
  // [edge]
  std::string role;  // kiosk | counter | door | desk
  int listen_port = 8700;
  std::string web_root;        // the web/ folder holding kiosk/ and counter/
  std::string allowed_origin;  // the Denen console's origin, for staff pages
  std::string queue = "var/denen-edge-queue.db";
  std::string reader;  // PC/SC reader name; '' for the first one
  int upload_interval_seconds = 5;
  std::string card_trust_cache = "var/denen-card-trust.json";  // CA, CRL, salt: for offline checks
  std::string cache_key_file = "var/denen-edge-cache.key";     // kiosk: encrypts cached names
  int cache_max_age_hours = 72;                               // kiosk: older cached names are not used
  // [server]
  std::string server_url;
  std::string credential_file;
  std::string ca_file;
  int timeout_seconds = 5;
  // [door] (role door)
  std::string door_id;
  std::string door_public_key;  // base64 Ed25519 key shown when the door was registered (pinned)
  std::string door_state = "var/denen-door.db";
  int max_list_age_hours = 24;
  std::string lock_driver = "simulated";  // simulated | gpio
  std::string gpio_value_path;            // e.g. /sys/class/gpio/gpio17/value
  int gpio_active_low = 0;
  int sync_interval_seconds = 30;
};

Result<EdgeConfig> ParseEdgeConfig(std::string_view toml_text, std::string_view source_name);
Result<EdgeConfig> LoadEdgeConfig(const std::string& path);

}  // namespace denen::edge
