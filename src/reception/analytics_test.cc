// Analytics summaries and the CSV/XLSX exports of tables.
#include "reception/analytics.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "reception/table_export.h"

namespace denen::reception {
namespace {

// 2026-11-27 10:00 in Japan (a Friday).
constexpr int64_t kFriday10 = 1795741200000;
constexpr int64_t kDay = 24LL * 3600 * 1000;

VisitFact Fact(std::string kind, std::string place, std::string event, int64_t at, std::string resident,
               std::string district, std::string band) {
  const std::string source = resident.empty() ? "walk_in" : "card";
  return {std::move(kind),     std::move(place), std::move(event),    JapanDate(at),  at,
          std::move(resident), source,           std::move(district), std::move(band)};
}

TEST(SummarizeTest, CountsByEveryDimension) {
  const std::vector<VisitFact> facts = {
      Fact("facility", "P1", "", kFriday10, "R1", "本町", "30-39"),
      Fact("facility", "P1", "", kFriday10 + kDay, "R1", "本町", "30-39"),
      Fact("facility", "P2", "", kFriday10 + 3600 * 1000, "R2", "栄町", "70-79"),
      Fact("event", "P1", "E1", kFriday10, "", "", "unknown"),
  };
  const VisitSummary s = Summarize(facts);
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.by_card, 3);
  EXPECT_EQ(s.walk_in, 1);
  EXPECT_EQ(s.by_place.at("P1"), 2);
  EXPECT_EQ(s.by_place.at("P2"), 1);
  EXPECT_EQ(s.by_event.at("E1"), 1);
  EXPECT_EQ(s.by_hour[10], 3);
  EXPECT_EQ(s.by_hour[11], 1);
  EXPECT_EQ(s.by_weekday[5], 3);  // Friday
  EXPECT_EQ(s.by_weekday[6], 1);  // Saturday
  EXPECT_EQ(s.by_district.at("本町"), 2);
  EXPECT_EQ(s.by_district.at("不明"), 1);
  EXPECT_EQ(s.residents, 2);
  EXPECT_EQ(s.repeat_residents, 1);
}

TEST(GrowthTest, NullWithoutAPreviousYear) {
  EXPECT_EQ(Growth(120, 100), nlohmann::json(0.2));
  EXPECT_EQ(Growth(5, 0), nlohmann::json(nullptr));
}

TEST(TableExportTest, CsvHasBomQuotesAndNoFormulas) {
  Table t{"x", {"名前", "件数"}, {{"a,b", "1"}, {"=SUM(A1)", "2"}}};
  EXPECT_EQ(ToCsv(t), "\xEF\xBB\xBF名前,件数\r\n\"a,b\",1\r\n'=SUM(A1),2\r\n");
}

// The XLSX is a zip whose worksheet and shared strings hold the cells; read it
// back with unzip (a test dependency) rather than trusting the writer.
TEST(TableExportTest, XlsxReadsBack) {
  Table t{"施設別", {"項目", "件数"}, {{"長井市民文化会館", "12"}}};
  auto bytes = ToXlsx(t);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  ASSERT_GT(bytes->size(), 100u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const std::string path = ::testing::TempDir() + "/reception-export-test.xlsx";
  {
    std::ofstream out(path, std::ios::binary);
    out << *bytes;
  }
  auto read = [&](const std::string& member) {
    std::string text;
    FILE* p = popen(("unzip -p '" + path + "' " + member).c_str(), "r");
    if (p == nullptr) return text;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
    return text;
  };
  const std::string strings = read("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("長井市民文化会館"), std::string::npos) << strings;
  EXPECT_NE(strings.find("項目"), std::string::npos);
  const std::string sheet = read("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>12</v>"), std::string::npos) << sheet;
  EXPECT_NE(read("xl/workbook.xml").find("施設別"), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace denen::reception
