// Matching compiled lexicon patterns against note tokens. Private to care.
#pragma once

#include <vector>

#include "care/rules.h"
#include "care/tokenizer.h"

namespace denen::care {

// True when the pattern matches starting at tokens[start]; *last receives the
// index of the last matched token. Gaps ("…") skip at most 8 tokens and never
// cross a sentence end (。).
bool MatchPatternAt(const Pattern &pattern, const std::vector<Token> &tokens, size_t start,
                    const RuleSet &rules, size_t *last);

}  // namespace denen::care
