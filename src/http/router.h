// The route table of the JSON API and the pipeline every request goes through:
// match, authenticate, check roles, check the CSRF token, check the body's
// type, run the handler, and turn errors (and exceptions) into one JSON shape:
//   {"error": {"code": "...", "message": "日本語のメッセージ"}}
// Routes are plain data so that tests can walk the whole table (see
// route_protection_test.cc). Dispatch is safe for concurrent use once all
// routes are added.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/roles.h"
#include "auth/staff_auth.h"
#include "core/error.h"

namespace denen::http {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // without the query string
  std::map<std::string, std::string> headers;  // keys lower-case
  std::map<std::string, std::string> query;
  std::string body;
  std::string client;  // remote address, for logs and throttling

  std::string Header(const std::string& lower_name) const;
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, const nlohmann::json& body);
  static Response NoContent();
  static Response FromError(const Error& error);
};

int StatusFor(ErrorKind kind);

// Who may call a route.
enum class Access {
  kPublic,    // anyone, deliberately (login, health, public pages)
  kSignedIn,  // any staff session
  kRoles,     // a session holding one of `roles`, or admin
  kDevice,    // a registered, unrevoked edge device (denen-edge) whose role is in `device_roles`
};

// An edge device (denen-edge) authenticated by its bearer credential
// (`Authorization: Bearer <credential>`), never by a staff session.
struct DeviceSession {
  std::string municipality_code;
  std::string id;
  std::string name;
  std::string role;      // kiosk | counter | door
  std::string place_id;  // what the device serves; '' when none
};

struct RequestContext {
  const Request& request;
  std::vector<std::string> params;          // values of {placeholders} in path order
  std::optional<auth::StaffSession> staff;  // set for every staff route (kSignedIn, kRoles)
  std::optional<DeviceSession> device;      // set for every kDevice route
  // Parses the body as a JSON object; a clear 400 when it is not.
  Result<nlohmann::json> JsonBody() const;
};

using Handler = std::function<Result<Response>(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/users/{id}"; a {name} matches one path segment
  Access access = Access::kRoles;
  auth::RoleSet roles;  // for Access::kRoles
  Handler handler;
  // True to let admin through kRoles routes (default). Health data routes may
  // set it false to keep admins out unless they hold the role.
  bool admin_allowed = true;
  std::vector<std::string> device_roles;  // for Access::kDevice: kiosk, counter, door
};

// Route builders, by name so that call sites say whom a route admits and do
// not depend on the order of Route's fields.
Route StaffRoute(std::string method, std::string pattern, auth::RoleSet roles, Handler handler);
Route SignedInRoute(std::string method, std::string pattern, Handler handler);
Route DeviceRoute(std::string method, std::string pattern, std::vector<std::string> device_roles, Handler handler);
Route PublicRoute(std::string method, std::string pattern, Handler handler);

// Looks up a session from a cookie value (StaffAuth::Authenticate in production).
using Authenticator = std::function<Result<auth::StaffSession>(std::string_view cookie_value)>;
// Looks up an edge device from its bearer credential (edge::EdgeDevices in production).
using DeviceAuthenticator = std::function<Result<DeviceSession>(std::string_view credential)>;

inline constexpr std::string_view kSessionCookie = "denen_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

class Router {
 public:
  explicit Router(Authenticator authenticate, DeviceAuthenticator authenticate_device = nullptr)
      : authenticate_(std::move(authenticate)), authenticate_device_(std::move(authenticate_device)) {}

  void Add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  // Runs the whole pipeline for one request. When `route_pattern` is given it
  // receives the pattern of the route that matched ("" when none did), a label
  // of bounded cardinality for metrics and logs.
  Response Dispatch(const Request& request, std::string* route_pattern = nullptr) const;

 private:
  static bool Match(std::string_view pattern, std::string_view path, std::vector<std::string>& params);

  Authenticator authenticate_;
  DeviceAuthenticator authenticate_device_;
  std::vector<Route> routes_;
};

}  // namespace denen::http
