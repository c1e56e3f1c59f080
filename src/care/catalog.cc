#include "care/catalog.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "care/text.h"

namespace denen::care {

const Choice *ItemDef::FindChoice(int no) const {
  for (const Choice &c : choices) {
    if (c.no == no) return &c;
  }
  return nullptr;
}

std::vector<int> ItemDef::ChoicesWithAnyTag(const std::vector<std::string> &tags) const {
  std::vector<int> out;
  for (const Choice &c : choices) {
    for (const std::string &t : tags) {
      if (std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end()) {
        out.push_back(c.no);
        break;
      }
    }
  }
  return out;
}

std::string ItemDef::ChoiceText(int no) const {
  const Choice *c = FindChoice(no);
  return std::to_string(no) + "." + (c ? c->label : "?");
}

Result<ItemCatalog> ItemCatalog::Parse(std::string_view json_text) {
  ItemCatalog cat;
  try {
    nlohmann::json j = nlohmann::json::parse(json_text);
    for (const auto &it : j.at("items")) {
      ItemDef def;
      def.id = it.at("id").get<std::string>();
      def.name = it.at("name").get<std::string>();
      def.axis = it.at("axis").get<std::string>();
      def.multi = it.value("multi", false);
      for (const auto &c : it.at("choices")) {
        Choice &choice = def.choices.emplace_back();
        choice.no = c.at("no").get<int>();
        choice.label = c.at("label").get<std::string>();
        for (char ch : choice.label) {
          if (ch != ' ') choice.compact_label.push_back(ch);
        }
        choice.tags = c.value("tags", std::vector<std::string>{});
      }
      def.topic = it.value("topic", std::vector<std::string>{});
      def.distractors = it.value("distractors", std::vector<std::string>{});
      def.activity_rate = it.value("activity_rate", std::string());
      cat.index_[def.id] = cat.items_.size();
      cat.items_.push_back(std::move(def));
    }
    for (const auto &[name, ids] : j.at("groups").items()) {
      cat.groups_[name] = ids.get<std::vector<std::string>>();
    }
    for (ItemDef &def : cat.items_) {
      for (const auto &[name, ids] : cat.groups_) {
        if (std::find(ids.begin(), ids.end(), def.id) != ids.end()) def.groups.push_back(name);
      }
    }
  } catch (const nlohmann::json::exception &e) {
    return Fail(Error::Internal("care_items_invalid", std::string("items.json を読めません: ") + e.what()));
  }
  for (const auto &[name, ids] : cat.groups_) {
    for (const std::string &id : ids) {
      if (!cat.Find(id)) {
        return Fail(Error::Internal("care_items_invalid", "items.json のグループ " + name + " に未知の項目 " + id));
      }
    }
    std::vector<size_t> &members = cat.group_items_[name];
    for (size_t i = 0; i < cat.items_.size(); ++i) {
      if (std::find(ids.begin(), ids.end(), cat.items_[i].id) != ids.end()) members.push_back(i);
    }
  }
  return cat;
}

const ItemDef *ItemCatalog::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &items_[it->second];
}

const std::vector<size_t> &ItemCatalog::ItemsInGroup(std::string_view group) const {
  static const std::vector<size_t> kNone;
  auto it = group_items_.find(group);
  return it == group_items_.end() ? kNone : it->second;
}

bool ItemDef::InGroup(std::string_view group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

bool ItemCatalog::InGroup(std::string_view group, std::string_view id) const {
  const ItemDef *item = Find(id);
  return item != nullptr && item->InGroup(group);
}

Result<std::vector<std::string>> ItemCatalog::ExpandScope(std::string_view scope) const {
  std::vector<std::string> out;
  for (const std::string &raw : detail::Split(scope, ',')) {
    std::string_view part = detail::Trim(raw);
    if (part.empty()) continue;
    if (part == "*") {
      for (const ItemDef &d : items_) out.push_back(d.id);
    } else if (part.front() == '@') {
      auto it = groups_.find(part.substr(1));
      if (it == groups_.end()) {
        return Fail(Error::Internal("care_rules_invalid", "未知の項目グループ: " + std::string(part)));
      }
      out.insert(out.end(), it->second.begin(), it->second.end());
    } else {
      if (!Find(part)) {
        return Fail(Error::Internal("care_rules_invalid", "未知の項目: " + std::string(part)));
      }
      out.emplace_back(part);
    }
  }
  return out;
}

}  // namespace denen::care
