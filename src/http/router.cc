#include "http/router.h"

#include <sodium.h>

#include <algorithm>
#include <iostream>

#include "core/json_input.h"

namespace denen::http {
namespace {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool ChangesState(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

Response ErrorResponse(ErrorKind kind, std::string code, std::string message) {
  return Response::FromError(Error{kind, std::move(code), std::move(message)});
}

}  // namespace

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::Cookie(std::string_view name) const {
  const std::string cookies = Header("cookie");
  size_t pos = 0;
  while (pos < cookies.size()) {
    size_t end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    std::string_view pair(cookies.data() + pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

int StatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

Response Response::FromError(const Error& error) {
  const int status = StatusFor(error.kind);
  // Internal details stay in the server log, not in the answer.
  const bool hide = error.kind == ErrorKind::kInternal;
  if (hide) std::cerr << "internal error: " << error.code << ": " << error.message << "\n";
  return Json(status,
              {{"error",
                {{"code", hide ? "internal_error" : error.code},
                 {"message", hide ? "サーバー内部でエラーが発生しました。管理者に連絡してください" : error.message}}}});
}

Result<nlohmann::json> RequestContext::JsonBody() const {
  if (request.body.empty()) return Fail(Error::Invalid("empty_body", "リクエスト本文(JSON)がありません"));
  DENEN_TRY(value, ParseJson(request.body));
  if (!value.is_object()) {
    return Fail(Error::Invalid("invalid_type", "リクエスト本文はJSONオブジェクトである必要があります"));
  }
  return value;
}

Route StaffRoute(std::string method, std::string pattern, auth::RoleSet roles, Handler handler) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.access = Access::kRoles;
  r.roles = roles;
  r.handler = std::move(handler);
  return r;
}

Route SignedInRoute(std::string method, std::string pattern, Handler handler) {
  Route r = StaffRoute(std::move(method), std::move(pattern), {}, std::move(handler));
  r.access = Access::kSignedIn;
  return r;
}

Route DeviceRoute(std::string method, std::string pattern, std::vector<std::string> device_roles, Handler handler) {
  Route r = StaffRoute(std::move(method), std::move(pattern), {}, std::move(handler));
  r.access = Access::kDevice;
  r.device_roles = std::move(device_roles);
  return r;
}

Route PublicRoute(std::string method, std::string pattern, Handler handler) {
  Route r = StaffRoute(std::move(method), std::move(pattern), {}, std::move(handler));
  r.access = Access::kPublic;
  return r;
}

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

bool Router::Match(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  size_t p = 0, q = 0;
  while (p < pattern.size() && q <= path.size()) {
    if (pattern[p] == '{') {
      const size_t close = pattern.find('}', p);
      size_t seg_end = path.find('/', q);
      if (seg_end == std::string_view::npos) seg_end = path.size();
      if (seg_end == q) return false;  // an empty segment never matches
      params.emplace_back(path.substr(q, seg_end - q));
      p = close + 1;
      q = seg_end;
      continue;
    }
    if (q >= path.size() || pattern[p] != path[q]) return false;
    ++p;
    ++q;
  }
  return p == pattern.size() && q == path.size();
}

Response Router::Dispatch(const Request& request, std::string* route_pattern) const {
  const Route* route = nullptr;
  std::vector<std::string> params;
  bool path_known = false;
  for (const Route& r : routes_) {
    if (!Match(r.pattern, request.path, params)) continue;
    path_known = true;
    if (r.method == request.method) {
      route = &r;
      break;
    }
  }
  if (route == nullptr) {
    if (path_known) {
      Response r = ErrorResponse(ErrorKind::kInvalidInput, "method_not_allowed", "このメソッドは使えません");
      r.status = 405;
      return r;
    }
    return ErrorResponse(ErrorKind::kNotFound, "not_found", "該当するAPIがありません");
  }
  Match(route->pattern, request.path, params);
  if (route_pattern != nullptr) *route_pattern = route->pattern;
  RequestContext context{request, params, std::nullopt, std::nullopt};

  if (route->access == Access::kDevice) {
    const std::string authorization = request.Header("authorization");
    if (!authorization.starts_with("Bearer ") || !authenticate_device_) {
      return ErrorResponse(ErrorKind::kUnauthenticated, "device_unauthenticated", "端末の認証情報がありません");
    }
    auto device = authenticate_device_(std::string_view(authorization).substr(7));
    if (!device) return Response::FromError(device.error());
    if (std::find(route->device_roles.begin(), route->device_roles.end(), device->role) == route->device_roles.end()) {
      return ErrorResponse(ErrorKind::kForbidden, "device_forbidden", "この端末の種類では使えない操作です");
    }
    context.device = std::move(*device);
  } else if (route->access != Access::kPublic) {
    const std::string cookie = request.Cookie(kSessionCookie);
    if (cookie.empty()) return ErrorResponse(ErrorKind::kUnauthenticated, "unauthenticated", "ログインしてください");
    auto session = authenticate_(cookie);
    if (!session) return Response::FromError(session.error());
    context.staff = std::move(*session);
    if (route->access == Access::kRoles) {
      const auth::RoleSet& held = context.staff->user.roles;
      const bool admitted = held.Intersects(route->roles) || (route->admin_allowed && held.Has(auth::Role::kAdmin));
      if (!admitted) return ErrorResponse(ErrorKind::kForbidden, "forbidden", "この操作を行う権限がありません");
    }
    if (ChangesState(request.method) &&
        !ConstantTimeEquals(request.Header(std::string(kCsrfHeader)), context.staff->csrf_token)) {
      return ErrorResponse(ErrorKind::kForbidden, "csrf_mismatch",
                           "画面の有効期限が切れました。ページを再読み込みしてください");
    }
  }
  if (!request.body.empty()) {
    const std::string type = request.Header("content-type");
    if (!type.starts_with("application/json")) {
      Response r = ErrorResponse(ErrorKind::kInvalidInput, "unsupported_media_type",
                                 "Content-Type は application/json にしてください");
      r.status = 415;
      return r;
    }
  }
  try {
    auto result = route->handler(context);
    if (!result) return Response::FromError(result.error());
    return std::move(*result);
  } catch (const std::exception& e) {
    return Response::FromError(Error::Internal("handler_exception", e.what()));
  }
}

}  // namespace denen::http
