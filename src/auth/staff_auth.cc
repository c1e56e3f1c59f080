#include "auth/staff_auth.h"

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/random.h"

namespace denen::auth {
namespace {

using store::Int;
using store::Text;

Error Unauthenticated() { return {ErrorKind::kUnauthenticated, "unauthenticated", "ログインしてください"}; }

Error InvalidCredentials() {
  return {ErrorKind::kUnauthenticated, "invalid_credentials", "ユーザー名またはパスワードが違います"};
}

// A hash to verify against when the user does not exist, so that the answer
// takes as long as for a real user and does not reveal which names exist.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("denen-dummy-password-for-timing").value_or("");
  return hash;
}

// The delay before the next attempt after `failures` failures: none until the
// threshold, then 1, 2, 4 ... seconds, at most 60.
int64_t SlowDownSeconds(int64_t failures, int slow_after) {
  if (failures < slow_after) return 0;
  const int64_t steps = std::min<int64_t>(failures - slow_after, 6);
  return std::min<int64_t>(int64_t{1} << steps, 60);
}

// Deletes the sessions of `code` unused since before the retention period.
Result<int64_t> PruneSessionsBefore(store::Database& db, const std::string& code, int64_t before_ms) {
  return db.Exec("DELETE FROM staff_sessions WHERE municipality_code = ? AND last_seen_ms < ?",
                 {store::Text(code), store::Int(before_ms)});
}

}  // namespace

Result<int64_t> StaffAuth::ThrottleWait(const std::string& municipality, const std::string& username, bool& locked) {
  locked = false;
  DENEN_TRY(row, db_.QueryOne("SELECT failures, last_failure_ms, locked_until_ms FROM login_throttle "
                              "WHERE municipality_code = ? AND username = ?",
                              {Text(municipality), Text(username)}));
  if (!row) return int64_t{0};
  const int64_t now = clock_.NowMillis();
  const int64_t locked_until = row->Int(2);
  if (locked_until > now) {
    locked = true;
    return (locked_until - now + 999) / 1000;
  }
  if (locked_until != 0) {
    // The lock has run out: start counting afresh.
    DENEN_TRY_VOID(db_.Exec("DELETE FROM login_throttle WHERE municipality_code = ? AND username = ?",
                            {Text(municipality), Text(username)}));
    return int64_t{0};
  }
  const int64_t ready_at = row->Int(1) + SlowDownSeconds(row->Int(0), settings_.slow_after_failures) * 1000;
  return ready_at > now ? (ready_at - now + 999) / 1000 : 0;
}

Result<void> StaffAuth::RecordFailure(const std::string& municipality, const std::string& username) {
  const int64_t now = clock_.NowMillis();
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO login_throttle (municipality_code, username, failures, last_failure_ms, locked_until_ms) "
                "VALUES (?, ?, 0, ?, 0) ON CONFLICT (municipality_code, username) DO NOTHING",
                {Text(municipality), Text(username), Int(now)}));
    DENEN_TRY(row, tx.QueryOne("UPDATE login_throttle SET failures = failures + 1, last_failure_ms = ? "
                               "WHERE municipality_code = ? AND username = ? RETURNING failures",
                               {Int(now), Text(municipality), Text(username)}));
    if (row && row->Int(0) >= settings_.lock_after_failures) {
      DENEN_TRY_VOID(
          tx.Exec("UPDATE login_throttle SET locked_until_ms = ? WHERE municipality_code = ? AND username = ?",
                  {Int(now + int64_t{settings_.lock_minutes} * 60000), Text(municipality), Text(username)}));
      nlohmann::json detail = {{"username", username}, {"failures", row->Int(0)}};
      DENEN_TRY_VOID(
          audit::Record(tx, clock_, municipality, {"system", "login.lock", "staff_user", username, detail.dump()}));
    }
    return {};
  });
}

Result<LoginOutcome> StaffAuth::Login(std::string_view municipality, std::string_view username,
                                      std::string_view password, std::string_view client) {
  const std::string code(municipality);
  const std::string name(username);
  if (name.empty() || name.size() > 64 || password.size() > kMaxPasswordLength) return Fail(InvalidCredentials());
  bool locked = false;
  DENEN_TRY(wait, ThrottleWait(code, name, locked));
  if (locked) {
    return Fail(Error{ErrorKind::kTooManyRequests, "account_locked",
                      "ログインの失敗が続いたため、このアカウントはロックされています。約" +
                          std::to_string((wait + 59) / 60) + "分後に再度お試しください"});
  }
  if (wait > 0) {
    return Fail(Error{ErrorKind::kTooManyRequests, "login_throttled",
                      "ログインの失敗が続いています。" + std::to_string(wait) + "秒後に再度お試しください"});
  }
  DENEN_TRY(credentials, accounts_.CredentialsFor(code, name));
  const bool ok =
      credentials ? VerifyPassword(credentials->second, password) : (VerifyPassword(DummyHash(), password), false);
  if (!ok) {
    DENEN_TRY_VOID(RecordFailure(code, name));
    return Fail(InvalidCredentials());
  }

  LoginOutcome outcome;
  const std::string token = RandomToken(32);
  outcome.cookie_value = code + "." + token;
  outcome.session = {code, credentials->first, RandomToken(24), Sha256Hex(token)};
  const int64_t now = clock_.NowMillis();
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(
        tx.Exec("DELETE FROM login_throttle WHERE municipality_code = ? AND username = ?", {Text(code), Text(name)}));
    // Sessions unused for longer than the retention period are removed here,
    // where sessions are born, so the table never grows without bound.
    DENEN_TRY_VOID(PruneSessionsBefore(tx, code, now - int64_t{settings_.session_retention_days} * 86400000));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO staff_sessions (municipality_code, token_hash, user_id, csrf_token, created_at_ms, last_seen_ms, "
        "revoked) VALUES (?, ?, ?, ?, ?, ?, 0)",
        {Text(code), Text(outcome.session.token_hash), Text(outcome.session.user.id), Text(outcome.session.csrf_token),
         Int(now), Int(now)}));
    nlohmann::json detail = {{"client", std::string(client)}};
    return audit::Record(
        tx, clock_, code,
        {outcome.session.user.id, "session.login", "staff_user", outcome.session.user.id, detail.dump()});
  }));
  return outcome;
}

Result<StaffSession> StaffAuth::Authenticate(std::string_view cookie_value) {
  const size_t dot = cookie_value.find('.');
  if (dot != 6 || cookie_value.size() > 128) return Fail(Unauthenticated());
  const std::string code(cookie_value.substr(0, dot));
  const std::string token_hash = Sha256Hex(cookie_value.substr(dot + 1));
  DENEN_TRY(row, db_.QueryOne("SELECT user_id, csrf_token, last_seen_ms, revoked FROM staff_sessions "
                              "WHERE municipality_code = ? AND token_hash = ?",
                              {Text(code), Text(token_hash)}));
  if (!row || row->Int(3) != 0) return Fail(Unauthenticated());
  const int64_t now = clock_.NowMillis();
  if (now - row->Int(2) > int64_t{settings_.session_idle_minutes} * 60000) return Fail(Unauthenticated());
  auto user = accounts_.Get(code, row->Text(0));
  if (!user) {
    if (user.error().kind == ErrorKind::kNotFound) return Fail(Unauthenticated());
    return Fail(user.error());
  }
  if (user->disabled) return Fail(Unauthenticated());
  // Touch at most once a minute to keep writes off the hot path.
  if (now - row->Int(2) > 60000) {
    DENEN_TRY_VOID(db_.Exec("UPDATE staff_sessions SET last_seen_ms = ? WHERE municipality_code = ? AND token_hash = ?",
                            {Int(now), Text(code), Text(token_hash)}));
  }
  return StaffSession{code, std::move(*user), row->Text(1), token_hash};
}

Result<int64_t> StaffAuth::PruneSessions(const std::string& municipality) {
  return PruneSessionsBefore(db_, municipality,
                             clock_.NowMillis() - int64_t{settings_.session_retention_days} * 86400000);
}

Result<void> StaffAuth::Logout(const StaffSession& session) {
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("UPDATE staff_sessions SET revoked = 1 WHERE municipality_code = ? AND token_hash = ?",
                           {Text(session.municipality_code), Text(session.token_hash)}));
    return audit::Record(tx, clock_, session.municipality_code,
                         {session.user.id, "session.logout", "staff_user", session.user.id, "{}"});
  });
}

}  // namespace denen::auth
