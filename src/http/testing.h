// Test-only: requests as the console (staff cookie and CSRF token) and the
// edge agents (bearer credential) send them, for tests that dispatch through a
// Router in process. Header-only.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "http/router.h"

namespace denen::http::testing {

// Who calls: a staff session (cookie and CSRF token) or an edge device (bearer
// credential); empty fields are not sent.
struct Caller {
  std::string cookie;
  std::string csrf;
  std::string bearer;
};

// The request the console or an edge agent would send.
inline Request MakeRequest(const Caller& who, const std::string& method, const std::string& path,
                           const nlohmann::json& body = nullptr, const std::map<std::string, std::string>& query = {}) {
  Request r;
  r.method = method;
  r.path = path;
  r.query = query;
  if (!who.cookie.empty()) r.headers["cookie"] = "denen_session=" + who.cookie;
  if (!who.csrf.empty()) r.headers["x-csrf-token"] = who.csrf;
  if (!who.bearer.empty()) r.headers["authorization"] = "Bearer " + who.bearer;
  if (!body.is_null()) {
    r.headers["content-type"] = "application/json";
    r.body = body.dump();
  }
  return r;
}

// The error code of an answer, '' when it is not an error.
inline std::string ErrorCode(const Response& r) {
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
}

}  // namespace denen::http::testing
