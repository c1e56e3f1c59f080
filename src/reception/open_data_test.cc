// Reading the 公共施設一覧 and イベント一覧 CSV layouts, including the sample
// files in data/reception/.
#include "reception/open_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace denen::reception {
namespace {

std::string ReadSample(const std::string& name) {
  std::ifstream in(std::string(DENEN_SOURCE_ROOT) + "/data/reception/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(CsvTest, QuotesNewlinesAndBom) {
  auto rows = ParseCsv(
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",3\n");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ((*rows)[1], (std::vector<std::string>{"1", "two\nlines", "3"}));
}

TEST(CsvTest, UnterminatedQuoteNamesTheLine) {
  auto rows = ParseCsv("a,b\n1,\"oops\n");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "csv_unterminated_quote");
  EXPECT_NE(rows.error().message.find("2行目"), std::string::npos);
}

TEST(PlacesCsvTest, ReadsTheSampleFile) {
  auto places = ParsePlacesCsv(ReadSample("facilities_sample.csv"));
  ASSERT_TRUE(places.has_value()) << places.error().message;
  ASSERT_EQ(places->size(), 3u);
  EXPECT_EQ((*places)[0].source_id, "F0001");
  EXPECT_EQ((*places)[0].name, "長井市民文化会館");
  EXPECT_EQ((*places)[0].name_kana, "ナガイシミンブンカカイカン");
  EXPECT_EQ((*places)[0].address, "山形県長井市ままの上5-1");
  ASSERT_TRUE((*places)[0].latitude.has_value());
  EXPECT_DOUBLE_EQ(*(*places)[0].latitude, 38.1075);
}

TEST(PlacesCsvTest, AcceptsTheOlderRecommendedLayout) {
  auto places = ParsePlacesCsv(
      "都道府県コード又は市区町村コード,NO,名称,名称_カナ,住所\n062090,7,市民プール,シミンプール,長井市1\n");
  ASSERT_TRUE(places.has_value()) << places.error().message;
  EXPECT_EQ((*places)[0].source_id, "7");
}

TEST(PlacesCsvTest, MissingColumnOrValueIsNamed) {
  auto no_column = ParsePlacesCsv("ID,名称\nF1,会館\n");
  ASSERT_FALSE(no_column.has_value());
  EXPECT_EQ(no_column.error().message, "CSVの1行目に必須の列「住所」がありません");
  auto no_name = ParsePlacesCsv("ID,名称,住所\nF1,,長井市\n");
  ASSERT_FALSE(no_name.has_value());
  EXPECT_EQ(no_name.error().message, "2行目: 「名称」が空です");
}

TEST(EventsCsvTest, ReadsTheSampleFile) {
  auto events = ParseEventsCsv(ReadSample("events_sample.csv"));
  ASSERT_TRUE(events.has_value()) << events.error().message;
  ASSERT_EQ(events->size(), 2u);
  const EventRow& lecture = (*events)[0];
  EXPECT_EQ(lecture.name, "市民健康講座");
  EXPECT_EQ(lecture.place_name, "長井市民文化会館");
  EXPECT_EQ(lecture.start_date, "2026-12-05");
  EXPECT_EQ(lecture.capacity, 30);
  EXPECT_TRUE(lecture.preregistration);
  const EventRow& story = (*events)[1];
  EXPECT_EQ(story.start_date, "2026-12-06");
  EXPECT_EQ(story.capacity, 0);
  EXPECT_FALSE(story.preregistration);
}

TEST(EventsCsvTest, FullWidthCapacityAndBadDates) {
  auto events = ParseEventsCsv("ID,イベント名,開始日,定員\nE1,講座,2026-12-05,定員３０名\n");
  ASSERT_TRUE(events.has_value()) << events.error().message;
  EXPECT_EQ((*events)[0].capacity, 30);
  auto bad = ParseEventsCsv("ID,イベント名,開始日\nE1,講座,12月5日\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "2行目: 「開始日」が日付(YYYY-MM-DD)ではありません");
}

}  // namespace
}  // namespace denen::reception
