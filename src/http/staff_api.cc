#include "http/staff_api.h"

#include "core/clock.h"
#include "core/json_input.h"
#include "core/municipality_code.h"
#include "http/console_modules.h"

namespace denen::http {
namespace {

using auth::Role;

std::string SessionCookie(std::string_view value, bool secure, bool expire) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  if (expire) cookie += "; Max-Age=0";
  return cookie;
}

nlohmann::json SessionJson(const auth::StaffSession& session, const StaffApiContext& ctx) {
  return {{"user", StaffUserJson(session.user)},
          {"csrf_token", session.csrf_token},
          {"municipality",
           {{"code", session.municipality_code}, {"name", ctx.municipality_name_of(session.municipality_code)}}}};
}

std::string Actor(const RequestContext& rc) { return rc.staff ? rc.staff->user.id : "anonymous"; }

}  // namespace

nlohmann::json StaffUserJson(const auth::StaffUser& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"roles", user.roles.Ids()},
          {"disabled", user.disabled},
          {"created_at", FormatIsoUtc(user.created_at_ms)}};
}

void RegisterStaffRoutes(Router& router, StaffApiContext& ctx) {
  router.Add({"GET", "/healthz", Access::kPublic, {}, [&ctx](RequestContext&) -> Result<Response> {
                const bool ok = !ctx.healthy || ctx.healthy();
                return Response::Json(ok ? 200 : 503, {{"status", ok ? "ok" : "degraded"}});
              }});

  router.Add({"POST", "/api/v1/auth/login", Access::kPublic, {}, [&ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(username, in.RequiredString("username", 64));
                DENEN_TRY(password, in.RequiredString("password", auth::kMaxPasswordLength));
                DENEN_TRY(code, in.OptionalString("municipality_code", 6));
                DENEN_TRY_VOID(in.RejectUnknown());
                const std::string municipality = code ? *code : ctx.default_municipality_code;
                DENEN_TRY_VOID(ValidateMunicipalityCode(municipality));
                DENEN_TRY(outcome, ctx.auth.Login(municipality, username, password, rc.request.client));
                Response r = Response::Json(200, SessionJson(outcome.session, ctx));
                r.headers.emplace_back("Set-Cookie", SessionCookie(outcome.cookie_value, ctx.secure_cookies, false));
                return r;
              }});

  router.Add({"GET", "/api/v1/auth/session", Access::kSignedIn, {}, [&ctx](RequestContext& rc) -> Result<Response> {
                return Response::Json(200, SessionJson(*rc.staff, ctx));
              }});

  router.Add({"POST", "/api/v1/auth/logout", Access::kSignedIn, {}, [&ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY_VOID(ctx.auth.Logout(*rc.staff));
                Response r = Response::NoContent();
                r.headers.emplace_back("Set-Cookie", SessionCookie("", ctx.secure_cookies, true));
                return r;
              }});

  router.Add({"GET", "/api/v1/roles", Access::kSignedIn, {}, [](RequestContext&) -> Result<Response> {
                nlohmann::json roles = nlohmann::json::array();
                for (const auto& info : auth::AllRoles()) roles.push_back({{"id", info.id}, {"label", info.label}});
                return Response::Json(200, {{"roles", roles}});
              }});

  router.Add({"GET", "/api/v1/modules", Access::kSignedIn, {}, [](RequestContext& rc) -> Result<Response> {
                nlohmann::json modules = nlohmann::json::array();
                for (const auto& m : ConsoleModulesFor(rc.staff->user.roles)) {
                  modules.push_back({{"id", m.id},
                                     {"title", m.title},
                                     {"path", m.path},
                                     {"description", m.description},
                                     {"available", m.available}});
                }
                return Response::Json(200, {{"modules", modules}});
              }});

  router.Add({"GET", "/api/v1/users", Access::kRoles, {Role::kAdmin}, [&ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(users, ctx.accounts.List(rc.staff->municipality_code));
                nlohmann::json list = nlohmann::json::array();
                for (const auto& u : users) list.push_back(StaffUserJson(u));
                return Response::Json(200, {{"users", list}});
              }});

  router.Add({"POST", "/api/v1/users", Access::kRoles, {Role::kAdmin}, [&ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                auth::NewStaffUser user;
                DENEN_TRY(username, in.RequiredString("username", 64));
                DENEN_TRY(display_name, in.RequiredString("display_name", 200));
                DENEN_TRY(password, in.RequiredString("password", auth::kMaxPasswordLength + 1));
                DENEN_TRY(role_ids, in.StringArray("roles", true, 16, 32));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY(roles, auth::RoleSet::Parse(role_ids));
                user = {username, display_name, password, roles};
                DENEN_TRY(created, ctx.accounts.Create(rc.staff->municipality_code, user, Actor(rc)));
                return Response::Json(201, {{"user", StaffUserJson(created)}});
              }});

  router.Add(
      {"PATCH", "/api/v1/users/{id}", Access::kRoles, {Role::kAdmin}, [&ctx](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(body, rc.JsonBody());
         DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
         auth::StaffUserChanges changes;
         DENEN_TRY(display_name, in.OptionalString("display_name", 200));
         DENEN_TRY(disabled, in.OptionalBool("disabled"));
         const bool has_roles = body.contains("roles");
         DENEN_TRY(role_ids, in.StringArray("roles", false, 16, 32));
         DENEN_TRY_VOID(in.RejectUnknown());
         changes.display_name = display_name;
         changes.disabled = disabled;
         if (has_roles) {
           DENEN_TRY(roles, auth::RoleSet::Parse(role_ids));
           changes.roles = roles;
         }
         if (disabled && *disabled && rc.params[0] == rc.staff->user.id) {
           return Fail(Error::Conflict("cannot_disable_self", "自分自身のアカウントは無効にできません"));
         }
         DENEN_TRY(updated, ctx.accounts.Update(rc.staff->municipality_code, rc.params[0], changes, Actor(rc)));
         return Response::Json(200, {{"user", StaffUserJson(updated)}});
       }});

  router.Add({"POST",
              "/api/v1/users/{id}/password",
              Access::kRoles,
              {Role::kAdmin},
              [&ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(password, in.RequiredString("password", auth::kMaxPasswordLength + 1));
                DENEN_TRY_VOID(in.RejectUnknown());
                DENEN_TRY_VOID(
                    ctx.accounts.SetPassword(rc.staff->municipality_code, rc.params[0], password, Actor(rc)));
                return Response::NoContent();
              }});
}

}  // namespace denen::http
