#include "tenant/onboarding.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "auth/staff_accounts.h"
#include "store/migrated_db_test.h"

namespace denen::tenant {
namespace {

class OnboardingTest : public store::testing::MigratedDbTest {};

TEST_F(OnboardingTest, AddsTheMunicipalityWithItsFirstAdminAndAuditsIt) {
  NewMunicipality request{{"062049", "米沢市"}, "yonezawa-admin", "管理 一郎", "first-password-1"};
  ASSERT_TRUE(AddMunicipality(*db_, clock_, request, "cli").has_value());

  auth::StaffAccounts accounts(*db_, clock_);
  auto admin = accounts.FindByUsername("062049", "yonezawa-admin");
  ASSERT_TRUE(admin.has_value() && admin->has_value());
  EXPECT_TRUE((*admin)->roles.Has(auth::Role::kAdmin));
  // The admin belongs to the new municipality only.
  auto elsewhere = accounts.FindByUsername("062090", "yonezawa-admin");
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_FALSE(elsewhere->has_value());

  auto log = audit::Recent(*db_, "062049", 10);
  ASSERT_TRUE(log.has_value());
  bool added = false;
  for (const auto& e : *log) added = added || e.event.action == "tenant.add";
  EXPECT_TRUE(added);
  auto chain = audit::Verify(*db_, "062049");
  ASSERT_TRUE(chain.has_value());
  EXPECT_FALSE(chain->first_broken_seq.has_value());
}

TEST_F(OnboardingTest, AnExistingOrInvalidCodeChangesNothing) {
  NewMunicipality existing{{"062090", "別の名前"}, "second-admin", "管理", "first-password-1"};
  auto again = AddMunicipality(*db_, clock_, existing, "cli");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "municipality_exists");
  auto name = db_->QueryOne("SELECT name FROM municipalities WHERE municipality_code = '062090'");
  ASSERT_TRUE(name.has_value() && name->has_value());
  EXPECT_EQ((*name)->Text(0), "長井市");

  NewMunicipality bad_digit{{"062091", "長井市"}, "x-admin", "管理", "first-password-1"};
  auto refused = AddMunicipality(*db_, clock_, bad_digit, "cli");
  ASSERT_FALSE(refused.has_value());
  auto none = db_->QueryOne("SELECT COUNT(*) FROM municipalities WHERE municipality_code = '062091'");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ((*none)->Int(0), 0);

  // A password the policy refuses rolls the municipality back with it.
  NewMunicipality weak{{"062049", "米沢市"}, "y-admin", "管理", "x"};
  ASSERT_FALSE(AddMunicipality(*db_, clock_, weak, "cli").has_value());
  auto rolled_back = db_->QueryOne("SELECT COUNT(*) FROM municipalities WHERE municipality_code = '062049'");
  ASSERT_TRUE(rolled_back.has_value());
  EXPECT_EQ((*rolled_back)->Int(0), 0);
}

TEST_F(OnboardingTest, AMunicipalityStartsWithItsOwnSettings) {
  NewMunicipality request{{"062049", "米沢市"}, "yonezawa-admin", "管理 一郎", "first-password-1",
                          {{"kpi.min_cell_size", 10}, {"retention.visit_days", 730}}};
  ASSERT_TRUE(AddMunicipality(*db_, clock_, request, "cli").has_value());
  settings::MunicipalitySettings all(*db_, clock_, settings::Settings{});
  EXPECT_EQ(all.For("062049")->kpi_min_cell_size, 10);
  EXPECT_EQ(all.For("062049")->retention_visit_days, 730);
  EXPECT_EQ(all.For("062090")->kpi_min_cell_size, settings::Settings{}.kpi_min_cell_size);

  // An invalid setting refuses the whole municipality.
  NewMunicipality bad{{"062103", "天童市"}, "tendo-admin", "管理", "first-password-1", {{"kpi.min_cell_size", 0}}};
  auto refused = AddMunicipality(*db_, clock_, bad, "cli");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "setting_out_of_range");
  EXPECT_FALSE(store::FindMunicipality(*db_, "062103")->has_value());
}

}  // namespace
}  // namespace denen::tenant
