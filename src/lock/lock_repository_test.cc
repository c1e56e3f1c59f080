// The lock module against a real database on both engines, with door
// controllers talking to the repository in-process: booked windows, signed
// incremental lists, suspension, emergency opening, the log upload and the KPI.
#include "lock/lock_repository.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "lock/lock_test_support.h"

namespace denen::lock {
namespace {

class LockRepositoryTest : public testing::LockDbTest {};

using testing::kCode;

TEST_F(LockRepositoryTest, ABookedWindowOpensTheDoorOnlyInsideItAndCancellationRemovesIt) {
  // 19:00-21:00 in Japan = 10:00-12:00 UTC; margins 15 minutes.
  auto r = Must(repo_->CreateReservation(kCode, Booking("res-alice", "2026-12-01", "19:00", "21:00"), "test"));
  ASSERT_TRUE(r.right_id.has_value());
  const int64_t from = kNow + 10 * kHour - 15 * kMinute;
  const int64_t until = kNow + 12 * kHour + 15 * kMinute;
  EXPECT_EQ(r.window_from_ms, from);
  EXPECT_EQ(r.window_until_ms, until);

  auto hall = NewDoor(hall_door_);
  auto entrance = NewDoor(entrance_);
  auto gym = NewDoor(gym_door_);
  ASSERT_TRUE(hall->controller->Sync().has_value());
  ASSERT_TRUE(entrance->controller->Sync().has_value());
  ASSERT_TRUE(gym->controller->Sync().has_value());
  EXPECT_EQ(Tap(*hall, "key-alice", from - 1), Reason::kOutsideWindow);
  EXPECT_EQ(Tap(*hall, "key-alice", from), Reason::kWindow);
  EXPECT_EQ(Tap(*entrance, "key-alice", from + kHour), Reason::kWindow);
  EXPECT_EQ(Tap(*hall, "key-alice", until - 1), Reason::kWindow);
  EXPECT_EQ(Tap(*hall, "key-alice", until), Reason::kOutsideWindow);
  EXPECT_EQ(Tap(*gym, "key-alice", from), Reason::kUnknownCard);  // another facility
  EXPECT_EQ(Tap(*hall, "key-bob", from), Reason::kUnknownCard);

  Must(repo_->UpdateReservation(kCode, r.id, std::nullopt, ReservationStatus::kCancelled, "test"));
  ASSERT_TRUE(hall->controller->Sync().has_value());
  EXPECT_FALSE(hall->server->last_full);  // a delta
  EXPECT_EQ(Tap(*hall, "key-alice", from + kHour), Reason::kUnknownCard);
}

TEST_F(LockRepositoryTest, OnlyApprovedPaidReservationsOfConsentingResidentsGiveRights) {
  auto in = Booking("res-alice", "2026-12-02", "10:00", "12:00");
  in.payment = Payment::kUnpaid;
  auto r = Must(repo_->CreateReservation(kCode, in, "test"));
  EXPECT_FALSE(r.right_id.has_value());
  r = Must(repo_->UpdateReservation(kCode, r.id, Payment::kPaid, std::nullopt, "test"));
  EXPECT_TRUE(r.right_id.has_value());
  // res-hq has no lock consent: the right exists but no card of theirs is on the door.
  auto hq = Booking("res-hq", "2026-12-02", "10:00", "12:00");
  EXPECT_TRUE(Must(repo_->CreateReservation(kCode, hq, "test")).right_id.has_value());
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  std::vector<std::string> keys;
  for (const auto& g : door->controller->TEST_list().All()) keys.push_back(g.identity_key);
  EXPECT_EQ(keys, std::vector<std::string>{"key-alice"});
}

TEST_F(LockRepositoryTest, ASuspendedCardStopsOpeningDoorsAfterTheNextSync) {
  Must(repo_->CreateReservation(kCode, Booking("res-alice", "2026-12-01", "09:00", "17:00"), "test"));
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(Tap(*door, "key-alice", kNow + kHour), Reason::kWindow);
  ASSERT_TRUE(door->controller->Sync().has_value());  // confirms the version it holds
  auto pending = [&] {
    for (const auto& d : Must(repo_->ListDoors(kCode))) {
      if (d.id == hall_door_) return d.pending_sync;
    }
    return false;
  };
  EXPECT_FALSE(pending());

  SuspendIdentity("key-alice");
  EXPECT_TRUE(pending());                                             // the console shows the door has not synced since
  EXPECT_EQ(Tap(*door, "key-alice", kNow + kHour), Reason::kWindow);  // not yet synced
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(Tap(*door, "key-alice", kNow + kHour), Reason::kUnknownCard);
  ASSERT_TRUE(door->controller->Sync().has_value());  // reports the version it now holds
  EXPECT_FALSE(pending());
}

TEST_F(LockRepositoryTest, DoorsGetDeltasAndASnapshotWhenTooFarBehind) {
  LockSettings settings;
  settings.max_delta_versions = 3;
  repo_ = std::make_unique<LockRepository>(*db_, clock_, settings);
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_TRUE(door->server->last_full);
  for (int i = 0; i < 2; ++i) {
    Must(repo_->CreateReservation(kCode, Booking("res-alice", "2026-12-0" + std::to_string(2 + i), "10:00", "11:00"),
                                  "test"));
    ASSERT_TRUE(door->controller->Sync().has_value());
    EXPECT_FALSE(door->server->last_full);
  }
  EXPECT_EQ(door->controller->TEST_list().size(), 2u);
  // A second door offline for many changes gets a snapshot.
  auto late = NewDoor(hall_door_);
  ASSERT_TRUE(late->controller->Sync().has_value());
  late->server->down = true;
  for (int i = 0; i < 5; ++i) {
    Must(
        repo_->CreateReservation(kCode, Booking("res-bob", "2026-12-1" + std::to_string(i), "10:00", "11:00"), "test"));
    ASSERT_TRUE(door->controller->Sync().has_value());
  }
  late->server->down = false;
  auto report = late->controller->Sync();
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_TRUE(report->full);
  EXPECT_EQ(late->controller->TEST_list().All(), door->controller->TEST_list().All());
  EXPECT_EQ(late->controller->TEST_list().size(), 7u);
  // The periodic full recomputation finds nothing the incremental refreshes missed.
  clock_.Advance(LockSettings{}.refresh_interval_ms);
  auto periodic = door->controller->Sync();
  ASSERT_TRUE(periodic.has_value());
  EXPECT_FALSE(periodic->list_changed);
}

TEST_F(LockRepositoryTest, AnEmptyRefreshIsASmallSignedAttestation) {
  Must(repo_->CreateReservation(kCode, Booking("res-alice", "2026-12-01", "19:00", "21:00"), "test"));
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  const uint64_t version = door->controller->TEST_list().version();
  clock_.Advance(kMinute);
  auto report = door->controller->Sync();
  ASSERT_TRUE(report.has_value());
  EXPECT_FALSE(report->list_changed);
  EXPECT_EQ(door->controller->TEST_list().version(), version);
  EXPECT_EQ(door->controller->TEST_list().signed_at_ms(), clock_.NowMillis());
}

TEST_F(LockRepositoryTest, EmergencyStaffOpenAShelterOfflineAndTheHqOpensItRemotely) {
  Must(repo_->GrantRight(
      kCode, {"res-hq", gym_, std::nullopt, GrantKind::kShelter, kNow, kNow + 365 * 24 * kHour, "避難所開設担当"},
      "hq-user"));
  EXPECT_FALSE(
      repo_->GrantRight(kCode, {"res-hq", centre_, std::nullopt, GrantKind::kShelter, kNow, kNow + kHour, ""},
                        "hq-user")
          .has_value());  // not a shelter
  auto door = NewDoor(gym_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  door->server->down = true;
  // Days later, network down, clock untrusted after a restart: staff still get in.
  clock_.Advance(3 * 24 * kHour);
  EXPECT_EQ(Tap(*door, "key-hq", clock_.NowMillis()), Reason::kShelter);
  EXPECT_EQ(Tap(*door, "key-alice", clock_.NowMillis()), Reason::kUnknownCard);

  // The HQ opens every door of the shelter; delivered with the next sync.
  auto actions = Must(repo_->Emergency(kCode, {gym_}, {}, CommandKind::kEmergencyOpen, clock_.NowMillis() + 6 * kHour,
                                       "震度6弱 避難所開設", "hq-user"));
  ASSERT_EQ(actions.size(), 1u);
  door->server->down = false;
  ASSERT_TRUE(door->controller->Sync().has_value());
  EXPECT_EQ(door->driver.Status().state, "unlocked");
  EXPECT_EQ(Tap(*door, "key-alice", clock_.NowMillis()), Reason::kEmergencyOpen);
  ASSERT_TRUE(door->controller->Sync().has_value());  // reports the command applied
  auto shown = Must(repo_->EmergencyActions(kCode, 10));
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_TRUE(shown[0].acked_at_ms.has_value());
  EXPECT_EQ(shown[0].reason, "震度6弱 避難所開設");
  for (const auto& d : Must(repo_->ListDoors(kCode))) {
    if (d.id == gym_door_) {
      EXPECT_TRUE(d.emergency_open_until_ms.has_value());
    }
  }
  int emergency_entries = 0;
  for (const auto& e : Must(audit::Recent(*db_, kCode, 50))) {
    emergency_entries += e.event.action.starts_with("lock.emergency.");
  }
  EXPECT_EQ(emergency_entries, 2);  // ordered, then applied at the door
  AccessLogFilter f;
  f.door_id = gym_door_;
  bool command_logged = false;
  for (const auto& e : Must(repo_->AccessLog(kCode, f))) command_logged |= e.event.reason == "emergency_open_command";
  EXPECT_TRUE(command_logged);
}

TEST_F(LockRepositoryTest, OfflineAttemptsArriveOnceAndCountInTheKpi) {
  auto r = Must(repo_->CreateReservation(kCode, Booking("res-alice", "2026-12-01", "19:00", "21:00"), "test"));
  Must(repo_->CreateReservation(kCode, Booking("res-bob", "2026-12-01", "19:00", "21:00"), "test"));
  auto door = NewDoor(hall_door_);
  ASSERT_TRUE(door->controller->Sync().has_value());
  door->server->down = true;
  EXPECT_EQ(Tap(*door, "key-alice", r.window_from_ms + kMinute), Reason::kWindow);
  EXPECT_EQ(Tap(*door, "key-stranger", r.window_from_ms + kMinute), Reason::kUnknownCard);
  EXPECT_FALSE(door->controller->Sync().has_value());
  door->server->down = false;
  // The same events uploaded twice (an ack lost) are stored once.
  auto pending = door->controller->PendingEvents(10);
  ASSERT_EQ(pending.size(), 2u);
  Must(repo_->StoreEvents(kCode, hall_door_, pending));
  ASSERT_TRUE(door->controller->Sync().has_value());
  AccessLogFilter all;
  EXPECT_EQ(Must(repo_->AccessLog(kCode, all)).size(), 2u);
  AccessLogFilter granted;
  granted.granted = true;
  granted.resident_id = "res-alice";
  auto log = Must(repo_->AccessLog(kCode, granted));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].door_name, "大ホール扉");

  auto kpi = Must(repo_->Kpi(kCode, "2026-12-01", "2026-12-31"));
  EXPECT_EQ(kpi.reservations, 2);
  EXPECT_EQ(kpi.entered_with_lock, 1);
  EXPECT_DOUBLE_EQ(kpi.share, 0.5);
}

TEST_F(LockRepositoryTest, TheCsvImportIsIdempotentAndReportsBadRowsByLine) {
  const std::string csv =
      "external_ref,resident_id,facility_id,room_id,date,start,end,purpose,fee_yen,payment,status\n"
      "R-1,res-alice," +
      centre_ + "," + hall_ +
      ",2026-12-05,18:00,20:00,\"卓球, 練習\",600,paid,approved\n"
      "R-2,res-bob," +
      centre_ + ",,2026-12-06,09:00,12:00,会議,0,unpaid,approved\n";
  auto first = Must(repo_->ImportReservationsCsv(kCode, csv, "test"));
  EXPECT_EQ(first.created, 2);
  auto again = Must(repo_->ImportReservationsCsv(kCode, csv, "test"));
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.unchanged, 2);
  auto listed = Must(repo_->ListReservations(kCode, centre_, "2026-12-01", "2026-12-31"));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].input.purpose, "卓球, 練習");
  EXPECT_TRUE(listed[1].right_id.has_value());  // free of charge counts as paid

  std::string cancelled = csv;
  cancelled.replace(cancelled.find("paid,approved"), 13, "paid,cancelled");
  auto changed = Must(repo_->ImportReservationsCsv(kCode, cancelled, "test"));
  EXPECT_EQ(changed.updated, 1);
  EXPECT_EQ(changed.unchanged, 1);
  EXPECT_FALSE(Must(repo_->ListReservations(kCode, centre_, "2026-12-05", "2026-12-05"))[0].right_id.has_value());

  auto bad = Must(repo_->ImportReservationsCsv(
      kCode,
      "external_ref,resident_id,facility_id,room_id,date,start,end,purpose,fee_yen,payment,status\n"
      "R-9,res-alice," +
          centre_ +
          ",,2026-12-05,20:00,18:00,x,0,paid,approved\n"
          "R-10,nobody," +
          centre_ + ",,2026-12-05,10:00,11:00,x,abc,paid,approved\n",
      "test"));
  ASSERT_EQ(bad.errors.size(), 2u);
  EXPECT_EQ(bad.errors[0], "行 3: 使用料(fee_yen)は0以上の整数(円)で書いてください");
  EXPECT_EQ(bad.errors[1], "行 2: 終了時刻(end)は開始時刻より後にしてください");
  EXPECT_EQ(Must(repo_->ListReservations(kCode, centre_, "2026-12-01", "2026-12-31")).size(), 2u);
}

TEST_F(LockRepositoryTest, StandingRightsOpenEveryDoorOfTheFacilityUntilRevoked) {
  auto right = Must(repo_->GrantRight(
      kCode, {"res-bob", centre_, std::nullopt, GrantKind::kStanding, kNow, kNow + 30 * 24 * kHour, "鍵管理者"}, "t"));
  auto hall = NewDoor(hall_door_);
  ASSERT_TRUE(hall->controller->Sync().has_value());
  EXPECT_EQ(Tap(*hall, "key-bob", kNow + kHour), Reason::kStanding);
  EXPECT_EQ(Must(repo_->RightsOfResident(kCode, "res-bob")).size(), 1u);
  ASSERT_TRUE(repo_->RevokeRight(kCode, right.id, "t").has_value());
  ASSERT_TRUE(hall->controller->Sync().has_value());
  EXPECT_EQ(Tap(*hall, "key-bob", kNow + kHour), Reason::kUnknownCard);
  EXPECT_TRUE(Must(repo_->RightsOfResident(kCode, "res-bob"))[0].revoked_at_ms.has_value());
}

}  // namespace
}  // namespace denen::lock
