#include "edge/server_link.h"

#include <httplib.h>

#include <mutex>

namespace denen::edge {
namespace {

class HttpServerLink final : public ServerLink {
 public:
  explicit HttpServerLink(const ServerLinkOptions& options) : options_(options) {}

  Result<nlohmann::json> Post(const std::string& path, const nlohmann::json& body) override {
    return Call(path, &body);
  }
  Result<nlohmann::json> Get(const std::string& path) override { return Call(path, nullptr); }

 private:
  Result<nlohmann::json> Call(const std::string& path, const nlohmann::json* body) {
    // httplib::Client is not safe for concurrent use; one per call keeps it simple.
    httplib::Client client(options_.base_url);
    client.set_connection_timeout(options_.timeout_seconds, 0);
    client.set_read_timeout(options_.timeout_seconds, 0);
    client.set_write_timeout(options_.timeout_seconds, 0);
    if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file.c_str());
    const httplib::Headers headers{{"Authorization", "Bearer " + options_.credential}};
    auto response = body ? client.Post(path, headers, body->dump(), "application/json") : client.Get(path, headers);
    if (!response) {
      return Fail(Error::Unavailable("server_unreachable",
                                     "サーバーに接続できません (" + httplib::to_string(response.error()) + ")"));
    }
    if (response->status >= 500) {
      return Fail(Error::Unavailable("server_unreachable", "サーバーが応答しません (HTTP " +
                                                               std::to_string(response->status) + ")"));
    }
    nlohmann::json parsed = response->body.empty() ? nlohmann::json::object()
                                                    : nlohmann::json::parse(response->body, nullptr, false);
    if (parsed.is_discarded()) {
      return Fail(Error::Unavailable("server_unreachable", "サーバーの応答が読めません"));
    }
    if (response->status >= 300) {
      Error e{ErrorKind::kInvalidInput, "server_refused", "サーバーが拒否しました"};
      if (response->status == 401) e.kind = ErrorKind::kUnauthenticated;
      if (response->status == 403) e.kind = ErrorKind::kForbidden;
      if (response->status == 404) e.kind = ErrorKind::kNotFound;
      if (response->status == 409) e.kind = ErrorKind::kConflict;
      if (parsed.contains("error") && parsed["error"].is_object()) {
        e.code = parsed["error"].value("code", e.code);
        e.message = parsed["error"].value("message", e.message);
      }
      return Fail(e);
    }
    return parsed;
  }

  ServerLinkOptions options_;
};

}  // namespace

Result<std::unique_ptr<ServerLink>> MakeHttpServerLink(const ServerLinkOptions& options) {
  if (!options.base_url.starts_with("https://") && !options.base_url.starts_with("http://")) {
    return Fail(Error::Invalid("invalid_server_url", "サーバーのURLは https:// で始めてください"));
  }
  if (options.credential.empty()) return Fail(Error::Invalid("missing_credential", "端末の認証情報がありません"));
  return std::unique_ptr<ServerLink>(std::make_unique<HttpServerLink>(options));
}

}  // namespace denen::edge
