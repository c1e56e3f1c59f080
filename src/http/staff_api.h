// The foundation's API routes: health, login/logout/session, roles, the
// console's module list, and staff account management (admin).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "http/router.h"

namespace denen::http {

struct StaffApiContext {
  auth::StaffAccounts& accounts;
  auth::StaffAuth& auth;
  std::string default_municipality_code;  // for logins that name none
  // The name shown with a session of `code` (from the municipalities table);
  // the code itself when it cannot be read.
  std::function<std::string(std::string_view code)> municipality_name_of;
  bool secure_cookies = false;    // true when served over TLS
  std::function<bool()> healthy;  // database reachable
};

void RegisterStaffRoutes(Router& router, StaffApiContext& context);

// JSON of a staff user as the API shows it.
nlohmann::json StaffUserJson(const auth::StaffUser& user);

}  // namespace denen::http
