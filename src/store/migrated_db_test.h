// A GoogleTest fixture for repository tests: a fresh, migrated database on the
// engine under test (see store/testing.h) holding two municipalities, and a
// fake clock. Header-only, for test binaries built with denen_db_test.
#pragma once

#include <gtest/gtest.h>

#include "core/random.h"
#include "store/migrations.h"
#include "store/tenants.h"
#include "store/testing.h"

namespace denen::store::testing {

class MigratedDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().has_value());
    auto db = OpenTestDatabase();
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(Migrate(*db_, clock_).has_value());
    ASSERT_TRUE(EnsureMunicipality(*db_, clock_, {"062090", "長井市"}).has_value());
    ASSERT_TRUE(EnsureMunicipality(*db_, clock_, {"131016", "千代田区"}).has_value());
  }

  FakeClock clock_{1790000000000};
  std::unique_ptr<Database> db_;
};

}  // namespace denen::store::testing
