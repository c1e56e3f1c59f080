// PostgreSQL engine: a pool of libpq connections to one database. Statements
// written with `?` placeholders are rewritten to $1..$n and sent with text
// parameters; result cells are typed by column type so that callers see the
// same Values as on SQLite (integers as int64, floating point as double).
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "store/engines.h"

namespace denen::store::detail {
namespace {

// Built-in type OIDs (catalog/pg_type_d.h is a server header; the values are fixed).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr const char* kConnectTimeoutSeconds = "10";
constexpr size_t kShownSqlChars = 120;

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

bool IsIdentifierChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

bool IsTagStart(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80;
}

// End (one past) of the quoted run opening at sql[i] with `quote`; a doubled
// quote stays inside, as does a backslash-escaped one when `backslashes`.
size_t QuotedEnd(std::string_view sql, size_t i, char quote, bool backslashes) {
  size_t j = i + 1;
  while (j < sql.size()) {
    if (backslashes && sql[j] == '\\') {
      j += 2;
    } else if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        j += 2;
      } else {
        return j + 1;
      }
    } else {
      ++j;
    }
  }
  return sql.size();
}

// End (one past) of the dollar-quoted body opening at sql[i], or npos when the
// `$` there does not open one ($1, or a `$` inside an identifier).
size_t DollarQuotedEnd(std::string_view sql, size_t i) {
  if (i > 0 && IsIdentifierChar(sql[i - 1])) return std::string_view::npos;
  size_t j = i + 1;
  if (j < sql.size() && IsTagStart(sql[j])) {
    while (j < sql.size() && IsIdentifierChar(sql[j]) && sql[j] != '$') ++j;
  }
  if (j >= sql.size() || sql[j] != '$') return std::string_view::npos;
  const std::string_view tag = sql.substr(i, j - i + 1);
  const size_t close = sql.find(tag, j + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

// End (one past) of the comment opening at sql[i] ("--" or "/*", which nests).
size_t CommentEnd(std::string_view sql, size_t i) {
  if (sql[i] == '-') {
    const size_t eol = sql.find('\n', i);
    return eol == std::string_view::npos ? sql.size() : eol + 1;
  }
  int depth = 0;
  size_t j = i;
  while (j + 1 < sql.size()) {
    if (sql[j] == '/' && sql[j + 1] == '*') {
      ++depth;
      j += 2;
    } else if (sql[j] == '*' && sql[j + 1] == '/') {
      j += 2;
      if (--depth == 0) return j;
    } else {
      ++j;
    }
  }
  return sql.size();
}

struct PgStatement {
  std::string text;
  int placeholders = 0;
};

// Replaces each `?` outside string literals, quoted identifiers, dollar-quoted
// bodies and comments by $1..$n. PostgreSQL operators spelled with `?` (jsonb)
// are outside the portable subset and would be rewritten too.
PgStatement RewritePlaceholders(std::string_view sql) {
  PgStatement out;
  out.text.reserve(sql.size() + 8);
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    size_t end = i + 1;
    if (c == '\'') {
      // E'...' strings take backslash escapes; standard strings do not.
      const bool escaped =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentifierChar(sql[i - 2]));
      end = QuotedEnd(sql, i, '\'', escaped);
    } else if (c == '"') {
      end = QuotedEnd(sql, i, '"', false);
    } else if ((c == '-' && next == '-') || (c == '/' && next == '*')) {
      end = CommentEnd(sql, i);
    } else if (c == '$') {
      if (const size_t quoted = DollarQuotedEnd(sql, i); quoted != std::string_view::npos) end = quoted;
    } else if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.placeholders);
      ++i;
      continue;
    }
    out.text.append(sql.substr(i, end - i));
    i = end;
  }
  return out;
}

// The start of a statement for error messages, cut at a character boundary.
std::string ShownSql(std::string_view sql) {
  size_t n = std::min(sql.size(), kShownSqlChars);
  while (n > 0 && n < sql.size() && (static_cast<unsigned char>(sql[n]) & 0xC0) == 0x80) --n;
  return std::string(sql.substr(0, n));
}

// libpq messages span lines ("...failed: Connection refused\n\tIs the server
// running..."); log lines should not.
std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    int byte = 0;
    if (s[i] == '%' && i + 2 < s.size() &&
        std::from_chars(s.data() + i + 1, s.data() + i + 3, byte, 16).ptr == s.data() + i + 3) {
      out += static_cast<char>(byte);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Keeps the password of a connection URL out of every message this engine
// writes, including libpq's own (some of which quote the URL).
class Redactor {
 public:
  explicit Redactor(std::string_view url) {
    const size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return;
    const size_t start = scheme + 3;
    const size_t authority_end = std::min(url.find_first_of("/?", start), url.size());
    const std::string_view authority = url.substr(start, authority_end - start);
    const size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      // libpq ends the user info at the first '@'; a stray '@' in a password
      // would move it, so both readings count as secret.
      for (size_t at : {authority.find('@', colon), authority.rfind('@')}) {
        if (at != std::string_view::npos && at > colon) AddSecret(authority.substr(colon + 1, at - colon - 1));
      }
    }
    const size_t query = url.find('?', start);
    if (query == std::string_view::npos) return;
    std::string_view rest = url.substr(query + 1);
    while (!rest.empty()) {
      const size_t amp = std::min(rest.find('&'), rest.size());
      const std::string_view pair = rest.substr(0, amp);
      if (pair.starts_with("password=")) AddSecret(pair.substr(9));
      rest.remove_prefix(std::min(amp + 1, rest.size()));
    }
  }

  std::string Redact(std::string text) const {
    for (const auto& secret : secrets_) {
      for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
        text.replace(pos, secret.size(), "***");
      }
    }
    return text;
  }

 private:
  void AddSecret(std::string_view raw) {
    for (std::string s : {std::string(raw), PercentDecoded(raw)}) {
      if (!s.empty() && std::find(secrets_.begin(), secrets_.end(), s) == secrets_.end()) {
        secrets_.push_back(std::move(s));
      }
    }
    // Longest first, so a secret containing another is replaced whole.
    std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  }

  std::vector<std::string> secrets_;
};

bool ParseInt(const char* s, int len, int64_t& out) {
  const auto [ptr, ec] = std::from_chars(s, s + len, out);
  return ec == std::errc() && ptr == s + len;
}

bool ParseReal(const char* s, int len, double& out) {
  const auto [ptr, ec] = std::from_chars(s, s + len, out);
  return ec == std::errc() && ptr == s + len;
}

Value Cell(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* s = PQgetvalue(res, row, col);
  const int len = PQgetlength(res, row, col);
  int64_t n = 0;
  double d = 0;
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
      if (ParseInt(s, len, n)) return n;
      break;
    case kNumericOid:
      // SUM() and friends over integers yield numeric; whole values read as
      // integers, as they do on SQLite.
      if (ParseInt(s, len, n)) return n;
      if (ParseReal(s, len, d)) return d;
      break;
    case kFloat4Oid:
    case kFloat8Oid:
      if (ParseReal(s, len, d)) return d;
      break;
    case kBoolOid:
      // SQLite has no booleans: comparisons and EXISTS yield 0/1.
      return static_cast<int64_t>(len > 0 && s[0] == 't');
  }
  return std::string(s, len);
}

bool IsConnectionFailure(std::string_view state) {
  // Class 08 (connection exception); 57P01..57P03: the server is shutting down
  // or not yet accepting connections.
  return state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03";
}

// One connection, used by one thread at a time (the pool guarantees it).
class PgConnection {
 public:
  PgConnection(PGconn* conn, std::shared_ptr<const Redactor> redactor) : conn_(conn), redactor_(std::move(redactor)) {
    // Notices (e.g. "relation already exists, skipping") would go to stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Result<int64_t> Exec(std::string_view sql, const Params& params) {
    DENEN_TRY(res, Run(sql, params));
    const char* changed = PQcmdTuples(res.get());
    int64_t n = 0;
    if (changed != nullptr && *changed != '\0') ParseInt(changed, static_cast<int>(std::strlen(changed)), n);
    return n;
  }

  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) {
    DENEN_TRY(res, Run(sql, params));
    const int rows = PQntuples(res.get());
    const int cols = PQnfields(res.get());
    std::vector<Row> out;
    out.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<Value> cells;
      cells.reserve(cols);
      for (int c = 0; c < cols; ++c) cells.push_back(Cell(res.get(), r, c));
      out.emplace_back(std::move(cells));
    }
    return out;
  }

  // Several statements, no parameters; dollar-quoted bodies pass untouched.
  Result<void> Script(std::string_view sql) {
    PgResult res(PQexec(conn_, std::string(sql).c_str()), &PQclear);
    const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
      return Fail(ErrorFrom(res.get(), sql));
    }
    return {};
  }

  bool InFailedTransaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }

  // Reconnects a broken connection; called before use and before the
  // connection goes back to the pool.
  void ResetIfBroken() {
    if (PQstatus(conn_) == CONNECTION_BAD) PQreset(conn_);
  }

  // Leaves the connection idle, outside any transaction, for its next user.
  void Recycle() {
    ResetIfBroken();
    switch (PQtransactionStatus(conn_)) {
      case PQTRANS_IDLE:
        return;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR:
        if (Script("ROLLBACK") && PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
        break;
      default:
        break;
    }
    PQreset(conn_);
  }

 private:
  Result<PgResult> Run(std::string_view sql, const Params& params) {
    const PgStatement stmt = RewritePlaceholders(sql);
    if (static_cast<size_t>(stmt.placeholders) != params.size()) {
      return Fail(Error::Internal("database_error", "parameter count mismatch for [" + ShownSql(sql) + "]"));
    }
    // Texts point into `params`; numbers are formatted into `numbers`, which
    // is sized up front so the pointers stay valid.
    std::vector<std::string> numbers(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<Oid> types(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        numbers[i] = std::to_string(*n);
        values[i] = numbers[i].c_str();
        types[i] = kInt8Oid;
      } else if (const auto* d = std::get_if<double>(&v)) {
        char buf[64];
        const auto written = std::to_chars(buf, buf + sizeof buf, *d);
        numbers[i].assign(buf, written.ptr);
        values[i] = numbers[i].c_str();
        types[i] = kFloat8Oid;
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          return Fail(Error::Invalid("invalid_text", "PostgreSQLのテキストにNUL文字は使えません"));
        }
        // Untyped, so the server infers the type from the context as it does
        // for a quoted literal.
        values[i] = s->c_str();
      }
    }
    PgResult res(PQexecParams(conn_, stmt.text.c_str(), static_cast<int>(params.size()), types.data(), values.data(),
                              nullptr, nullptr, 0),
                 &PQclear);
    const ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Fail(ErrorFrom(res.get(), sql));
    return res;
  }

  Error ErrorFrom(const PGresult* res, std::string_view sql) const {
    const char* state_field = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view state = state_field ? state_field : "";
    const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    // The primary message only: DETAIL quotes the row's values, which may be
    // personal data.
    std::string msg = redactor_->Redact(OneLine(primary ? primary : PQerrorMessage(conn_)));
    if (res != nullptr && PQresultStatus(res) == PGRES_EMPTY_QUERY) msg = "empty statement";
    if (state == "23505") return Error::Conflict(std::string(kUniqueViolation), msg);
    if (PQstatus(conn_) == CONNECTION_BAD || IsConnectionFailure(state)) {
      return Error::Unavailable("database_unavailable", "PostgreSQLとの接続が切れました: " + msg);
    }
    if (state == "40001" || state == "40P01" || state == "55P03") {
      return Error::Unavailable("database_busy", msg);
    }
    return Error::Internal("database_error", "postgresql: " + msg + " [" + ShownSql(sql) + "]");
  }

  PGconn* conn_;
  std::shared_ptr<const Redactor> redactor_;
};

// The Database handed to a Transact() body: every call runs on one connection.
class PgTransaction final : public Database {
 public:
  explicit PgTransaction(PgConnection& conn) : conn_(conn) {}
  Engine engine() const override { return Engine::kPostgres; }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override { return conn_.Exec(sql, params); }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    return conn_.Query(sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override { return conn_.Script(sql); }
  // Nested transactions run inside the outer one.
  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override { return body(*this); }
  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override { return body(*this); }

 private:
  PgConnection& conn_;
};

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(std::shared_ptr<const Redactor> redactor) : redactor_(std::move(redactor)) {}

  Engine engine() const override { return Engine::kPostgres; }

  Result<void> Open(const std::string& url, int pool_size) {
    for (int i = 0; i < std::max(pool_size, 1); ++i) {
      // Keywords after "dbname" override the URL's; those before it are defaults.
      const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding", nullptr};
      const char* values[] = {kConnectTimeoutSeconds, "denen", url.c_str(), "UTF8", nullptr};
      PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
      if (conn == nullptr) {
        return Fail(Error::Unavailable("database_unavailable", "PostgreSQLに接続できません: out of memory"));
      }
      if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = redactor_->Redact(OneLine(PQerrorMessage(conn)));
        PQfinish(conn);
        return Fail(Error::Unavailable("database_unavailable", "PostgreSQLに接続できません: " + msg));
      }
      pool_.Add(std::make_unique<PgConnection>(conn, redactor_));
    }
    return {};
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    Lease lease(pool_);
    return lease->Exec(sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    Lease lease(pool_);
    return lease->Query(sql, params);
  }
  Result<void> ExecScript(std::string_view sql) override {
    Lease lease(pool_);
    return lease->Script(sql);
  }

  Result<void> Transact(const std::function<Result<void>(Database&)>& body) override {
    Lease lease(pool_);
    return RunInTransaction(*lease, "BEGIN", /*commit=*/true, body);
  }

  Result<void> ReadSnapshot(const std::function<Result<void>(Database&)>& body) override {
    Lease lease(pool_);
    return RunInTransaction(*lease, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", /*commit=*/false, body);
  }

 private:
  // Runs `body` between `begin` and COMMIT (when `commit` and the body
  // succeeded) or ROLLBACK (otherwise, and when the body throws).
  static Result<void> RunInTransaction(PgConnection& conn, std::string_view begin, bool commit,
                                       const std::function<Result<void>(Database&)>& body) {
    DENEN_TRY_VOID(conn.Script(begin));
    PgTransaction tx(conn);
    Result<void> outcome;
    try {
      outcome = body(tx);
    } catch (...) {
      (void)conn.Script("ROLLBACK");
      throw;
    }
    if (outcome && commit && conn.InFailedTransaction()) {
      // A statement failed and the body went on; PostgreSQL has already
      // abandoned the transaction and COMMIT would silently roll it back.
      outcome = Fail(
          Error::Internal("database_error", "postgresql: a statement in the transaction failed; it was rolled back"));
    }
    if (!outcome || !commit) {
      (void)conn.Script("ROLLBACK");
      return outcome;
    }
    if (auto committed = conn.Script("COMMIT"); !committed) {
      (void)conn.Script("ROLLBACK");
      return committed;
    }
    return {};
  }

  class Lease {
   public:
    explicit Lease(ConnectionPool<PgConnection>& pool) : pool_(pool), conn_(pool.Take()) { conn_->ResetIfBroken(); }
    ~Lease() {
      conn_->Recycle();
      pool_.Return(std::move(conn_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConnection* operator->() const { return conn_.get(); }
    PgConnection& operator*() const { return *conn_; }

   private:
    ConnectionPool<PgConnection>& pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  std::shared_ptr<const Redactor> redactor_;
  ConnectionPool<PgConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, int pool_size) {
  auto db = std::make_unique<PgDatabase>(std::make_shared<const Redactor>(url));
  DENEN_TRY_VOID(db->Open(url, pool_size));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace denen::store::detail
