#include "care/condition.h"

#include <algorithm>
#include <charconv>

#include "care/text.h"

namespace denen::care {

namespace {

// Whether an answer (possibly none) satisfies one term.
bool Satisfies(const ConditionTerm &t, const std::vector<int> *answer) {
  if (answer == nullptr || answer->empty()) return false;
  if (t.choices.empty()) return true;
  for (int c : *answer) {
    if (std::find(t.choices.begin(), t.choices.end(), c) != t.choices.end()) return true;
  }
  return false;
}

}  // namespace

AnswerTable::AnswerTable(const std::map<std::string, std::vector<int>> &answers, const ItemCatalog &catalog)
    : by_index_(catalog.items().size(), nullptr) {
  for (const auto &[id, choices] : answers) {
    if (const ItemDef *def = catalog.Find(id)) by_index_[catalog.IndexOf(*def)] = &choices;
  }
}

bool Condition::Holds(const std::map<std::string, std::vector<int>> &answers) const {
  for (const ConditionTerm &t : terms) {
    auto it = answers.find(t.item);
    if (!Satisfies(t, it == answers.end() ? nullptr : &it->second)) return false;
  }
  return true;
}

bool Condition::HoldsEveryTerm(const AnswerTable &answers) const {
  for (const ConditionTerm &t : terms) {
    if (!Satisfies(t, answers.At(t.item_index))) return false;
  }
  return true;
}

std::vector<std::string> Condition::Items() const {
  std::vector<std::string> out;
  for (const ConditionTerm &t : terms) out.push_back(t.item);
  return out;
}

Result<std::vector<Condition>> ParseCondition(std::string_view text, const ItemCatalog &catalog) {
  std::vector<Condition> out(1);
  for (const std::string &raw : detail::Split(text, '&')) {
    std::string_view term = detail::Trim(raw);
    size_t eq = term.find('=');
    auto bad = [&](std::string why) {
      return Fail(Error::Internal("care_rules_invalid", "条件 \"" + std::string(term) + "\" が不正です: " + why));
    };
    if (eq == std::string_view::npos) return bad("= がありません");
    std::string_view item = detail::Trim(term.substr(0, eq));
    std::string_view values = detail::Trim(term.substr(eq + 1));
    std::vector<int> choices;
    if (values != "*") {
      for (const std::string &v : detail::Split(values, ',')) {
        std::string_view s = detail::Trim(v);
        int n = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec != std::errc() || p != s.data() + s.size()) return bad("選択肢番号が数字ではありません");
        choices.push_back(n);
      }
    }
    auto expanded = catalog.ExpandScope(item);
    if (!expanded) return bad(expanded.error().message);
    for (const std::string &id : *expanded) {
      const ItemDef *def = catalog.Find(id);
      for (int c : choices) {
        if (!def->FindChoice(c)) return bad(id + " に選択肢 " + std::to_string(c) + " はありません");
      }
    }
    std::vector<Condition> next;
    for (const Condition &base : out) {
      for (const std::string &id : *expanded) {
        Condition c = base;
        c.terms.push_back({id, choices, catalog.IndexOf(*catalog.Find(id))});
        next.push_back(std::move(c));
      }
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace denen::care
