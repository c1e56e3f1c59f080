// Demo data for a first look: the demo municipality's staff (one account per
// role) and, as modules land, their demo records. Idempotent: running it again
// changes nothing. The first admin's password is random, kept in a 0600 file so
// that `make run` can show it again.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "store/database.h"

namespace denen::app {

struct DemoLogin {
  std::string username;
  std::string password;
};

Result<DemoLogin> LoadDemo(store::Database& db, const Clock& clock, const Config& config,
                           const std::string& password_file);

}  // namespace denen::app
