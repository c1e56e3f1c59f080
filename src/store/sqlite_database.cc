// SQLite engine: a pool of connections to one file in WAL mode, so readers run
// beside the single writer. Writers of one process commit in groups: the first
// writer in the queue runs its own body and those queued behind it in one
// transaction, each in its own savepoint, so one fsync serves many writes;
// writers of other processes wait on the busy timeout. Each connection keeps
// its prepared statements.
#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "store/engines.h"

namespace denen::store::detail {
namespace {

constexpr int kBusyTimeoutMillis = 10000;

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error::Conflict(std::string(kUniqueViolation), msg);
  }
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    return Error::Unavailable("database_busy", msg);
  }
  std::string shown(sql.substr(0, 120));
  return Error::Internal("database_error", "sqlite: " + msg + " [" + shown + "]");
}

// One connection and the statements prepared on it. Used by one thread at a
// time (the pool hands it out); a statement is reset before it is handed out
// again.
class SqliteConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() {
    ForgetStatements();
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* get() const { return db_; }

  // The prepared statement for `sql`, from the cache or newly prepared.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    // SQL built with variable parts must not grow the cache without bound.
    if (statements_.size() >= kMaxCachedStatements) ForgetStatements();
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                      nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Fail(SqliteError(db_, rc, sql));
    }
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

 private:
  static constexpr size_t kMaxCachedStatements = 512;

  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void ForgetStatements() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    statements_.clear();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

// Runs statements on one connection. Shared by the pooled database and the
// transaction-bound view.
class SqliteRunner {
 public:
  static Result<int64_t> Exec(SqliteConnection& conn, std::string_view sql, const Params& params = {}) {
    DENEN_TRY_VOID(Run(conn, sql, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(conn.get()));
  }

  static Result<std::vector<Row>> Query(SqliteConnection& conn, std::string_view sql, const Params& params) {
    std::vector<Row> rows;
    DENEN_TRY_VOID(Run(conn, sql, params, &rows));
    return rows;
  }

  static Result<void> Script(sqlite3* db, std::string_view sql) {
    std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Fail(Error::Internal("database_error", "sqlite: " + msg));
    }
    return {};
  }

 private:
  static Result<void> Run(SqliteConnection& conn, std::string_view sql, const Params& params, std::vector<Row>* rows) {
    sqlite3* db = conn.get();
    DENEN_TRY(stmt, conn.Prepare(sql));
    // Reset ends the statement's read of the database; it must not outlive the call.
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } resetter{stmt};
    int rc = SQLITE_OK;
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Fail(
          Error::Internal("database_error", "parameter count mismatch for [" + std::string(sql.substr(0, 120)) + "]"));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) return Fail(SqliteError(db, rc, sql));
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      const int n = sqlite3_column_count(stmt);
      std::vector<Value> cells;
      cells.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            cells.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            cells.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            cells.emplace_back(sqlite3_column_double(stmt, c));
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            cells.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->emplace_back(std::move(cells));
    }
    if (rc != SQLITE_DONE) return Fail(SqliteError(db, rc, sql));
    return {};
  }
};

// The Database handed to a Transact() body: every call runs on one connection.
class SqliteTransaction final : public Database {
 public:
  explicit SqliteTransaction(SqliteConnection& conn) : conn_(conn) {}
  Engine engine() const override { return Engine::kSqlite; }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    return SqliteRunner::Exec(conn_, sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    return SqliteRunner::Query(conn_, sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override { return SqliteRunner::Script(conn_.get(), sql); }
  // Nested transactions run inside the outer one.
  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override { return body(*this); }
  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override { return body(*this); }

 private:
  SqliteConnection& conn_;
};

// A Transact() call waiting in the writer queue, and what became of it.
struct PendingWrite {
  const std::function<Result<void>(Database&)>& body;
  Result<void> outcome;
  std::exception_ptr thrown;  // rethrown on the caller's thread
  bool done = false;
  std::condition_variable wake;
};

class SqliteDatabase final : public Database {
 public:
  Engine engine() const override { return Engine::kSqlite; }

  Result<void> Open(const std::string& path, int pool_size) {
    for (int i = 0; i < pool_size; ++i) {
      sqlite3* db = nullptr;
      const int rc =
          sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
      auto conn = std::make_unique<SqliteConnection>(db);
      if (rc != SQLITE_OK) {
        return Fail(Error::Unavailable("database_unavailable",
                                       "SQLiteデータベースを開けません: " + path + ": " + sqlite3_errstr(rc)));
      }
      sqlite3_busy_timeout(db, kBusyTimeoutMillis);
      DENEN_TRY_VOID(
          SqliteRunner::Script(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"));
      pool_.Add(std::move(conn));
    }
    return {};
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    Lease lease(pool_);
    return SqliteRunner::Exec(lease.conn(), sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    Lease lease(pool_);
    return SqliteRunner::Query(lease.conn(), sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override {
    Lease lease(pool_);
    return SqliteRunner::Script(lease.conn().get(), sql);
  }

  // Writers of this process queue here instead of in SQLite's busy handler,
  // which sleeps in growing steps while the lock is free again; the busy
  // timeout still orders them against other processes. The writer at the front
  // commits itself and up to kMaxGroup - 1 writers behind it (group commit, as
  // in leveldb's write queue); a body's outcome is as if it ran alone. A body
  // must use the `tx` it is given, never this database (it would wait forever).
  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override {
    PendingWrite self{body};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&self);
    self.wake.wait(lock, [&] { return self.done || queue_.front() == &self; });
    if (!self.done) {
      const auto group_end = queue_.begin() + static_cast<std::ptrdiff_t>(std::min(queue_.size(), kMaxGroup));
      std::vector<PendingWrite*> group(queue_.begin(), group_end);
      ++groups_;
      bodies_ += static_cast<int64_t>(group.size());
      lock.unlock();
      CommitGroup(group);
      lock.lock();
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(group.size()));
      for (PendingWrite* write : group) {
        write->done = true;
        write->wake.notify_one();
      }
      if (!queue_.empty()) queue_.front()->wake.notify_one();
    }
    lock.unlock();
    if (self.thrown) std::rethrow_exception(self.thrown);
    return std::move(self.outcome);
  }

  WriteStats write_stats() const override {
    std::lock_guard lock(queue_mutex_);
    return {groups_, bodies_, static_cast<int64_t>(queue_.size())};
  }

  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override {
    Lease lease(pool_);
    // query_only makes any write inside fail; BEGIN DEFERRED takes the WAL
    // snapshot at the first read and holds it until the end, blocking no writer.
    DENEN_TRY_VOID(SqliteRunner::Script(lease.conn().get(), "PRAGMA query_only=ON"));
    // Ends the snapshot and gives the connection back writable, also when
    // `body` throws.
    struct EndSnapshot {
      SqliteConnection& conn;
      bool begun = false;
      ~EndSnapshot() {
        if (begun) (void)SqliteRunner::Exec(conn, "ROLLBACK");
        (void)SqliteRunner::Script(conn.get(), "PRAGMA query_only=OFF");
      }
    } end{lease.conn()};
    DENEN_TRY_VOID(SqliteRunner::Exec(lease.conn(), "BEGIN DEFERRED"));
    end.begun = true;
    SqliteTransaction snapshot(lease.conn());
    return body(snapshot);
  }

 private:
  static constexpr size_t kMaxGroup = 64;

  // Runs the bodies of `group` in one transaction and commits it. With more
  // than one body each runs in a savepoint that is rolled back when the body
  // fails, so the others still commit. Sets every write's outcome; never throws.
  void CommitGroup(const std::vector<PendingWrite*>& group) {
    Lease lease(pool_);
    SqliteConnection& conn = lease.conn();
    auto fail_all = [&](const Error& error) {
      for (PendingWrite* write : group) write->outcome = Fail(error);
    };
    if (auto begun = SqliteRunner::Exec(conn, "BEGIN IMMEDIATE"); !begun) return fail_all(begun.error());
    const bool alone = group.size() == 1;
    SqliteTransaction tx(conn);
    bool any_succeeded = false;
    for (PendingWrite* write : group) {
      if (!alone) {
        if (auto saved = SqliteRunner::Exec(conn, "SAVEPOINT denen_write"); !saved) return Abandon(conn, group, saved.error());
      }
      try {
        write->outcome = write->body(tx);
      } catch (...) {
        write->thrown = std::current_exception();
        write->outcome = Fail(Error::Internal("write_failed", "書き込み中に例外が発生しました"));
      }
      // Some errors (disk full, I/O) make SQLite roll the whole transaction back.
      if (sqlite3_get_autocommit(conn.get()) != 0) {
        return Abandon(conn, group, Error::Unavailable("write_group_aborted", "データベースへの書き込みが中断されました。もう一度お試しください"));
      }
      const bool succeeded = write->outcome.has_value() && !write->thrown;
      any_succeeded = any_succeeded || succeeded;
      if (alone) break;
      if (!succeeded) {
        if (auto undone = SqliteRunner::Exec(conn, "ROLLBACK TO denen_write"); !undone) {
          return Abandon(conn, group, undone.error());
        }
      }
      if (auto released = SqliteRunner::Exec(conn, "RELEASE denen_write"); !released) {
        return Abandon(conn, group, released.error());
      }
    }
    if (!any_succeeded) {
      (void)SqliteRunner::Exec(conn, "ROLLBACK");
      return;
    }
    if (auto committed = SqliteRunner::Exec(conn, "COMMIT"); !committed) Abandon(conn, group, committed.error());
  }

  // Rolls the group's transaction back: every write that had succeeded fails
  // with `error`, as nothing of it is stored; failed writes keep their error.
  static void Abandon(SqliteConnection& conn, const std::vector<PendingWrite*>& group, const Error& error) {
    if (sqlite3_get_autocommit(conn.get()) == 0) (void)SqliteRunner::Exec(conn, "ROLLBACK");
    for (PendingWrite* write : group) {
      if (write->outcome.has_value() && !write->thrown) write->outcome = Fail(error);
    }
  }

  class Lease {
   public:
    explicit Lease(ConnectionPool<SqliteConnection>& pool) : pool_(pool), conn_(pool.Take()) {}
    ~Lease() { pool_.Return(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SqliteConnection& conn() const { return *conn_; }

   private:
    ConnectionPool<SqliteConnection>& pool_;
    std::unique_ptr<SqliteConnection> conn_;
  };

  ConnectionPool<SqliteConnection> pool_;
  mutable std::mutex queue_mutex_;
  std::deque<PendingWrite*> queue_;  // Transact() calls, the one committing first
  int64_t groups_ = 0;               // guarded by queue_mutex_
  int64_t bodies_ = 0;               // guarded by queue_mutex_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int pool_size) {
  if (path.empty()) return Fail(Error::Invalid("invalid_database_url", "SQLiteのパスが空です"));
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto db = std::make_unique<SqliteDatabase>();
  DENEN_TRY_VOID(db->Open(path, pool_size));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace denen::store::detail
