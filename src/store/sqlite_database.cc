// SQLite engine: a pool of connections to one file in WAL mode, so readers run
// beside the single writer; writers of one process queue on a mutex, writers
// of other processes wait on the busy timeout.
#include <sqlite3.h>

#include <filesystem>
#include <mutex>

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

class SqliteConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() { sqlite3_close_v2(db_); }
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_;
};

// Runs statements on one connection. Shared by the pooled database and the
// transaction-bound view.
class SqliteRunner {
 public:
  static Result<int64_t> Exec(sqlite3* db, std::string_view sql, const Params& params) {
    DENEN_TRY_VOID(Run(db, sql, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(db));
  }

  static Result<std::vector<Row>> Query(sqlite3* db, std::string_view sql, const Params& params) {
    std::vector<Row> rows;
    DENEN_TRY_VOID(Run(db, sql, params, &rows));
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
  static Result<void> Run(sqlite3* db, std::string_view sql, const Params& params, std::vector<Row>* rows) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(SqliteError(db, rc, sql));
    struct Finalizer {
      sqlite3_stmt* s;
      ~Finalizer() { sqlite3_finalize(s); }
    } finalizer{stmt};
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
  explicit SqliteTransaction(sqlite3* db) : db_(db) {}
  Engine engine() const override { return Engine::kSqlite; }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    return SqliteRunner::Exec(db_, sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    return SqliteRunner::Query(db_, sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override { return SqliteRunner::Script(db_, sql); }
  // Nested transactions run inside the outer one.
  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override { return body(*this); }
  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override { return body(*this); }

 private:
  sqlite3* db_;
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
    return SqliteRunner::Exec(lease.db(), sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    Lease lease(pool_);
    return SqliteRunner::Query(lease.db(), sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override {
    Lease lease(pool_);
    return SqliteRunner::Script(lease.db(), sql);
  }

  // Writers of this process queue on writer_ instead of in SQLite's busy
  // handler, which sleeps in growing steps (up to 100 ms) while the lock is free
  // again; the busy timeout still orders them against other processes. A body
  // must use the `tx` it is given, never this database (it would wait forever).
  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override {
    std::lock_guard writer(writer_);
    Lease lease(pool_);
    return RunInTransaction(lease.db(), "BEGIN IMMEDIATE", /*commit=*/true, body);
  }

  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override {
    Lease lease(pool_);
    sqlite3* db = lease.db();
    // query_only makes any write inside fail; BEGIN DEFERRED takes the WAL
    // snapshot at the first read and holds it until the end, blocking no writer.
    DENEN_TRY_VOID(SqliteRunner::Script(db, "PRAGMA query_only=ON"));
    auto outcome = RunInTransaction(db, "BEGIN DEFERRED", /*commit=*/false, body);
    (void)SqliteRunner::Script(db, "PRAGMA query_only=OFF");
    return outcome;
  }

 private:
  // Runs `body` between `begin` and COMMIT (when `commit` and the body
  // succeeded) or ROLLBACK (otherwise, and when the body throws).
  static Result<void> RunInTransaction(sqlite3* db, std::string_view begin, bool commit,
                                       const std::function<Result<void>(Database&)>& body) {
    DENEN_TRY_VOID(SqliteRunner::Script(db, begin));
    SqliteTransaction tx(db);
    Result<void> outcome;
    try {
      outcome = body(tx);
    } catch (...) {
      (void)SqliteRunner::Script(db, "ROLLBACK");
      throw;
    }
    if (!outcome || !commit) {
      (void)SqliteRunner::Script(db, "ROLLBACK");
      return outcome;
    }
    if (auto committed = SqliteRunner::Script(db, "COMMIT"); !committed) {
      (void)SqliteRunner::Script(db, "ROLLBACK");
      return committed;
    }
    return {};
  }

  class Lease {
   public:
    explicit Lease(ConnectionPool<SqliteConnection>& pool) : pool_(pool), conn_(pool.Take()) {}
    ~Lease() { pool_.Return(std::move(conn_)); }
    sqlite3* db() const { return conn_->get(); }

   private:
    ConnectionPool<SqliteConnection>& pool_;
    std::unique_ptr<SqliteConnection> conn_;
  };

  ConnectionPool<SqliteConnection> pool_;
  std::mutex writer_;
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
