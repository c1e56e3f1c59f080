// Check digits against examples published by others (each source named), so
// the schemes match what libraries' scanners and ILSs compute.
#include "library/check_digit.h"

#include <gtest/gtest.h>

namespace denen::library {
namespace {

char Check(CheckDigitScheme scheme, std::string_view body) {
  auto c = ComputeCheckDigit(scheme, body);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message);
  return c.value_or('?');
}

TEST(CheckDigitTest, SevenDrMatchesPublishedExamples) {
  // mimosa.gr.jp/toitsu/check_digit.html: 123456 -> 17636 余り 4.
  EXPECT_EQ(Check(CheckDigitScheme::k7DR, "123456"), '4');
  // nanoappli.com/blog/archives/369 (Yamato slip numbers): 12345678901 -> 3.
  EXPECT_EQ(Check(CheckDigitScheme::k7DR, "12345678901"), '3');
}

TEST(CheckDigitTest, Mod10Weight21MatchesPublishedExamples) {
  // aimjal.co.jp/gijutu/barcode/nw-7.html: 12345678, 分割 sum 38 -> 2; 一括 sum 56 -> 4.
  EXPECT_EQ(Check(CheckDigitScheme::kMod10W21Split, "12345678"), '2');
  EXPECT_EQ(Check(CheckDigitScheme::kMod10W21Sum, "12345678"), '4');
  // The Luhn algorithm's classic example (ISO/IEC 7812-1): 7992739871 -> 3.
  EXPECT_EQ(Check(CheckDigitScheme::kMod10W21Split, "7992739871"), '3');
}

TEST(CheckDigitTest, Mod10Weight31MatchesJan) {
  // activebarcode.com/ja/codes/checkdigit/modulo10.html: EAN-13 400763000011 -> 6.
  EXPECT_EQ(Check(CheckDigitScheme::kMod10W31, "400763000011"), '6');
  // By hand: weights 3,1 from the right give 126, 10 - 6 = 4.
  EXPECT_EQ(Check(CheckDigitScheme::kMod10W31, "490123456789"), '4');
}

TEST(CheckDigitTest, Mod11Weights2To7MatchesPublishedExample) {
  // itpfdoc.hitachi.co.jp/manuals/3020/30203B8610/B860207.HTM: 12345 -> sum 50, 50 mod 11 = 6, 11 - 6 = 5.
  EXPECT_EQ(Check(CheckDigitScheme::kMod11W27, "12345"), '5');
  // Remainder 0 or 1 gives 0 (same page): 0 -> sum 0.
  EXPECT_EQ(Check(CheckDigitScheme::kMod11W27, "0"), '0');
  EXPECT_EQ(Check(CheckDigitScheme::kMod11W27, "6"), '0');  // 6*2 = 12, 12 mod 11 = 1
}

TEST(CheckDigitTest, Mod16MatchesPublishedExample) {
  // barcode-net.com/chisiki/modulus16.html: A37859B -> 16+3+7+8+5+9+17 = 65, 16 - 1 = 15 -> '+'.
  EXPECT_EQ(Check(CheckDigitScheme::kMod16, "A37859B"), '+');
}

TEST(CheckDigitTest, DivisionSchemesFollowTheirDefinitions) {
  // No published worked example found for these; the definitions: 123456 = 7 * 17636 + 4 = 9 * 13717 + 3.
  EXPECT_EQ(Check(CheckDigitScheme::k7DSR, "123456"), '3');
  EXPECT_EQ(Check(CheckDigitScheme::k9DR, "123456"), '3');
  EXPECT_EQ(Check(CheckDigitScheme::k9DSR, "123456"), '6');
  EXPECT_EQ(Check(CheckDigitScheme::k7DSR, "7"), '7');
}

TEST(CheckDigitTest, NonDigitsAreRefused) {
  auto c = ComputeCheckDigit(CheckDigitScheme::k7DR, "12a4");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, "card_number_characters");
}

TEST(CheckDigitTest, SchemeIdsRoundTrip) {
  for (auto scheme : AllCheckDigitSchemes()) {
    auto parsed = ParseCheckDigitScheme(CheckDigitSchemeId(scheme));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, scheme);
  }
  auto unknown = ParseCheckDigitScheme("11dr");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("11dr"), std::string::npos);
}

}  // namespace
}  // namespace denen::library
