// The storage contract of database.h, run on both engines (see denen_db_test).
#include "store/database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/testing.h"

namespace denen::store {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = testing::OpenTestDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }

  void Run(std::string_view sql, const Params& params = {}) {
    auto done = db_->Exec(sql, params);
    ASSERT_TRUE(done) << done.error().message;
  }

  std::vector<Row> Rows(std::string_view sql, const Params& params = {}) {
    auto rows = db_->Query(sql, params);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? *rows : std::vector<Row>{};
  }

  int64_t Count(std::string_view table) {
    auto row = db_->QueryOne("SELECT COUNT(*) FROM " + std::string(table));
    EXPECT_TRUE(row && *row) << (row ? "no row" : row.error().message);
    return row && *row ? (*row)->Int(0) : -1;
  }

  bool IsPostgres() const { return db_->engine() == Engine::kPostgres; }

  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, ReportsTheEngineUnderTest) {
  EXPECT_EQ(db_->engine(), testing::TestEngineName() == "pg" ? Engine::kPostgres : Engine::kSqlite);
}

TEST_F(DatabaseTest, RoundTripsIntegersExactly) {
  Run("CREATE TABLE numbers (id INTEGER NOT NULL PRIMARY KEY, n BIGINT)");
  const std::vector<int64_t> values = {0,
                                       1,
                                       -1,
                                       2147483648LL,        // beyond 32 bits
                                       9007199254740993LL,  // 2^53 + 1: lost if read through a double
                                       std::numeric_limits<int64_t>::max(),
                                       std::numeric_limits<int64_t>::min()};
  for (size_t i = 0; i < values.size(); ++i) {
    Run("INSERT INTO numbers (id, n) VALUES (?, ?)", {Int(static_cast<int64_t>(i)), Int(values[i])});
  }
  const auto rows = Rows("SELECT id, n FROM numbers ORDER BY id");
  ASSERT_EQ(rows.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_TRUE(std::holds_alternative<int64_t>(rows[i].at(1))) << "row " << i;
    EXPECT_EQ(rows[i].Int(1), values[i]);
    EXPECT_EQ(rows[i].Int(0), static_cast<int64_t>(i));
  }
  // A bound integer keeps its 64 bits through expressions too.
  const auto sum = Rows("SELECT ? + 1", {Int(9007199254740992LL)});
  ASSERT_EQ(sum.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<int64_t>(sum[0].at(0)));
  EXPECT_EQ(sum[0].Int(0), 9007199254740993LL);
}

TEST_F(DatabaseTest, AggregatesOverIntegersReadAsIntegers) {
  Run("CREATE TABLE amounts (n BIGINT NOT NULL)");
  Run("INSERT INTO amounts (n) VALUES (?), (?)", {Int(4000000000LL), Int(5)});
  const auto rows = Rows("SELECT SUM(n), COUNT(*), MAX(n) FROM amounts");
  ASSERT_EQ(rows.size(), 1u);
  for (size_t c = 0; c < 3; ++c) EXPECT_TRUE(std::holds_alternative<int64_t>(rows[0].at(c))) << "column " << c;
  EXPECT_EQ(rows[0].Int(0), 4000000005LL);
  EXPECT_EQ(rows[0].Int(1), 2);
  EXPECT_EQ(rows[0].Int(2), 4000000000LL);
}

TEST_F(DatabaseTest, RoundTripsDoublesExactly) {
  Run("CREATE TABLE reals (id INTEGER NOT NULL PRIMARY KEY, x DOUBLE PRECISION)");
  const std::vector<double> values = {0.0, 0.1, -2.5, 1.0 / 3.0, 1e300, -4.9e-324, 123456.789};
  for (size_t i = 0; i < values.size(); ++i) {
    Run("INSERT INTO reals (id, x) VALUES (?, ?)", {Int(static_cast<int64_t>(i)), values[i]});
  }
  const auto rows = Rows("SELECT x FROM reals ORDER BY id");
  ASSERT_EQ(rows.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_TRUE(std::holds_alternative<double>(rows[i].at(0))) << "row " << i;
    EXPECT_EQ(rows[i].Real(0), values[i]) << "row " << i;
  }
}

TEST_F(DatabaseTest, RoundTripsUtf8Text) {
  Run("CREATE TABLE texts (id INTEGER NOT NULL PRIMARY KEY, t TEXT)");
  const std::vector<std::string> values = {"", "住民票の写し", "髙橋 𠮷野家 ①",
                                           "it's \"quoted\" \\ back; -- not a comment", "why? $1 $$"};
  for (size_t i = 0; i < values.size(); ++i) {
    Run("INSERT INTO texts (id, t) VALUES (?, ?)", {Int(static_cast<int64_t>(i)), Text(values[i])});
  }
  const auto rows = Rows("SELECT t, LENGTH(t) FROM texts ORDER BY id");
  ASSERT_EQ(rows.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_TRUE(std::holds_alternative<std::string>(rows[i].at(0))) << "row " << i;
    EXPECT_EQ(rows[i].Text(0), values[i]);
  }
  // Both engines count characters, not bytes.
  EXPECT_EQ(rows[1].Int(1), 6);
  EXPECT_EQ(rows[2].Int(1), 8);
  const auto found = Rows("SELECT id FROM texts WHERE t = ?", {Text("住民票の写し")});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].Int(0), 1);
}

TEST_F(DatabaseTest, RoundTripsNull) {
  Run("CREATE TABLE maybe (id INTEGER NOT NULL PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, t TEXT)");
  Run("INSERT INTO maybe (id, n, x, t) VALUES (?, ?, ?, ?)", {Int(1), Null(), Null(), OptionalText(std::nullopt)});
  Run("INSERT INTO maybe (id, n, x, t) VALUES (?, ?, ?, ?)", {Int(2), Int(7), 0.5, OptionalText("x")});
  const auto rows = Rows("SELECT n, x, t FROM maybe ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_TRUE(rows[0].IsNull(c)) << "column " << c;
    EXPECT_FALSE(rows[1].IsNull(c)) << "column " << c;
  }
  EXPECT_EQ(rows[0].OptionalText(2), std::nullopt);
  EXPECT_EQ(rows[1].OptionalText(2), "x");
  EXPECT_EQ(Rows("SELECT id FROM maybe WHERE t IS NULL").size(), 1u);
}

TEST_F(DatabaseTest, QuestionMarksInLiteralsIdentifiersAndCommentsAreNotPlaceholders) {
  Run("CREATE TABLE \"odd?name\" (\"col?\" TEXT, n BIGINT)");
  Run("INSERT INTO \"odd?name\" (\"col?\", n) /* why? */ VALUES ('a?b''?', ?) -- really?\n", {Int(3)});
  const auto rows = Rows("SELECT \"col?\", n, 'c?' FROM \"odd?name\" WHERE n = ? AND \"col?\" <> '?'", {Int(3)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "a?b'?");
  EXPECT_EQ(rows[0].Int(1), 3);
  EXPECT_EQ(rows[0].Text(2), "c?");
  if (IsPostgres()) {
    // PostgreSQL-only quoting: dollar-quoted bodies and E'' strings with escapes.
    const auto dollar = Rows("SELECT $$why?$$, $tag$ ? $ ?$tag$, ?", {Int(9)});
    ASSERT_EQ(dollar.size(), 1u);
    EXPECT_EQ(dollar[0].Text(0), "why?");
    EXPECT_EQ(dollar[0].Text(1), " ? $ ?");
    EXPECT_EQ(dollar[0].Int(2), 9);
    const auto apostrophe = Rows("SELECT $$it's$$, ?", {Int(8)});  // no string opens inside
    ASSERT_EQ(apostrophe.size(), 1u);
    EXPECT_EQ(apostrophe[0].Text(0), "it's");
    const auto escaped = Rows("SELECT E'\\'?', ?", {Int(7)});
    ASSERT_EQ(escaped.size(), 1u);
    EXPECT_EQ(escaped[0].Text(0), "'?");
    EXPECT_EQ(escaped[0].Int(1), 7);
  }
}

TEST_F(DatabaseTest, ParameterCountMismatchIsAnError) {
  Run("CREATE TABLE pairs (a BIGINT, b BIGINT)");
  for (const Params& params : {Params{Int(1)}, Params{Int(1), Int(2), Int(3)}, Params{}}) {
    auto done = db_->Exec("INSERT INTO pairs (a, b) VALUES (?, ?)", params);
    ASSERT_FALSE(done) << params.size() << " parameters accepted";
    EXPECT_EQ(done.error().kind, ErrorKind::kInternal);
    EXPECT_NE(done.error().message.find("parameter count mismatch"), std::string::npos) << done.error().message;
  }
  EXPECT_EQ(Count("pairs"), 0);
}

TEST_F(DatabaseTest, UniqueViolationIsAConflict) {
  Run("CREATE TABLE users (municipality_code TEXT NOT NULL, id TEXT NOT NULL, username TEXT NOT NULL,"
      " PRIMARY KEY (municipality_code, id), UNIQUE (municipality_code, username))");
  Run("INSERT INTO users VALUES (?, ?, ?)", {Text("011002"), Text("u1"), Text("sato")});
  // Same primary key.
  auto again = db_->Exec("INSERT INTO users VALUES (?, ?, ?)", {Text("011002"), Text("u1"), Text("kato")});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().code, kUniqueViolation);
  // Same UNIQUE column pair.
  auto twin = db_->Exec("INSERT INTO users VALUES (?, ?, ?)", {Text("011002"), Text("u2"), Text("sato")});
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(twin.error().code, kUniqueViolation);
  // Another municipality may reuse both.
  Run("INSERT INTO users VALUES (?, ?, ?)", {Text("131016"), Text("u1"), Text("sato")});
  EXPECT_EQ(Count("users"), 2);
}

TEST_F(DatabaseTest, OtherFailuresAreInternalErrorsNamingTheStatement) {
  auto bad = db_->Exec("INSERT INTO no_such_table (x) VALUES (?)", {Int(1)});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(bad.error().code, "database_error");
  EXPECT_NE(bad.error().message.find("no_such_table"), std::string::npos) << bad.error().message;
  // The connection that failed stays usable.
  for (int i = 0; i < 8; ++i) ASSERT_EQ(Rows("SELECT 1").size(), 1u);
}

TEST_F(DatabaseTest, ExecReturnsTheNumberOfRowsChanged) {
  Run("CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, tag TEXT NOT NULL)");
  auto inserted = db_->Exec("INSERT INTO items (id, tag) VALUES (1, 'a'), (2, 'a'), (3, 'b')");
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(*inserted, 3);
  auto updated = db_->Exec("UPDATE items SET tag = ? WHERE tag = ?", {Text("c"), Text("a")});
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(*updated, 2);
  auto deleted = db_->Exec("DELETE FROM items WHERE id = ?", {Int(42)});
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(*deleted, 0);
}

TEST_F(DatabaseTest, QueryOneReturnsTheFirstRowOrNothing) {
  Run("CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, tag TEXT NOT NULL)");
  Run("INSERT INTO items (id, tag) VALUES (1, 'a'), (2, 'b')");
  auto first = db_->QueryOne("SELECT tag FROM items ORDER BY id DESC");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->Text(0), "b");
  auto none = db_->QueryOne("SELECT tag FROM items WHERE id = ?", {Int(3)});
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(none->has_value());
  auto error = db_->QueryOne("SELECT nothing FROM items");
  EXPECT_FALSE(error);
}

TEST_F(DatabaseTest, ExecScriptRunsSeveralStatements) {
  auto done = db_->ExecScript(
      "CREATE TABLE a (x INTEGER);\n"
      "INSERT INTO a (x) VALUES (1); INSERT INTO a (x) VALUES (2);\n"
      "-- a comment; with a semicolon\n"
      "INSERT INTO a (x) VALUES (3);");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(Count("a"), 3);
  auto broken = db_->ExecScript("INSERT INTO a (x) VALUES (4); NOT SQL;");
  EXPECT_FALSE(broken);
}

TEST_F(DatabaseTest, TransactCommitsWhenTheBodySucceeds) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  auto done = db_->Transact([&](Database& tx) -> Result<void> {
    EXPECT_EQ(tx.engine(), db_->engine());
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(1)}));
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(2)}));
    // Inside: visible to the transaction, not yet to other connections.
    DENEN_TRY(inside, tx.QueryOne("SELECT COUNT(*) FROM t"));
    EXPECT_EQ(inside->Int(0), 2);
    EXPECT_EQ(Count("t"), 0);
    return {};
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(Count("t"), 2);
}

TEST_F(DatabaseTest, ReadSnapshotSeesOneStateWhileWritersCommitAndRefusesWrites) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  Run("INSERT INTO t (id) VALUES (1)");
  auto done = db_->ReadSnapshot([&](Database& snap) -> Result<void> {
    DENEN_TRY(before, snap.QueryOne("SELECT COUNT(*) FROM t"));
    EXPECT_EQ(before->Int(0), 1);
    // Another connection commits; the writer is not blocked and the snapshot does not see it.
    auto written = db_->Exec("INSERT INTO t (id) VALUES (2)");
    EXPECT_TRUE(written) << written.error().message;
    DENEN_TRY(after, snap.QueryOne("SELECT COUNT(*) FROM t"));
    EXPECT_EQ(after->Int(0), 1);
    EXPECT_FALSE(snap.Exec("INSERT INTO t (id) VALUES (3)").has_value());
    return {};
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(Count("t"), 2);
  // The connection is writable again for its next user.
  for (int i = 0; i < 8; ++i) {
    auto again = db_->Exec("INSERT INTO t (id) VALUES (?)", {Int(10 + i)});
    ASSERT_TRUE(again) << again.error().message;
  }
}

TEST_F(DatabaseTest, TransactRollsBackWhenTheBodyFails) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  auto done = db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(1)}));
    return Fail(Error::Invalid("changed_mind", "test"));
  });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, "changed_mind");
  EXPECT_EQ(Count("t"), 0);
}

TEST_F(DatabaseTest, TransactRollsBackWhenAStatementFails) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  Run("INSERT INTO t (id) VALUES (?)", {Int(5)});
  auto done = db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(1)}));
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(5)}));
    ADD_FAILURE() << "the duplicate insert succeeded";
    return {};
  });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, kUniqueViolation);
  EXPECT_EQ(Count("t"), 1);
  // Every pooled connection is back outside any transaction.
  for (int i = 0; i < 8; ++i) {
    auto inserted = db_->Exec("INSERT INTO t (id) VALUES (?)", {Int(100 + i)});
    ASSERT_TRUE(inserted) << inserted.error().message;
  }
  EXPECT_EQ(Count("t"), 9);
}

TEST_F(DatabaseTest, TransactRollsBackAndRethrowsWhenTheBodyThrows) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  EXPECT_THROW((void)db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(1)}));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(Count("t"), 0);
  auto later = db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (2)"));
    return {};
  });
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(Count("t"), 1);
}

// A failing statement whose error the body ignores: SQLite undoes that one
// statement and commits the rest; PostgreSQL has abandoned the whole
// transaction, and Transact reports it instead of committing nothing silently.
TEST_F(DatabaseTest, IgnoredStatementFailureInTransaction) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  auto done = db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(1)}));
    EXPECT_FALSE(tx.Exec("INSERT INTO t (id) VALUES (?)", {Int(1)}));
    return {};
  });
  if (IsPostgres()) {
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, "database_error");
    EXPECT_EQ(Count("t"), 0);
  } else {
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(Count("t"), 1);
  }
}

TEST_F(DatabaseTest, NestedTransactRunsInsideTheOuterTransaction) {
  Run("CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY)");
  auto committed = db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (1)"));
    return tx.Transact([&](Database& inner) -> Result<void> {
      DENEN_TRY(seen, inner.QueryOne("SELECT COUNT(*) FROM t"));
      EXPECT_EQ(seen->Int(0), 1);  // the outer transaction's write
      DENEN_TRY_VOID(inner.Exec("INSERT INTO t (id) VALUES (2)"));
      return {};
    });
  });
  ASSERT_TRUE(committed) << committed.error().message;
  EXPECT_EQ(Count("t"), 2);

  // An inner failure that propagates undoes the outer writes too.
  auto failed = db_->Transact([&](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("INSERT INTO t (id) VALUES (3)"));
    return tx.Transact([&](Database& inner) -> Result<void> {
      DENEN_TRY_VOID(inner.Exec("INSERT INTO t (id) VALUES (4)"));
      return Fail(Error::Invalid("inner_failed", "test"));
    });
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, "inner_failed");
  EXPECT_EQ(Count("t"), 2);
}

TEST_F(DatabaseTest, ConcurrentTransactionsLoseNoUpdate) {
  Run("CREATE TABLE counters (id INTEGER NOT NULL PRIMARY KEY, n BIGINT NOT NULL)");
  Run("INSERT INTO counters (id, n) VALUES (1, 0)");
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50;
  std::vector<std::vector<int64_t>> seen(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        auto done = db_->Transact([&](Database& tx) -> Result<void> {
          DENEN_TRY(row, tx.QueryOne("UPDATE counters SET n = n + 1 WHERE id = ? RETURNING n", {Int(1)}));
          if (!row) return Fail(Error::Internal("no_row", "counter missing"));
          seen[t].push_back(row->Int(0));
          return {};
        });
        if (!done) {
          errors[t] = done.error().message;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  std::vector<int64_t> all;
  for (const auto& s : seen) all.insert(all.end(), s.begin(), s.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kIncrements));
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], static_cast<int64_t>(i + 1)) << "a value seen twice";
  auto final_row = db_->QueryOne("SELECT n FROM counters WHERE id = 1");
  ASSERT_TRUE(final_row && *final_row);
  EXPECT_EQ((*final_row)->Int(0), kThreads * kIncrements);
}

TEST_F(DatabaseTest, ConcurrentCallsShareThePool) {
  Run("CREATE TABLE hits (thread INTEGER NOT NULL, i INTEGER NOT NULL, PRIMARY KEY (thread, i))");
  constexpr int kThreads = 8;  // more threads than pooled connections
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (!db_->Exec("INSERT INTO hits (thread, i) VALUES (?, ?)", {Int(t), Int(i)})) ++failures[t];
        if (!db_->Query("SELECT COUNT(*) FROM hits WHERE thread = ?", {Int(t)})) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
  EXPECT_EQ(Count("hits"), kThreads * 25);
}

// Many writers at once: on SQLite they commit in groups, each body in its own
// savepoint. Every body's outcome must still be its own: a failed or throwing
// body leaves nothing behind and its error (or exception) reaches only its
// caller, while the bodies committed beside it stay.
TEST_F(DatabaseTest, ConcurrentWritersSucceedFailAndThrowEachAlone) {
  Run("CREATE TABLE w (thread INTEGER NOT NULL, i INTEGER NOT NULL, PRIMARY KEY (thread, i))");
  constexpr int kThreads = 8;
  constexpr int kWrites = 60;
  // i % 5 == 1: the body fails after its insert; i % 5 == 2: it throws after
  // its insert; i % 5 == 3: its second statement violates the key.
  std::vector<std::vector<int>> stored(kThreads);
  std::vector<std::string> wrong(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const int kind = i % 5;
        Result<void> done;
        bool threw = false;
        try {
          done = db_->Transact([&](Database& tx) -> Result<void> {
            DENEN_TRY_VOID(tx.Exec("INSERT INTO w (thread, i) VALUES (?, ?)", {Int(t), Int(i)}));
            if (kind == 1) return Fail(Error::Invalid("body_failed", std::to_string(t) + "/" + std::to_string(i)));
            if (kind == 2) throw std::runtime_error(std::to_string(t) + "/" + std::to_string(i));
            if (kind == 3) DENEN_TRY_VOID(tx.Exec("INSERT INTO w (thread, i) VALUES (?, ?)", {Int(t), Int(i)}));
            return {};
          });
        } catch (const std::runtime_error& e) {
          threw = true;
          if (kind != 2 || e.what() != std::to_string(t) + "/" + std::to_string(i)) wrong[t] += " foreign exception";
        }
        if (kind == 0 || kind == 4) {
          if (!done) wrong[t] += " lost:" + done.error().message;
          stored[t].push_back(i);
        } else if (kind == 1) {
          if (done || done.error().code != "body_failed" ||
              done.error().message != std::to_string(t) + "/" + std::to_string(i)) {
            wrong[t] += " wrong failure";
          }
        } else if (kind == 2) {
          if (!threw) wrong[t] += " exception lost";
        } else if (done || done.error().code != kUniqueViolation) {
          wrong[t] += " key violation not reported";
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], "") << "thread " << t;
  for (int t = 0; t < kThreads; ++t) {
    std::vector<int> rows;
    for (const Row& row : Rows("SELECT i FROM w WHERE thread = ? ORDER BY i", {Int(t)})) {
      rows.push_back(static_cast<int>(row.Int(0)));
    }
    EXPECT_EQ(rows, stored[t]) << "thread " << t;
  }
}

// Statements are prepared once per connection; the cache must follow schema
// changes and stay correct past its size bound.
TEST_F(DatabaseTest, RepeatedStatementsFollowSchemaChangesAndManyDistinctOnes) {
  Run("CREATE TABLE s (id INTEGER NOT NULL PRIMARY KEY, a TEXT)");
  Run("INSERT INTO s (id, a) VALUES (?, ?)", {Int(1), Text("x")});
  ASSERT_EQ(Rows("SELECT * FROM s").at(0).size(), 2u);
  Run("ALTER TABLE s ADD COLUMN b TEXT");
  EXPECT_EQ(Rows("SELECT * FROM s").at(0).size(), 3u) << "a statement prepared before the change";
  auto inserted = db_->Transact([&](Database& tx) -> Result<void> {
    for (int i = 2; i < 1200; ++i) {
      DENEN_TRY_VOID(tx.Exec("INSERT INTO s (id, a) VALUES (?, '" + std::to_string(i) + "')", {Int(i)}));
    }
    return {};
  });
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(Count("s"), 1199);
  auto last = db_->QueryOne("SELECT a FROM s WHERE id = ?", {Int(1199)});
  ASSERT_TRUE(last && *last);
  EXPECT_EQ((*last)->Text(0), "1199");
}

// PostgreSQL connection handling. The first test needs no server, so it runs in
// both registrations; the others need the test cluster and skip on SQLite.

TEST(PostgresConnectTest, FailureIsUnavailableAndHidesThePassword) {
  const std::string secret = "Sup3r-Secret_pw";
  for (const std::string& url : {
           "postgresql://denen:" + secret + "@127.0.0.1:1/denen?connect_timeout=5",
           "postgresql://denen@127.0.0.1:1/denen?password=" + secret + "&connect_timeout=5",
           "postgresql://denen:" + secret + "@127.0.0.1:notaport/denen",
           "postgresql://denen:" + secret + "@[::1/denen",
           "postgresql://denen:" + secret + "@127.0.0.1:1/denen?nosuchoption=1",
       }) {
    auto db = OpenDatabase(url, 1);
    ASSERT_FALSE(db) << url;
    EXPECT_EQ(db.error().kind, ErrorKind::kUnavailable) << db.error().message;
    EXPECT_EQ(db.error().code, "database_unavailable");
    EXPECT_EQ(db.error().message.find(secret), std::string::npos) << db.error().message;
    EXPECT_EQ(db.error().message.find("Secret"), std::string::npos) << db.error().message;
  }
}

}  // namespace
}  // namespace denen::store
