// Builds the whole server in-process for functional tests: a fresh database on
// the engine under test, the demo municipality, one staff user per role, and
// helpers to log them in.
#pragma once

#include <gtest/gtest.h>

#include "app/app.h"
#include "core/random.h"
#include "http/testing.h"
#include "store/testing.h"

namespace denen::testing {

inline constexpr std::string_view kTestPassword = "test-password-1";

using http::testing::Caller;
using http::testing::ErrorCode;
using http::testing::MakeRequest;

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().has_value());
    auto url = store::testing::NewTestDatabaseUrl();
    ASSERT_TRUE(url.has_value()) << url.error().message;
    config_.municipality_code = "062090";
    config_.municipality_name = "長井市";
    config_.database_url = *url;
    auto app = app::BuildApp(config_, clock_, auth::HashCost::kInteractive);
    ASSERT_TRUE(app.has_value()) << app.error().message;
    app_ = std::move(*app);
    for (const auto& info : auth::AllRoles()) {
      auto user = app_->accounts->Create(
          "062090", {"user_" + std::string(info.id), std::string(info.label), std::string(kTestPassword), {info.role}},
          "test");
      ASSERT_TRUE(user.has_value()) << user.error().message;
    }
    auth::RoleSet all;
    for (const auto& info : auth::AllRoles()) all.Add(info.role);
    ASSERT_TRUE(app_->accounts->Create("062090", {"user_all", "全権限", std::string(kTestPassword), all}, "test"));
  }

  // Logs in the user holding only `role`; returns the cookie value and CSRF token.
  std::pair<std::string, std::string> LoginAs(auth::Role role) {
    auto outcome = app_->auth->Login("062090", "user_" + std::string(auth::RoleId(role)), kTestPassword, "test");
    EXPECT_TRUE(outcome.has_value());
    if (!outcome) return {};
    return {outcome->cookie_value, outcome->session.csrf_token};
  }

  // A staff caller holding only `role`.
  Caller StaffCaller(auth::Role role) {
    auto [cookie, csrf] = LoginAs(role);
    return {cookie, csrf, ""};
  }

  http::Response Call(const Caller& who, const std::string& method, const std::string& path,
                      const nlohmann::json& body = nullptr, const std::map<std::string, std::string>& query = {}) {
    return app_->router->Dispatch(MakeRequest(who, method, path, body, query));
  }

  // Logs in the user holding every role.
  std::pair<std::string, std::string> LoginAsEveryRole() {
    auto outcome = app_->auth->Login("062090", "user_all", kTestPassword, "test");
    EXPECT_TRUE(outcome.has_value());
    if (!outcome) return {};
    return {outcome->cookie_value, outcome->session.csrf_token};
  }

  FakeClock clock_{1790000000000};
  Config config_;
  std::unique_ptr<app::App> app_;
};

}  // namespace denen::testing
