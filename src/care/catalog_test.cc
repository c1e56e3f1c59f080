#include "care/catalog.h"

#include <gtest/gtest.h>

#include "care/test_util.h"

namespace denen::care {
namespace {

const ItemCatalog &Catalog() { return testing::Checker().rules().catalog(); }

TEST(CatalogTest, HasEveryItemOfTheForm) {
  // 55 questions of groups 1-5, 12 special medical treatments, 2 自立度.
  EXPECT_EQ(Catalog().items().size(), 69u);
  ASSERT_NE(Catalog().Find("2-12"), nullptr);
  EXPECT_EQ(Catalog().Find("2-12")->name, "外出頻度");
  EXPECT_TRUE(Catalog().Find("1-1")->multi);
  EXPECT_FALSE(Catalog().Find("1-12")->multi);
  EXPECT_EQ(Catalog().Find("9-1"), nullptr);
}

TEST(CatalogTest, ItemsWithoutWatchChoiceMapWatchToPartial) {
  // criteria.md §3.6: 見守り・声かけ count as 一部介助 where there is no
  // 見守り等.
  EXPECT_EQ(Catalog().Find("2-7")->ChoicesWithAnyTag({"watch"}), std::vector<int>{2});
  EXPECT_EQ(Catalog().Find("2-1")->ChoicesWithAnyTag({"watch"}), std::vector<int>{2});
  EXPECT_EQ(Catalog().Find("2-1")->ChoicesWithAnyTag({"partial"}), std::vector<int>{3});
  EXPECT_EQ(Catalog().Find("5-1")->ChoicesWithAnyTag({"full"}), std::vector<int>{3});
}

// ItemsInGroup lists exactly the items that know themselves in the group
// (ItemDef::InGroup, which InGroup asks), in catalog order.
TEST(CatalogTest, ItemsInGroupAreThoseInGroupInCatalogOrder) {
  for (const char *group : {"assist", "motor", "cognitive", "bpsd", "medical"}) {
    std::vector<size_t> expected;
    for (size_t i = 0; i < Catalog().items().size(); ++i) {
      if (Catalog().InGroup(group, Catalog().items()[i].id)) expected.push_back(i);
    }
    EXPECT_FALSE(expected.empty()) << group;
    EXPECT_EQ(Catalog().ItemsInGroup(group), expected) << group;
  }
  EXPECT_TRUE(Catalog().ItemsInGroup("nothing").empty());
  EXPECT_FALSE(Catalog().Find("2-1")->InGroup("nothing"));
  EXPECT_TRUE(Catalog().Find("2-1")->InGroup("assist"));
  EXPECT_FALSE(Catalog().Find("2-1")->InGroup("bpsd"));
  EXPECT_TRUE(Catalog().Find("4-1")->InGroup("bpsd"));
  EXPECT_FALSE(Catalog().InGroup("bpsd", "9-9"));  // no such item
}

TEST(CatalogTest, ScopesExpand) {
  auto assist = Catalog().ExpandScope("@assist");
  ASSERT_TRUE(assist.has_value());
  EXPECT_EQ(assist->size(), 16u);
  auto bpsd = Catalog().ExpandScope("@bpsd");
  ASSERT_TRUE(bpsd.has_value());
  EXPECT_EQ(bpsd->size(), 18u);
  EXPECT_FALSE(Catalog().ExpandScope("@nothing").has_value());
}

}  // namespace
}  // namespace denen::care
