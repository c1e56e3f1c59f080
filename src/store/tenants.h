// The municipalities (tenants) a database serves. Rows of every other table
// reference one by its 全国地方公共団体コード.
#pragma once

#include <optional>
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

// The municipality with `code`, or nullopt when this database does not serve it.
Result<std::optional<Municipality>> FindMunicipality(Database& db, const std::string& code);

}  // namespace denen::store
