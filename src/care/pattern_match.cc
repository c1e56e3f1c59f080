#include "care/pattern_match.h"

namespace denen::care {

namespace {

constexpr size_t kMaxGap = 8;

bool ElementMatches(const PatternElement &e, const Token &t, const RuleSet &rules) {
  // A word written alone may be analysed differently than in a sentence ("で"
  // as だ): the written form is accepted as well as the dictionary form.
  if (e.kind == PatternElement::Kind::kWord) {
    if (t.base == e.word || t.surface == e.word || t.surface == e.surface) return true;
    if (!e.potential.empty() && t.base == e.potential) return true;
    // みまもって, ツエ: a kana spelling of the word.
    return !e.reading.empty() && t.kana_base == e.reading;
  }
  if (e.kind == PatternElement::Kind::kContains) return t.surface.find(e.word) != std::string::npos;
  return rules.InClass(e.word, t.base) || rules.InClass(e.word, t.surface) ||
         rules.InClassByReading(e.word, t.kana_base);
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
bool IsPersonAsActor(const std::vector<Token> &tokens, size_t k, const RuleSet &rules) {
  if (k + 1 >= tokens.size() || !rules.InClass("本人側", tokens[k].base)) return false;
  const std::string &next = tokens[k + 1].surface;
  return next == "で" || next == "が" || next == "は" || next == "も";
}

bool MatchFrom(const Pattern &p, size_t el, const std::vector<Token> &tokens, size_t pos, const RuleSet &rules,
               size_t *last) {
  if (el == p.elements.size()) return true;
  const PatternElement &e = p.elements[el];
  if (e.kind == PatternElement::Kind::kGap) {
    const PatternElement &head = p.elements.front();
    bool helper_led = head.kind == PatternElement::Kind::kClass && head.word == "介護者";
    for (size_t skip = 0; skip <= kMaxGap && pos + skip < tokens.size(); ++skip) {
      if (skip > 0 && IsSentenceEnd(tokens[pos + skip - 1])) break;
      if (skip > 0 && rules.IsGapBarrier(tokens[pos + skip - 1])) break;
      if (skip > 0 && helper_led && IsPersonAsActor(tokens, pos + skip - 1, rules)) break;
      if (MatchFrom(p, el + 1, tokens, pos + skip, rules, last)) return true;
    }
    return false;
  }
  // "家の中でも": MeCab splits で|も in a short pattern but reads でも as one
  // word in a sentence; two words of the pattern may be one word of the note.
  if (pos < tokens.size() && e.kind == PatternElement::Kind::kWord && el + 1 < p.elements.size() &&
      p.elements[el + 1].kind == PatternElement::Kind::kWord && !ElementMatches(e, tokens[pos], rules) &&
      tokens[pos].surface == e.surface + p.elements[el + 1].surface) {
    *last = pos;
    return MatchFrom(p, el + 2, tokens, pos + 1, rules, last);
  }
  // "聞きとれた": MeCab reads a compound verb written half in kana as two
  // verbs (聞き|とれる); read together they are the pattern's one word.
  if (pos + 1 < tokens.size() && e.kind == PatternElement::Kind::kWord && !e.reading.empty() &&
      tokens[pos].pos == "動詞" && !tokens[pos].reading.empty() && !tokens[pos + 1].kana_base.empty() &&
      tokens[pos + 1].pos == "動詞" && tokens[pos].reading + tokens[pos + 1].kana_base == e.reading &&
      !ElementMatches(e, tokens[pos], rules)) {
    *last = pos + 1;
    return MatchFrom(p, el + 1, tokens, pos + 2, rules, last);
  }
  // "できません": the polite ます before a negation is no word of the pattern.
  if (pos + 1 < tokens.size() && e.kind == PatternElement::Kind::kWord && e.word == "ない" &&
      tokens[pos].pos == "助動詞" && tokens[pos].base == "ます" && ElementMatches(e, tokens[pos + 1], rules)) {
    ++pos;
  }
  if (pos >= tokens.size() || !ElementMatches(e, tokens[pos], rules)) return false;
  *last = pos;
  if (e.kind == PatternElement::Kind::kClass && pos + 1 < tokens.size() && IsHonorific(tokens[pos + 1]) &&
      MatchFrom(p, el + 1, tokens, pos + 2, rules, last)) {
    return true;
  }
  *last = pos;
  return MatchFrom(p, el + 1, tokens, pos + 1, rules, last);
}

}  // namespace

bool MatchPatternAt(const Pattern &pattern, const std::vector<Token> &tokens, size_t start, const RuleSet &rules,
                    size_t *last) {
  if (pattern.elements.empty() || pattern.elements.front().kind == PatternElement::Kind::kGap) {
    return false;
  }
  return MatchFrom(pattern, 0, tokens, start, rules, last);
}

}  // namespace denen::care
