#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/migrated_db_test.h"

namespace denen::audit {
namespace {

class AuditLogTest : public store::testing::MigratedDbTest {
 protected:
  void AppendN(std::string_view code, int n) {
    for (int i = 0; i < n; ++i) {
      clock_.Advance(1000);
      ASSERT_TRUE(Append(*db_, clock_, code, {"u1", "user.update", "staff_user", "id" + std::to_string(i), "{}"}));
    }
  }

  // An attacker with database access bypasses the append-only triggers.
  void Tamper(const std::string& sql) {
    if (db_->engine() == store::Engine::kSqlite) {
      ASSERT_TRUE(db_->ExecScript("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"));
    } else {
      ASSERT_TRUE(db_->ExecScript("DROP TRIGGER audit_log_no_update ON audit_log;"));
    }
    ASSERT_TRUE(db_->Exec(sql).has_value());
  }
};

TEST_F(AuditLogTest, ChainLinksEveryEntry) {
  AppendN("062090", 5);
  auto entries = Recent(*db_, "062090", 10);
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ((*entries)[0].seq, 5);
  for (size_t i = 0; i + 1 < entries->size(); ++i) {
    EXPECT_EQ((*entries)[i].prev_hash, (*entries)[i + 1].hash);
  }
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->entries, 5);
  EXPECT_FALSE(report->first_broken_seq.has_value()) << report->problem;
}

TEST_F(AuditLogTest, TenantsHaveSeparateChains) {
  AppendN("062090", 3);
  AppendN("131016", 2);
  EXPECT_EQ(Verify(*db_, "062090")->entries, 3);
  EXPECT_EQ(Verify(*db_, "131016")->entries, 2);
  EXPECT_EQ(Recent(*db_, "131016", 10)->front().seq, 2);
}

TEST_F(AuditLogTest, EngineRefusesUpdateAndDelete) {
  AppendN("062090", 2);
  EXPECT_FALSE(db_->Exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1").has_value());
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log WHERE seq = 1").has_value());
  EXPECT_EQ(Verify(*db_, "062090")->entries, 2);
}

TEST_F(AuditLogTest, VerifyFindsAChangedEntry) {
  AppendN("062090", 6);
  Tamper("UPDATE audit_log SET target_id = 'other' WHERE municipality_code = '062090' AND seq = 4");
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report.has_value());
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 4);
}

TEST_F(AuditLogTest, VerifyFindsARemovedEntry) {
  AppendN("062090", 6);
  Tamper("DELETE FROM audit_log WHERE municipality_code = '062090' AND seq = 3");
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 4);
}

TEST_F(AuditLogTest, VerifyFindsEntriesCutFromTheEnd) {
  AppendN("062090", 4);
  Tamper("DELETE FROM audit_log WHERE municipality_code = '062090' AND seq = 4");
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 4);
}

TEST_F(AuditLogTest, PurgeRemovesOnlyOlderEntriesAndTheChainStillVerifies) {
  AppendN("062090", 6);  // at_ms = start + 1s .. start + 6s
  AppendN("131016", 2);
  const int64_t cutoff = Recent(*db_, "062090", 6)->at(2).at_ms;  // entry 4
  auto removed = PurgeBefore(*db_, clock_, "062090", cutoff, "cli");
  ASSERT_TRUE(removed.has_value()) << removed.error().message;
  EXPECT_EQ(*removed, 3);
  auto entries = Recent(*db_, "062090", 10);
  ASSERT_EQ(entries->size(), 4u);  // 4, 5, 6 and the purge entry 7
  EXPECT_EQ(entries->back().seq, 4);
  EXPECT_EQ(entries->front().event.action, "audit.purge");
  EXPECT_NE(entries->front().event.detail.find("\"kept_from_seq\":4"), std::string::npos);
  auto report = Verify(*db_, "062090");
  EXPECT_FALSE(report->first_broken_seq.has_value()) << report->problem;
  EXPECT_EQ(Verify(*db_, "131016")->entries, 2);  // the other municipality keeps all

  // Nothing older left: a second purge writes nothing; new entries chain on.
  EXPECT_EQ(*PurgeBefore(*db_, clock_, "062090", cutoff, "cli"), 0);
  EXPECT_EQ(Recent(*db_, "062090", 10)->size(), 4u);
  AppendN("062090", 1);
  EXPECT_FALSE(Verify(*db_, "062090")->first_broken_seq.has_value());
}

TEST_F(AuditLogTest, PurgingEverythingKeepsThePurgeEntry) {
  AppendN("062090", 3);
  clock_.Advance(1000);
  EXPECT_EQ(*PurgeBefore(*db_, clock_, "062090", clock_.NowMillis(), "cli"), 3);
  auto entries = Recent(*db_, "062090", 10);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().seq, 4);
  EXPECT_FALSE(Verify(*db_, "062090")->first_broken_seq.has_value());
}

TEST_F(AuditLogTest, EntriesAtOrAboveThePurgeMarkStayUndeletable) {
  AppendN("062090", 5);
  ASSERT_EQ(*PurgeBefore(*db_, clock_, "062090", Recent(*db_, "062090", 5)->at(1).at_ms, "cli"), 3);
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log WHERE municipality_code = '062090' AND seq = 4").has_value());
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log WHERE municipality_code = '062090'").has_value());
  EXPECT_EQ(Verify(*db_, "062090")->entries, 3);  // 4, 5 and the purge entry
}

TEST_F(AuditLogTest, VerifyFindsEntriesRemovedFromTheStartWithoutAPurge) {
  AppendN("062090", 5);
  Tamper("DELETE FROM audit_log WHERE municipality_code = '062090' AND seq < 3");
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 3);
  EXPECT_NE(report->problem.find("without a recorded purge"), std::string::npos);
}

TEST_F(AuditLogTest, VerifyFindsMoreRemovedThanThePurgeRecorded) {
  AppendN("062090", 6);
  ASSERT_EQ(*PurgeBefore(*db_, clock_, "062090", Recent(*db_, "062090", 6)->at(3).at_ms, "cli"), 2);
  Tamper("DELETE FROM audit_log WHERE municipality_code = '062090' AND seq = 3");
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 4);
}

TEST_F(AuditLogTest, VerifyFindsARecomputedHashWithBrokenLink) {
  AppendN("062090", 3);
  // Rewrite entry 2 and its own hash consistently: the link from entry 3 breaks.
  auto entries = Recent(*db_, "062090", 3);
  AuditEntry e = (*entries)[1];
  e.event.actor = "intruder";
  e.hash = EntryHash("062090", e);
  Tamper("UPDATE audit_log SET actor = 'intruder', hash = '" + e.hash +
         "' WHERE municipality_code = '062090' AND seq = 2");
  auto report = Verify(*db_, "062090");
  ASSERT_TRUE(report->first_broken_seq.has_value());
  EXPECT_EQ(*report->first_broken_seq, 3);
}

TEST_F(AuditLogTest, ConcurrentAppendsKeepOneChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto r = Append(*db_, clock_, "062090", {"u", "x", "t", std::to_string(i), "{}"});
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto report = Verify(*db_, "062090");
  EXPECT_EQ(report->entries, 100);
  EXPECT_FALSE(report->first_broken_seq.has_value()) << report->problem;
}

}  // namespace
}  // namespace denen::audit
