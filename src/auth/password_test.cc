#include "auth/password.h"

#include <gtest/gtest.h>

#include "core/random.h"

namespace denen::auth {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
  ASSERT_TRUE(InitCrypto().has_value());
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  // A fresh salt every time.
  EXPECT_NE(*hash, *HashPassword("correct horse battery"));
}

TEST(Password, PolicyNamesTheMinimum) {
  auto weak = HashPassword("short");
  ASSERT_FALSE(weak.has_value());
  EXPECT_EQ(weak.error().code, "weak_password");
  EXPECT_NE(weak.error().message.find("10"), std::string::npos);
  EXPECT_FALSE(CheckPasswordPolicy(std::string(300, 'a')).has_value());
  EXPECT_TRUE(CheckPasswordPolicy("0123456789").has_value());
}

}  // namespace
}  // namespace denen::auth
