#include "edge/edge_devices.h"

#include <gtest/gtest.h>

#include "store/migrated_db_test.h"

namespace denen::edge {
namespace {

class EdgeDevicesTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    devices_ = std::make_unique<EdgeDevices>(*db_, clock_);
  }

  std::unique_ptr<EdgeDevices> devices_;
};

TEST_F(EdgeDevicesTest, ARegisteredDeviceAuthenticatesWithItsCredentialUntilRevoked) {
  auto made = devices_->Register("062090", "中央公民館 受付", "kiosk", "facility-1", "admin-1");
  ASSERT_TRUE(made.has_value()) << made.error().message;
  EXPECT_TRUE(made->credential.starts_with("062090."));

  auto session = devices_->Authenticate(made->credential);
  ASSERT_TRUE(session.has_value()) << session.error().message;
  EXPECT_EQ(session->municipality_code, "062090");
  EXPECT_EQ(session->role, "kiosk");
  EXPECT_EQ(session->place_id, "facility-1");
  EXPECT_EQ(devices_->List("062090")->front().last_seen_ms, clock_.NowMillis());

  ASSERT_TRUE(devices_->Revoke("062090", made->device.id, "admin-1").has_value());
  auto revoked = devices_->Authenticate(made->credential);
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().code, "device_revoked");
}

TEST_F(EdgeDevicesTest, WrongOrForgedCredentialsAreRefused) {
  auto made = devices_->Register("062090", "図書館カウンター", "counter", "", "admin-1");
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(devices_->Authenticate("062090.not-the-token").error().code, "device_unauthenticated");
  EXPECT_EQ(devices_->Authenticate("").error().code, "device_unauthenticated");
  EXPECT_EQ(devices_->Authenticate(std::string(5000, 'x')).error().code, "device_unauthenticated");
  // Only the hash is stored: the credential itself appears nowhere.
  auto rows = db_->Query("SELECT credential_hash FROM edge_devices");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().Text(0).find(made->credential), std::string::npos);
}

TEST_F(EdgeDevicesTest, BadRegistrationsAreRefusedAndListsStayPerMunicipality) {
  EXPECT_EQ(devices_->Register("062090", "x", "printer", "", "a").error().code, "device_role_invalid");
  EXPECT_EQ(devices_->Register("062090", "", "door", "", "a").error().code, "device_name_invalid");
  ASSERT_TRUE(devices_->Register("062090", "正面玄関", "door", "door-1", "a").has_value());
  EXPECT_EQ(devices_->List("062090")->size(), 1u);
  EXPECT_EQ(devices_->List("131016")->size(), 0u);
  EXPECT_EQ(devices_->Revoke("131016", devices_->List("062090")->front().id, "a").error().code, "device_not_found");
}

}  // namespace
}  // namespace denen::edge
