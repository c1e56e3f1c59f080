// The versioned rule data of the care checker, loaded from data/care/
// (format: docs/care-rules.md): lexicon cues, context modifiers, word
// classes, frequency words, engine weights, the 57 警告コード, required-note
// rules and 主治医意見書 comparisons. Patterns are tokenised with the same
// MeCab as the notes so that "手を添える" also matches "手を添えて".
// Immutable after Load; safe to share between threads.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "care/catalog.h"
#include "care/condition.h"
#include "care/pattern_match.h"
#include "care/tokenizer.h"
#include "core/error.h"

namespace denen::care {

// A lexicon entry: a phrase that, found in an item's note, says which
// choices fit (through level tags), and what it says when negated.
struct Cue {
  std::string source;  // "lexicon.tsv:57" for messages and eval reports
  std::set<std::string> items;
  Pattern pattern;
  std::vector<std::string> levels;
  std::vector<std::string> negated_levels;  // empty = dropped when negated
  bool ignore_negation = false;
  double weight = 1.0;
};

// A context word that scales the cues near it (past, hedge, rehab, …).
struct Modifier {
  std::string source;
  std::string kind;
  std::set<std::string> items;
  Pattern pattern;
  double factor = 1.0;
  std::string range;  // clause | sentence | before | after | sentence_before
};

struct FrequencyWord {
  Pattern pattern;
  double per_month = 0;
};

struct WarningRule {
  std::string code;  // "01" … "57"
  Condition condition;
  std::string message;
};

struct RequiredNoteRule {
  std::string id;
  Condition condition;
  std::string note_item;    // whose note must say it
  std::string requirement;  // nonempty | freq | any:<class> | all:<class>,<class>
  // The classes of an any: or all: requirement, split once at load.
  std::vector<std::string> requirement_classes;
  std::string only_if;  // optional class that must appear in the note first
  std::string severity;
  std::string message;
};

struct DoctorRule {
  std::string field;  // flattened doctor path, e.g. "symptoms.wandering"
  std::string item;
  int part = 0;  // for multiple-choice items: the choice whose presence is compared
  std::map<int, int> survey_rank;
  std::map<std::string, int> doctor_rank;
  std::string label;
};

// The rules of one kind, in file order, filed in a PatternIndex: a hit's
// entry is the position in `rules`.
template <typename Rule>
struct IndexedRules {
  std::vector<const Rule *> rules;
  PatternIndex index;
};

// The cues and the modifiers whose scope holds an item, each in file order,
// filed in one PatternIndex (the cues first), so that a note is searched for
// both in one pass: a hit's entry below cues.size() is cues[entry], a larger
// one modifiers[entry − cues.size()].
struct ItemRules {
  std::vector<const Cue *> cues;
  std::vector<const Modifier *> modifiers;
  PatternIndex index;
};

class RuleSet {
 public:
  RuleSet(RuleSet &&) = default;
  RuleSet &operator=(RuleSet &&) = default;
  // Not copyable: the indexes point into the rule vectors.
  RuleSet(const RuleSet &) = delete;
  RuleSet &operator=(const RuleSet &) = delete;

  // Reads every rule file in data_dir; each error names file and line.
  static Result<RuleSet> Load(const std::string &data_dir, const Tokenizer &tokenizer);

  const ItemCatalog &catalog() const { return catalog_; }
  const std::vector<WarningRule> &warnings() const { return warnings_; }
  const std::vector<RequiredNoteRule> &required_notes() const { return required_notes_; }
  const std::vector<DoctorRule> &doctor_rules() const { return doctor_rules_; }
  // The cues and the modifiers whose scope holds the item (empty for an
  // unknown item), and every frequency word, indexed for matching.
  const ItemRules &RulesOf(std::string_view item) const;
  const IndexedRules<FrequencyWord> &FrequencyWords() const { return frequency_index_; }
  const std::string &version() const { return version_; }

  // True when the class contains the word.
  bool InClass(std::string_view cls, std::string_view word) const;
  // InClass(cls, t.base) read from the token's key (KeyTokens), without
  // looking the word up again: the token must have been keyed by this rule set.
  bool InClass(std::string_view cls, const Token &t) const;
  // The same with the class named by its index (ClassIndex, asked once
  // outside a loop over tokens); false for -1.
  static bool InClass(int cls, const Token &t) { return cls >= 0 && t.key.base_classes.test(static_cast<size_t>(cls)); }
  // A word spelt in kana (Token::kana_base) whose reading is that of a word
  // of the class (ふく for 拭く).
  bool InClassByReading(std::string_view cls, std::string_view kana_base) const;
  // A word a pattern gap ("…") may not skip: another person acting
  // ("自分では届かず孫が切る" is not 自分で…切る). engine.tsv gap_barrier.
  bool IsGapBarrier(const Token &t) const;
  // Fills each token's key (Token::key) from its words; patterns match only
  // keyed tokens. Call again after changing a token's words.
  void KeyTokens(std::vector<Token> *tokens) const;
  // The two parts of KeyTokens, for a caller that keeps keys of its own
  // (NoteJudge's per-thread token cache): the key of one token's words, all
  // but TokenKey::joined_reading, not cached; and joined_reading of every
  // token, read from the token after it.
  TokenKey KeyOfWords(const Token &t) const;
  void KeyJoinedReadings(std::vector<Token> *tokens) const;
  // Names this rule set in per-thread caches of token keys: never reused.
  uint64_t serial() const { return serial_; }
  // The index of a class in TokenKey::classes; -1 for no such class.
  int ClassIndex(std::string_view cls) const;
  const std::vector<std::string> &ClassWords(std::string_view cls) const;
  // Engine tunables from engine.tsv (fails loudly at load when absent).
  double Param(std::string_view key) const;
  const std::vector<std::string> &ParamList(std::string_view key) const;
  // Per-month threshold for a frequency level in a group ("bpsd", "2-12", …).
  const std::vector<std::pair<std::string, double>> &Thresholds(std::string_view group) const;
  // How large a share of the usual occasions an occasion word names
  // (frequency.tsv `occasion`: 平日 5, 週末 2, 夕食 1); 0 when it is none.
  double OccasionShare(std::string_view word) const;

 private:
  ItemCatalog catalog_;
  std::vector<Cue> cues_;
  std::vector<Modifier> modifiers_;
  std::vector<FrequencyWord> frequency_words_;
  std::vector<WarningRule> warnings_;
  std::vector<RequiredNoteRule> required_notes_;
  std::vector<DoctorRule> doctor_rules_;
  // Words are a few characters (3 bytes each): eight bytes are mixed at a
  // time, which costs a third of std::hash's byte-wise hash on such words.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };
  // Transparent look-ups: by string_view, building no string. The judge asks
  // for tunables and lists by name many times a note, so they are hashed.
  template <typename T>
  using ByName = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;
  using WordSet = std::set<std::string, std::less<>>;
  std::map<std::string, WordSet, std::less<>> classes_;  // ordered: a class's index is its rank
  ByName<std::vector<std::string>> class_lists_;
  ByName<WordSet> class_readings_;
  WordSet gap_barriers_;
  ByName<double> params_;
  ByName<std::vector<std::string>> param_lists_;
  ByName<std::vector<std::pair<std::string, double>>> thresholds_;
  ByName<double> occasion_shares_;
  std::string version_;
  // Matching by integers (KeyTokens): every word the patterns name, and the
  // classes each class word (or its reading) belongs to.
  struct WordInfo {
    int id = -1;                   // in the vocabulary of the patterns; -1 = a class word only
    WordClassSet classes;          // classes holding the word
    WordClassSet reading_classes;  // classes holding a word of this (katakana) reading
  };
  std::unordered_map<std::string, WordInfo, StringHash, std::equal_to<>> words_;
  int vocabulary_size_ = 0;
  WordClassSet gap_barrier_classes_;
  // Class name → index in TokenKey::classes, as a flat open-addressing table
  // (ClassIndex is asked on every InClass): (name, index), index -1 = free.
  std::vector<std::pair<std::string, int>> class_slots_;
  ByName<ItemRules> rules_of_;
  IndexedRules<FrequencyWord> frequency_index_;
  // Names this rule set (and its copies, which hold the same words) in the
  // per-thread cache of token keys (KeyTokens).
  uint64_t serial_ = 0;
  RuleSet() = default;
  void BuildKeys();
  const WordInfo *FindWord(std::string_view word) const;
};

// Compiles a pattern written in a data file ("膝 … 手 を 置く", "<介護者> が").
Pattern CompilePattern(const std::string &text, const Tokenizer &tokenizer);

}  // namespace denen::care
