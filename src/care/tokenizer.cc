#include "care/tokenizer.h"

#include <mecab.h>

#include <atomic>
#include <bit>
#include <filesystem>
#include <mutex>
#include <set>

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

// What a MeCab feature string says of a word, parsed once. MeCab points a
// node's feature into the dictionary's memory, which lives as long as the
// Model, so while one Tokenizer is in use the address names the dictionary
// entry: reading the string again would only re-read cold memory. Every
// field views an interned string (Interned), so tokens may view them too.
struct ParsedFeature {
  TokenText pos;
  TokenText pos2;
  TokenText base;  // empty when the dictionary has none (unknown words)
  TokenText conjugation;
  TokenText reading;
  bool content = false;  // a content word (the kana_base rule of Token)
  TokenText kana_base;   // ToKatakana(base) when base is kana-only
};

// The one copy of a string of a dictionary (a part-of-speech name, a base
// form, a reading), kept for the life of the process so that tokens can view
// it whatever happens to the caches. Only dictionary entries are interned,
// never text from a note, so the set is bounded by the dictionaries loaded;
// the lock is taken only when a thread first meets a dictionary entry.
std::string_view Interned(std::string_view text) {
  static std::mutex mu;
  static std::set<std::string, std::less<>> strings;
  std::lock_guard<std::mutex> lock(mu);
  auto it = strings.find(text);
  if (it == strings.end()) it = strings.emplace(text).first;
  return *it;
}

ParsedFeature ParseFeature(const char *feature) {
  std::string_view f[kFeatureFields];
  SplitFeature(feature, f);
  ParsedFeature p;
  p.pos = TokenText(Interned(f[0]));
  p.pos2 = TokenText(Interned(f[1]));
  if (!f[6].empty() && f[6] != "*") p.base = TokenText(Interned(f[6]));
  if (!f[4].empty() && f[4] != "*") p.conjugation = TokenText(Interned(f[4]));
  if (!f[7].empty() && f[7] != "*") p.reading = TokenText(Interned(f[7]));
  p.content = (p.pos == "名詞" || p.pos == "動詞" || p.pos == "形容詞" || p.pos == "副詞") && p.pos2 != "非自立" &&
              p.pos2 != "接尾";
  if (p.content && !p.base.empty() && detail::IsKanaOnly(p.base))
    p.kana_base = TokenText(Interned(detail::ToKatakana(p.base)));
  return p;
}

// One cache per thread, so Tokenize takes no lock. It belongs to one
// Tokenizer at a time (by serial number, never reused): another Tokenizer's
// dictionary may sit at the same addresses once the first is gone.
// Open addressing over a flat array of addresses: the look-up touches one
// small array, not a chain of nodes spread over the heap.
class FeatureCache {
 public:
  const ParsedFeature &Get(uint64_t owner, const char *feature) {
    if (owner != owner_ || parsed_.size() >= kMaxEntries) Reset(owner);
    size_t i = Slot(feature);
    for (;; i = (i + 1) & (keys_.size() - 1)) {
      if (keys_[i] == feature) return parsed_[index_[i]];
      if (keys_[i] == nullptr) break;
    }
    if ((parsed_.size() + 1) * 2 > keys_.size()) {
      Grow();
      return Get(owner, feature);
    }
    keys_[i] = feature;
    index_[i] = static_cast<uint32_t>(parsed_.size());
    parsed_.push_back(ParseFeature(feature));
    return parsed_.back();
  }

 private:
  static constexpr size_t kMaxEntries = 1 << 16;  // a few MiB; notes use far fewer words

  size_t Slot(const char *p) const {
    // Fibonacci hashing of the address (entries are not aligned to anything useful).
    const uint64_t h = reinterpret_cast<uintptr_t>(p) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> shift_);
  }
  void Reset(uint64_t owner) {
    owner_ = owner;
    parsed_.clear();
    Resize(1024);
  }
  void Resize(size_t capacity) {  // a power of two
    keys_.assign(capacity, nullptr);
    index_.assign(capacity, 0);
    shift_ = 64 - std::countr_zero(capacity);
  }
  void Grow() {
    std::vector<const char *> old = std::move(keys_);
    std::vector<uint32_t> old_index = std::move(index_);
    Resize(old.size() * 2);
    for (size_t k = 0; k < old.size(); ++k) {
      if (old[k] == nullptr) continue;
      size_t i = Slot(old[k]);
      while (keys_[i] != nullptr) i = (i + 1) & (keys_.size() - 1);
      keys_[i] = old[k];
      index_[i] = old_index[k];
    }
  }

  uint64_t owner_ = 0;
  int shift_ = 64;
  std::vector<const char *> keys_;
  std::vector<uint32_t> index_;
  std::vector<ParsedFeature> parsed_;  // parsed_[index_[slot]]
};

std::atomic<uint64_t> next_tokenizer_serial{1};

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
  t->serial_ = next_tokenizer_serial.fetch_add(1);
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

std::vector<Token> Tokenizer::Tokenize(std::string_view text) const { return Tokens(text, Parse(text)); }

std::vector<Morpheme> Tokenizer::Parse(std::string_view text) const {
  std::vector<Morpheme> morphemes;
  if (text.size() > UINT32_MAX) return morphemes;
  morphemes.reserve(text.size() / 4 + 4);  // about 4.6 bytes a morpheme in notes
  std::unique_ptr<MeCab::Lattice> lattice(model_->createLattice());
  lattice->set_sentence(text.data(), text.size());
  if (!tagger_->parse(lattice.get())) return morphemes;
  const char *start = lattice->sentence();
  for (const MeCab::Node *node = lattice->bos_node(); node != nullptr; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
    morphemes.push_back({static_cast<uint32_t>(node->surface - start), node->length, node->feature});
  }
  return morphemes;
}

std::vector<Token> Tokenizer::Tokens(std::string_view text, const std::vector<Morpheme> &morphemes) const {
  std::vector<Token> tokens;
  tokens.reserve(morphemes.size());
  for (const Morpheme &m : morphemes) tokens.push_back(TokenOf(text, m));
  return tokens;
}

Token Tokenizer::TokenOf(std::string_view text, const Morpheme &m) const {
  thread_local FeatureCache cache;
  const ParsedFeature &p = cache.Get(serial_, m.feature);
  Token tok;
  const size_t begin = m.begin;
  tok.surface = TokenText(text.substr(begin, m.length));
  tok.pos = p.pos;
  tok.pos2 = p.pos2;
  tok.base = p.base.empty() ? tok.surface : p.base;
  tok.conjugation = p.conjugation;
  tok.reading = p.reading;
  if (p.content && detail::IsKanaOnly(tok.surface)) {
    if (!p.kana_base.empty()) {
      tok.kana_base = p.kana_base;
    } else if (p.base.empty()) {
      // An unknown word: its katakana form is its surface unless it has hiragana.
      std::string katakana = detail::ToKatakana(tok.base);
      if (katakana == tok.base) {
        tok.kana_base = tok.base;
      } else {
        tok.kana_base_storage = std::make_shared<const std::string>(std::move(katakana));
        tok.kana_base = TokenText(*tok.kana_base_storage);
      }
    }
  }
  tok.begin = begin;
  tok.end = begin + m.length;
  return tok;
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
