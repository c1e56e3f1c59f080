// CSV and XLSX writing of report tables.
#include "sheets/sheets.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace denen::sheets {
namespace {

TEST(SheetsTest, NumbersStayNumbersAndCodesStayText) {
  EXPECT_TRUE(IsPlainNumber("12"));
  EXPECT_TRUE(IsPlainNumber("-3.5"));
  EXPECT_TRUE(IsPlainNumber("0.5"));
  EXPECT_TRUE(IsPlainNumber("123456789012345"));
  EXPECT_FALSE(IsPlainNumber("1234567890123456"));  // more digits than a double keeps
  EXPECT_FALSE(IsPlainNumber("062090"));
  EXPECT_FALSE(IsPlainNumber("1."));
  EXPECT_FALSE(IsPlainNumber("-"));
  EXPECT_FALSE(IsPlainNumber("40-49"));
  EXPECT_FALSE(IsPlainNumber("=1+1"));
}

TEST(SheetsTest, CsvHasBomQuotesAndNoFormulas) {
  EXPECT_EQ(SheetsToCsv({{"x", {{"名前", "件数"}, {"a,b", "1"}, {"=SUM(A1)", "-2"}, {"-cmd", "say \"hi\""}}}}),
            "\xEF\xBB\xBF名前,件数\r\n\"a,b\",1\r\n'=SUM(A1),-2\r\n'-cmd,\"say \"\"hi\"\"\"\r\n");
}

TEST(SheetsTest, CsvSheetsFollowEachOtherAfterAnEmptyLine) {
  EXPECT_EQ(SheetsToCsv({{"a", {{"1"}}}, {"b", {{"2"}}}}), "\xEF\xBB\xBF" "1\r\n\r\n2\r\n");
}

// The XLSX is a zip whose worksheets and shared strings hold the cells; read it
// back with unzip (a test dependency) rather than trusting the writer.
TEST(SheetsTest, XlsxReadsBack) {
  auto bytes = SheetsToXlsx({{"施設別", {{"項目", "件数"}, {"長井市民文化会館", "12"}, {"062090", "0.25"}}},
                             {"月別", {{"月", "件数"}, {"2026-04", "3"}}}});
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  ASSERT_GT(bytes->size(), 100u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const std::string path = ::testing::TempDir() + "/sheets-test.xlsx";
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
  EXPECT_NE(strings.find("062090"), std::string::npos);  // a code stays text
  const std::string first = read("xl/worksheets/sheet1.xml");
  EXPECT_NE(first.find("<v>12</v>"), std::string::npos) << first;
  EXPECT_NE(first.find("<v>0.25</v>"), std::string::npos) << first;
  EXPECT_NE(read("xl/worksheets/sheet2.xml").find("<v>3</v>"), std::string::npos);
  const std::string workbook = read("xl/workbook.xml");
  EXPECT_NE(workbook.find("施設別"), std::string::npos);
  EXPECT_NE(workbook.find("月別"), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace denen::sheets
