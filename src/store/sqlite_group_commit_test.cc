// SQLite's group commit (sqlite_database.cc): Transact() calls that queue
// behind a running one are committed together, in one transaction.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/random.h"
#include "store/database.h"

namespace denen::store {
namespace {

// Yields until `done()` or 30 s have passed; true when done. Nothing sleeps.
template <typename Done>
bool YieldUntil(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

class SqliteGroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("group-commit-" + RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto opened = OpenDatabase("sqlite:" + (dir_ / "db.sqlite").string(), 4);
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->Exec("CREATE TABLE w (name TEXT PRIMARY KEY)"));
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

// A holds the writer while B and C queue behind it; B and C then commit as one
// group: three calls, two transactions. Without grouping it would be three.
TEST_F(SqliteGroupCommitTest, WritersQueuedBehindARunningOneCommitTogether) {
  const Database::WriteStats before = db_->write_stats();
  EXPECT_EQ(before.queued, 0);
  std::atomic<bool> a_running{false};
  std::atomic<bool> others_queued{false};
  auto insert = [&](const char* name) {
    return db_->Transact([&](Database& tx) -> Result<void> {
      DENEN_TRY_VOID(tx.Exec("INSERT INTO w (name) VALUES (?)", {Text(name)}));
      return {};
    });
  };
  std::thread a([&] {
    auto done = db_->Transact([&](Database& tx) -> Result<void> {
      DENEN_TRY_VOID(tx.Exec("INSERT INTO w (name) VALUES ('a')"));
      a_running = true;
      others_queued = YieldUntil([&] { return db_->write_stats().queued == 3; });
      return {};
    });
    EXPECT_TRUE(done) << done.error().message;
  });
  ASSERT_TRUE(YieldUntil([&] { return a_running.load(); }));
  std::vector<std::thread> others;
  for (const char* name : {"b", "c"}) {
    others.emplace_back([&, name] {
      auto done = insert(name);
      EXPECT_TRUE(done) << name << ": " << done.error().message;
    });
  }
  a.join();
  for (auto& t : others) t.join();
  ASSERT_TRUE(others_queued) << "B and C never queued behind A";

  const Database::WriteStats after = db_->write_stats();
  EXPECT_EQ(after.bodies - before.bodies, 3);
  EXPECT_EQ(after.groups - before.groups, 2);
  EXPECT_EQ(after.queued, 0);
  auto rows = db_->Query("SELECT name FROM w ORDER BY name");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[2].Text(0), "c");
}

// One writer alone is one group of one.
TEST_F(SqliteGroupCommitTest, AWriterAloneIsAGroupOfOne) {
  const Database::WriteStats before = db_->write_stats();
  for (const char* name : {"x", "y"}) {
    ASSERT_TRUE(db_->Transact([&](Database& tx) -> Result<void> {
      DENEN_TRY_VOID(tx.Exec("INSERT INTO w (name) VALUES (?)", {Text(name)}));
      return {};
    }));
  }
  const Database::WriteStats after = db_->write_stats();
  EXPECT_EQ(after.groups - before.groups, 2);
  EXPECT_EQ(after.bodies - before.bodies, 2);
}

}  // namespace
}  // namespace denen::store
