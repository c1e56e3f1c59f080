#include "lock/http_door_server.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "lock/access_list.h"

namespace denen::lock {
namespace {

using nlohmann::json;

Error Down(std::string message) { return Error::Unavailable("server_unreachable", std::move(message)); }

}  // namespace

Result<std::string> HttpDoorServer::Post(const std::string& path, const std::string& body) {
  try {
    httplib::Client client(options_.base_url);
    client.set_connection_timeout(options_.timeout_seconds, 0);
    client.set_read_timeout(options_.timeout_seconds, 0);
    client.set_write_timeout(options_.timeout_seconds, 0);
    if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file.c_str());
    httplib::Headers headers{{"Authorization", "Bearer " + options_.credential}};
    auto res = client.Post(path, headers, body, "application/json");
    if (!res) return Fail(Down("サーバーに接続できません: " + httplib::to_string(res.error())));
    if (res->status != 200) {
      return Fail(Error::Unavailable("server_refused",
                                     "サーバーが " + std::to_string(res->status) + " を返しました: " + res->body));
    }
    return res->body;
  } catch (const std::exception& e) {
    return Fail(Down(e.what()));
  }
}

Result<SyncReply> HttpDoorServer::Sync(const SyncRequest& request) {
  json body = {{"version", request.version},
               {"applied_commands", request.applied_commands},
               {"lock_state", request.lock_state},
               {"battery_percent", request.battery_percent ? json(*request.battery_percent) : json(nullptr)}};
  DENEN_TRY(text, Post("/api/v1/lock/door/sync", body.dump()));
  json reply = json::parse(text, nullptr, false);
  if (!reply.is_object() || !reply.contains("list") || !reply["list"].is_string() ||
      !reply.contains("server_time_ms") || !reply["server_time_ms"].is_number_integer()) {
    return Fail(Error::Unavailable("server_reply_invalid", "同期の応答の形式が不正です"));
  }
  DENEN_TRY(list, ListFromBase64(reply["list"].get<std::string>()));
  return SyncReply{std::move(list), reply["server_time_ms"].get<int64_t>()};
}

Result<std::vector<std::string>> HttpDoorServer::UploadEvents(const std::vector<AccessEvent>& events) {
  json items = json::array();
  for (const auto& e : events) {
    items.push_back({{"event_id", e.event_id},
                     {"at_ms", e.at_ms},
                     {"identity_key", e.identity_key},
                     {"granted", e.granted},
                     {"reason", e.reason}});
  }
  DENEN_TRY(text, Post("/api/v1/lock/door/events", json{{"events", items}}.dump()));
  json reply = json::parse(text, nullptr, false);
  if (!reply.is_object() || !reply.contains("stored") || !reply["stored"].is_array()) {
    return Fail(Error::Unavailable("server_reply_invalid", "ログ送信の応答の形式が不正です"));
  }
  std::vector<std::string> out;
  for (const auto& id : reply["stored"]) {
    if (id.is_string()) out.push_back(id.get<std::string>());
  }
  return out;
}

}  // namespace denen::lock
