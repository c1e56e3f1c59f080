#include "core/base64.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(Base64Test, RoundTripsEveryLengthModuloThree) {
  for (size_t n = 0; n < 8; ++n) {
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(0xF0 + i));
    auto decoded = Base64Decode(Base64Encode(bytes), 100, "x");
    ASSERT_TRUE(decoded.has_value()) << n;
    EXPECT_EQ(*decoded, bytes);
  }
}

TEST(Base64Test, MatchesRfc4648Vectors) {
  const std::string foobar = "foobar";
  EXPECT_EQ(Base64Encode(reinterpret_cast<const uint8_t*>(foobar.data()), 4), "Zm9vYg==");
  EXPECT_EQ(Base64Encode(reinterpret_cast<const uint8_t*>(foobar.data()), 6), "Zm9vYmFy");
}

TEST(Base64Test, RefusesJunkAndOverlongInputNamingTheField) {
  auto junk = Base64Decode("Zm9v!mFy", 100, "certificate");
  ASSERT_FALSE(junk.has_value());
  EXPECT_EQ(junk.error().code, "base64_invalid");
  EXPECT_NE(junk.error().message.find("certificate"), std::string::npos);
  EXPECT_EQ(Base64Decode("Zm9vYmFy", 5, "x").error().code, "base64_too_long");
  EXPECT_EQ(Base64Decode(std::string(4000, 'A'), 100, "x").error().code, "base64_too_long");
}

}  // namespace
}  // namespace denen
