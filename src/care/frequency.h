// Frequency expressions in a note ("週に1回程度", "2回/日", "月に2～3回",
// "1か月間で1、2回", "ほぼ毎日") converted to occurrences per month, with the
// byte span where they were written. Pure function over width-normalised text.
#pragma once

#include <string_view>
#include <vector>

#include "care/rules.h"
#include "care/tokenizer.h"

namespace denen::care {

struct FrequencyMention {
  size_t begin = 0;  // bytes into the normalised text
  size_t end = 0;
  double per_month = 0;
  // A dated occurrence within the last month ("3週間前", "10日前"): at least
  // once in that month, a lower bound that a stated rate replaces.
  bool single_event = false;
};

// Numeric expressions are parsed here; word expressions (毎日, 毎晩, …) come
// from frequency.tsv and are matched on the tokens, keyed by rules
// (RuleSet::KeyTokens).
std::vector<FrequencyMention> FindFrequencies(std::string_view normalized, const std::vector<Token> &tokens,
                                              const RuleSet &rules);

// Level tag for a rate from the thresholds of a group (highest first).
std::string FrequencyLevel(const RuleSet &rules, const std::string &group, double per_month);

}  // namespace denen::care
