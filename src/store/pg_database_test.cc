// PostgreSQL-only behaviour of the engine: broken connections and stray
// transactions. Registered only on the throw-away cluster (labels pg;store).
#include <gtest/gtest.h>

#include "store/database.h"
#include "store/testing.h"

namespace denen::store {
namespace {

TEST(PostgresConnectTest, BrokenConnectionIsResetBeforeReuse) {
  ASSERT_EQ(testing::TestEngineName(), "pg");
  auto url = testing::NewTestDatabaseUrl();
  ASSERT_TRUE(url) << url.error().message;
  auto opened = OpenDatabase(*url, 1);  // one connection: the broken one is the one reused
  ASSERT_TRUE(opened) << opened.error().message;
  Database& db = **opened;

  auto killed = db.Query("SELECT pg_terminate_backend(pg_backend_pid())");
  ASSERT_FALSE(killed);
  EXPECT_EQ(killed.error().kind, ErrorKind::kUnavailable) << killed.error().message;
  EXPECT_EQ(killed.error().code, "database_unavailable");
  auto after = db.QueryOne("SELECT 41 + 1");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ((*after)->Int(0), 42);

  // The same inside a transaction: rolled back, reported, and reconnected.
  ASSERT_TRUE(db.Exec("CREATE TABLE t (id INTEGER)"));
  auto in_tx = db.Transact([](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (1)"));
    DENEN_TRY_VOID(tx.Query("SELECT pg_terminate_backend(pg_backend_pid())"));
    return {};
  });
  ASSERT_FALSE(in_tx);
  EXPECT_EQ(in_tx.error().kind, ErrorKind::kUnavailable);
  auto count = db.QueryOne("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count) << count.error().message;
  EXPECT_EQ((*count)->Int(0), 0);
}

TEST(PostgresConnectTest, ConnectionsReturnToThePoolOutsideATransaction) {
  ASSERT_EQ(testing::TestEngineName(), "pg");
  auto url = testing::NewTestDatabaseUrl();
  ASSERT_TRUE(url) << url.error().message;
  auto single = OpenDatabase(*url, 1);
  auto other = OpenDatabase(*url, 1);
  ASSERT_TRUE(single && other);
  ASSERT_TRUE((*single)->Exec("CREATE TABLE t (id INTEGER)"));
  // A stray BEGIN outside Transact() must not capture the next caller's writes.
  ASSERT_TRUE((*single)->Exec("BEGIN"));
  ASSERT_TRUE((*single)->Exec("INSERT INTO t (id) VALUES (1)"));
  auto count = (*other)->QueryOne("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count) << count.error().message;
  EXPECT_EQ((*count)->Int(0), 1);
}

}  // namespace
}  // namespace denen::store
