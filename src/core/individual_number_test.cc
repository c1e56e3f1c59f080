#include "core/individual_number.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(IndividualNumberShape, FindsTwelveDigitsInEveryWriting) {
  EXPECT_TRUE(ContainsIndividualNumberShape("123456789012"));
  EXPECT_TRUE(ContainsIndividualNumberShape("番号は123456789012です"));
  EXPECT_TRUE(ContainsIndividualNumberShape("1234 5678 9012"));
  EXPECT_TRUE(ContainsIndividualNumberShape("1234-5678-9012"));
  EXPECT_TRUE(ContainsIndividualNumberShape("１２３４５６７８９０１２"));
  EXPECT_TRUE(ContainsIndividualNumberShape("１２３４　５６７８　９０１２"));
}

TEST(IndividualNumberShape, LetsOtherNumbersThrough) {
  EXPECT_FALSE(ContainsIndividualNumberShape(""));
  EXPECT_FALSE(ContainsIndividualNumberShape("ヤマダ タロウ"));
  EXPECT_FALSE(ContainsIndividualNumberShape("0238-84-2111"));     // a phone number
  EXPECT_FALSE(ContainsIndividualNumberShape("09012345678"));      // 11 digits
  EXPECT_FALSE(ContainsIndividualNumberShape("1234567890123"));    // 13 digits (JAN)
  EXPECT_FALSE(ContainsIndividualNumberShape("12345678901 2"));    // 11 + 1 is not 4-4-4
  EXPECT_FALSE(ContainsIndividualNumberShape("2026-11-27 10:00"));
}

}  // namespace
}  // namespace denen
