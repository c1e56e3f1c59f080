#include "core/municipality_code.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(MunicipalityCode, AcceptsPublishedCodes) {
  // Published codes: 長井市, 札幌市, 千代田区, 那覇市.
  for (const char* code : {"062090", "011002", "131016", "472018"}) {
    auto result = ValidateMunicipalityCode(code);
    ASSERT_TRUE(result.has_value()) << code << ": " << result.error().message;
    EXPECT_EQ(*result, code);
  }
}

TEST(MunicipalityCode, ComputesCheckDigit) {
  EXPECT_EQ(MunicipalityCheckDigit("06209").value(), 0);
  EXPECT_EQ(MunicipalityCheckDigit("13101").value(), 6);
  EXPECT_EQ(MunicipalityCheckDigit("01100").value(), 2);
}

TEST(MunicipalityCode, RejectsWrongCheckDigitNamingTheRightOne) {
  auto result = ValidateMunicipalityCode("062091");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "invalid_municipality_code");
  EXPECT_NE(result.error().message.find("正しくは 0"), std::string::npos) << result.error().message;
}

TEST(MunicipalityCode, RejectsWrongShape) {
  for (const char* code : {"", "06209", "0620900", "06209a", "６２０９０"}) {
    EXPECT_FALSE(ValidateMunicipalityCode(code).has_value()) << code;
  }
}

}  // namespace
}  // namespace denen
