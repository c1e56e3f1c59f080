// The HTTP server: cpp-httplib underneath, with Denen's limits (body size,
// timeouts, worker threads), security headers on every answer, the web/ folder
// served as static files, and every /api/ and /healthz request handed to the
// Router. Start() blocks until Stop() is called from another thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/router.h"

namespace denen::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port (see port())
  bool tls = false;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string web_root;  // static files; empty serves none
  size_t max_body_bytes = 1 << 20;
  int request_timeout_seconds = 10;
  int worker_threads = 8;
  // GET /metrics (Prometheus text) answers loopback clients that came
  // directly (no X-Forwarded-For), or anyone presenting this bearer token.
  std::string metrics_token;
  // One JSON line per API request on stderr: time, method, route pattern,
  // status, milliseconds, client address. No paths, queries or bodies.
  bool access_log = false;
  // More exposition text appended to /metrics (e.g. the edge agents' gauges);
  // called per scrape, on a worker thread. An error is shown as a comment.
  std::function<Result<std::string>()> more_metrics;
  // Reverse proxies whose X-Forwarded-For names the client (http/client_address.h).
  std::vector<std::string> trusted_proxies;
};


class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();

  // Binds the port; after success, port() is the bound port.
  Result<void> Bind();
  // Serves until Stop(); returns when stopped.
  Result<void> Serve();
  // Safe to call from any thread, before, during or after Serve().
  void Stop();
  int port() const { return port_; }
  const RequestMetrics& metrics() const { return metrics_; }
  bool tls() const { return options_.tls; }

 private:
  struct Impl;
  ServerOptions options_;
  const Router& router_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  RequestMetrics metrics_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> serving_{false};
};

// Headers every answer carries.
void AddSecurityHeaders(Response& response, bool tls);

}  // namespace denen::http
