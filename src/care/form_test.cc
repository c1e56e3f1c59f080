#include <gtest/gtest.h>

#include "care/test_util.h"

namespace denen::care {
namespace {

using testing::Checker;

Result<CareForm> Parse(const std::string &text) {
  return Checker().ParseForm(nlohmann::json::parse(text));
}

TEST(FormTest, ParsesAnswersNotesAndDoctor) {
  auto f = Parse(R"({"form_id":"F1","answers":{"1-1":[4,2],"2-1":3,"7-1":4},
                     "notes":{"2-1":"手を添えている"},
                     "doctor":{"eating":"self","symptoms":{"wandering":true},"paralysis":["left_upper"]}})");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->form_id, "F1");
  EXPECT_EQ(f->answers.at("1-1"), (std::vector<int>{2, 4}));
  EXPECT_EQ(f->answers.at("2-1"), std::vector<int>{3});
  EXPECT_EQ(f->notes.at("2-1"), "手を添えている");
  EXPECT_TRUE(f->has_doctor);
  EXPECT_EQ(f->doctor.at("symptoms.wandering"), "true");
  EXPECT_EQ(f->doctor.at("paralysis.left_upper"), "true");
}

TEST(FormTest, UnknownItemIsNamed) {
  auto f = Parse(R"({"answers":{"2-13":1}})");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().message, "項目 2-13: 調査項目にない項目番号です");
}

TEST(FormTest, ChoiceOutOfRangeIsNamed) {
  auto f = Parse(R"({"answers":{"2-7":4}})");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().message, "項目 2-7: 選択肢 4 は範囲外です（1〜3）");
}

TEST(FormTest, TwoAnswersToASingleChoiceItemAreRefused) {
  auto f = Parse(R"({"answers":{"1-12":[1,2]}})");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().message,
            "項目 1-12: 視力 は単一回答の項目ですが 2 個の選択肢が指定されています");
}

TEST(FormTest, NoneTogetherWithAPartIsRefused) {
  auto f = Parse(R"({"answers":{"1-1":[1,2]}})");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("1-1"), std::string::npos);
}

TEST(FormTest, NotesForUnknownItemsAndUnknownFieldsAreRefused) {
  EXPECT_FALSE(Parse(R"({"answers":{},"notes":{"8-1":"x"}})").has_value());
  auto f = Parse(R"({"answers":{},"note":{}})");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("note"), std::string::npos);
  EXPECT_FALSE(Parse(R"({"notes":{}})").has_value());
}

TEST(FormTest, DoctorFieldsAreCheckedAgainstTheRules) {
  auto f = Parse(R"({"answers":{},"doctor":{"eating":"maybe"}})");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("eating"), std::string::npos);
  EXPECT_FALSE(Parse(R"({"answers":{},"doctor":{"blood":true}})").has_value());
}

TEST(FormTest, FreeTextBlockIsSplitIntoItemNotes) {
  auto f = Parse(R"({"answers":{"1-3":2,"2-1":2},
                     "tokki":"(1-3) ベッド柵につかまって寝返る。\n【移乗】見守りが必要。"})");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->notes.at("1-3"), "ベッド柵につかまって寝返る。");
  EXPECT_EQ(f->notes.at("2-1"), "見守りが必要。");
}

TEST(FormTest, TextBeforeTheFirstLabelIsAnError) {
  auto f = Parse(R"({"answers":{},"tokki":"ラベルのない文。(1-3) つかまる。"})");
  ASSERT_FALSE(f.has_value());
}

}  // namespace
}  // namespace denen::care
