#include "core/random.h"

#include <gtest/gtest.h>

#include <set>

namespace denen {
namespace {

class RandomTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().has_value()); }
};

TEST_F(RandomTest, IdsAreUniqueAndOrderedByTime) {
  FakeClock clock(1700000000000);
  std::set<std::string> ids;
  std::string previous_first = NewId(clock);
  for (int i = 0; i < 1000; ++i) ids.insert(NewId(clock));
  EXPECT_EQ(ids.size(), 1000u);
  clock.Advance(1);
  const std::string later = NewId(clock);
  EXPECT_EQ(later.size(), 26u);
  EXPECT_LT(previous_first.substr(0, 10), later.substr(0, 10));
  for (char c : later) EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos);
}

TEST_F(RandomTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(RandomTest, TokensAreUrlSafeAndDistinct) {
  const std::string a = RandomToken(32), b = RandomToken(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  EXPECT_EQ(RandomHex(8).size(), 16u);
}

}  // namespace
}  // namespace denen
