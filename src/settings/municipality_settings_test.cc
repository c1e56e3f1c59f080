#include "settings/municipality_settings.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "store/migrated_db_test.h"

namespace denen::settings {
namespace {

class MunicipalitySettingsTest : public store::testing::MigratedDbTest {
 protected:
  Settings defaults_ = [] {
    Settings s;
    s.kpi_min_cell_size = 7;
    s.retention_visit_days = 400;
    return s;
  }();
  std::optional<MunicipalitySettings> settings_;

  void SetUp() override {
    MigratedDbTest::SetUp();
    settings_.emplace(*db_, clock_, defaults_);
  }

  SettingChange Change(const std::string& text) {
    auto c = ParseSettingChange(text);
    EXPECT_TRUE(c.has_value()) << text << ": " << (c ? "" : c.error().message);
    return c.value_or(SettingChange{});
  }
};

TEST_F(MunicipalitySettingsTest, ServerDefaultsApplyUntilAMunicipalitySetsItsOwn) {
  auto before = settings_->For("062090");
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->kpi_min_cell_size, 7);
  EXPECT_EQ(before->retention_visit_days, 400);

  ASSERT_TRUE(settings_->Change("062090", {Change("kpi.min_cell_size=10"), Change("retention.visit_days=0")}, "u1"));
  auto after = settings_->For("062090");
  EXPECT_EQ(after->kpi_min_cell_size, 10);
  EXPECT_EQ(after->retention_visit_days, 0);
  EXPECT_EQ(after->retention_audit_days, defaults_.retention_audit_days);
  // The other municipality keeps the server's values.
  EXPECT_EQ(settings_->For("131016")->kpi_min_cell_size, 7);

  auto list = settings_->List("062090");
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), Catalogue().size());
  for (const auto& v : *list) {
    const bool set_here = v.info->name == "kpi.min_cell_size" || v.info->name == "retention.visit_days";
    EXPECT_EQ(v.own, set_here) << v.info->name;
    if (set_here) {
      EXPECT_EQ(v.updated_by, "u1");
    }
  }

  // "name=" returns the setting to the server's default.
  ASSERT_TRUE(settings_->Change("062090", {Change("kpi.min_cell_size=")}, "u1"));
  EXPECT_EQ(settings_->For("062090")->kpi_min_cell_size, 7);
}

TEST_F(MunicipalitySettingsTest, EveryChangeIsAudited) {
  ASSERT_TRUE(settings_->Change("062090", {Change("retention.audit_days=4000")}, "admin-1"));
  auto recent = audit::Recent(*db_, "062090", 1);
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ(recent->front().event.action, "settings.change");
  EXPECT_EQ(recent->front().event.actor, "admin-1");
  EXPECT_NE(recent->front().event.detail.find("retention.audit_days"), std::string::npos);
  EXPECT_TRUE(audit::Recent(*db_, "131016", 1)->empty());
}

TEST_F(MunicipalitySettingsTest, BadChangesNameTheProblemAndWriteNothing) {
  struct Bad {
    std::string text;
    std::string code;
    std::string named;
  };
  for (const Bad& bad : {Bad{"kpi.min_cell_size", "bad_setting", "名前=値"},
                         Bad{"=5", "bad_setting", "名前=値"},
                         Bad{"kpi.min_cell_size=ten", "bad_setting_value", "kpi.min_cell_size"},
                         Bad{"kpi.min_cell_size=5x", "bad_setting_value", "kpi.min_cell_size"},
                         Bad{"kpi.min_cell_size=0", "setting_out_of_range", "1〜1000"},
                         Bad{"retention.visit_days=-1", "setting_out_of_range", "retention.visit_days"},
                         Bad{"retention.visit_days=99999999999999999999", "bad_setting_value", "retention.visit_days"},
                         Bad{"retention.session_days=3", "unknown_setting", "retention.session_days"}}) {
    auto parsed = ParseSettingChange(bad.text);
    ASSERT_FALSE(parsed.has_value()) << bad.text;
    EXPECT_EQ(parsed.error().code, bad.code) << bad.text;
    EXPECT_NE(parsed.error().message.find(bad.named), std::string::npos) << parsed.error().message;
  }
  // One bad change in a batch: nothing of the batch is stored.
  auto mixed = settings_->Change("062090", {Change("kpi.min_cell_size=9"), {"kpi.min_cell_size", 5000}}, "u1");
  ASSERT_FALSE(mixed.has_value());
  EXPECT_EQ(mixed.error().code, "setting_out_of_range");
  EXPECT_EQ(settings_->For("062090")->kpi_min_cell_size, 7);
  EXPECT_TRUE(audit::Recent(*db_, "062090", 1)->empty());
}

TEST_F(MunicipalitySettingsTest, AnUnknownMunicipalityIsRefused) {
  auto r = settings_->Change("011002", {Change("kpi.min_cell_size=9")}, "cli");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "municipality_not_found");
  EXPECT_NE(r.error().message.find("011002"), std::string::npos);
  auto list = settings_->List("011002");
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().code, "municipality_not_found");
}

}  // namespace
}  // namespace denen::settings
