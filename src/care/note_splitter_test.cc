#include "care/note_splitter.h"

#include <gtest/gtest.h>

#include "care/test_util.h"

namespace denen::care {
namespace {

const ItemCatalog &Catalog() { return testing::Checker().rules().catalog(); }

TEST(NoteSplitterTest, ParenthesisedLabels) {
  auto notes = SplitTokki("(1-3) 柵につかまる。（２－１）見守り。", Catalog());
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].items, std::vector<std::string>{"1-3"});
  EXPECT_EQ(notes[0].text, "柵につかまる。");
  EXPECT_EQ(notes[0].offset, 6u);
  EXPECT_EQ(notes[1].items, std::vector<std::string>{"2-1"});
  EXPECT_EQ(notes[1].text, "見守り。");
}

TEST(NoteSplitterTest, SeveralItemsInOneLabel) {
  auto notes = SplitTokki("(1-3,1-4) 柵につかまって行う。", Catalog());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].items, (std::vector<std::string>{"1-3", "1-4"}));
}

TEST(NoteSplitterTest, NumberAndNameAtLineStart) {
  auto notes = SplitTokki("2-1 移乗 妻が手を添える。\n2-2 移動：車いすを押す。", Catalog());
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].items, std::vector<std::string>{"2-1"});
  EXPECT_EQ(notes[0].text, "妻が手を添える。");
  EXPECT_EQ(notes[1].items, std::vector<std::string>{"2-2"});
  EXPECT_EQ(notes[1].text, "車いすを押す。");
}

TEST(NoteSplitterTest, BracketedNames) {
  auto notes = SplitTokki("【移乗】手を添える。【洗身】全介助。【2-4】自分で食べる。", Catalog());
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0].items, std::vector<std::string>{"2-1"});
  EXPECT_EQ(notes[1].items, std::vector<std::string>{"1-10"});
  EXPECT_EQ(notes[2].items, std::vector<std::string>{"2-4"});
  EXPECT_EQ(notes[2].text, "自分で食べる。");
}

TEST(NoteSplitterTest, ItemNumbersInsideTextAreNotLabels) {
  auto notes = SplitTokki("(2-1) 週に2-3回は介助。", Catalog());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].text, "週に2-3回は介助。");
}

TEST(NoteSplitterTest, TextBeforeFirstLabelHasNoItem) {
  auto notes = SplitTokki("概況。(1-3) つかまる。", Catalog());
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_TRUE(notes[0].items.empty());
  EXPECT_EQ(notes[0].text, "概況。");
}

}  // namespace
}  // namespace denen::care
