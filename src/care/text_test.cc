// Text helpers of the care module: width normalisation and code points.
#include "care/text.h"

#include <gtest/gtest.h>

namespace denen::care::detail {
namespace {

TEST(NormalizeWidth, FullWidthAsciiAndTheIdeographicSpaceBecomeAscii) {
  EXPECT_EQ(NormalizeWidth("（２－１）　移乗はＷ／Ｃで週３回"), "(2-1) 移乗はW/Cで週3回");
  EXPECT_EQ(NormalizeWidth("ＡＢＣ！＃＿｝"), "ABC!#_}");
  EXPECT_EQ(NormalizeWidth("移乗は　見守り"), "移乗は 見守り");  // the space alone, no full-width form
}

TEST(NormalizeWidth, EverythingElseIsKeptByteForByte) {
  EXPECT_EQ(NormalizeWidth("1～2回、見守り。"), "1～2回、見守り。");  // the full-width tilde stays
  EXPECT_EQ(NormalizeWidth(""), "");
  EXPECT_EQ(NormalizeWidth("ascii only"), "ascii only");
  // Bytes that are not UTF-8 pass through unchanged, before and after a replacement.
  const std::string bad = std::string("\xff\xfe", 2) + "Ａ" + std::string("\xe3\x81", 2);
  EXPECT_EQ(NormalizeWidth(bad), std::string("\xff\xfe", 2) + "A" + std::string("\xe3\x81", 2));
}

TEST(CodepointStarts, MarksTheFirstByteOfEachCodePointAndTheEnd) {
  const std::vector<size_t> starts = CodepointStarts("aあb");
  ASSERT_EQ(starts.size(), 4u);
  EXPECT_EQ(starts[0], 0u);
  EXPECT_EQ(starts[1], 1u);
  EXPECT_EQ(starts[2], 4u);
  EXPECT_EQ(starts[3], 5u);
  EXPECT_EQ(ByteToCodepoint(starts, 2), 1u);  // inside あ
}

TEST(Find, AgreesWithStringViewFindForEveryStartAndNeedle) {
  const std::string_view text = "「一部介助」を選択。介助は「見守り」、見守りも介助も不要。aa aab";
  const std::string_view needles[] = {"「", "」", "見守り", "介助", "不要。", "aab", "a", "ない", "", "。aa"};
  for (std::string_view needle : needles) {
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      EXPECT_EQ(Find(text, needle, from), text.find(needle, from)) << needle << " from " << from;
    }
  }
  EXPECT_TRUE(Contains("見守りは不要", "不要"));
  EXPECT_FALSE(Contains("見守りは不要", "必要"));
  EXPECT_FALSE(Contains("", "x"));
}

}  // namespace
}  // namespace denen::care::detail
