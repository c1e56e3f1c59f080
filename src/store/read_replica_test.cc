// ReadReplica's routing, on either engine: two test databases stand for the
// primary and the replica (each says which it is), and a switch takes the
// "replica" down. tests/functional/read_replica_test.cc runs a real standby.
#include "store/read_replica.h"

#include <gtest/gtest.h>

#include "store/testing.h"

namespace denen::store {
namespace {

// Forwards to a real database, or answers "unavailable" while down.
class SwitchableDatabase final : public Database {
 public:
  SwitchableDatabase(std::unique_ptr<Database> inner, const std::atomic<bool>& down)
      : inner_(std::move(inner)), down_(down) {}
  Engine engine() const override { return inner_->engine(); }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    DENEN_TRY_VOID(Reachable());
    return inner_->Exec(sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    DENEN_TRY_VOID(Reachable());
    return inner_->Query(sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override {
    DENEN_TRY_VOID(Reachable());
    return inner_->ExecScript(sql);
  }
  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override {
    DENEN_TRY_VOID(Reachable());
    return inner_->Transact(body);
  }
  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override {
    DENEN_TRY_VOID(Reachable());
    return inner_->ReadSnapshot(body);
  }

 private:
  Result<void> Reachable() const {
    if (down_) return Fail(Error::Unavailable("database_unavailable", "connection refused"));
    return {};
  }
  std::unique_ptr<Database> inner_;
  const std::atomic<bool>& down_;
};

class ReadReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    primary_ = Named("primary");
    replica_url_ = *testing::NewTestDatabaseUrl();
    auto replica = OpenDatabase(replica_url_, 2);
    ASSERT_TRUE(replica) << replica.error().message;
    ASSERT_TRUE((*replica)->Exec("CREATE TABLE which (name TEXT)"));
    ASSERT_TRUE((*replica)->Exec("INSERT INTO which (name) VALUES ('replica')"));
    reads_ = std::make_unique<ReadReplica>(
        *primary_,
        [this]() -> Result<std::unique_ptr<Database>> {
          ++opened_;
          if (refuse_open_) return Fail(Error::Unavailable("database_unavailable", "connection refused"));
          DENEN_TRY(db, OpenDatabase(replica_url_, 2));
          return std::unique_ptr<Database>(std::make_unique<SwitchableDatabase>(std::move(db), down_));
        },
        clock_);
  }

  static std::unique_ptr<Database> Named(const std::string& name) {
    auto db = testing::OpenTestDatabase();
    EXPECT_TRUE(db) << db.error().message;
    EXPECT_TRUE((*db)->Exec("CREATE TABLE which (name TEXT)"));
    EXPECT_TRUE((*db)->Exec("INSERT INTO which (name) VALUES (?)", {Text(name)}));
    return std::move(*db);
  }

  // Which database answered a read through `reads_`.
  std::string Which() {
    auto row = reads_->QueryOne("SELECT name FROM which");
    EXPECT_TRUE(row && *row) << (row ? "no row" : row.error().message);
    return row && *row ? (*row)->Text(0) : "";
  }

  std::string SnapshotWhich() {
    std::string name;
    auto read = reads_->ReadSnapshot([&](Database& snapshot) -> Result<void> {
      DENEN_TRY(rows, snapshot.Query("SELECT name FROM which"));
      name = rows.at(0).Text(0);
      return {};
    });
    EXPECT_TRUE(read) << read.error().message;
    return name;
  }

  FakeClock clock_{1'790'000'000'000};
  std::unique_ptr<Database> primary_;
  std::string replica_url_;
  std::atomic<bool> down_{false};
  bool refuse_open_ = false;
  int opened_ = 0;
  std::unique_ptr<ReadReplica> reads_;
};

TEST_F(ReadReplicaTest, ReadsGoToTheReplica) {
  EXPECT_EQ(Which(), "replica");
  EXPECT_EQ(SnapshotWhich(), "replica");
  EXPECT_EQ(reads_->fallbacks(), 0);
  EXPECT_EQ(opened_, 1);
  EXPECT_NE(reads_->MetricsText().find("\ndenen_read_replica_fallbacks_total 0\n"), std::string::npos);
  EXPECT_NE(reads_->MetricsText().find("\ndenen_read_replica_up 1\n"), std::string::npos);
}

TEST_F(ReadReplicaTest, FallsBackToThePrimaryAndTriesTheReplicaAgainAfterTheInterval) {
  EXPECT_EQ(Which(), "replica");
  down_ = true;
  EXPECT_EQ(Which(), "primary");
  EXPECT_EQ(SnapshotWhich(), "primary");
  EXPECT_EQ(reads_->fallbacks(), 2);
  EXPECT_NE(reads_->MetricsText().find("\ndenen_read_replica_fallbacks_total 2\n"), std::string::npos);
  EXPECT_NE(reads_->MetricsText().find("\ndenen_read_replica_up 0\n"), std::string::npos);

  // Back, but not tried until the interval has passed.
  down_ = false;
  clock_.Advance(ReadReplica::kRetryAfterMillis - 1);
  EXPECT_EQ(Which(), "primary");
  clock_.Advance(1);
  EXPECT_EQ(Which(), "replica");
  EXPECT_EQ(reads_->fallbacks(), 3);
  EXPECT_EQ(opened_, 2);  // afresh: no connection broken by the outage is kept
}

TEST_F(ReadReplicaTest, AReplicaUnreachableAtStartIsOpenedOncePerInterval) {
  refuse_open_ = true;
  reads_->Connect();
  EXPECT_EQ(opened_, 1);
  EXPECT_EQ(Which(), "primary");
  EXPECT_EQ(Which(), "primary");
  EXPECT_EQ(opened_, 1);
  refuse_open_ = false;
  clock_.Advance(ReadReplica::kRetryAfterMillis);
  EXPECT_EQ(Which(), "replica");
  EXPECT_EQ(opened_, 2);
  EXPECT_EQ(reads_->fallbacks(), 2);
}

TEST_F(ReadReplicaTest, RefusesWrites) {
  for (auto result : {reads_->Exec("INSERT INTO which (name) VALUES ('x')"), reads_->Exec("DELETE FROM which")}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, "read_only_database");
  }
  EXPECT_EQ(reads_->ExecScript("DELETE FROM which").error().code, "read_only_database");
  bool ran = false;
  auto tx = reads_->Transact([&](Database&) -> Result<void> {
    ran = true;
    return {};
  });
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, "read_only_database");
  EXPECT_FALSE(ran);
  EXPECT_EQ(Which(), "replica");
  auto rows = primary_->Query("SELECT name FROM which");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size(), 1u);
}

TEST_F(ReadReplicaTest, ASnapshotThatBeganOnTheReplicaIsNotRunAgain) {
  int runs = 0;
  auto read = reads_->ReadSnapshot([&](Database&) -> Result<void> {
    ++runs;
    down_ = true;  // the replica goes away in the middle of the body
    return Fail(Error::Unavailable("database_unavailable", "server closed the connection"));
  });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, "database_unavailable");
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(SnapshotWhich(), "primary");
}

TEST_F(ReadReplicaTest, OtherErrorsOfTheReplicaAreAnswered) {
  auto rows = reads_->Query("SELECT nothing FROM nowhere");
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(reads_->fallbacks(), 0);
  EXPECT_EQ(Which(), "replica");
}

}  // namespace
}  // namespace denen::store
