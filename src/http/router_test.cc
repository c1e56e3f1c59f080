#include "http/router.h"

#include <gtest/gtest.h>

namespace denen::http {
namespace {

using auth::Role;

auth::StaffSession SessionWith(auth::RoleSet roles) {
  auth::StaffSession s;
  s.municipality_code = "062090";
  s.user.id = "u1";
  s.user.username = "tester";
  s.user.roles = roles;
  s.csrf_token = "csrf-secret";
  return s;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : router_([this](std::string_view cookie) -> Result<auth::StaffSession> {
          if (cookie == "reception") return SessionWith({Role::kReception});
          if (cookie == "admin") return SessionWith({Role::kAdmin});
          return Fail(Error{ErrorKind::kUnauthenticated, "unauthenticated", "ログインしてください"});
        }) {
    router_.Add(
        {"GET", "/api/v1/items/{id}", Access::kRoles, {Role::kReception}, [](RequestContext& rc) -> Result<Response> {
           return Response::Json(200, {{"id", rc.params.at(0)}});
         }});
    router_.Add(
        {"POST", "/api/v1/items", Access::kRoles, {Role::kReception}, [this](RequestContext& rc) -> Result<Response> {
           DENEN_TRY(body, rc.JsonBody());
           ++writes_;
           return Response::Json(201, body);
         }});
    router_.Add({"GET",
                 "/api/v1/care",
                 Access::kRoles,
                 {Role::kCareReviewer},
                 [](RequestContext&) -> Result<Response> { return Response::Json(200, {}); },
                 false});
    router_.Add({"GET", "/api/v1/boom", Access::kPublic, {}, [](RequestContext&) -> Result<Response> {
                   throw std::runtime_error("secret detail");
                 }});
  }

  Response Call(std::string method, std::string path, std::string cookie = "", std::string body = "",
                std::string csrf = "") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    if (!cookie.empty()) r.headers["cookie"] = "other=1; denen_session=" + cookie;
    if (!csrf.empty()) r.headers["x-csrf-token"] = csrf;
    if (!body.empty()) r.headers["content-type"] = "application/json";
    r.body = std::move(body);
    return router_.Dispatch(r);
  }

  static std::string Code(const Response& r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

  Router router_;
  int writes_ = 0;
};

TEST_F(RouterTest, MatchesPathParameters) {
  Response r = Call("GET", "/api/v1/items/abc", "reception");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["id"], "abc");
  EXPECT_EQ(Call("GET", "/api/v1/items/", "reception").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/items/a/b", "reception").status, 404);
}

TEST_F(RouterTest, UnknownPathAndWrongMethod) {
  EXPECT_EQ(Code(Call("GET", "/api/v1/nothing")), "not_found");
  Response r = Call("DELETE", "/api/v1/items/1", "reception");
  EXPECT_EQ(r.status, 405);
}

TEST_F(RouterTest, ProtectedRoutesNeedASessionAndARole) {
  Response anonymous = Call("GET", "/api/v1/items/1");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(Code(anonymous), "unauthenticated");
  EXPECT_EQ(Call("GET", "/api/v1/items/1", "forged").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/items/1", "admin").status, 200);
  Response forbidden = Call("GET", "/api/v1/care", "reception");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(Code(forbidden), "forbidden");
  // A route may keep admins out unless they hold the role.
  EXPECT_EQ(Call("GET", "/api/v1/care", "admin").status, 403);
}

TEST_F(RouterTest, StateChangesNeedTheCsrfToken) {
  EXPECT_EQ(Code(Call("POST", "/api/v1/items", "reception", "{}")), "csrf_mismatch");
  EXPECT_EQ(Code(Call("POST", "/api/v1/items", "reception", "{}", "wrong")), "csrf_mismatch");
  EXPECT_EQ(writes_, 0);
  EXPECT_EQ(Call("POST", "/api/v1/items", "reception", "{\"a\":1}", "csrf-secret").status, 201);
  EXPECT_EQ(writes_, 1);
}

TEST_F(RouterTest, BadBodiesGetClearErrorsAndChangeNothing) {
  Response malformed = Call("POST", "/api/v1/items", "reception", "{\"a\":", "csrf-secret");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Code(malformed), "invalid_json");
  Response array = Call("POST", "/api/v1/items", "reception", "[1]", "csrf-secret");
  EXPECT_EQ(Code(array), "invalid_type");
  Request wrong_type;
  wrong_type.method = "POST";
  wrong_type.path = "/api/v1/items";
  wrong_type.headers = {
      {"cookie", "denen_session=reception"}, {"x-csrf-token", "csrf-secret"}, {"content-type", "text/plain"}};
  wrong_type.body = "{}";
  EXPECT_EQ(router_.Dispatch(wrong_type).status, 415);
  EXPECT_EQ(writes_, 0);
}

TEST_F(RouterTest, ExceptionsBecomeA500WithoutDetails) {
  Response r = Call("GET", "/api/v1/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Code(r), "internal_error");
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
}

TEST_F(RouterTest, ErrorBodiesHaveOneShape) {
  Response r = Call("GET", "/api/v1/items/1");
  auto body = nlohmann::json::parse(r.body);
  ASSERT_TRUE(body["error"].is_object());
  EXPECT_TRUE(body["error"]["code"].is_string());
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
}

}  // namespace
}  // namespace denen::http
