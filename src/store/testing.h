// Test support: a fresh, empty database for one test, on the engine chosen by
// the environment. CTest registers each repository test twice (see
// denen_db_test in cmake/denen.cmake): DENEN_TEST_DATABASE=sqlite uses a new
// file under a temporary folder; DENEN_TEST_DATABASE=pg creates a new database
// in the throw-away PostgreSQL cluster whose admin URL is in the file named by
// DENEN_TEST_PG_URL_FILE. A pg run without a cluster fails, it never skips.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace denen::store::testing {

// Opens a new, empty database (not migrated).
Result<std::unique_ptr<Database>> OpenTestDatabase();

// The URL OpenTestDatabase() would connect to next: a fresh one per call.
Result<std::string> NewTestDatabaseUrl();

// "sqlite" or "pg", for test names and messages.
std::string TestEngineName();

}  // namespace denen::store::testing
