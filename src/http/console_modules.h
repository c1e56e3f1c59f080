// The console's home page lists Denen's modules; each is open to some roles.
// Modules not built yet are listed as unavailable (準備中) so staff see the plan.
#pragma once

#include <string_view>
#include <vector>

#include "auth/roles.h"

namespace denen::http {

struct ConsoleModule {
  std::string_view id;
  std::string_view title;
  std::string_view description;
  std::string_view path;
  auth::RoleSet roles;  // admin always sees every module
  bool available;
};

const std::vector<ConsoleModule>& AllConsoleModules();
std::vector<ConsoleModule> ConsoleModulesFor(const auth::RoleSet& roles);

}  // namespace denen::http
