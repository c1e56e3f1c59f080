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
  size_t item_index = 0;     // the item's position in the catalog it was parsed with
};

// A form's answers by catalog position, built once per form so that many
// conditions are tested without looking item ids up.
class AnswerTable {
 public:
  AnswerTable(const std::map<std::string, std::vector<int>> &answers, const ItemCatalog &catalog);
  // The answer to the item at `index`; nullptr when it is not answered.
  const std::vector<int> *At(size_t index) const { return index < by_index_.size() ? by_index_[index] : nullptr; }

 private:
  std::vector<const std::vector<int> *> by_index_;  // views into the answers it was built from
};

struct Condition {
  std::vector<ConditionTerm> terms;
  // True when every term's item is answered with one of its choices.
  bool Holds(const std::map<std::string, std::vector<int>> &answers) const;
  // The same, for a condition parsed with the table's catalog. Inline for
  // its first term: a form answers few items, and most conditions end there.
  bool Holds(const AnswerTable &answers) const {
    return terms.empty() || (answers.At(terms.front().item_index) != nullptr && HoldsEveryTerm(answers));
  }
  std::vector<std::string> Items() const;

 private:
  // Holds, tested term by term.
  bool HoldsEveryTerm(const AnswerTable &answers) const;
};

// Parses a condition; "@group=…" in a term is expanded to one condition per
// item of the group (so the result may hold several). Fails naming the term.
Result<std::vector<Condition>> ParseCondition(std::string_view text, const ItemCatalog &catalog);

}  // namespace denen::care
