// The server's configuration, read from a TOML file (see config/denen.example.toml
// and README.md). Loading is strict: an unknown key, a wrong type or an invalid
// value is an error that names the key and says why. Immutable once loaded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace denen {

struct Config {
  // [municipality]
  std::string municipality_code;  // 全国地方公共団体コード, check digit verified
  std::string municipality_name;

  // [database]
  std::string database_url = "sqlite:var/denen.db";  // sqlite:PATH or postgresql://...
  int database_pool_size = 4;
  // A streaming replica of the PostgreSQL database that the report routes read
  // from (they fall back to database_url while it cannot be reached); empty: none.
  std::string database_read_url;
  int database_read_pool_size = 4;

  // [server]
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  bool tls = false;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string web_root;  // empty: the web/ folder of the source tree
  int64_t max_body_bytes = 1 << 20;
  int request_timeout_seconds = 10;
  int worker_threads = 8;
  std::string metrics_token;  // empty: GET /metrics only from loopback
  bool access_log = false;    // one JSON line per API request on stderr
  // Addresses of reverse proxies (nginx) whose X-Forwarded-For is believed:
  // the client is then the nearest address in it that is not one of these.
  std::vector<std::string> trusted_proxies;

  // [auth]
  int session_idle_minutes = 480;
  int login_slow_after_failures = 3;   // each further failure waits longer
  int login_lock_after_failures = 10;  // then the account is locked
  int login_lock_minutes = 15;

  // [card] My Number Card (JPKI user-authentication certificate) checks.
  // Without trust anchors every card route answers "card_not_configured".
  std::string card_trust_anchors_file;  // PEM: the JPKI CA certificate(s)
  std::string card_crl_file;            // PEM CRL the operator refreshes
  int card_crl_max_age_hours = 0;       // 0: no limit; refuse older CRLs otherwise
  std::string card_required_policy_oid;  // e.g. 1.2.392.200149.8.5.1.3.30 in production

  // [retention] (days; 0 keeps forever)
  int retention_audit_days = 3650;
  int retention_session_days = 30;
  int retention_care_case_days = 1825;
  int retention_visit_days = 1825;

  // [kpi] Aggregates of fewer people than this (but more than none) are
  // suppressed in every KPI report, chart, export and open-data file.
  int kpi_min_cell_size = 5;

  // Path of the file this was loaded from (for relative paths and messages).
  std::string source_path;
};

// Parses TOML text; `source_name` appears in error messages.
Result<Config> ParseConfig(std::string_view toml_text, std::string_view source_name);

// Reads and parses a file.
Result<Config> LoadConfigFile(const std::string& path);

// True for an IPv4 or IPv6 address literal (no port, no brackets).
bool IsIpAddress(std::string_view text);

// Splits "host:port"; the port must be 1..65535.
Result<std::pair<std::string, int>> ParseListenAddress(std::string_view address);

}  // namespace denen
