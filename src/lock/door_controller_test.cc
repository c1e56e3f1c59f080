#include "lock/door_controller.h"

#include <gtest/gtest.h>

#include <fstream>

#include "lock/door_test_support.h"

namespace denen::lock {
namespace {

using testing::ScriptedDoorServer;

constexpr int64_t kT0 = 1790000000000;
constexpr int64_t kMinute = 60000;
constexpr int64_t kHour = 60 * kMinute;

class DoorControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    server_ = std::make_unique<ScriptedDoorServer>(clock_);
    config_ = {"062090", "door-1", server_->public_key(), testing::TempStatePath()};
    config_.max_list_age_ms = 24 * kHour;
    Reopen();
  }

  void Reopen() {
    door_.reset();
    auto door = DoorController::Open(config_, clock_, driver_, *server_);
    ASSERT_TRUE(door.has_value()) << door.error().message;
    door_ = std::move(*door);
  }

  ListMessage Full(uint64_t version, std::vector<Grant> grants) {
    return {"062090", "door-1", true, 0, version, clock_.NowMillis(), std::move(grants), {}, {}};
  }

  Reason Tap(std::string_view key, int64_t at) {
    auto d = door_->Decide(key, at);
    EXPECT_TRUE(d.has_value());
    return d ? d->reason : Reason::kNoList;
  }

  FakeClock clock_{kT0};
  SimulatedLockDriver driver_;
  std::unique_ptr<ScriptedDoorServer> server_;
  DoorConfig config_;
  std::unique_ptr<DoorController> door_;
};

const Grant kWindow{"r1:alice", "alice", GrantKind::kWindow, kT0 + 2 * kHour, kT0 + 4 * kHour};
const Grant kStaff{"r2:staff", "staff", GrantKind::kStanding, kT0 - kHour, kT0 + 365 * 24 * kHour};
const Grant kShelter{"r3:hq", "hq", GrantKind::kShelter, kT0 - kHour, kT0 + 365 * 24 * kHour};

TEST_F(DoorControllerTest, AWindowOpensOnlyInsideIt) {
  server_->next = Full(1, {kWindow});
  ASSERT_TRUE(door_->Sync().has_value());
  EXPECT_EQ(Tap("alice", kWindow.from_ms - 1), Reason::kOutsideWindow);
  EXPECT_EQ(Tap("alice", kWindow.from_ms), Reason::kWindow);
  EXPECT_EQ(Tap("alice", kWindow.until_ms - 1), Reason::kWindow);
  EXPECT_EQ(Tap("alice", kWindow.until_ms), Reason::kOutsideWindow);
  EXPECT_EQ(Tap("bob", kWindow.from_ms), Reason::kUnknownCard);
  EXPECT_EQ(driver_.unlock_count(), 2);
  EXPECT_EQ(door_->PendingEvents(100).size(), 5u);
}

TEST_F(DoorControllerTest, NoListRefusesEveryCard) { EXPECT_EQ(Tap("alice", kT0), Reason::kNoList); }

TEST_F(DoorControllerTest, TamperedForeignSignedAndOlderListsAreRefusedKeepingThePreviousOne) {
  ASSERT_TRUE(door_->ApplySigned(server_->Sign(Full(5, {kWindow})), kT0).has_value());

  std::string tampered = server_->Sign(Full(6, {kWindow, {"x:mallory", "mallory", GrantKind::kStanding, 0, kT0 * 2}}));
  tampered[tampered.size() / 2] ^= 0x20;
  EXPECT_EQ(door_->ApplySigned(tampered, kT0).error().code, "list_signature_invalid");

  ScriptedDoorServer foreign(clock_);
  auto foreign_list = foreign.Sign(Full(7, {{"x:mallory", "mallory", GrantKind::kStanding, 0, kT0 * 2}}));
  EXPECT_EQ(door_->ApplySigned(foreign_list, kT0).error().code, "list_signature_invalid");

  EXPECT_EQ(door_->ApplySigned(server_->Sign(Full(4, {})), kT0).error().code, "list_version_old");

  ListMessage other_door = Full(8, {});
  other_door.door_id = "door-2";
  EXPECT_EQ(door_->ApplySigned(server_->Sign(other_door), kT0).error().code, "list_foreign");

  ListMessage bad_base{"062090", "door-1", false, 3, 9, kT0, {}, {"r1:alice"}, {}};
  EXPECT_EQ(door_->ApplySigned(server_->Sign(bad_base), kT0).error().code, "list_base_mismatch");

  EXPECT_EQ(door_->TEST_list().version(), 5u);
  EXPECT_EQ(door_->TEST_list().All(), std::vector<Grant>{kWindow});
  EXPECT_FALSE(door_->TEST_list().For("mallory").size());
}

TEST_F(DoorControllerTest, DeltasApplyRemovesThenAddsAndSurviveARestart) {
  ASSERT_TRUE(door_->ApplySigned(server_->Sign(Full(1, {kWindow, kStaff})), kT0).has_value());
  Grant moved = kWindow;
  moved.from_ms += kHour;
  ListMessage delta{"062090", "door-1", false, 1, 2, kT0, {moved, kShelter}, {"r2:staff", "r1:alice"}, {}};
  ASSERT_TRUE(door_->ApplySigned(server_->Sign(delta), kT0).has_value());
  Reopen();
  EXPECT_EQ(door_->TEST_list().version(), 2u);
  EXPECT_EQ(door_->TEST_list().All(), (std::vector<Grant>{moved, kShelter}));
}

TEST_F(DoorControllerTest, AStaleListLeavesOnlyStaffAndShelterRights) {
  server_->next = Full(1, {kWindow, kStaff, kShelter});
  ASSERT_TRUE(door_->Sync().has_value());
  server_->down = true;
  clock_.Advance(kHour);  // still fresh
  EXPECT_EQ(Tap("alice", kWindow.from_ms + 1), Reason::kWindow);
  const int64_t stale = kT0 + 25 * kHour;
  clock_.Set(stale);
  EXPECT_EQ(Tap("staff", stale), Reason::kStanding);
  EXPECT_EQ(Tap("hq", stale), Reason::kShelter);
  // A window covering the stale instant would still be refused.
  ASSERT_TRUE(door_->Status(stale).clock_trusted);
  EXPECT_FALSE(door_->Status(stale).list_fresh);
}

TEST_F(DoorControllerTest, AStaleListRefusesAWindowWithItsReason) {
  Grant long_window{"r9:carol", "carol", GrantKind::kWindow, kT0, kT0 + 48 * kHour};
  server_->next = Full(1, {long_window});
  ASSERT_TRUE(door_->Sync().has_value());
  EXPECT_EQ(Tap("carol", kT0 + kHour), Reason::kWindow);
  clock_.Set(kT0 + 30 * kHour);
  EXPECT_EQ(Tap("carol", kT0 + 30 * kHour), Reason::kListStale);
}

TEST_F(DoorControllerTest, AnUntrustedClockGrantsNoWindowRights) {
  // Applied without a sync: the door has had no trusted time since it started.
  ASSERT_TRUE(door_->ApplySigned(server_->Sign(Full(1, {kWindow, kStaff, kShelter})), kT0).has_value());
  EXPECT_EQ(Tap("alice", kWindow.from_ms), Reason::kClockUntrusted);
  EXPECT_EQ(Tap("staff", kT0), Reason::kStanding);
  EXPECT_EQ(Tap("hq", kT0), Reason::kShelter);

  door_->NoteTrustedTime(kT0);
  EXPECT_EQ(Tap("alice", kWindow.from_ms), Reason::kWindow);
  // A clock set back before the list was signed is not trusted.
  EXPECT_EQ(Tap("alice", kT0 - kHour), Reason::kClockUntrusted);
}

TEST_F(DoorControllerTest, ADoorClockFarFromTheServersIsNotTrustedUntilCorrected) {
  server_->server_clock_offset_ms = 2 * kHour;  // the door's clock is two hours behind
  server_->next = Full(1, {kWindow});
  ASSERT_TRUE(door_->Sync().has_value());
  EXPECT_EQ(Tap("alice", kWindow.from_ms), Reason::kClockUntrusted);
  EXPECT_EQ(Tap("alice", clock_.NowMillis()), Reason::kClockUntrusted);
  clock_.Advance(2 * kHour);  // the agent corrects the door's clock (NTP); the server's runs on
  server_->server_clock_offset_ms = 0;
  ASSERT_TRUE(door_->Sync().has_value());
  EXPECT_EQ(Tap("alice", clock_.NowMillis()), Reason::kWindow);
}

TEST_F(DoorControllerTest, OfflineTheDoorDecidesAndLogsAndUploadsOnceAfterALostAck) {
  server_->next = Full(1, {kStaff});
  ASSERT_TRUE(door_->Sync().has_value());
  server_->down = true;
  EXPECT_EQ(Tap("staff", kT0 + 1), Reason::kStanding);
  EXPECT_EQ(Tap("nobody", kT0 + 2), Reason::kUnknownCard);
  EXPECT_FALSE(door_->Sync().has_value());
  EXPECT_EQ(door_->PendingEvents(100).size(), 2u);

  server_->down = false;
  server_->lose_next_ack = true;  // stored, but the door never hears so
  auto lost = door_->Sync();
  ASSERT_TRUE(lost.has_value());  // the list still synced
  ASSERT_TRUE(lost->upload_error.has_value());
  EXPECT_EQ(lost->events_uploaded, 0u);
  EXPECT_EQ(door_->PendingEvents(100).size(), 2u);
  auto report = door_->Sync();
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->events_uploaded, 2u);
  EXPECT_EQ(server_->stored.size(), 2u);
  EXPECT_EQ(server_->upload_count, 2);
  EXPECT_TRUE(door_->PendingEvents(100).empty());
  EXPECT_EQ(door_->Sync()->events_uploaded, 0u);
}

TEST_F(DoorControllerTest, AnEmergencyCommandHoldsTheDoorOpenUntilItsEnd) {
  ListMessage m = Full(1, {});
  m.commands = {{"cmd-1", CommandKind::kEmergencyOpen, kT0 + kHour}};
  server_->next = m;
  ASSERT_TRUE(door_->Sync().has_value());
  EXPECT_EQ(driver_.Status().state, "unlocked");
  EXPECT_EQ(Tap("anyone", kT0 + 1), Reason::kEmergencyOpen);
  // Repeated until reported; applied once.
  ASSERT_TRUE(door_->Sync().has_value());
  EXPECT_EQ(server_->last_request.applied_commands, std::vector<std::string>{"cmd-1"});
  ASSERT_TRUE(door_->Tick(kT0 + kHour).has_value());
  EXPECT_EQ(driver_.Status().state, "locked");
  EXPECT_EQ(Tap("anyone", kT0 + kHour + 1), Reason::kUnknownCard);
  int applied = 0;
  for (const auto& [id, e] : server_->stored) applied += e.reason == "emergency_open_command";
  for (const auto& e : door_->PendingEvents(100)) applied += e.reason == "emergency_open_command";
  EXPECT_EQ(applied, 1);
}

TEST_F(DoorControllerTest, AGrantedTapRelocksAfterTheHoldTime) {
  server_->next = Full(1, {kStaff});
  ASSERT_TRUE(door_->Sync().has_value());
  ASSERT_TRUE(door_->Decide("staff", kT0).has_value());
  EXPECT_EQ(driver_.Status().state, "unlocked");
  ASSERT_TRUE(door_->Tick(kT0 + config_.unlock_hold_ms).has_value());
  EXPECT_EQ(driver_.Status().state, "locked");
}

TEST(GpioRelayDriverTest, WritesTheRelayValueFile) {
  const std::string path = testing::TempStatePath() + ".gpio";
  GpioRelayDriver relay(path, false);
  ASSERT_TRUE(relay.Unlock().has_value());
  std::ifstream in(path);
  std::string value;
  in >> value;
  EXPECT_EQ(value, "1");
  EXPECT_EQ(relay.Status().state, "unlocked");
  GpioRelayDriver active_low(path, true);
  ASSERT_TRUE(active_low.Lock().has_value());
  std::ifstream again(path);
  again >> value;
  EXPECT_EQ(value, "1");
  GpioRelayDriver missing("/nonexistent-dir/gpio/value", false);
  EXPECT_EQ(missing.Unlock().error().code, "lock_driver_failed");
  EXPECT_EQ(missing.Status().state, "unknown");
}

}  // namespace
}  // namespace denen::lock
