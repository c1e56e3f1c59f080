// The municipalities (tenants) a database serves. Rows of every other table
// reference one by its 全国地方公共団体コード.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace denen::store {

struct Municipality {
  std::string code;
  std::string name;
};

// Creates the municipality if missing, or updates its name. The code is validated.
Result<void> EnsureMunicipality(Database& db, const Clock& clock, const Municipality& m);

Result<std::vector<Municipality>> ListMunicipalities(Database& db);

}  // namespace denen::store
