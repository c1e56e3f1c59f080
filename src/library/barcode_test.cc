// Proof the counter barcode scans: every symbology is encoded, drawn into a
// raster at the profile's size exactly as the SVG draws it, and decoded with
// zxing-cpp back to the card number. Also the profile parser's strictness and
// the card-number checks.
#include "library/barcode.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "library/scan_test_support.h"

#ifndef DENEN_SOURCE_ROOT
#define DENEN_SOURCE_ROOT "."
#endif

namespace denen::library {
namespace {

using testing::Decode;
using testing::Rasterize;
using testing::ZxingFormat;

BarcodeProfile Profile(const nlohmann::json& json) {
  auto p = ParseBarcodeProfile(json);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message);
  return p.value_or(BarcodeProfile{});
}

// Encodes, rasterizes and decodes; returns what zxing read.
std::string Scan(const BarcodeProfile& profile, const std::string& number) {
  auto barcode = EncodeBarcode(profile, number);
  EXPECT_TRUE(barcode.has_value()) << (barcode ? "" : barcode.error().message);
  if (!barcode) return "";
  auto decoded = Decode(Rasterize(profile, *barcode));
  EXPECT_TRUE(decoded.ok) << SymbologyId(profile.symbology) << " " << number << " did not decode";
  // A JAN starting with 0 is a UPC-A, and zxing (as most scanners) reports it so.
  if (profile.symbology == Symbology::kEan13 && decoded.format == ZXing::BarcodeFormat::UPCA) {
    return "0" + decoded.text;
  }
  EXPECT_EQ(decoded.format, ZxingFormat(profile.symbology));
  EXPECT_EQ(decoded.text, barcode->encoded);
  return decoded.text;
}

TEST(BarcodeScanTest, CodabarDecodesWithStartAndStop) {
  for (const char* ss : {"A", "B", "C", "D"}) {
    const auto p = Profile({{"symbology", "codabar"}, {"start", ss}, {"stop", ss}, {"length", 10}});
    EXPECT_EQ(Scan(p, "1234567890"), std::string(ss) + "1234567890" + ss);
  }
  const auto wide2 = Profile({{"symbology", "codabar"}, {"length", 8}, {"wide_ratio", 2}, {"module_px", 2}});
  EXPECT_EQ(Scan(wide2, "00012345"), "A00012345A");
}

TEST(BarcodeScanTest, CodabarWithMod16SymbolCheckCharacter) {
  const auto p =
      Profile({{"symbology", "codabar"}, {"start", "A"}, {"stop", "B"}, {"length", 6}, {"check_digit", "mod16"}});
  auto number = NormalizeCardNumber(p, "37859+");  // barcode-net.com's example A37859+B
  ASSERT_TRUE(number.has_value()) << number.error().message;
  EXPECT_EQ(Scan(p, *number), "A37859+B");
}

TEST(BarcodeScanTest, Code39DecodesEveryDigit) {
  const auto p = Profile({{"symbology", "code39"}, {"length", 10}});
  EXPECT_EQ(Scan(p, "0123456789"), "0123456789");
  EXPECT_EQ(Scan(p, "9876543210"), "9876543210");
}

TEST(BarcodeScanTest, Code128DecodesEvenAndOddLengths) {
  const auto even = Profile({{"symbology", "code128"}, {"length", 10}});
  // Every digit pair 00..99 once across these numbers (code set C).
  for (int start = 0; start < 100; start += 5) {
    std::string number;
    for (int v = start; v < start + 5; ++v) number += (v < 10 ? "0" : "") + std::to_string(v);
    EXPECT_EQ(Scan(even, number), number);
  }
  const auto odd = Profile({{"symbology", "code128"}, {"length", 9}});
  EXPECT_EQ(Scan(odd, "123456789"), "123456789");
}

TEST(BarcodeScanTest, ItfDecodes) {
  const auto p = Profile({{"symbology", "itf"}, {"length", 10}});
  EXPECT_EQ(Scan(p, "0123456789"), "0123456789");
  EXPECT_EQ(Scan(p, "9876543210"), "9876543210");
}

TEST(BarcodeScanTest, Ean13DecodesEveryFirstDigitParity) {
  const auto p = Profile({{"symbology", "ean13"}, {"length", 13}, {"check_digit", "mod10_w31"}});
  for (char first = '0'; first <= '9'; ++first) {
    const std::string body = std::string(1, first) + "90123456789";
    const std::string number = body + *ComputeCheckDigit(CheckDigitScheme::kMod10W31, body);
    EXPECT_EQ(Scan(p, number), number);
  }
  EXPECT_EQ(Scan(p, "4007630000116"), "4007630000116");
}

TEST(BarcodeScanTest, ExampleProfilesScanAtTheirConfiguredSize) {
  for (const char* name :
       {"nw7-7dr.json", "nw7-m10w21.json", "nw7-m11w27.json", "code39.json", "code128.json", "itf.json", "jan.json"}) {
    std::ifstream file(std::string(DENEN_SOURCE_ROOT) + "/data/library/profiles/" + name);
    ASSERT_TRUE(file) << name;
    std::stringstream text;
    text << file.rdbuf();
    auto p = ParseBarcodeProfileText(text.str());
    ASSERT_TRUE(p.has_value()) << name << ": " << p.error().message;
    // A valid number for the profile: prefix, digits, then the check digit.
    std::string body = p->prefix;
    while (body.size() + (p->check_digit == CheckDigitScheme::kNone ? 0 : 1) < static_cast<size_t>(p->length)) {
      body += static_cast<char>('1' + body.size() % 9);
    }
    if (p->check_digit != CheckDigitScheme::kNone) body += *ExpectedCheckDigit(*p, body);
    auto number = NormalizeCardNumber(*p, body);
    ASSERT_TRUE(number.has_value()) << name << ": " << number.error().message;
    const std::string scanned = Scan(*p, *number);
    EXPECT_NE(scanned.find(*number), std::string::npos) << name << " read " << scanned;
  }
}

TEST(BarcodeSvgTest, IsCrispAndSizedInWholePixels) {
  const auto p = Profile({{"symbology", "codabar"}, {"length", 4}, {"module_px", 4}, {"quiet_zone_modules", 12}});
  auto barcode = EncodeBarcode(p, "1234");
  ASSERT_TRUE(barcode.has_value());
  const std::string svg = RenderSvg(p, *barcode);
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  EXPECT_NE(svg.find(">1234</text>"), std::string::npos);
  // The first bar starts after the quiet zone: 12 modules of 4 px.
  EXPECT_NE(svg.find("d=\"M48 0h"), std::string::npos) << svg;
  EXPECT_EQ(SvgWidthPx(p, *barcode), static_cast<int>(barcode->modules.size() + 24) * 4);
  const size_t d = svg.find(" d=\"");
  const std::string path = svg.substr(d, svg.find("\"/>", d) - d);
  EXPECT_EQ(path.find('.'), std::string::npos) << "no fractional coordinates";
}

TEST(Code128TableTest, EverySymbolHasThreeBarsOfEvenTotalWidth) {
  const auto p = Profile({{"symbology", "code128"}, {"length", 2}});
  for (int v = 0; v < 100; ++v) {
    const std::string pair = (v < 10 ? "0" : "") + std::to_string(v);
    auto barcode = EncodeBarcode(p, pair);
    ASSERT_TRUE(barcode.has_value());
    // Start C, the pair, checksum, stop: 11 + 11 + 11 + 13 modules.
    ASSERT_EQ(barcode->modules.size(), 46u);
    const auto runs = RunLengths(std::vector<bool>(barcode->modules.begin() + 11, barcode->modules.begin() + 22));
    ASSERT_EQ(runs.size(), 6u) << v;
    EXPECT_EQ((runs[0] + runs[2] + runs[4]) % 2, 0) << v;
  }
}

TEST(ProfileTest, UnknownKeyIsNamed) {
  auto p = ParseBarcodeProfile({{"symbology", "codabar"}, {"length", 8}, {"chek_digit", "7dr"}});
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.error().message.find("chek_digit"), std::string::npos) << p.error().message;
}

TEST(ProfileTest, ValuesAreChecked) {
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "qr"}, {"length", 8}}).error().code, "unknown_symbology");
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "codabar"}, {"length", 8}, {"start", "E"}}).error().code,
            "invalid_profile_start");
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "codabar"}, {"length", 8}, {"quiet_zone_modules", 5}}).error().code,
            "invalid_profile_quiet_zone_modules");
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "itf"}, {"length", 7}}).error().code, "invalid_profile_itf");
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "ean13"}, {"length", 13}}).error().code, "invalid_profile_ean13");
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "code39"}, {"length", 8}, {"check_digit", "mod16"}}).error().code,
            "invalid_profile_check_digit");
  EXPECT_EQ(ParseBarcodeProfile({{"symbology", "code39"}}).error().code, "invalid_field");
}

TEST(ProfileTest, JsonRoundTrips) {
  const auto p = Profile({{"symbology", "codabar"},
                          {"start", "C"},
                          {"stop", "D"},
                          {"length", 10},
                          {"prefix", "21"},
                          {"check_digit", "7dr"},
                          {"zero_pad", true},
                          {"module_px", 4}});
  auto again = ParseBarcodeProfile(BarcodeProfileJson(p));
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(BarcodeProfileJson(*again), BarcodeProfileJson(p));
}

TEST(CardNumberTest, WrongCheckDigitIsRefusedNamingTheScheme) {
  const auto p = Profile({{"symbology", "codabar"}, {"length", 7}, {"check_digit", "7dr"}});
  EXPECT_EQ(NormalizeCardNumber(p, "1234564").value_or(""), "1234564");
  auto wrong = NormalizeCardNumber(p, "1234565");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, "card_number_check_digit");
  EXPECT_NE(wrong.error().message.find("7DR"), std::string::npos) << wrong.error().message;
  EXPECT_NE(wrong.error().message.find("チェックデジット"), std::string::npos);
}

TEST(CardNumberTest, LengthPrefixPaddingAndFullWidthDigits) {
  const auto p = Profile({{"symbology", "codabar"}, {"length", 8}, {"zero_pad", true}, {"prefix", "00"}});
  EXPECT_EQ(NormalizeCardNumber(p, "１２３-45").value_or(""), "00012345");
  const auto strict = Profile({{"symbology", "codabar"}, {"length", 8}, {"prefix", "21"}});
  auto short_number = NormalizeCardNumber(strict, "2112345");
  ASSERT_FALSE(short_number.has_value());
  EXPECT_EQ(short_number.error().code, "card_number_length");
  EXPECT_NE(short_number.error().message.find("8桁"), std::string::npos);
  EXPECT_EQ(NormalizeCardNumber(strict, "31123456").error().code, "card_number_prefix");
  EXPECT_EQ(NormalizeCardNumber(strict, "2112345X").error().code, "card_number_characters");
}

}  // namespace
}  // namespace denen::library
