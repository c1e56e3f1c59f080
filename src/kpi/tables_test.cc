#include "kpi/tables.h"

#include <gtest/gtest.h>

namespace denen::kpi {
namespace {

// "地区,人口\r\n本町,1200\r\n" in Shift_JIS (CP932), as Excel saves it.
std::string ShiftJisSample() { return "\x92\x6e\x8b\xe6,\x90\x6c\x8c\xfb\r\n\x96\x7b\x92\xac,1200\r\n"; }

TEST(Tables, ReadsShiftJisThroughIconv) {
  auto t = ParseUploadedCsv(ShiftJisSample(), "auto");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->encoding, "shift_jis");
  ASSERT_EQ(t->columns.size(), 2u);
  EXPECT_EQ(t->columns[0].name, "地区");
  EXPECT_EQ(t->columns[0].role, "district");
  EXPECT_EQ(t->columns[1].name, "人口");
  EXPECT_EQ(t->columns[1].type, "integer");
  EXPECT_EQ(t->rows[0][0], "本町");
}

TEST(Tables, ReadsUtf8WithBomQuotesAndAgeBands) {
  auto t = ParseUploadedCsv(
      "\xEF\xBB\xBF地区,年齢層,満足度,\"人口\"\n本町,30〜39歳,3.5,\"1,200\"\n小出,80歳以上,4,300\n", "auto");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->encoding, "utf-8");
  EXPECT_EQ(t->rows[0][1], "30-39");
  EXPECT_EQ(t->rows[1][1], "80+");
  EXPECT_EQ(t->rows[0][3], "1200");
  EXPECT_EQ(t->columns[2].type, "number");
  EXPECT_EQ(t->columns[3].type, "integer");
}

TEST(Tables, ErrorsNameTheRowAndColumn) {
  auto text = ParseUploadedCsv("地区,人口\n本町,1200\n小出,abc\n", "auto");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().message,
            "3行目「人口」列: 数値ではありません（\"abc\"。この列は最初の行が数値なので数値の列です）");
  auto width = ParseUploadedCsv("地区,人口\n本町,1200,9\n", "auto");
  ASSERT_FALSE(width.has_value());
  EXPECT_EQ(width.error().message, "2行目: 列の数が 3 です（見出しは 2 列）");
  auto band = ParseUploadedCsv("地区,年齢層\n本町,若者\n", "auto");
  ASSERT_FALSE(band.has_value());
  EXPECT_EQ(band.error().message, "2行目「年齢層」列: 年齢層ではありません（\"若者\"。例: 0-9, 10〜19歳, 80歳以上）");
  auto no_key = ParseUploadedCsv("町,人口\n本町,1\n", "auto");
  ASSERT_FALSE(no_key.has_value());
  EXPECT_EQ(no_key.error().message, "1行目: 「地区」列がありません（Denen のデータと地区で結合するために必要です）");
  auto duplicate = ParseUploadedCsv("地区,地区\n本町,本町\n", "auto");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().message, "1行目「地区」列: 見出しが重複しています");
  auto empty_key = ParseUploadedCsv("地区,人口\n,5\n", "auto");
  ASSERT_FALSE(empty_key.has_value());
  EXPECT_EQ(empty_key.error().message, "2行目「地区」列: 空です");
}

TEST(Tables, RefusesBytesThatAreNeitherUtf8NorShiftJis) {
  auto bad = ParseUploadedCsv("地区\n\x85\x40\n", "shift_jis");
  EXPECT_FALSE(bad.has_value());
  auto wrong = ParseUploadedCsv(ShiftJisSample(), "utf-8");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, "invalid_encoding");
}

}  // namespace
}  // namespace denen::kpi
