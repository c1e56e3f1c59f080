// Staff login and sessions. Login checks the password, slows repeated failures
// per user name and then locks it for a while (the state is in the database, so
// it holds across restarts and server processes). A session is a random token
// in an HttpOnly cookie, "CODE.TOKEN", of which only a SHA-256 is stored, plus
// a CSRF token the console sends back on every state-changing request. Sessions
// end after an idle period, on logout, on a password change or when the user is
// disabled. Thread-safe.
#pragma once

#include <string>

#include "auth/staff_accounts.h"
#include "core/clock.h"
#include "store/database.h"

namespace denen::auth {

struct AuthSettings {
  int session_idle_minutes = 480;
  int slow_after_failures = 3;
  int lock_after_failures = 10;
  int lock_minutes = 15;
  int session_retention_days = 30;  // ended or idle sessions older than this are deleted
};

struct StaffSession {
  std::string municipality_code;
  StaffUser user;
  std::string csrf_token;
  std::string token_hash;  // identifies the session for logout
};

struct LoginOutcome {
  StaffSession session;
  std::string cookie_value;  // "CODE.TOKEN"; give it to the browser only
};

class StaffAuth {
 public:
  StaffAuth(store::Database& db, const Clock& clock, AuthSettings settings, StaffAccounts& accounts)
      : db_(db), clock_(clock), settings_(settings), accounts_(accounts) {}

  // Errors: invalid_credentials (401), login_throttled / account_locked (429).
  Result<LoginOutcome> Login(std::string_view municipality, std::string_view username, std::string_view password,
                             std::string_view client);

  // The session for a cookie value; unauthenticated (401) when missing,
  // unknown, expired, revoked or the user is disabled.
  Result<StaffSession> Authenticate(std::string_view cookie_value);

  Result<void> Logout(const StaffSession& session);

  // Removes the municipality's sessions unused for longer than
  // session_retention_days (login does the same for its municipality);
  // returns how many.
  Result<int64_t> PruneSessions(const std::string& municipality);

 private:
  // Seconds the caller must still wait before another attempt, or 0.
  Result<int64_t> ThrottleWait(const std::string& municipality, const std::string& username, bool& locked);
  Result<void> RecordFailure(const std::string& municipality, const std::string& username);

  store::Database& db_;
  const Clock& clock_;
  AuthSettings settings_;
  StaffAccounts& accounts_;
};

}  // namespace denen::auth
