// Token patterns of the rule data ("<介護者> が … 手 を 添える") and their
// matching against note tokens. Patterns are compiled by RuleSet (rules.h),
// which also keys both patterns and tokens (ids instead of strings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "care/tokenizer.h"

namespace denen::care {

// One element of a token pattern.
struct PatternElement {
  enum class Kind { kWord, kClass, kGap, kContains };
  Kind kind = Kind::kWord;
  // Dictionary form to match (kWord), class name (kClass), or a string the
  // word must contain (kContains, written "~肩" to match 右肩 and 両肩).
  std::string word;
  std::string surface;  // the form as written (kWord), also accepted
  // Katakana reading of the dictionary form of a content word (kWord), matched
  // by words the note spells in kana; empty when not used.
  std::string reading;
  // The potential form of a 五段 verb (通す → 通せる), a word of its own in
  // IPADIC: "自分で袖を通せる" says the person does 通す.
  std::string potential;
  // The same words as ids of the rule set's vocabulary (-1 = none), set by
  // RuleSet::Load: word, surface, reading, potential; joined = the surface
  // of this word and the next word of the pattern written together ("で"+"も"
  // read as "でも"); word_class = the class's index (kClass).
  int word_id = -1;
  int surface_id = -1;
  int reading_id = -1;
  int potential_id = -1;
  int joined_id = -1;
  int word_class = -1;
  bool negation = false;  // the word ない (a polite ます may stand before it)
};

struct Pattern {
  std::string text;  // as written in the data file
  std::vector<PatternElement> elements;
  // For a pattern led by a helper (<介護者> …): the index of class 本人側,
  // whose word acting ("自分で", "本人が") stops its gaps; -1 otherwise.
  int person_class = -1;
};

// True when the pattern matches starting at tokens[start] (keyed tokens, see
// PatternIndex); *last receives the index of the last matched token.
bool MatchPatternAt(const Pattern &pattern, const std::vector<Token> &tokens, size_t start, size_t *last);

// Where a pattern of an index matched: its number in the index (the order
// it was added), the first and the last token.
struct PatternHit {
  int entry = 0;
  size_t first = 0;
  size_t last = 0;
};

// Patterns filed under what their first element can match (a word id, a
// class, or "anywhere" for the few that need a look at the text), so that
// each token is tried only against the patterns that can start there. Finds
// exactly what trying every pattern at every token finds. A match: gaps
// ("…") skip at most 8 tokens and never cross a sentence end (。). Tokens
// must be keyed by the rule set that keyed the patterns (RuleSet::KeyTokens).
class PatternIndex {
 public:
  // Files a keyed pattern; entries are numbered in the order they are added.
  void Add(const Pattern *pattern);
  size_t size() const { return patterns_.size(); }
  const Pattern &pattern(int entry) const { return *patterns_[static_cast<size_t>(entry)]; }
  // Every match in keyed tokens, ordered by entry, then by first token.
  std::vector<PatternHit> FindAll(const std::vector<Token> &tokens) const;

 private:
  std::vector<const Pattern *> patterns_;
  // Word id → entries, sparse (an index per item holds few words): open
  // addressing over a flat array of (id, list), since FindAll looks up every
  // word of every token and a node-based map costs a division and a pointer
  // chase each time.
  std::vector<int> &EntriesOfWord(int id);
  const std::vector<int> *FindEntriesOfWord(int id) const;
  size_t WordSlot(int id) const;
  std::vector<std::pair<int, int>> word_slots_;  // (word id, index in word_entries_); id -1 = free
  // Bit id set for each word id filed: most words of a note are in no
  // pattern of an index, and a bit answers that before the table is probed.
  std::vector<uint64_t> word_bits_;
  std::vector<std::vector<int>> word_entries_;
  std::vector<std::vector<int>> by_class_;  // class index → entries
  std::vector<int> anywhere_;               // tried at every token
};

}  // namespace denen::care
