// The lock module with the real resident directory: a card suspended through
// identity::ResidentDirectory (a lost card reported at the counter) stops
// opening doors at the next sync, and withdrawing lock consent removes window
// rights at the next refresh.
#include <gtest/gtest.h>

#include "identity/residents.h"
#include "lock/lock_test_support.h"

namespace denen::lock {
namespace {

using testing::kCode;

class LockIdentityTest : public testing::LockDbTest {};

TEST_F(LockIdentityTest, ACardSuspendedInTheDirectoryStopsOpeningDoorsAfterTheNextSync) {
  identity::ResidentDirectory residents(*db_, clock_);
  Must(repo_->CreateReservation(kCode, Booking("res-alice", "2026-12-01", "09:00", "17:00"), "test"));
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(Tap(*door, "key-alice", kNow + kHour), Reason::kWindow);

  ASSERT_TRUE(residents.Suspend(kCode, "key-alice", "紛失の届出", "counter-staff").has_value());
  bool pending = false;
  for (const auto& d : Must(repo_->ListDoors(kCode))) pending |= d.id == hall_door_ && d.pending_sync;
  EXPECT_TRUE(pending);
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(Tap(*door, "key-alice", kNow + kHour), Reason::kUnknownCard);
}

TEST_F(LockIdentityTest, WithdrawnLockConsentRemovesWindowRightsAtTheNextRefresh) {
  identity::ResidentDirectory residents(*db_, clock_);
  Must(repo_->CreateReservation(kCode, Booking("res-bob", "2026-12-01", "09:00", "17:00"), "test"));
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(Tap(*door, "key-bob", kNow + kHour), Reason::kWindow);
  ASSERT_TRUE(residents.SetConsent(kCode, "res-bob", identity::Service::kLock, false, "counter-staff").has_value());
  clock_.Advance(LockSettings{}.refresh_interval_ms);
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(Tap(*door, "key-bob", clock_.NowMillis()), Reason::kUnknownCard);
}

}  // namespace
}  // namespace denen::lock
