// The municipality settings routes through the whole server: an admin reads
// and changes the settings of their own municipality only; a bad change is
// refused naming the setting and stores nothing; other roles are refused.
#include <gtest/gtest.h>

#include "store/tenants.h"
#include "tests/functional/app_test_support.h"

namespace denen::testing {
namespace {

using nlohmann::json;

class SettingsApiTest : public AppTest {
 protected:
  json SettingOf(const json& body, const std::string& name) {
    for (const json& s : body["settings"]) {
      if (s["name"] == name) return s;
    }
    ADD_FAILURE() << "no setting " << name << " in " << body.dump();
    return json::object();
  }
};

TEST_F(SettingsApiTest, AnAdminChangesTheirOwnMunicipalitysSettings) {
  const Caller admin = StaffCaller(auth::Role::kAdmin);
  auto list = Call(admin, "GET", "/api/v1/settings");
  ASSERT_EQ(list.status, 200) << list.body;
  const json before = SettingOf(json::parse(list.body), "kpi.min_cell_size");
  EXPECT_EQ(before["value"], config_.kpi_min_cell_size);
  EXPECT_EQ(before["own"], false);
  EXPECT_EQ(before["min"], 1);

  auto changed = Call(admin, "PUT", "/api/v1/settings",
                      {{"changes", {{"kpi.min_cell_size", 10}, {"retention.visit_days", 365}}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  const json after = SettingOf(json::parse(changed.body), "kpi.min_cell_size");
  EXPECT_EQ(after["value"], 10);
  EXPECT_EQ(after["own"], true);
  EXPECT_EQ(after["server_default"], config_.kpi_min_cell_size);
  EXPECT_EQ(app_->settings->For("062090")->retention_visit_days, 365);

  // Another municipality of the same server keeps the server's values.
  ASSERT_TRUE(store::EnsureMunicipality(*app_->db, clock_, {"131016", "千代田区"}));
  EXPECT_EQ(app_->settings->For("131016")->kpi_min_cell_size, config_.kpi_min_cell_size);

  auto reset = Call(admin, "PUT", "/api/v1/settings", {{"changes", {{"kpi.min_cell_size", nullptr}}}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(SettingOf(json::parse(reset.body), "kpi.min_cell_size")["own"], false);
}

TEST_F(SettingsApiTest, ABadChangeNamesTheSettingAndStoresNothing) {
  const Caller admin = StaffCaller(auth::Role::kAdmin);
  struct Bad {
    json body;
    std::string code;
    std::string named;
  };
  for (const Bad& bad : {
           Bad{{{"changes", {{"kpi.min_cell_size", 9}, {"retention.audit_days", -1}}}},
               "setting_out_of_range",
               "retention.audit_days"},
           Bad{{{"changes", {{"kpi.min_cell_size", "10"}}}}, "bad_setting_value", "kpi.min_cell_size"},
           Bad{{{"changes", {{"kpi.min_cell_size", 9.5}}}}, "bad_setting_value", "kpi.min_cell_size"},
           Bad{{{"changes", {{"retention.forever", 1}}}}, "unknown_setting", "retention.forever"},
           Bad{{{"changes", json::object()}}, "invalid_changes", "changes"},
           Bad{{{"changes", json::array()}}, "invalid_changes", "changes"},
           Bad{{{"changes", {{"kpi.min_cell_size", 9}}}, {"extra", 1}}, "", "extra"},
       }) {
    auto r = Call(admin, "PUT", "/api/v1/settings", bad.body);
    EXPECT_EQ(r.status, 400) << bad.body.dump() << " " << r.body;
    if (!bad.code.empty()) {
      EXPECT_EQ(ErrorCode(r), bad.code) << r.body;
    }
    EXPECT_NE(r.body.find(bad.named), std::string::npos) << r.body;
  }
  EXPECT_EQ(app_->settings->For("062090")->kpi_min_cell_size, config_.kpi_min_cell_size);
  auto stored = app_->db->QueryOne("SELECT COUNT(*) FROM municipality_settings");
  EXPECT_EQ(stored.value()->Int(0), 0);
}

TEST_F(SettingsApiTest, OnlyAdminsReachTheSettings) {
  for (auth::Role role : {auth::Role::kPlanner, auth::Role::kReception, auth::Role::kCareReviewer}) {
    const Caller staff = StaffCaller(role);
    EXPECT_EQ(Call(staff, "GET", "/api/v1/settings").status, 403);
    EXPECT_EQ(Call(staff, "PUT", "/api/v1/settings", {{"changes", {{"kpi.min_cell_size", 1}}}}).status, 403);
  }
  EXPECT_EQ(Call(Caller{}, "GET", "/api/v1/settings").status, 401);
}

}  // namespace
}  // namespace denen::testing
