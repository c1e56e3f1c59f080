#include "http/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/client_address.h"

namespace denen::http {

struct Server::Impl {
  std::unique_ptr<httplib::Server> server;
};

namespace {

Request FromHttplib(const httplib::Request& req, const std::vector<std::string>& trusted_proxies) {
  Request out;
  out.method = req.method;
  out.path = req.path;
  for (const auto& [name, value] : req.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[lower] = value;
  }
  for (const auto& [name, value] : req.params) out.query[name] = value;
  out.body = req.body;
  out.client = ClientAddress(req.remote_addr, req.get_header_value("X-Forwarded-For"), trusted_proxies);
  return out;
}

void ToHttplib(const Response& response, httplib::Response& res) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  if (!response.content_type.empty()) res.set_content(response.body, response.content_type.c_str());
}

bool IsLoopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
}

// Compares without an early exit, so the time taken says nothing of the token.
bool SameSecret(const std::string& given, const std::string& expected) {
  if (given.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

}  // namespace

void AddSecurityHeaders(Response& response, bool tls) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                // the card reader's agent (denen-edge) on the staff PC
                                "connect-src 'self' http://127.0.0.1:* http://localhost:*; "
                                "frame-ancestors 'none'");
  if (tls) response.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
}

Server::Server(ServerOptions options, const Router& router)
    : options_(std::move(options)), router_(router), impl_(std::make_unique<Impl>()) {}

Server::~Server() { Stop(); }

Result<void> Server::Bind() {
  if (options_.tls) {
    auto ssl = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(), options_.tls_key_file.c_str());
    if (!ssl->is_valid()) {
      return Fail(Error::Invalid("invalid_tls", "TLS証明書または鍵を読み込めません: " + options_.tls_cert_file + ", " +
                                                    options_.tls_key_file));
    }
    impl_->server = std::move(ssl);
  } else {
    impl_->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& s = *impl_->server;
  const int threads = options_.worker_threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_read_timeout(options_.request_timeout_seconds, 0);
  s.set_write_timeout(options_.request_timeout_seconds, 0);
  s.set_keep_alive_timeout(5);
  s.set_keep_alive_max_count(100);
  // Small JSON answers must not wait for Nagle's algorithm (40 ms per request otherwise).
  s.set_tcp_nodelay(true);

  const bool tls = options_.tls;
  if (!options_.web_root.empty()) {
    if (!s.set_mount_point("/", options_.web_root)) {
      return Fail(Error::Invalid("invalid_web_root", "web_root のフォルダがありません: " + options_.web_root));
    }
    s.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
    s.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
    s.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");
    s.set_file_request_handler([tls](const httplib::Request&, httplib::Response& res) {
      Response headers_only;
      AddSecurityHeaders(headers_only, tls);
      for (const auto& [name, value] : headers_only.headers) res.set_header(name, value);
      res.set_header("Cache-Control", "no-cache");
    });
  }

  const bool access_log = options_.access_log;
  auto dispatch = [this, tls, access_log](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    std::string route;
    const Request request = FromHttplib(req, options_.trusted_proxies);
    const std::string client = request.client;
    Response response = router_.Dispatch(request, &route);
    AddSecurityHeaders(response, tls);
    response.headers.emplace_back("Cache-Control", "no-store");
    ToHttplib(response, res);
    const int64_t micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    if (route.empty()) route = "unmatched";
    metrics_.Observe(req.method, route, response.status, micros);
    if (access_log) {
      const nlohmann::json line = {{"ts", std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count()},
                                   {"method", req.method},
                                   {"route", route},
                                   {"status", response.status},
                                   {"ms", static_cast<double>(micros) / 1000.0},
                                   {"client", client}};
      std::clog << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n" << std::flush;
    }
  };
  const std::string metrics_token = options_.metrics_token;
  const auto more_metrics = options_.more_metrics;
  s.Get("/metrics", [this, tls, metrics_token, more_metrics](const httplib::Request& req, httplib::Response& res) {
    const std::string authorization = req.get_header_value("Authorization");
    const bool by_token = !metrics_token.empty() && authorization.starts_with("Bearer ") &&
                          SameSecret(authorization.substr(7), metrics_token);
    const bool direct_loopback = IsLoopback(req.remote_addr) && !req.has_header("X-Forwarded-For");
    Response response;
    if (by_token || direct_loopback) {
      response.content_type = "text/plain; version=0.0.4; charset=utf-8";
      response.body = metrics_.Render();
      if (more_metrics) {
        auto more = more_metrics();
        response.body += more ? *more : "# more metrics unavailable: " + more.error().code + "\n";
      }
    } else {
      response = Response::FromError(Error{ErrorKind::kForbidden, "metrics_forbidden", "メトリクスはこの接続元からは読めません"});
    }
    AddSecurityHeaders(response, tls);
    response.headers.emplace_back("Cache-Control", "no-store");
    ToHttplib(response, res);
  });
  const std::string api = R"((/api/.*|/healthz))";
  s.Get(api, dispatch);
  s.Post(api, dispatch);
  s.Put(api, dispatch);
  s.Patch(api, dispatch);
  s.Delete(api, dispatch);
  s.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/console/"); });

  // Errors raised by httplib itself (oversize body, unknown path) get the same JSON shape.
  s.set_error_handler([tls](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    Error e;
    if (res.status == 413) {
      e = Error::Invalid("payload_too_large", "リクエストが大きすぎます");
    } else if (res.status == 404) {
      e = Error::NotFound("not_found", "ページが見つかりません");
    } else {
      e = Error::Invalid("bad_request", "リクエストを処理できません(HTTP " + std::to_string(res.status) + ")");
    }
    Response response = Response::FromError(e);
    response.status = res.status;
    AddSecurityHeaders(response, tls);
    ToHttplib(response, res);
    (void)req;
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      std::cerr << "unhandled exception: " << e.what() << "\n";
    } catch (...) {
      std::cerr << "unhandled exception\n";
    }
    ToHttplib(Response::FromError(Error::Internal("exception", "unhandled")), res);
    res.status = 500;
  });

  // SO_REUSEADDR only: a restarted server may bind while the old one's
  // connections linger, but a second server on a port in use is refused.
  // (cpp-httplib's default, SO_REUSEPORT, let two servers share the port and
  // the kernel spread connections, and so sessions, between them.)
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (options_.port == 0) {
    port_ = s.bind_to_any_port(options_.host);
    if (port_ < 0) port_ = 0;
  } else {
    port_ = s.bind_to_port(options_.host, options_.port) ? options_.port : 0;
  }
  if (port_ == 0) {
    return Fail(Error::Unavailable("bind_failed", "待ち受けできません: " + options_.host + ":" +
                                                      std::to_string(options_.port) + "(使用中かもしれません)"));
  }
  return {};
}

Result<void> Server::Serve() {
  if (!impl_->server) return Fail(Error::Internal("not_bound", "Bind() first"));
  serving_ = true;
  if (stop_requested_) {
    serving_ = false;
    return {};
  }
  const bool clean = impl_->server->listen_after_bind();
  serving_ = false;
  if (!clean && !stop_requested_) {
    return Fail(Error::Unavailable("serve_failed", "HTTPサーバーが停止しました"));
  }
  return {};
}

void Server::Stop() {
  stop_requested_ = true;
  if (!impl_ || !impl_->server) return;
  // httplib ignores stop() until its loop runs; wait for that if Serve() has begun.
  while (serving_ && !impl_->server->is_running()) std::this_thread::yield();
  impl_->server->stop();
}

}  // namespace denen::http
