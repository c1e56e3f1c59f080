#include "edge/local_api.h"

#include <httplib.h>

#include <charconv>
#include <thread>

namespace denen::edge {
namespace {

using nlohmann::json;

int64_t QueryInt(const httplib::Request& req, const char* name, int64_t fallback, int64_t min, int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return fallback;
  return std::clamp(value, min, max);
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Error& e) {
  int status = 400;
  if (e.kind == ErrorKind::kUnavailable) status = 503;
  if (e.kind == ErrorKind::kForbidden || e.kind == ErrorKind::kUnauthenticated) status = 403;
  SendJson(res, status, {{"error", {{"code", e.code}, {"message", e.message}}}});
}

}  // namespace

struct LocalApi::Impl {
  Impl(EdgeAgent& a, LocalApiOptions o) : agent(a), options(std::move(o)) {}
  EdgeAgent& agent;
  LocalApiOptions options;
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

LocalApi::LocalApi(EdgeAgent& agent, LocalApiOptions options)
    : impl_(std::make_unique<Impl>(agent, std::move(options))) {}

LocalApi::~LocalApi() { Stop(); }

Result<int> LocalApi::Start() {
  Impl& d = *impl_;
  EdgeAgent& agent = d.agent;
  const std::string origin = d.options.allowed_origin;

  d.server.set_post_routing_handler([origin](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!origin.empty() && req.get_header_value("Origin") == origin) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
  });
  d.server.Options(".*", [origin](const httplib::Request& req, httplib::Response& res) {
    if (origin.empty() || req.get_header_value("Origin") != origin) {
      res.status = 403;
      return;
    }
    res.set_header("Access-Control-Allow-Methods", "GET, POST");
    res.set_header("Access-Control-Allow-Headers", "Content-Type");
    res.set_header("Access-Control-Allow-Private-Network", "true");
    res.status = 204;
  });
  // A page from any other origin must not drive the reader (PIN, reads).
  auto same_or_allowed = [origin](const httplib::Request& req) {
    const std::string from = req.get_header_value("Origin");
    return from.empty() || from == origin || from.starts_with("http://127.0.0.1:") ||
           from.starts_with("http://localhost:");
  };

  d.server.Get("/counter/events", [&agent](const httplib::Request& req, httplib::Response& res) {
    const int64_t after = QueryInt(req, "after", -1, -1, INT64_MAX);
    const int64_t wait = QueryInt(req, "wait", 0, 0, 30);
    // A page that starts (after=-1) gets the latest event at once, and decides
    // by its age whether to show it.
    auto events = after < 0 ? agent.feed().After(agent.feed().LastSeq() - 1, std::chrono::milliseconds(0))
                            : agent.feed().After(after, std::chrono::seconds(wait));
    if (events.empty()) {
      SendJson(res, 200, {{"seq", agent.feed().LastSeq()}, {"event", nullptr}});
      return;
    }
    json latest = events.back();
    const int64_t seq = latest["seq"];
    latest.erase("seq");
    SendJson(res, 200, {{"seq", seq}, {"event", latest}});
  });

  d.server.Get("/kiosk/status", [&agent](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"status", agent.Status()}, {"next", agent.feed().LastSeq()}});
  });
  d.server.Get("/kiosk/events", [&agent](const httplib::Request& req, httplib::Response& res) {
    const int64_t after = QueryInt(req, "after", 0, 0, INT64_MAX);
    const int64_t wait = QueryInt(req, "wait", 0, 0, 25);
    auto events = agent.feed().After(after, std::chrono::seconds(wait));
    SendJson(res, 200, {{"events", events}, {"next", agent.feed().LastSeq()}, {"status", agent.Status()}});
  });
  d.server.Post("/kiosk/walkins", [&agent, same_or_allowed](const httplib::Request& req, httplib::Response& res) {
    if (!same_or_allowed(req)) return SendError(res, {ErrorKind::kForbidden, "origin_refused", "許可されていない画面です"});
    json body = json::parse(req.body, nullptr, false);
    auto event = agent.HandleWalkIn(body);
    if (!event) return SendError(res, event.error());
    SendJson(res, 202, {{"event", *event}});
  });

  d.server.Get("/card/status", [&agent](const httplib::Request&, httplib::Response& res) {
    auto status = agent.CardStatus();
    if (!status) return SendError(res, status.error());
    SendJson(res, 200, *status);
  });
  d.server.Post("/card/read", [&agent, same_or_allowed](const httplib::Request& req, httplib::Response& res) {
    if (!same_or_allowed(req)) return SendError(res, {ErrorKind::kForbidden, "origin_refused", "許可されていない画面です"});
    auto card = agent.ReadCard();
    if (!card) return SendError(res, card.error());
    SendJson(res, 200, *card);
  });
  d.server.Post("/card/pin-evidence", [&agent, same_or_allowed](const httplib::Request& req, httplib::Response& res) {
    if (!same_or_allowed(req)) return SendError(res, {ErrorKind::kForbidden, "origin_refused", "許可されていない画面です"});
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("challenge") || !body["challenge"].is_string() ||
        !body.contains("pin") || !body["pin"].is_string()) {
      return SendError(res, Error::Invalid("invalid_request", "challenge と pin を送ってください"));
    }
    auto evidence = agent.PinEvidence(body["challenge"], body["pin"], body.value("last_try_confirmed", false));
    if (!evidence) return SendError(res, evidence.error());
    SendJson(res, 200, *evidence);
  });

  if (!d.options.web_root.empty()) d.server.set_mount_point("/", d.options.web_root);

  d.port = d.options.port == 0 ? d.server.bind_to_any_port("127.0.0.1")
                               : (d.server.bind_to_port("127.0.0.1", d.options.port) ? d.options.port : -1);
  if (d.port <= 0) {
    return Fail(Error::Unavailable("listen_failed", "127.0.0.1:" + std::to_string(d.options.port) +
                                                        " で待ち受けできません"));
  }
  d.thread = std::thread([&d] { d.server.listen_after_bind(); });
  return d.port;
}

void LocalApi::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->agent.feed().Close();  // pages' long-polls answer now instead of after their wait
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace denen::edge
