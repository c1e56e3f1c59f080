// The items of the 認定調査票 (care-needs survey form) as the checker knows
// them: ids, choices with their level tags, topic words and item groups, read
// from data/care/items.json. Immutable after loading; safe to share.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::care {

struct Choice {
  int no = 0;
  std::string label;
  std::string compact_label;  // the label without ASCII spaces, as quotes in notes are compared
  // Level tags ("none", "watch", "partial", "full", "support", "unable", …)
  // through which axis-wide lexicon entries address this choice.
  std::vector<std::string> tags;
};

struct ItemDef {
  std::string id;    // "1-1" … "5-6", "6-1" … "6-12", "7-1", "7-2"
  std::string name;  // 麻痺等の有無, 移乗, …
  std::string axis;  // 能力 / 介助の方法 / 有無 / 特別な医療 / 日常生活自立度
  bool multi = false;
  std::vector<Choice> choices;
  std::vector<std::string> topic;        // words that show a clause is about this item
  std::vector<std::string> distractors;  // words that show it is about something near but else
  std::string activity_rate;             // daily / weekly / monthly (介助の方法 only)
  std::vector<std::string> groups;       // the groups of items.json that hold it (assist, motor, bpsd, …)

  // True when the item is in the named group (ItemCatalog::InGroup, without
  // looking the group up by name: the judge asks this of every note).
  bool InGroup(std::string_view group) const;

  const Choice *FindChoice(int no) const;
  // Choice numbers carrying any of the tags, in order.
  std::vector<int> ChoicesWithAnyTag(const std::vector<std::string> &tags) const;
  std::string ChoiceText(int no) const;  // "2.見守り等"
};

class ItemCatalog {
 public:
  static Result<ItemCatalog> Parse(std::string_view json_text);

  const ItemDef *Find(std::string_view id) const;
  const std::vector<ItemDef> &items() const { return items_; }
  // The position of one of this catalog's items in items().
  size_t IndexOf(const ItemDef &item) const { return static_cast<size_t>(&item - items_.data()); }
  // True when `id` is in the named group (assist, motor, bpsd, medical, …).
  bool InGroup(std::string_view group, std::string_view id) const;
  // The positions in items() of the items of the named group, in catalog order
  // (empty for an unknown group).
  const std::vector<size_t> &ItemsInGroup(std::string_view group) const;
  // Expands "2-1", "@assist" or "2-1,@bpsd" into item ids; fails on unknown
  // names.
  Result<std::vector<std::string>> ExpandScope(std::string_view scope) const;

 private:
  std::vector<ItemDef> items_;
  std::map<std::string, size_t, std::less<>> index_;
  std::map<std::string, std::vector<std::string>, std::less<>> groups_;
  std::map<std::string, std::vector<size_t>, std::less<>> group_items_;  // ItemsInGroup
};

}  // namespace denen::care
