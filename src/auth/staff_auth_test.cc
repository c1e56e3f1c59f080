#include "auth/staff_auth.h"

#include "audit/audit_log.h"
#include "store/migrated_db_test.h"

namespace denen::auth {
namespace {

class StaffAuthTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    accounts_ = std::make_unique<StaffAccounts>(*db_, clock_);
    auth_ = std::make_unique<StaffAuth>(*db_, clock_, AuthSettings{60, 3, 6, 15}, *accounts_);
    auto admin = accounts_->Create("062090", {"admin", "管理者", "admin-password-1", {Role::kAdmin}}, "t");
    ASSERT_TRUE(admin.has_value());
    auto user = accounts_->Create("062090", {"tanaka", "田中", "tanaka-password", {Role::kReception}}, "t");
    ASSERT_TRUE(user.has_value());
    tanaka_ = *user;
  }

  std::unique_ptr<StaffAccounts> accounts_;
  std::unique_ptr<StaffAuth> auth_;
  StaffUser tanaka_;
};

TEST_F(StaffAuthTest, LoginCreatesASessionThatAuthenticates) {
  auto login = auth_->Login("062090", "tanaka", "tanaka-password", "127.0.0.1");
  ASSERT_TRUE(login.has_value()) << login.error().message;
  EXPECT_TRUE(login->cookie_value.starts_with("062090."));
  EXPECT_FALSE(login->session.csrf_token.empty());
  auto session = auth_->Authenticate(login->cookie_value);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user.username, "tanaka");
  EXPECT_EQ(session->csrf_token, login->session.csrf_token);
  // Only a hash of the token is stored.
  auto stored = db_->Query("SELECT token_hash FROM staff_sessions");
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(login->cookie_value.find((*stored)[0].Text(0)), std::string::npos);
}

TEST_F(StaffAuthTest, WrongPasswordAndUnknownUserLookAlike) {
  auto wrong = auth_->Login("062090", "tanaka", "nope-nope-nope", "c");
  auto unknown = auth_->Login("062090", "nobody", "nope-nope-nope", "c");
  ASSERT_FALSE(wrong.has_value());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(wrong.error().code, "invalid_credentials");
  EXPECT_EQ(unknown.error().code, "invalid_credentials");
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(StaffAuthTest, RepeatedFailuresAreSlowedThenLocked) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(auth_->Login("062090", "tanaka", "wrong-password", "c").error().code, "invalid_credentials");
  }
  // After 3 failures the next attempt must wait, even with the right password.
  auto slowed = auth_->Login("062090", "tanaka", "tanaka-password", "c");
  ASSERT_FALSE(slowed.has_value());
  EXPECT_EQ(slowed.error().code, "login_throttled");
  EXPECT_EQ(slowed.error().kind, ErrorKind::kTooManyRequests);
  // Keep failing, waiting out each delay, until the account locks.
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(61000);
    EXPECT_EQ(auth_->Login("062090", "tanaka", "wrong-password", "c").error().code, "invalid_credentials");
  }
  clock_.Advance(61000);
  auto locked = auth_->Login("062090", "tanaka", "tanaka-password", "c");
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.error().code, "account_locked");
  EXPECT_EQ(audit::Recent(*db_, "062090", 1)->front().event.action, "login.lock");
  // Still locked 14 minutes later; open after 15.
  clock_.Advance(14 * 60000 - 61000);
  EXPECT_EQ(auth_->Login("062090", "tanaka", "tanaka-password", "c").error().code, "account_locked");
  clock_.Advance(2 * 60000);
  EXPECT_TRUE(auth_->Login("062090", "tanaka", "tanaka-password", "c").has_value());
}

TEST_F(StaffAuthTest, SuccessResetsTheFailureCount) {
  for (int i = 0; i < 2; ++i) (void)auth_->Login("062090", "tanaka", "wrong-password", "c");
  ASSERT_TRUE(auth_->Login("062090", "tanaka", "tanaka-password", "c").has_value());
  for (int i = 0; i < 2; ++i) (void)auth_->Login("062090", "tanaka", "wrong-password", "c");
  EXPECT_TRUE(auth_->Login("062090", "tanaka", "tanaka-password", "c").has_value());
}

TEST_F(StaffAuthTest, SessionsEndOnIdleLogoutDisableAndPasswordChange) {
  auto login = auth_->Login("062090", "tanaka", "tanaka-password", "c");
  ASSERT_TRUE(login.has_value());
  clock_.Advance(59 * 60000);
  EXPECT_TRUE(auth_->Authenticate(login->cookie_value).has_value());
  clock_.Advance(61 * 60000);
  EXPECT_EQ(auth_->Authenticate(login->cookie_value).error().code, "unauthenticated");

  auto second = auth_->Login("062090", "tanaka", "tanaka-password", "c");
  ASSERT_TRUE(auth_->Logout(second->session).has_value());
  EXPECT_FALSE(auth_->Authenticate(second->cookie_value).has_value());

  auto third = auth_->Login("062090", "tanaka", "tanaka-password", "c");
  ASSERT_TRUE(accounts_->SetPassword("062090", tanaka_.id, "another-password", "t").has_value());
  EXPECT_FALSE(auth_->Authenticate(third->cookie_value).has_value());

  auto fourth = auth_->Login("062090", "tanaka", "another-password", "c");
  ASSERT_TRUE(fourth.has_value());
  StaffUserChanges disable;
  disable.disabled = true;
  ASSERT_TRUE(accounts_->Update("062090", tanaka_.id, disable, "t").has_value());
  EXPECT_FALSE(auth_->Authenticate(fourth->cookie_value).has_value());
  EXPECT_EQ(auth_->Login("062090", "tanaka", "another-password", "c").error().code, "invalid_credentials");
}

TEST_F(StaffAuthTest, OldSessionsAreDeletedAfterTheRetentionPeriod) {
  ASSERT_TRUE(auth_->Login("062090", "tanaka", "tanaka-password", "c").has_value());
  clock_.Advance(31LL * 86400000);
  ASSERT_TRUE(auth_->Login("062090", "admin", "admin-password-1", "c").has_value());
  auto rows = db_->Query("SELECT user_id FROM staff_sessions");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*rows)[0].Text(0), tanaka_.id);
}

TEST_F(StaffAuthTest, ForgedCookiesAreRefused) {
  auto login = auth_->Login("062090", "tanaka", "tanaka-password", "c");
  const std::string token = login->cookie_value.substr(7);
  EXPECT_FALSE(auth_->Authenticate("131016." + token).has_value());  // another municipality
  EXPECT_FALSE(auth_->Authenticate("062090." + token + "x").has_value());
  EXPECT_FALSE(auth_->Authenticate(token).has_value());
  EXPECT_FALSE(auth_->Authenticate("").has_value());
  EXPECT_FALSE(auth_->Authenticate(std::string(500, 'a')).has_value());
}

}  // namespace
}  // namespace denen::auth
