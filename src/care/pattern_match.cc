#include "care/pattern_match.h"

#include <algorithm>
#include <cstdint>

namespace denen::care {

namespace {

constexpr size_t kMaxGap = 8;

bool ElementMatches(const PatternElement &e, const Token &t) {
  const TokenKey &k = t.key;
  // A word written alone may be analysed differently than in a sentence ("で"
  // as だ): the written form is accepted as well as the dictionary form.
  if (e.kind == PatternElement::Kind::kWord) {
    if (k.base >= 0 && (k.base == e.word_id || k.base == e.potential_id)) return true;
    if (k.surface >= 0 && (k.surface == e.word_id || k.surface == e.surface_id)) return true;
    // みまもって, ツエ: a kana spelling of the word.
    return k.kana_base >= 0 && k.kana_base == e.reading_id;
  }
  if (e.kind == PatternElement::Kind::kContains) return t.surface.find(e.word) != std::string::npos;
  return e.word_class >= 0 && k.classes.test(static_cast<size_t>(e.word_class));
}

bool IsSentenceEnd(const Token &t) { return t.pos == "記号" && t.pos2 == "句点"; }

// ヘルパーさん, 娘さん, 奥様: an honorific after a word of a class is part of it.
bool IsHonorific(const Token &t) {
  return t.pos == "名詞" && t.pos2 == "接尾" &&
         (t.base == "さん" || t.base == "様" || t.base == "さま" || t.base == "ちゃん");
}

// "妻が声をかけ、自分で顔を洗う": the person named as the actor (a word of
// class 本人側 followed by で / が / は / も) starts an act of their own, so a
// pattern that names the helper as the actor does not reach across it.
// "妻が本人の顔を拭く" (the person as the object) does not stop it.
bool IsPersonAsActor(const std::vector<Token> &tokens, size_t k, int person_class) {
  if (k + 1 >= tokens.size() || person_class < 0 ||
      !tokens[k].key.base_classes.test(static_cast<size_t>(person_class))) {
    return false;
  }
  std::string_view next = tokens[k + 1].surface;
  return next == "で" || next == "が" || next == "は" || next == "も";
}

// False only where MatchFrom cannot match the word or class e at tokens[pos]:
// each of its ways to match begins with one of these tests (a way added to
// MatchFrom must be added here). A gap tries the element after it only where
// this holds.
bool MayMatchAt(const PatternElement &e, const std::vector<Token> &tokens, size_t pos) {
  const Token &t = tokens[pos];
  if (ElementMatches(e, t)) return true;
  if (e.negation && t.pos == "助動詞" && t.base == "ます") return true;
  if (e.kind != PatternElement::Kind::kWord) return false;
  return (e.joined_id >= 0 && t.key.surface == e.joined_id) ||
         (e.reading_id >= 0 && t.key.joined_reading == e.reading_id);
}

bool MatchFrom(const Pattern &p, size_t el, const std::vector<Token> &tokens, size_t pos, size_t *last) {
  if (el == p.elements.size()) return true;
  const PatternElement &e = p.elements[el];
  if (e.kind == PatternElement::Kind::kGap) {
    const PatternElement *next = el + 1 < p.elements.size() && p.elements[el + 1].kind != PatternElement::Kind::kGap
                                     ? &p.elements[el + 1]
                                     : nullptr;
    for (size_t skip = 0; skip <= kMaxGap && pos + skip < tokens.size(); ++skip) {
      if (skip > 0 && IsSentenceEnd(tokens[pos + skip - 1])) break;
      if (skip > 0 && tokens[pos + skip - 1].key.gap_barrier) break;
      if (skip > 0 && IsPersonAsActor(tokens, pos + skip - 1, p.person_class)) break;
      if (next != nullptr && !MayMatchAt(*next, tokens, pos + skip)) continue;
      if (MatchFrom(p, el + 1, tokens, pos + skip, last)) return true;
    }
    return false;
  }
  const bool word = e.kind == PatternElement::Kind::kWord;
  // "家の中でも": MeCab splits で|も in a short pattern but reads でも as one
  // word in a sentence; two words of the pattern may be one word of the note.
  if (pos < tokens.size() && word && e.joined_id >= 0 && tokens[pos].key.surface == e.joined_id &&
      !ElementMatches(e, tokens[pos])) {
    *last = pos;
    return MatchFrom(p, el + 2, tokens, pos + 1, last);
  }
  // "聞きとれた": MeCab reads a compound verb written half in kana as two
  // verbs (聞き|とれる); read together they are the pattern's one word.
  if (pos + 1 < tokens.size() && word && e.reading_id >= 0 && tokens[pos].key.joined_reading == e.reading_id &&
      !ElementMatches(e, tokens[pos])) {
    *last = pos + 1;
    return MatchFrom(p, el + 1, tokens, pos + 2, last);
  }
  // "できません": the polite ます before a negation is no word of the pattern.
  if (pos + 1 < tokens.size() && e.negation && tokens[pos].pos == "助動詞" && tokens[pos].base == "ます" &&
      ElementMatches(e, tokens[pos + 1])) {
    ++pos;
  }
  if (pos >= tokens.size() || !ElementMatches(e, tokens[pos])) return false;
  *last = pos;
  if (e.kind == PatternElement::Kind::kClass && pos + 1 < tokens.size() && IsHonorific(tokens[pos + 1]) &&
      MatchFrom(p, el + 1, tokens, pos + 2, last)) {
    return true;
  }
  *last = pos;
  return MatchFrom(p, el + 1, tokens, pos + 1, last);
}

}  // namespace

bool MatchPatternAt(const Pattern &pattern, const std::vector<Token> &tokens, size_t start, size_t *last) {
  if (pattern.elements.empty() || pattern.elements.front().kind == PatternElement::Kind::kGap) return false;
  return MatchFrom(pattern, 0, tokens, start, last);
}

void PatternIndex::Add(const Pattern *pattern) {
  const int entry = static_cast<int>(patterns_.size());
  patterns_.push_back(pattern);
  if (pattern->elements.empty()) return;  // matches nowhere
  const PatternElement &head = pattern->elements.front();
  switch (head.kind) {
    case PatternElement::Kind::kGap:
      return;  // matches nowhere (MatchPatternAt)
    case PatternElement::Kind::kContains:
      anywhere_.push_back(entry);
      return;
    case PatternElement::Kind::kClass:
      if (head.word_class < 0) return;  // an unknown class holds no word
      if (by_class_.size() <= static_cast<size_t>(head.word_class)) by_class_.resize(head.word_class + 1);
      by_class_[head.word_class].push_back(entry);
      return;
    case PatternElement::Kind::kWord:
      // Every id MatchFrom compares a first word with: the token's base,
      // surface, kana form, or joined reading (a compound verb), or its
      // surface as two pattern words written together.
      for (int id : {head.word_id, head.surface_id, head.potential_id, head.reading_id, head.joined_id}) {
        if (id < 0) continue;
        std::vector<int> &list = EntriesOfWord(id);
        if (list.empty() || list.back() != entry) list.push_back(entry);
      }
      // "できません": a pattern starting with ない may start at the ます before it.
      if (head.negation) anywhere_.push_back(entry);
      return;
  }
}

size_t PatternIndex::WordSlot(int id) const {
  const uint64_t h = static_cast<uint64_t>(static_cast<uint32_t>(id)) * 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(h >> 32) & (word_slots_.size() - 1);
}

std::vector<int> &PatternIndex::EntriesOfWord(int id) {
  if ((word_entries_.size() + 1) * 2 > word_slots_.size()) {
    // Grow to keep the table at most half full (a power of two), then re-file.
    std::vector<std::pair<int, int>> old = std::move(word_slots_);
    word_slots_.assign(std::max<size_t>(16, old.size() * 2), {-1, 0});
    for (const auto &[word, list] : old) {
      if (word < 0) continue;
      size_t i = WordSlot(word);
      while (word_slots_[i].first >= 0) i = (i + 1) & (word_slots_.size() - 1);
      word_slots_[i] = {word, list};
    }
  }
  size_t i = WordSlot(id);
  for (; word_slots_[i].first >= 0; i = (i + 1) & (word_slots_.size() - 1)) {
    if (word_slots_[i].first == id) return word_entries_[static_cast<size_t>(word_slots_[i].second)];
  }
  const auto bit = static_cast<size_t>(id);
  if (word_bits_.size() <= bit / 64) word_bits_.resize(bit / 64 + 1, 0);
  word_bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  word_slots_[i] = {id, static_cast<int>(word_entries_.size())};
  return word_entries_.emplace_back();
}

const std::vector<int> *PatternIndex::FindEntriesOfWord(int id) const {
  const auto bit = static_cast<size_t>(id);
  if (bit / 64 >= word_bits_.size() || ((word_bits_[bit / 64] >> (bit % 64)) & 1) == 0) return nullptr;
  for (size_t i = WordSlot(id); word_slots_[i].first >= 0; i = (i + 1) & (word_slots_.size() - 1)) {
    if (word_slots_[i].first == id) return &word_entries_[static_cast<size_t>(word_slots_[i].second)];
  }
  return nullptr;
}

std::vector<PatternHit> PatternIndex::FindAll(const std::vector<Token> &tokens) const {
  std::vector<PatternHit> hits;
  if (patterns_.empty()) return hits;
  // tried[entry] == t + 1: the entry was already tried at token t (it can be
  // filed under several of the token's words and classes).
  std::vector<uint32_t> tried(patterns_.size(), 0);
  for (size_t t = 0; t < tokens.size(); ++t) {
    auto try_at = [&](const std::vector<int> &entries) {
      for (int entry : entries) {
        const auto e = static_cast<size_t>(entry);
        const auto stamp = static_cast<uint32_t>(t + 1);
        if (tried[e] == stamp) continue;
        tried[e] = stamp;
        size_t last = 0;
        if (MatchFrom(*patterns_[e], 0, tokens, t, &last)) hits.push_back({entry, t, last});
      }
    };
    const TokenKey &k = tokens[t].key;
    try_at(anywhere_);
    // The token's words, each id once when it is the base's too (the
    // surface of most words is their base).
    auto try_word = [&](int id) {
      if (const std::vector<int> *entries = FindEntriesOfWord(id)) try_at(*entries);
    };
    if (k.base >= 0) try_word(k.base);
    if (k.surface >= 0 && k.surface != k.base) try_word(k.surface);
    if (k.kana_base >= 0 && k.kana_base != k.base) try_word(k.kana_base);
    if (k.joined_reading >= 0 && k.joined_reading != k.base) try_word(k.joined_reading);
    // Only the classes the token is in (libstdc++'s set-bit scan).
    for (size_t c = k.classes._Find_first(); c < by_class_.size(); c = k.classes._Find_next(c)) try_at(by_class_[c]);
  }
  // Each (entry, first token) is found once, so this order is total.
  std::sort(hits.begin(), hits.end(), [](const PatternHit &a, const PatternHit &b) {
    return a.entry != b.entry ? a.entry < b.entry : a.first < b.first;
  });
  return hits;
}

}  // namespace denen::care
