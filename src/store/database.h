// Denen's storage interface: one small API over two engines, SQLite (embedded
// default) and PostgreSQL (hosted). SQL is written once with `?` placeholders
// in the portable subset both engines accept (TEXT, BIGINT, INTEGER, DOUBLE
// PRECISION; instants as BIGINT epoch milliseconds, dates as 'YYYY-MM-DD' TEXT,
// booleans as INTEGER 0/1). Every table's key starts with municipality_code and
// every query is scoped by it. Two rules keep SQL portable: a parameter whose
// type the statement does not fix needs a cast (`CAST(? AS TEXT) IS NULL`), and
// inside Transact() a failing statement's error must be returned, because
// PostgreSQL abandons the whole transaction after an error. `?` is always a
// placeholder, so PostgreSQL's jsonb `?` operators are outside the subset.
//
// A Database is safe for concurrent use by many threads: each call takes a
// connection from the engine's pool. Transact() runs a function on one
// connection inside a transaction; the Database& it passes is bound to that
// connection and must not escape the function.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace denen::store {

// A bound parameter or a result cell.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline Value Null() { return std::monostate{}; }
// Helpers that make parameter lists read naturally: {Text(code), Int(n)}.
inline Value Int(int64_t v) { return v; }
inline Value Text(std::string v) { return v; }
inline Value OptionalText(const std::optional<std::string>& v) { return v ? Value(*v) : Value(std::monostate{}); }

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cells_.at(i)); }
  // Integer value; text cells holding digits are converted (PostgreSQL returns text).
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  // Text value; NULL reads as "".
  std::string Text(size_t i) const;
  std::optional<std::string> OptionalText(size_t i) const;
  const Value& at(size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

using Params = std::vector<Value>;

enum class Engine { kSqlite, kPostgres };

class Database {
 public:
  virtual ~Database() = default;

  virtual Engine engine() const = 0;

  // Runs a statement that returns no rows; yields the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;

  // Runs a query and returns all rows.
  virtual Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;

  // Runs several statements separated by ';' with no parameters (migrations).
  virtual Result<void> ExecScript(std::string_view sql) = 0;

  // Runs `body` in one transaction on one connection: commits when it returns
  // success, rolls back when it returns an error. Writers are serialised per
  // database on SQLite (BEGIN IMMEDIATE); on PostgreSQL use row locks
  // (UPDATE ... RETURNING) where order matters.
  virtual Result<void> Transact(const std::function<Result<void>(Database& tx)>& body) = 0;

  // Runs `body` on one connection inside a read-only transaction that sees one
  // consistent snapshot of the database while writers go on (SQLite WAL read
  // transaction; PostgreSQL REPEATABLE READ READ ONLY). Writes inside fail.
  // Inside Transact() or ReadSnapshot() it simply runs `body` on that connection.
  virtual Result<void> ReadSnapshot(const std::function<Result<void>(Database& snapshot)>& body) = 0;

  // How Transact() calls have run since the database was opened, for metrics
  // and tests. SQLite runs the calls queued behind each other as one
  // transaction (group commit): `groups` transactions ran `bodies` calls, so
  // bodies / groups is the mean group size; `queued` calls are waiting or
  // running now. Other engines and transactions report zeros.
  struct WriteStats {
    int64_t groups = 0;
    int64_t bodies = 0;
    int64_t queued = 0;
  };
  virtual WriteStats write_stats() const { return {}; }

  // Convenience: the first row, or nullopt when there is none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});
};

// Opens "sqlite:PATH" (created if missing; WAL, foreign keys on, busy timeout)
// or "postgresql://..." with a pool of `pool_size` connections.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, int pool_size = 4);

// Error codes from engines for uniqueness violations, so callers can map them.
inline constexpr std::string_view kUniqueViolation = "unique_violation";

}  // namespace denen::store
