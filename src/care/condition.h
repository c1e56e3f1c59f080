// Conditions over answers written as data: "1-3=3 & 1-10=1", "3-8=2,3".
// For multiple-choice items "1-1=6" means the answer contains 6. Immutable.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "care/catalog.h"
#include "core/error.h"

namespace denen::care {

struct ConditionTerm {
  std::string item;
  std::vector<int> choices;  // empty = any answer at all ("2-1=*")
};

struct Condition {
  std::vector<ConditionTerm> terms;
  // True when every term's item is answered with one of its choices.
  bool Holds(const std::map<std::string, std::vector<int>> &answers) const;
  std::vector<std::string> Items() const;
};

// Parses a condition; "@group=…" in a term is expanded to one condition per
// item of the group (so the result may hold several). Fails naming the term.
Result<std::vector<Condition>> ParseCondition(std::string_view text, const ItemCatalog &catalog);

}  // namespace denen::care
