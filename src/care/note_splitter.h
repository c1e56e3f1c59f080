// Splits a free-text 特記事項 block into per-item notes using the labels
// surveyors write: "(2-1)", "（1-3,1-4）", "2-1 移乗", "【移乗】". Text before
// the first label is returned with an empty item list. Pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "care/catalog.h"

namespace denen::care {

struct ItemNote {
  std::vector<std::string> items;  // one or more item ids the label names
  std::string text;                // the note without its label
  size_t offset = 0;               // code point offset of text in the block
};

std::vector<ItemNote> SplitTokki(std::string_view block, const ItemCatalog &catalog);

}  // namespace denen::care
