#include "care/tokenizer.h"

#include <mecab.h>

#include <filesystem>

#include "care/text.h"

namespace denen::care {

namespace {

// The first fields of a comma-separated MeCab feature string, in one pass
// that stops after the last field wanted; fields past the end are empty.
constexpr int kFeatureFields = 8;
void SplitFeature(const char *feature, std::string_view (&fields)[kFeatureFields]) {
  const char *p = feature;
  int i = 0;
  for (; i < kFeatureFields; ++i) {
    const char *start = p;
    while (*p != '\0' && *p != ',') ++p;
    fields[i] = std::string_view(start, static_cast<size_t>(p - start));
    if (*p == '\0') break;
    ++p;
  }
  for (++i; i < kFeatureFields; ++i) fields[i] = {};
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> Tokenizer::Open(const std::string &dicdir, const std::string &userdic) {
  if (!std::filesystem::exists(dicdir + "/sys.dic")) {
    return Fail(Error::Unavailable("mecab_dictionary_missing", "MeCab の辞書が見つかりません: " + dicdir));
  }
  std::string args = "-d " + dicdir;
  if (!userdic.empty()) {
    if (!std::filesystem::exists(userdic)) {
      return Fail(Error::Unavailable("mecab_userdic_missing", "介護用語のユーザー辞書が見つかりません: " + userdic));
    }
    args += " -u " + userdic;
  }
  std::unique_ptr<Tokenizer> t(new Tokenizer());
  t->model_ = MeCab::createModel(args.c_str());
  if (t->model_ == nullptr) {
    return Fail(Error::Unavailable("mecab_open_failed", std::string("MeCab を開けません: ") + MeCab::getLastError()));
  }
  t->tagger_ = t->model_->createTagger();
  if (t->tagger_ == nullptr) {
    return Fail(Error::Unavailable("mecab_open_failed", std::string("MeCab を開けません: ") + MeCab::getLastError()));
  }
  return t;
}

Tokenizer::~Tokenizer() {
  delete tagger_;
  delete model_;
}

std::vector<Token> Tokenizer::Tokenize(std::string_view text) const {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 4);  // about 4.6 bytes a morpheme in notes
  std::unique_ptr<MeCab::Lattice> lattice(model_->createLattice());
  lattice->set_sentence(text.data(), text.size());
  if (!tagger_->parse(lattice.get())) return tokens;
  const char *start = lattice->sentence();
  for (const MeCab::Node *node = lattice->bos_node(); node != nullptr; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    Token &tok = tokens.emplace_back();
    tok.surface.assign(node->surface, node->length);
    std::string_view f[kFeatureFields];
    SplitFeature(node->feature, f);
    tok.pos = f[0];
    tok.pos2 = f[1];
    std::string_view base = f[6];
    if (base.empty() || base == "*") {
      tok.base = tok.surface;
    } else {
      tok.base.assign(base);
    }
    std::string_view conjugation = f[4];
    if (!conjugation.empty() && conjugation != "*") tok.conjugation.assign(conjugation);
    std::string_view reading = f[7];
    if (!reading.empty() && reading != "*") tok.reading.assign(reading);
    const bool content = (tok.pos == "名詞" || tok.pos == "動詞" || tok.pos == "形容詞" || tok.pos == "副詞") &&
                         tok.pos2 != "非自立" && tok.pos2 != "接尾";
    if (content && detail::IsKanaOnly(tok.surface) && detail::IsKanaOnly(tok.base)) {
      tok.kana_base = detail::ToKatakana(tok.base);
    }
    tok.begin = static_cast<size_t>(node->surface - start);
    tok.end = tok.begin + node->length;
  }
  return tokens;
}

size_t Tokenizer::CountMorphemes(std::string_view text) const {
  std::unique_ptr<MeCab::Lattice> lattice(model_->createLattice());
  lattice->set_sentence(text.data(), text.size());
  if (!tagger_->parse(lattice.get())) return 0;
  size_t n = 0;
  for (const MeCab::Node *node = lattice->bos_node(); node != nullptr; node = node->next) {
    if (node->stat != MECAB_BOS_NODE && node->stat != MECAB_EOS_NODE) ++n;
  }
  return n;
}

}  // namespace denen::care
