// Morphological analysis of 特記事項 (tokki, the surveyor's free-text notes)
// through MeCab's C++ API with IPADIC plus the care user dictionary.
// A Tokenizer is loaded once per process; Tokenize is safe to call from many
// threads at once (MeCab's Model/Lattice API, one lattice per call).
#pragma once

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

// One morpheme. Offsets are bytes into the analysed text.
struct Token {
  std::string surface;
  std::string base;         // 原形 (dictionary form); the surface when MeCab has none
  std::string pos;          // 品詞 e.g. 名詞, 動詞, 助詞, 助動詞, 記号
  std::string pos2;         // 品詞細分類1 e.g. 接続助詞, 句点, 非自立
  std::string reading;      // katakana reading of the surface; empty when unknown
  std::string conjugation;  // 活用型 e.g. 五段・サ行, 一段; empty when none
  // For a word written in kana (ささえて, ツエ): its dictionary form in
  // katakana (ササエル), compared with the readings of lexicon words so that
  // kana spellings match kanji ones. Empty for words written with kanji.
  std::string kana_base;
  size_t begin = 0;
  size_t end = 0;
};

class Tokenizer {
 public:
  // dicdir: the IPADIC directory (UTF-8); userdic: compiled user dictionary
  // (empty for none). Fails naming the file when MeCab cannot open them.
  static Result<std::unique_ptr<Tokenizer>> Open(const std::string &dicdir, const std::string &userdic);
  ~Tokenizer();
  Tokenizer(const Tokenizer &) = delete;
  Tokenizer &operator=(const Tokenizer &) = delete;

  std::vector<Token> Tokenize(std::string_view text) const;
  // Only counts morphemes: the baseline the benchmark compares against.
  size_t CountMorphemes(std::string_view text) const;

 private:
  Tokenizer() = default;
  MeCab::Model *model_ = nullptr;
  MeCab::Tagger *tagger_ = nullptr;
};

}  // namespace denen::care
