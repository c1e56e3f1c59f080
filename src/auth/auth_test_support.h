// Shared set-up for the auth repository tests: a migrated test database with
// two municipalities and a fake clock.
#pragma once

#include <gtest/gtest.h>

#include "core/random.h"
#include "store/migrations.h"
#include "store/tenants.h"
#include "store/testing.h"

namespace denen::auth {

class AuthDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().has_value());
    auto db = store::testing::OpenTestDatabase();
    ASSERT_TRUE(db.has_value()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::Migrate(*db_, clock_).has_value());
    ASSERT_TRUE(store::EnsureMunicipality(*db_, clock_, {"062090", "長井市"}).has_value());
    ASSERT_TRUE(store::EnsureMunicipality(*db_, clock_, {"131016", "千代田区"}).has_value());
  }

  FakeClock clock_{1790000000000};
  std::unique_ptr<store::Database> db_;
};

}  // namespace denen::auth
