#include "care/pattern_match.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "care/eval.h"
#include "care/test_util.h"
#include "care/text.h"

namespace denen::care {
namespace {

// Every note of the shared dev cases and of testdata/, with its item.
std::vector<EvalCase> AllCases() {
  std::vector<std::string> files = {DENEN_CARE_SHARED_CASES};
  for (const auto &entry :
       std::filesystem::directory_iterator(std::filesystem::path(DENEN_CARE_OWN_CASES).parent_path())) {
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path().string());
  }
  std::vector<EvalCase> out;
  for (const std::string &f : files) {
    std::ifstream in(f);
    auto cases = ReadEvalCases(in);
    EXPECT_TRUE(cases.has_value()) << f;
    if (cases) out.insert(out.end(), cases->begin(), cases->end());
  }
  return out;
}

// The tokens view the normalised text, so both are kept together.
struct KeyedNote {
  std::unique_ptr<const std::string> text;
  std::vector<Token> tokens;
};

KeyedNote KeyedTokens(const std::string &note) {
  const CareChecker &c = testing::Checker();
  KeyedNote k{std::make_unique<const std::string>(detail::NormalizeWidth(note)), {}};
  k.tokens = c.tokenizer().Tokenize(*k.text);
  c.rules().KeyTokens(&k.tokens);
  return k;
}

// Trying every pattern at every token, the way the index must agree with.
std::vector<PatternHit> EveryPatternAtEveryToken(const PatternIndex &index, const std::vector<Token> &tokens) {
  std::vector<PatternHit> hits;
  for (size_t e = 0; e < index.size(); ++e) {
    for (size_t t = 0; t < tokens.size(); ++t) {
      size_t last = 0;
      if (MatchPatternAt(index.pattern(static_cast<int>(e)), tokens, t, &last)) {
        hits.push_back({static_cast<int>(e), t, last});
      }
    }
  }
  return hits;
}

bool SameHits(const std::vector<PatternHit> &a, const std::vector<PatternHit> &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].entry != b[i].entry || a[i].first != b[i].first || a[i].last != b[i].last) return false;
  }
  return true;
}

TEST(PatternIndex, FindsWhatEveryPatternTriedAtEveryTokenFinds) {
  const RuleSet &rules = testing::Checker().rules();
  size_t notes = 0, hits = 0;
  // Hits by the kind of the pattern's first element, so that every way in
  // (word, class, contained string) is exercised.
  size_t by_word = 0, by_class = 0, by_contains = 0;
  for (const EvalCase &c : AllCases()) {
    const KeyedNote keyed = KeyedTokens(c.input.note);
    const std::vector<Token> &tokens = keyed.tokens;
    // The item's cues and modifiers, in one index.
    const PatternIndex &item_index = rules.RulesOf(c.input.item).index;
    std::vector<PatternHit> fast = item_index.FindAll(tokens);
    std::vector<PatternHit> slow = EveryPatternAtEveryToken(item_index, tokens);
    ASSERT_TRUE(SameHits(fast, slow)) << c.input.id << ": " << fast.size() << " hits by the index, " << slow.size()
                                      << " by trying every pattern";
    const PatternIndex &frequency = rules.FrequencyWords().index;
    ASSERT_TRUE(SameHits(frequency.FindAll(tokens), EveryPatternAtEveryToken(frequency, tokens))) << c.input.id;
    for (const PatternHit &h : fast) {
      switch (item_index.pattern(h.entry).elements.front().kind) {
        case PatternElement::Kind::kWord:
          ++by_word;
          break;
        case PatternElement::Kind::kClass:
          ++by_class;
          break;
        case PatternElement::Kind::kContains:
          ++by_contains;
          break;
        case PatternElement::Kind::kGap:
          ADD_FAILURE() << "a pattern cannot start with a gap";
          break;
      }
    }
    ++notes;
    hits += fast.size();
  }
  EXPECT_GT(notes, 3000u);
  EXPECT_GT(hits, notes);
  EXPECT_GT(by_word, 0u);
  EXPECT_GT(by_class, 0u);
  EXPECT_GT(by_contains, 0u);
}

TEST(PatternIndex, ReadsTheNoteInEveryWayMatchingDoes) {
  const RuleSet &rules = testing::Checker().rules();
  auto found = [&](const std::string &item, const std::string &note, const std::string &pattern_text) {
    const KeyedNote keyed = KeyedTokens(note);
    const std::vector<Token> &tokens = keyed.tokens;
    const ItemRules &of_item = rules.RulesOf(item);
    for (const PatternHit &h : of_item.index.FindAll(tokens)) {
      const bool cue = static_cast<size_t>(h.entry) < of_item.cues.size();
      if (cue && of_item.index.pattern(h.entry).text == pattern_text) return true;
    }
    return false;
  };
  // A kana spelling of a lexicon word, and a class word with an honorific.
  EXPECT_TRUE(found("2-2", "廊下は家族がみまもって歩いている。", "見守る"));
  EXPECT_TRUE(found("2-5", "ヘルパーさんが手を添えて食べている。", "手 を 添える"));
  // A compound verb written half in kana (聞き|とれる), a pattern starting
  // with ない, and a word containing the pattern's string.
  EXPECT_TRUE(found("1-13", "普通の声で聞きとれる。", "聞き取れる"));
  EXPECT_TRUE(found("2-3", "むせて飲み込めないことがある。", "ない こと が ある"));
  EXPECT_TRUE(found("1-2", "右肩の関節が硬い。", "~肩"));
}

// The class names of classes.tsv, in file order.
std::vector<std::string> ClassNames() {
  std::vector<std::string> classes;
  std::ifstream in(CareChecker::DefaultOptions().data_dir + "/classes.tsv");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') classes.push_back(line.substr(0, line.find('\t')));
  }
  return classes;
}

// InClass reads the class bits of the rule set's words: they must say exactly
// what the class lists of classes.tsv say, for every word of every class.
TEST(RuleKeys, ClassMembershipIsWhatClassesTsvLists) {
  const RuleSet &rules = testing::Checker().rules();
  const std::vector<std::string> classes = ClassNames();
  ASSERT_GT(classes.size(), 10u);
  std::set<std::string> every_word;
  for (const std::string &cls : classes) {
    for (const std::string &w : rules.ClassWords(cls)) every_word.insert(w);
  }
  size_t members = 0;
  for (const std::string &cls : classes) {
    const std::vector<std::string> &listed = rules.ClassWords(cls);
    ASSERT_FALSE(listed.empty()) << cls;
    for (const std::string &w : every_word) {
      const bool in_list = std::find(listed.begin(), listed.end(), w) != listed.end();
      // A listed word, or (InClass's rule) the word without an honorific suffix listed.
      bool expected = in_list;
      for (std::string_view h : {"さん", "様", "さま", "ちゃん"}) {
        if (!expected && w.size() > h.size() && w.ends_with(h)) {
          expected = std::find(listed.begin(), listed.end(), w.substr(0, w.size() - h.size())) != listed.end();
        }
      }
      ASSERT_EQ(rules.InClass(cls, w), expected) << cls << " / " << w;
      members += in_list;
    }
  }
  EXPECT_GT(members, 400u);
  EXPECT_FALSE(rules.InClass("介護者", "ない語彙"));
  EXPECT_FALSE(rules.InClass("存在しない類", "妻"));
}

TEST(RuleKeys, AgreeWithTheClassAndBarrierLookUps) {
  const RuleSet &rules = testing::Checker().rules();
  const std::vector<std::string> classes = ClassNames();
  ASSERT_GT(classes.size(), 10u);
  size_t checked = 0, members = 0, barriers = 0;
  for (const EvalCase &c : AllCases()) {
    if (checked > 20000) break;
    const KeyedNote keyed = KeyedTokens(c.input.note);
    for (const Token &t : keyed.tokens) {
      for (const std::string &cls : classes) {
        int index = rules.ClassIndex(cls);
        ASSERT_GE(index, 0) << cls;
        bool member =
            rules.InClass(cls, t.base) || rules.InClass(cls, t.surface) || rules.InClassByReading(cls, t.kana_base);
        ASSERT_EQ(t.key.classes.test(static_cast<size_t>(index)), member) << cls << " / " << t.surface;
        ASSERT_EQ(t.key.base_classes.test(static_cast<size_t>(index)), rules.InClass(cls, t.base))
            << cls << " / " << t.surface;
        ASSERT_EQ(rules.InClass(cls, t), rules.InClass(cls, t.base)) << cls << " / " << t.surface;
        members += member;
      }
      ASSERT_EQ(t.key.gap_barrier, rules.IsGapBarrier(t)) << t.surface;
      barriers += t.key.gap_barrier;
      ++checked;
    }
  }
  EXPECT_GT(members, 1000u);
  EXPECT_GT(barriers, 10u);
}

// KeyTokens caches the keys of the words met on each thread: two rule sets
// used in turn on one thread must each see their own classes.
TEST(RuleKeys, TwoRuleSetsInTurnOnOneThreadKeepTheirOwnClasses) {
  const CareChecker &c = testing::Checker();
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("denen-rules-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CareChecker::DefaultOptions().data_dir, dir, fs::copy_options::recursive);
  {
    // The copy also counts a neighbour (隣人) as a helper.
    std::ifstream in(dir / "classes.tsv");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string line = "介護者\t介護者 ";
    const size_t at = text.find("\n" + line);
    ASSERT_NE(at, std::string::npos);
    text.insert(at + 1 + line.size(), "隣人 ");
    std::ofstream(dir / "classes.tsv") << text;
  }
  auto widened = RuleSet::Load(dir.string(), c.tokenizer());
  fs::remove_all(dir);
  ASSERT_TRUE(widened.has_value()) << widened.error().message;
  const std::string note = "隣人が支える";
  auto helper_first = [&](const RuleSet &rules) {
    std::vector<Token> tokens = c.tokenizer().Tokenize(note);
    rules.KeyTokens(&tokens);
    return !tokens.empty() && rules.InClass("介護者", tokens.front());
  };
  for (int round = 0; round < 2; ++round) {
    EXPECT_FALSE(helper_first(c.rules())) << round;
    EXPECT_TRUE(helper_first(*widened)) << round;
  }
}

}  // namespace
}  // namespace denen::care
