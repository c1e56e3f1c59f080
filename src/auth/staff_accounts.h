// Staff accounts of one municipality: create, list, change roles, disable,
// set passwords. Every change is audited in the same transaction. The last
// enabled admin can neither be disabled nor lose the admin role. Thread-safe
// (state lives in the database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/password.h"
#include "auth/roles.h"
#include "core/clock.h"
#include "store/database.h"

namespace denen::auth {

struct StaffUser {
  std::string id;
  std::string username;
  std::string display_name;
  RoleSet roles;
  bool disabled = false;
  int64_t created_at_ms = 0;
};

struct NewStaffUser {
  std::string username;
  std::string display_name;
  std::string password;
  RoleSet roles;
};

struct StaffUserChanges {
  std::optional<std::string> display_name;
  std::optional<RoleSet> roles;
  std::optional<bool> disabled;
};

// Usernames: 3-64 characters of a-z, 0-9, '.', '_', '-'.
Result<void> CheckUsername(std::string_view username);

class StaffAccounts {
 public:
  StaffAccounts(store::Database& db, const Clock& clock, HashCost cost = HashCost::kInteractive)
      : db_(db), clock_(clock), cost_(cost) {}

  Result<StaffUser> Create(std::string_view municipality, const NewStaffUser& user, std::string_view actor);
  Result<std::vector<StaffUser>> List(std::string_view municipality);
  Result<StaffUser> Get(std::string_view municipality, std::string_view id);
  Result<std::optional<StaffUser>> FindByUsername(std::string_view municipality, std::string_view username);
  Result<StaffUser> Update(std::string_view municipality, std::string_view id, const StaffUserChanges& changes,
                           std::string_view actor);
  Result<void> SetPassword(std::string_view municipality, std::string_view id, std::string_view password,
                           std::string_view actor);

  // The stored hash of an enabled user's password, for login only.
  Result<std::optional<std::pair<StaffUser, std::string>>> CredentialsFor(std::string_view municipality,
                                                                          std::string_view username);

 private:
  store::Database& db_;
  const Clock& clock_;
  HashCost cost_;
};

}  // namespace denen::auth
