// Morphological analysis of 特記事項 (tokki, the surveyor's free-text notes)
// through MeCab's C++ API with IPADIC plus the care user dictionary.
// A Tokenizer is loaded once per process; Tokenize is safe to call from many
// threads at once (MeCab's Model/Lattice API, one lattice per call).
#pragma once

#include <bitset>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace MeCab {
class Model;
class Tagger;
}  // namespace MeCab

namespace denen::care {

// The most word classes a rule set may define (classes.tsv).
inline constexpr size_t kMaxWordClasses = 128;
using WordClassSet = std::bitset<kMaxWordClasses>;

// What a rule set knows of a token, so that patterns compare integers, not
// strings: RuleSet::KeyTokens fills it before any pattern is matched. Ids are
// those of the rule set's vocabulary (the words its patterns name); -1 = a
// word no pattern names.
struct TokenKey {
  int base = -1;
  int surface = -1;
  int kana_base = -1;
  // The reading of this verb joined with the next verb's kana dictionary form
  // (聞き|とれる → キキトレル), when both are verbs; -1 otherwise.
  int joined_reading = -1;
  WordClassSet classes;       // classes holding the base, the surface or (by reading) the kana form
  WordClassSet base_classes;  // classes holding the base
  bool gap_barrier = false;   // a word a pattern gap may not skip (RuleSet::IsGapBarrier)
  // detail::HashBytes of the base keyed: the learned reader's key of the word
  // (NoteWord::hash), made once per word met, not once per note.
  uint64_t base_hash = 0;
};

// A view of a token's text. It is a std::string_view whose comparison with a
// string literal (t.pos == "動詞", the rules' most frequent operation) compares
// the length and then a byte count known at compile time, which the compiler
// inlines, instead of calling memcmp with a length known only at run time.
// A char array is compared whole, as a literal is (its last byte the NUL):
// compare a buffer holding a shorter string through std::string_view.
class TokenText : public std::string_view {
 public:
  using std::string_view::string_view;
  constexpr TokenText() = default;
  constexpr explicit TokenText(std::string_view text) : std::string_view(text) {}

  template <size_t N>
  bool operator==(const char (&literal)[N]) const {
    return size() == N - 1 && std::memcmp(data(), literal, N - 1) == 0;
  }
};

// One morpheme. Offsets are bytes into the analysed text.
// Every text field is a view, so building and comparing tokens copies no
// string: the surface (and the base of a word the dictionary does not know)
// views the text given to Tokenizer::Tokenize, which must outlive the token;
// the other fields view strings the process keeps for its whole life (the
// dictionary's names, interned once) or string literals.
struct Token {
  TokenText surface;
  TokenText base;         // 原形 (dictionary form); the surface when MeCab has none
  TokenText pos;          // 品詞 e.g. 名詞, 動詞, 助詞, 助動詞, 記号
  TokenText pos2;         // 品詞細分類1 e.g. 接続助詞, 句点, 非自立
  TokenText reading;      // katakana reading of the surface; empty when unknown
  TokenText conjugation;  // 活用型 e.g. 五段・サ行, 一段; empty when none
  // For a word written in kana (ささえて, ツエ): its dictionary form in
  // katakana (ササエル), compared with the readings of lexicon words so that
  // kana spellings match kanji ones. Empty for words written with kanji.
  TokenText kana_base;
  // Holds kana_base for an unknown word written in hiragana (rare), whose
  // katakana form is in neither the text nor the dictionary; shared so that
  // the view stays valid when the token is copied or moved.
  std::shared_ptr<const std::string> kana_base_storage;
  size_t begin = 0;
  size_t end = 0;
  TokenKey key;  // filled by RuleSet::KeyTokens
};

// MeCab's reading of one morpheme, before it becomes a Token: where it is in
// the text parsed, and its dictionary entry (MeCab's feature string, which
// lives as long as the Tokenizer that parsed it). 16 bytes, so that the
// morphemes of many notes parsed ahead (Tokenizer::Parse) stay small.
struct Morpheme {
  uint32_t begin = 0;   // bytes into the text parsed
  uint32_t length = 0;  // bytes
  const char *feature = nullptr;
};

class Tokenizer {
 public:
  // dicdir: the IPADIC directory (UTF-8); userdic: compiled user dictionary
  // (empty for none). Fails naming the file when MeCab cannot open them.
  static Result<std::unique_ptr<Tokenizer>> Open(const std::string &dicdir, const std::string &userdic);
  ~Tokenizer();
  Tokenizer(const Tokenizer &) = delete;
  Tokenizer &operator=(const Tokenizer &) = delete;

  // The tokens view text (Token): keep it alive and unmoved while they are used.
  // The same as Tokens(text, Parse(text)).
  std::vector<Token> Tokenize(std::string_view text) const;
  // MeCab's part of Tokenize alone. Parsing many texts one after another,
  // then making their tokens, keeps MeCab's tables in the processor's caches
  // while it runs (CareChecker::CheckAll). Texts longer than 4 GiB are not
  // parsed (an empty result).
  std::vector<Morpheme> Parse(std::string_view text) const;
  // The tokens of morphemes this Tokenizer parsed from the same text.
  std::vector<Token> Tokens(std::string_view text, const std::vector<Morpheme> &morphemes) const;
  // The token of one of those morphemes (Tokens makes each this way).
  Token TokenOf(std::string_view text, const Morpheme &morpheme) const;
  // Names this Tokenizer in per-thread caches keyed by dictionary entry
  // (Morpheme::feature): never reused, as another Tokenizer's dictionary may
  // later sit at the same addresses.
  uint64_t serial() const { return serial_; }
  // Only counts morphemes: the baseline the benchmark compares against.
  size_t CountMorphemes(std::string_view text) const;

 private:
  Tokenizer() = default;
  MeCab::Model *model_ = nullptr;
  MeCab::Tagger *tagger_ = nullptr;
  uint64_t serial_ = 0;  // names this Tokenizer in the per-thread feature cache
};

}  // namespace denen::care
