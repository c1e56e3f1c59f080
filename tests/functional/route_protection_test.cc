// Walks the whole route table: no route but the deliberately public ones
// answers without a session, none answers to a role it does not admit, and no
// state-changing route accepts a request without the CSRF token.
#include <map>
#include <set>

#include "tests/functional/app_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;

// The only routes anyone may call without logging in.
const std::set<std::pair<std::string, std::string>> kPublicRoutes = {
    {"GET", "/healthz"},
    {"POST", "/api/v1/auth/login"},
    // Schools' satisfaction survey: pupils answer on their own devices without an
    // account; the session's random token is the key, answers are validated and
    // bounded (src/school/school.h).
    {"GET", "/api/v1/school/survey/{token}"},
    {"POST", "/api/v1/school/survey/{token}/answers"},
    // Reception: occupancy against capacity of open evacuation shelters, for
    // residents deciding where to go; counts only, no personal data
    // (src/reception/reception_api.cc).
    {"GET", "/api/v1/public/shelters"},
    // Open data: non-personal aggregates, small cells suppressed (src/kpi/kpi_api.cc).
    {"GET", "/api/v1/open/{dataset}"},
};

std::string ExamplePath(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      out += "01TESTID000000000000000000";
      i = pattern.find('}', i);
    } else {
      out += pattern[i];
    }
  }
  return out;
}

http::Request MakeRequest(const http::Route& route, const std::string& cookie, const std::string& csrf) {
  http::Request r;
  r.method = route.method;
  r.path = ExamplePath(route.pattern);
  if (!cookie.empty()) r.headers["cookie"] = "denen_session=" + cookie;
  if (!csrf.empty()) r.headers["x-csrf-token"] = csrf;
  if (route.method != "GET") {
    r.headers["content-type"] = "application/json";
    r.body = "{}";
  }
  return r;
}

class RouteProtectionTest : public AppTest {};

TEST_F(RouteProtectionTest, TableIsNotEmptyAndPublicRoutesAreOnlyTheAllowedOnes) {
  const auto& routes = app_->router->routes();
  ASSERT_GE(routes.size(), 8u);
  for (const auto& route : routes) {
    if (route.access == http::Access::kPublic) {
      EXPECT_TRUE(kPublicRoutes.contains({route.method, route.pattern}))
          << route.method << " " << route.pattern << " is public but not in the allow-list";
    }
  }
}

TEST_F(RouteProtectionTest, NoProtectedRouteAnswersWithoutASession) {
  int checked = 0;
  for (const auto& route : app_->router->routes()) {
    if (route.access == http::Access::kPublic) continue;
    for (const std::string cookie : {"", "062090.forged-token", "garbage"}) {
      http::Response r = app_->router->Dispatch(MakeRequest(route, cookie, ""));
      EXPECT_EQ(r.status, 401) << route.method << " " << route.pattern << " with cookie '" << cookie << "'";
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

TEST_F(RouteProtectionTest, NoRouteAnswersToARoleItDoesNotAdmit) {
  // One session per role (a login verifies an Argon2 hash; once per route
  // would make this test minutes long). A refused request ends no session.
  std::map<Role, std::pair<std::string, std::string>> sessions;
  for (const auto& info : auth::AllRoles()) sessions[info.role] = LoginAs(info.role);
  int checked = 0;
  for (const auto& route : app_->router->routes()) {
    if (route.access != http::Access::kRoles) continue;
    for (const auto& info : auth::AllRoles()) {
      const bool admitted = route.roles.Has(info.role) || (info.role == Role::kAdmin && route.admin_allowed);
      if (admitted) continue;
      const auto& [cookie, csrf] = sessions.at(info.role);
      http::Response r = app_->router->Dispatch(MakeRequest(route, cookie, csrf));
      EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern << " as " << info.id;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

// Care data is health data (issues 3 and 4): every care route admits the care
// reviewer (or admin alone) and nobody else; a reception session gets 403 on all.
TEST_F(RouteProtectionTest, EveryCareRouteRefusesReceptionAndAdmitsOnlyCareReviewersAndAdmin) {
  auto [cookie, csrf] = LoginAs(Role::kReception);
  int checked = 0;
  for (const auto& route : app_->router->routes()) {
    if (!route.pattern.starts_with("/api/v1/care/")) continue;
    EXPECT_EQ(route.access, http::Access::kRoles) << route.pattern;
    for (const auto& info : auth::AllRoles()) {
      if (info.role != Role::kCareReviewer && info.role != Role::kAdmin) {
        EXPECT_FALSE(route.roles.Has(info.role)) << route.method << " " << route.pattern << " admits " << info.id;
      }
    }
    http::Response r = app_->router->Dispatch(MakeRequest(route, cookie, csrf));
    EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern;
    ++checked;
  }
#ifdef DENEN_TEST_HAVE_CARE
  EXPECT_GE(checked, 13) << "the care checker and care case routes are all registered";
#endif
}

TEST_F(RouteProtectionTest, NoStateChangingRouteAcceptsAMissingCsrfToken) {
  auto [cookie, csrf] = LoginAsEveryRole();
  int checked = 0;
  for (const auto& route : app_->router->routes()) {
    // Edge-device routes take a bearer credential, never a cookie, so CSRF does not apply.
    if (route.access == http::Access::kPublic || route.access == http::Access::kDevice || route.method == "GET") {
      continue;
    }
    http::Response r = app_->router->Dispatch(MakeRequest(route, cookie, ""));
    EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern;
    EXPECT_NE(r.body.find("csrf_mismatch"), std::string::npos) << route.pattern;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace denen::testing
