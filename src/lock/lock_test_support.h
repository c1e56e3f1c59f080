// Test support for the lock module's repository and API tests: the shared
// migrated database with one community centre (an entrance and a hall door),
// one shelter school gym, residents with card identities and lock consent
// (written straight into the resident directory's tables, as enrolment would),
// and a DoorServer that calls the repository in-process and can be stopped.
#pragma once

#include <gtest/gtest.h>

#include "lock/door_controller.h"
#include "lock/door_test_support.h"
#include "lock/lock_repository.h"
#include "store/migrated_db_test.h"

namespace denen::lock::testing {

inline const std::string kCode = "062090";

class RepositoryDoorServer final : public DoorServer {
 public:
  RepositoryDoorServer(LockRepository& repo, std::string door_id) : repo_(repo), door_id_(std::move(door_id)) {}
  Result<SyncReply> Sync(const SyncRequest& request) override {
    if (down) return Fail(Error::Unavailable("server_unreachable", "stopped"));
    DENEN_TRY(result, repo_.SyncDoor(kCode, door_id_, request));
    last_full = result.full;
    last_signed_bytes = result.reply.signed_list.size();
    return result.reply;
  }
  Result<std::vector<std::string>> UploadEvents(const std::vector<AccessEvent>& events) override {
    if (down) return Fail(Error::Unavailable("server_unreachable", "stopped"));
    return repo_.StoreEvents(kCode, door_id_, events);
  }
  bool down = false;
  bool last_full = false;
  size_t last_signed_bytes = 0;

 private:
  LockRepository& repo_;
  std::string door_id_;
};

class LockDbTest : public store::testing::MigratedDbTest {
 protected:
  // 2026-12-01T00:00:00Z = 09:00 in Japan.
  static constexpr int64_t kNow = 1796083200000;
  static constexpr int64_t kMinute = 60000;
  static constexpr int64_t kHour = 60 * kMinute;

  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    clock_.Set(kNow);
    repo_ = std::make_unique<LockRepository>(*db_, clock_, LockSettings{});
    centre_ = Must(repo_->AddFacility(kCode, {"", "西根地区公民館", "community_centre", false}, "test")).id;
    hall_ = Must(repo_->AddRoom(kCode, {"", centre_, "大ホール"}, "test")).id;
    entrance_ = Must(repo_->AddDoor(kCode, centre_, std::nullopt, "正面玄関", "test")).id;
    hall_door_ = Must(repo_->AddDoor(kCode, centre_, hall_, "大ホール扉", "test")).id;
    gym_ = Must(repo_->AddFacility(kCode, {"", "長井小学校体育館", "school_gym", true}, "test")).id;
    gym_door_ = Must(repo_->AddDoor(kCode, gym_, std::nullopt, "体育館入口", "test")).id;
    AddResident("res-alice", "key-alice", true);
    AddResident("res-bob", "key-bob", true);
    AddResident("res-hq", "key-hq", false);
  }

  template <typename T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r.has_value() ? std::move(*r) : T{};
  }

  void Exec(const std::string& sql, const store::Params& params) {
    auto r = db_->Exec(sql, params);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  int64_t NextIdentityRevision() {
    auto row = db_->QueryOne("SELECT last_revision FROM card_identity_revisions WHERE municipality_code = ?",
                             {store::Text(kCode)});
    EXPECT_TRUE(row.has_value());
    int64_t next = row && *row ? (*row)->Int(0) + 1 : 1;
    if (next == 1) {
      Exec("INSERT INTO card_identity_revisions (municipality_code, last_revision) VALUES (?, 1)",
           {store::Text(kCode)});
    } else {
      Exec("UPDATE card_identity_revisions SET last_revision = ? WHERE municipality_code = ?",
           {store::Int(next), store::Text(kCode)});
    }
    return next;
  }

  // What enrolment (identity::ResidentDirectory::Enrol) leaves in its tables.
  void AddResident(const std::string& id, const std::string& key, bool lock_consent) {
    using store::Int;
    using store::Text;
    Exec(
        "INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, contact, status, "
        "created_at_ms, created_by, updated_at_ms) VALUES (?, ?, 'ナガイ タロウ', '長井 太郎', '西根', 1980, '', "
        "'active', ?, 'test', ?)",
        {Text(kCode), Text(id), Int(kNow), Int(kNow)});
    const int64_t rev = NextIdentityRevision();
    Exec(
        "INSERT INTO card_identities (municipality_code, identity_key, resident_id, cert_serial, cert_issuer, "
        "cert_not_after_ms, linked_at_ms, linked_by, pin_verified_at_ms, revision) VALUES (?, ?, ?, '1', 'JPKI', ?, "
        "?, 'test', ?, ?)",
        {Text(kCode), Text(key), Text(id), Int(kNow + 365 * 24 * kHour), Int(kNow), Int(kNow), Int(rev)});
    if (lock_consent) {
      Exec(
          "INSERT INTO resident_consents (municipality_code, resident_id, service, granted, changed_at_ms, "
          "changed_by) VALUES (?, ?, 'lock', 1, ?, 'test')",
          {Text(kCode), Text(id), Int(kNow)});
    }
  }

  // What identity::ResidentDirectory::Suspend does to the directory's tables.
  void SuspendIdentity(const std::string& key) {
    const int64_t rev = NextIdentityRevision();
    Exec(
        "UPDATE card_identities SET suspended_at_ms = ?, suspended_reason = 'lost', revision = ? WHERE "
        "municipality_code = ? AND identity_key = ?",
        {store::Int(clock_.NowMillis()), store::Int(rev), store::Text(kCode), store::Text(key)});
  }

  // A door controller for `door_id` with the municipality's pinned key.
  struct Door {
    std::unique_ptr<RepositoryDoorServer> server;
    SimulatedLockDriver driver;
    std::unique_ptr<DoorController> controller;
  };
  std::unique_ptr<Door> NewDoor(const std::string& door_id, DoorConfig config = {}) {
    auto door = std::make_unique<Door>();
    door->server = std::make_unique<RepositoryDoorServer>(*repo_, door_id);
    config.municipality_code = kCode;
    config.door_id = door_id;
    config.public_key = Must(repo_->PublicKey(kCode));
    config.state_path = TempStatePath();
    auto c = DoorController::Open(config, clock_, door->driver, *door->server);
    EXPECT_TRUE(c.has_value()) << c.error().message;
    if (c) door->controller = std::move(*c);
    return door;
  }

  Reason Tap(Door& door, const std::string& key, int64_t at) {
    auto d = door.controller->Decide(key, at);
    EXPECT_TRUE(d.has_value());
    return d ? d->reason : Reason::kNoList;
  }

  ReservationInput Booking(const std::string& resident, const std::string& date, const std::string& start,
                           const std::string& end) {
    ReservationInput in;
    in.resident_id = resident;
    in.facility_id = centre_;
    in.room_id = hall_;
    in.date = date;
    in.start_time = start;
    in.end_time = end;
    in.purpose = "合唱の練習";
    in.fee_yen = 1200;
    in.payment = Payment::kPaid;
    in.status = ReservationStatus::kApproved;
    return in;
  }

  std::unique_ptr<LockRepository> repo_;
  std::string centre_, hall_, entrance_, hall_door_, gym_, gym_door_;
};

}  // namespace denen::lock::testing
