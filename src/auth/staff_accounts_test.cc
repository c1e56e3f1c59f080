#include "auth/staff_accounts.h"

#include "audit/audit_log.h"
#include "store/migrated_db_test.h"

namespace denen::auth {
namespace {

class StaffAccountsTest : public store::testing::MigratedDbTest {
 protected:
  StaffUser MakeUser(std::string_view code, std::string name, RoleSet roles) {
    auto u = accounts().Create(code, {name, "表示 " + name, "password-123", roles}, "test");
    EXPECT_TRUE(u.has_value()) << (u ? "" : u.error().message);
    return u.value_or(StaffUser{});
  }
  StaffAccounts& accounts() {
    if (!accounts_) accounts_ = std::make_unique<StaffAccounts>(*db_, clock_);
    return *accounts_;
  }
  std::unique_ptr<StaffAccounts> accounts_;
};

TEST_F(StaffAccountsTest, CreateListGet) {
  StaffUser a = MakeUser("062090", "tanaka", {Role::kReception});
  MakeUser("062090", "admin", {Role::kAdmin});
  auto list = accounts().List("062090");
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].username, "admin");
  auto got = accounts().Get("062090", a.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->display_name, "表示 tanaka");
  EXPECT_TRUE(got->roles.Has(Role::kReception));
  EXPECT_FALSE(got->disabled);
}

TEST_F(StaffAccountsTest, MunicipalitiesAreIsolated) {
  StaffUser a = MakeUser("062090", "tanaka", {Role::kReception});
  MakeUser("131016", "tanaka", {Role::kLibrarian});  // the same name elsewhere is fine
  EXPECT_EQ(accounts().List("131016")->size(), 1u);
  auto other = accounts().Get("131016", a.id);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().kind, ErrorKind::kNotFound);
}

TEST_F(StaffAccountsTest, DuplicateUsernameIsAConflictAndChangesNothing) {
  MakeUser("062090", "tanaka", {Role::kReception});
  auto again = accounts().Create("062090", {"tanaka", "別人", "password-456", {Role::kSchool}}, "test");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "username_taken");
  EXPECT_EQ(accounts().List("062090")->size(), 1u);
  EXPECT_EQ(audit::Verify(*db_, "062090")->entries, 1);
}

TEST_F(StaffAccountsTest, BadInputIsRefusedNamingWhatIsWrong) {
  auto bad_name = accounts().Create("062090", {"Tanaka San", "x", "password-123", {Role::kSchool}}, "t");
  EXPECT_EQ(bad_name.error().code, "invalid_username");
  auto weak = accounts().Create("062090", {"tanaka", "x", "short", {Role::kSchool}}, "t");
  EXPECT_EQ(weak.error().code, "weak_password");
  auto no_roles = accounts().Create("062090", {"tanaka", "x", "password-123", {}}, "t");
  EXPECT_EQ(no_roles.error().code, "invalid_roles");
  auto no_display = accounts().Create("062090", {"tanaka", "", "password-123", {Role::kSchool}}, "t");
  EXPECT_EQ(no_display.error().code, "invalid_display_name");
  EXPECT_TRUE(accounts().List("062090")->empty());
}

TEST_F(StaffAccountsTest, UpdateIsAuditedAndLastAdminIsProtected) {
  StaffUser admin = MakeUser("062090", "admin", {Role::kAdmin});
  StaffUserChanges demote;
  demote.roles = RoleSet{Role::kReception};
  auto refused = accounts().Update("062090", admin.id, demote, "test");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "last_admin");
  StaffUserChanges disable;
  disable.disabled = true;
  EXPECT_EQ(accounts().Update("062090", admin.id, disable, "test").error().code, "last_admin");

  StaffUser second = MakeUser("062090", "admin2", {Role::kAdmin});
  auto disabled = accounts().Update("062090", admin.id, disable, "test");
  ASSERT_TRUE(disabled.has_value());
  EXPECT_TRUE(disabled->disabled);
  auto entries = audit::Recent(*db_, "062090", 1);
  EXPECT_EQ(entries->front().event.action, "user.update");
  EXPECT_EQ(entries->front().event.target_id, admin.id);
  (void)second;
}

TEST_F(StaffAccountsTest, CredentialsOnlyForEnabledUsers) {
  MakeUser("062090", "admin", {Role::kAdmin});
  StaffUser u = MakeUser("062090", "tanaka", {Role::kReception});
  auto creds = accounts().CredentialsFor("062090", "tanaka");
  ASSERT_TRUE(creds.has_value() && creds->has_value());
  EXPECT_TRUE(VerifyPassword((*creds)->second, "password-123"));
  StaffUserChanges disable;
  disable.disabled = true;
  ASSERT_TRUE(accounts().Update("062090", u.id, disable, "test").has_value());
  EXPECT_FALSE(accounts().CredentialsFor("062090", "tanaka")->has_value());
  ASSERT_TRUE(accounts().SetPassword("062090", u.id, "new-password-1", "test").has_value());
  EXPECT_EQ(accounts().SetPassword("062090", "nope", "new-password-1", "test").error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace denen::auth
