#include "care/form_csv.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "care/care_cli.h"
#include "care/test_util.h"

namespace denen::care {
namespace {

using nlohmann::json;
using testing::Checker;

const ItemCatalog& Catalog() { return Checker().rules().catalog(); }

std::string ErrorOf(std::string_view csv) {
  auto forms = ParseFormCsv(csv, Catalog());
  EXPECT_FALSE(forms.has_value()) << csv;
  return forms ? "" : forms.error().message;
}

TEST(FormCsvTest, RowsBecomeFormsInOrderWithAnswersNotesAndTokki) {
  const std::string csv =
      "\xEF\xBB\xBF調査票ID,項目番号,選択肢,特記事項\r\n"
      "A-1,1-1,2;4,\"右上肢と右下肢に麻痺がある。\"\r\n"
      "A-1,２－１,2,\"ベッドから移る時は\r\n妻が体を支えている。\"\r\n"
      "B-9,2-1,1,\r\n"
      "A-1,6-5,2,\r\n"
      "A-1,,,\"(2-2) 屋内は伝い歩き。\"\r\n"
      ",,,\r\n";
  auto forms = ParseFormCsv(csv, Catalog());
  ASSERT_TRUE(forms.has_value()) << forms.error().message;
  ASSERT_EQ(forms->size(), 2u);
  const CsvForm& a = (*forms)[0];
  EXPECT_EQ(a.form_id, "A-1");
  EXPECT_EQ(a.first_row, 2);
  EXPECT_EQ(a.form["answers"], json::parse(R"({"1-1": [2, 4], "2-1": 2, "6-5": 2})"));
  EXPECT_EQ(a.form["notes"]["2-1"], "ベッドから移る時は\n妻が体を支えている。");
  EXPECT_FALSE(a.form["notes"].contains("6-5"));
  EXPECT_EQ(a.form["tokki"], "(2-2) 屋内は伝い歩き。");
  EXPECT_EQ((*forms)[1].form_id, "B-9");
  EXPECT_EQ((*forms)[1].first_row, 4);
  // The result is a form the checker accepts as it is.
  EXPECT_TRUE(Checker().ParseForm(a.form).has_value());
}

TEST(FormCsvTest, EnglishHeadersAndAnyColumnOrder) {
  auto forms = ParseFormCsv("note,choice,item,form_id\n,3,2-1,X\n", Catalog());
  ASSERT_TRUE(forms.has_value()) << forms.error().message;
  EXPECT_EQ((*forms)[0].form["answers"]["2-1"], 3);
}

TEST(FormCsvTest, ErrorsNameTheRowAndColumn) {
  const std::string h = "調査票ID,項目番号,選択肢,特記事項\n";
  EXPECT_EQ(ErrorOf(""), "CSV が空です（見出しの行が必要です）");
  EXPECT_EQ(ErrorOf(h), "CSV に調査票の行がありません");
  EXPECT_EQ(ErrorOf("調査票ID,項目番号,選択肢,氏名\n"),
            "CSV 1 行目: 見出し「氏名」は使えません（使える見出し: 調査票ID, 項目番号, 選択肢, "
            "特記事項）");
  EXPECT_EQ(ErrorOf("調査票ID,項目番号,選択肢\n"), "CSV 1 行目: 見出し「特記事項」がありません");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1\n"), "CSV 2 行目: 列の数が見出しと違います（4 列のはずが 3 列）");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,ok\nA,9-9,1,\n"), "CSV 3 行目「項目番号」列: 調査項目にない項目番号です: 9-9");
  EXPECT_EQ(ErrorOf(h + "A,2-1,7,\n"), "CSV 2 行目「選択肢」列: 項目 2-1: 選択肢 7 は範囲外です（1〜4）");
  EXPECT_EQ(ErrorOf(h + "A,2-1,2;3,\n"),
            "CSV 2 行目「選択肢」列: 項目 2-1: 移乗 は単一回答の項目ですが 2 "
            "個の選択肢が指定されています");
  EXPECT_EQ(ErrorOf(h + "A,2-1,二,\n"),
            "CSV 2 行目「選択肢」列: 選択肢は番号（複数回答は 2;4 "
            "のように「;」区切り）で書いてください: 二");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,\nA,2-1,2,\n"),
            "CSV 3 行目「項目番号」列: 調査票「A」の項目 2-1 は 2 行目にもあります");
  EXPECT_EQ(ErrorOf(h + ",2-1,1,\n"), "CSV 2 行目「調査票ID」列: 調査票IDがありません");
  EXPECT_EQ(ErrorOf(h + "A,2-1,,\n"), "CSV 2 行目「選択肢」列: 選択肢も特記事項もありません");
  EXPECT_EQ(ErrorOf(h + "A,,2,x\n"), "CSV 2 行目「項目番号」列: 選択肢のある行には項目番号が必要です");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,\"open\n"), "CSV 2 行目: 引用符（\"）が閉じられていません");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,a\"b\n"), "CSV 2 行目: 引用符で囲まれていない欄に引用符（\"）があります（4 列目）");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,\"a\"b\n"), "CSV 2 行目: 引用符（\"）で閉じた後に文字があります（4 列目）");
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,\x82\xa0\n"),
            "CSV 2 行目「特記事項」列: 文字コードが UTF-8 ではありません（Shift_JIS "
            "などで保存したファイルは UTF-8 に"
            "変換してください）");
  // Rows count as records: a note over two lines is one row.
  EXPECT_EQ(ErrorOf(h + "A,2-1,1,\"two\nlines\"\nA,9-9,1,\n"),
            "CSV 3 行目「項目番号」列: 調査項目にない項目番号です: 9-9");
}

TEST(FormCsvTest, LengthLimits) {
  const std::string h = "調査票ID,項目番号,選択肢,特記事項\n";
  EXPECT_EQ(ErrorOf(h + std::string(kCsvMaxFormIdBytes + 1, 'x') + ",2-1,1,\n"),
            "CSV 2 行目「調査票ID」列: 長すぎます（最大 200 バイト）");
  std::string note;
  for (size_t i = 0; i <= kCsvMaxNoteChars; ++i) note += "あ";
  EXPECT_EQ(ErrorOf(h + "A,2-1,1," + note + "\n"), "CSV 2 行目「特記事項」列: 長すぎます（4001 文字、最大 4000 文字）");
  std::string ok;
  for (size_t i = 0; i < kCsvMaxNoteChars; ++i) ok += "あ";
  EXPECT_TRUE(ParseFormCsv(h + "A,2-1,1," + ok + "\n", Catalog()).has_value());
}

TEST(FormCsvTest, TheSampleFileChecksFromTheCommandLine) {
  std::stringstream in, out, err;
  const int status = RunCareCommand({"check-csv", DENEN_CARE_SAMPLES_DIR "/forms.csv"}, in, out, err);
  EXPECT_EQ(status, 0) << err.str();
  std::string line;
  int forms = 0;
  bool contradiction = false;
  while (std::getline(out, line)) {
    json j = json::parse(line);
    ++forms;
    EXPECT_TRUE(j.contains("findings")) << line;
    for (const auto& f : j["findings"]) {
      if (f["kind"] == "note_contradiction") contradiction = true;
    }
  }
  EXPECT_EQ(forms, 2);
  EXPECT_TRUE(contradiction) << out.str();
}

TEST(FormCsvTest, CommandLineReportsCsvErrors) {
  const std::string path = ::testing::TempDir() + "/bad_forms.csv";
  std::ofstream(path) << "調査票ID,項目番号,選択肢,特記事項\nA,2-1,9,\n";
  std::stringstream in, out, err;
  EXPECT_EQ(RunCareCommand({"check-csv", path}, in, out, err), 1);
  EXPECT_NE(err.str().find("2 行目「選択肢」列"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace denen::care
