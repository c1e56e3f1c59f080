#include "care/note_judge.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "care/frequency.h"
#include "care/pattern_match.h"
#include "care/text.h"

namespace denen::care {

namespace {

struct Clause {
  int sentence = 0;
  bool contrast_before = false;  // a contrast (が、しかし) follows this clause
  bool contrast_after = false;   // this clause follows a contrast
  size_t begin = 0;              // bytes
  size_t end = 0;
};

// The tokens view norm, so an Analysis is filled in place (Analyze) and never
// copied or moved: a short norm lives inside the string object itself.
// Analyze refills one note after note (NoteJudge::Judge keeps one per thread),
// so its vectors are allocated once, not for every note.
struct Analysis {
  Analysis() = default;
  Analysis(const Analysis &) = delete;
  Analysis &operator=(const Analysis &) = delete;

  std::string norm;
  std::vector<Morpheme> morphemes;  // MeCab's, of norm
  std::vector<size_t> cps;
  std::vector<Token> tokens;
  std::vector<int> sentence_of;
  std::vector<int> clause_of;
  std::vector<Clause> clauses;
  // Byte ranges of the phrases of each token's clause, split further after a
  // predicate in its connective form ("浴槽には入らず、シャワーで…"): what a
  // phrase is about (topic words) is read in it, while modifiers keep the
  // clause.
  std::vector<std::pair<size_t, size_t>> phrase_of;
};

bool IsContrastParticle(const Token &t) {
  if (t.pos != "助詞" || t.pos2 != "接続助詞") return false;
  const TokenText &w = t.base;
  return w == "が" || w == "けれど" || w == "けれども" || w == "けど" || w == "のに" || w == "ものの";
}

// "ゆっくりとではあるが、自分で…": a concession about the manner of the act
// (an adverb, then ではある) does not contrast two states of it.
bool IsMannerConcession(const std::vector<Token> &tokens, size_t i) {
  if (i < 4 || tokens[i].base != "が") return false;
  const Token &aru = tokens[i - 1], &wa = tokens[i - 2], &de = tokens[i - 3], &adv = tokens[i - 4];
  return aru.base == "ある" && wa.base == "は" && de.surface == "で" && (adv.pos == "副詞" || adv.pos2 == "副詞化");
}

bool IsContrastConjunction(const Token &t) {
  if (t.pos != "接続詞") return false;
  const TokenText &w = t.base;
  return w == "しかし" || w == "ただし" || w == "だが" || w == "でも" || w == "ところが" || w == "ただ" ||
         w == "一方" || w == "けれども" || w == "だけど";
}

// A predicate in its connective form before a comma ("入らず、", "手伝い、"):
// a verb not in its dictionary form, or a noun naming a helper's act
// (class 介助動作) used as the verb's stem.
bool IsSuspendedPredicate(const RuleSet &rules, const Token &t) {
  if (t.pos == "動詞") return t.surface != t.base;
  if (t.pos == "名詞" && rules.InClass("介助動作", t)) return true;
  return t.pos == "助動詞" && (t.surface == "ず" || t.surface == "なく");
}

// "家族記入：「…私が手伝っています」", "「爪は私が切っています」と長女が話す": in
// a quoted account the first person (class 一人称) is its speaker, named just
// before the quote or after it with と, so 私 takes the speaker's key: a helper
// (class 介護者), or the person (class 本人側: ご本人記入：「私は…」).
void KeyFirstPersonBySpeaker(const RuleSet &rules, std::vector<Token> *tokens) {
  std::vector<Token> &ts = *tokens;
  // "娘に「私がやる」と言う": a person followed by に, へ or を is addressed,
  // not the speaker.
  auto is_speaker = [&](size_t k) {
    const Token &t = ts[k];
    if (t.pos != "名詞" || !(rules.InClass("介護者", t) || rules.InClass("本人側", t))) return false;
    std::string_view next = k + 1 < ts.size() ? ts[k + 1].base : std::string_view();
    return next != "に" && next != "へ" && next != "を";
  };
  for (size_t open = 0; open < ts.size(); ++open) {
    // After width normalisation MeCab may read "：「" as one unknown word ":「".
    if (!ts[open].surface.ends_with("「")) continue;
    size_t close = open + 1;
    bool first_person = false;
    while (close < ts.size() && !ts[close].surface.starts_with("」")) {
      first_person = first_person || rules.InClass("一人称", ts[close]);
      ++close;
    }
    if (!first_person) {
      open = close;
      continue;
    }
    const Token *speaker = nullptr;
    for (size_t k = open; k > 0 && open - k < 5; --k) {
      const Token &t = ts[k - 1];
      if (t.surface.starts_with("」") || t.pos2 == "句点") break;
      if (is_speaker(k - 1)) {
        speaker = &t;
        break;
      }
    }
    if (speaker == nullptr && close + 1 < ts.size() && ts[close + 1].base == "と") {
      for (size_t k = close + 2; k < ts.size() && k <= close + 4; ++k) {
        if (ts[k].pos2 == "句点") break;
        if (is_speaker(k)) {
          speaker = &ts[k];
          break;
        }
      }
    }
    if (speaker != nullptr) {
      const TokenKey key = speaker->key;
      for (size_t k = open + 1; k < close; ++k) {
        if (rules.InClass("一人称", ts[k])) ts[k].key = key;
      }
    }
    open = close;
  }
}

// `word` is one of `list` (an engine.tsv list, matched as written).
bool Holds(const std::vector<std::string> &list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// What the judge changes in a token whatever its neighbours (before keying).
void RewriteToken(Token *token) {
  Token &t = *token;
  // "伸びきらず", "できません": the negative auxiliaries ず / ぬ / ん mean ない, so
  // a pattern written with ない ("伸び きら ない") matches every form.
  if (t.pos == "助動詞" && (t.base == "ぬ" || t.base == "ん")) t.base = "ない";
  // "（主治医）。【確認】": after width normalisation MeCab reads ")。" or
  // ")。【" as one unknown word; it still ends the sentence.
  if (t.pos == "名詞" && t.reading.empty() && t.surface.size() > 3 && t.surface.find("。") != std::string_view::npos) {
    t.pos = TokenText("記号");
    t.pos2 = TokenText("句点");
  }
}

// The tokens of the notes met on this thread, rewritten (RewriteToken) and
// keyed (RuleSet::KeyOfWords), by dictionary entry and surface: a token met
// again (most are) is one look-up and a copy, instead of a look-up of its
// dictionary entry, another of its key and the rewrites. A token is a
// function of its entry and its surface, except where it views the text
// (the surface; the base and kana form of a word the dictionary does not
// know), which a hit points at the note's own text. Tokens holding their own
// kana form (Token::kana_base_storage) are not kept. Two-way set-associative,
// as RuleSet's cache of keys; it belongs to one Tokenizer and one RuleSet at a
// time (their serial numbers).
class KeyedTokenCache {
 public:
  void Fill(const Tokenizer &tokenizer, const RuleSet &rules, std::string_view text,
            const std::vector<Morpheme> &morphemes, std::vector<Token> *tokens) {
    if (tokenizer.serial() != tokenizer_ || rules.serial() != rules_) Reset(tokenizer.serial(), rules.serial());
    tokens->clear();
    tokens->reserve(morphemes.size());
    for (const Morpheme &m : morphemes) {
      const std::string_view surface = text.substr(m.begin, m.length);
      Set &set = sets_[SetOf(m.feature, surface)];
      int way = 0;
      for (; way < 2; ++way) {
        const Entry &e = set.ways[way];
        if (e.feature == m.feature && detail::SameBytes(e.surface, surface)) break;
      }
      if (way < 2) {
        set.recent = way;
        const Entry &e = set.ways[way];
        Token &t = tokens->emplace_back(e.token);
        t.surface = TokenText(surface);
        if (e.base_is_surface) t.base = t.surface;
        if (e.kana_base_is_surface) t.kana_base = t.surface;
        t.begin = m.begin;
        t.end = m.begin + m.length;
        continue;
      }
      Token &t = tokens->emplace_back(tokenizer.TokenOf(text, m));
      RewriteToken(&t);
      t.key = rules.KeyOfWords(t);
      if (t.kana_base_storage != nullptr) continue;
      set.recent = 1 - set.recent;
      Entry &e = set.ways[set.recent];
      e.feature = m.feature;
      e.surface.assign(surface);
      e.token = t;
      e.base_is_surface = t.base.data() == t.surface.data() && !t.base.empty();
      e.kana_base_is_surface = t.kana_base.data() == t.surface.data() && !t.kana_base.empty();
    }
  }

 private:
  static constexpr size_t kSets = 2048;  // a power of two; a note holds a few dozen words
  struct Entry {
    const char *feature = nullptr;
    std::string surface;
    Token token;  // its views of the text are not used
    bool base_is_surface = false;
    bool kana_base_is_surface = false;
  };
  struct Set {
    Entry ways[2];
    int recent = 0;  // the way found or filled last
  };
  static size_t SetOf(const char *feature, std::string_view surface) {
    uint64_t h = reinterpret_cast<uintptr_t>(feature) * 0x9E3779B97F4A7C15ull;
    // Words the dictionary does not know share an entry: the surface's length
    // and its last byte (spread over the characters' last bytes) tell them apart.
    const uint64_t last = surface.empty() ? 0 : static_cast<unsigned char>(surface.back());
    h ^= (surface.size() << 8 | last) * 0xC2B2AE3D27D4EB4Full;
    return static_cast<size_t>((h ^ (h >> 29)) & (kSets - 1));
  }
  void Reset(uint64_t tokenizer, uint64_t rules) {
    tokenizer_ = tokenizer;
    rules_ = rules;
    sets_.assign(kSets, Set{});
  }
  uint64_t tokenizer_ = 0, rules_ = 0;
  std::vector<Set> sets_;
};

// The tokens of a parsed note as Tokenizer::Tokens makes them, each
// rewritten (RewriteToken) and keyed but for TokenKey::joined_reading.
void KeyedTokens(const Tokenizer &tokenizer, const RuleSet &rules, std::string_view text,
                 const std::vector<Morpheme> &morphemes, std::vector<Token> *tokens) {
  thread_local KeyedTokenCache cache;
  cache.Fill(tokenizer, rules, text, morphemes, tokens);
}

void Analyze(ParsedNote parsed, const Tokenizer &tokenizer, const RuleSet &rules, Analysis *out) {
  Analysis &a = *out;
  a.norm = std::move(parsed.text);
  detail::CodepointStarts(a.norm, &a.cps);
  a.sentence_of.clear();
  a.clause_of.clear();
  a.clauses.clear();
  a.phrase_of.clear();
  a.morphemes = std::move(parsed.morphemes);
  KeyedTokens(tokenizer, rules, a.norm, a.morphemes, &a.tokens);
  // "声かけもしておられません", "見守っております": the humble or honorific おる after
  // て is the auxiliary いる of the formal register, not a verb of its own.
  for (size_t k = 1; k < a.tokens.size(); ++k) {
    Token &t = a.tokens[k];
    const Token &prev = a.tokens[k - 1];
    if (t.pos == "動詞" && t.base == "おる" && prev.pos2 == "接続助詞" && (prev.base == "て" || prev.base == "で")) {
      t.pos2 = "非自立";
    }
    // 「答えられんかった」: MeCab reads ん as a noun and かっ as a verb; it is
    // なかった.
    if (t.surface == "ん" && t.pos == "名詞" && prev.pos == "動詞" && k + 1 < a.tokens.size() &&
        a.tokens[k + 1].base == "かる") {
      t.pos = "助動詞";
      t.base = "ない";
      t.key = rules.KeyOfWords(t);
      a.tokens[k + 1].pos = "助動詞";
    }
  }
  rules.KeyJoinedReadings(&a.tokens);
  // 「手を出しとらん」, 「使っとらん」, 「しちょらん」: the dialect's aspect verbs
  // (engine.tsv dialect_aspect_verbs: とる, よる, ちょる) after a verb's 連用形
  // and before a negation are the auxiliary いる, so the negation is the
  // verb's (in 「拭きよるんよ」 the ん after the dictionary form is の). A list
  // matched as written, not a word class: a class holds words by reading too
  // (よる would hold 夜).
  const std::vector<std::string> &aspect_verbs = rules.ParamList("dialect_aspect_verbs");
  for (size_t k = 1; k < a.tokens.size(); ++k) {
    Token &t = a.tokens[k];
    const Token &prev = a.tokens[k - 1];
    if (t.pos == "動詞" && t.pos2 == "自立" && prev.pos == "動詞" && prev.surface != prev.base &&
        k + 1 < a.tokens.size() && a.tokens[k + 1].pos == "助動詞" && a.tokens[k + 1].base == "ない" &&
        Holds(aspect_verbs, t.base) && t.surface != t.base) {
      t.pos2 = "非自立";
    }
  }
  KeyFirstPersonBySpeaker(rules, &a.tokens);
  a.sentence_of.reserve(a.tokens.size());
  a.clause_of.reserve(a.tokens.size());
  a.phrase_of.reserve(a.tokens.size());
  int sentence = 0;
  a.clauses.push_back({});
  bool clause_empty = true;
  bool next_contrast_after = false;
  auto new_clause = [&]() {
    a.clauses.push_back({sentence, false, next_contrast_after, 0, 0});
    next_contrast_after = false;
    clause_empty = true;
  };
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const Token &t = a.tokens[i];
    if (IsContrastConjunction(t)) {
      // "【最近】しかし…": a heading before the conjunction leaves it at the
      // start of its sentence, contrasting it with the sentence before.
      bool after_heading = !clause_empty && i > 0 && a.tokens[i - 1].surface == "】" &&
                           std::string_view(a.norm).substr(a.clauses.back().begin).starts_with("【");
      bool at_start = clause_empty || after_heading;
      if (a.clauses.size() > 1 || !at_start) {
        size_t prev = at_start ? a.clauses.size() - 2 : a.clauses.size() - 1;
        if (at_start && a.clauses.size() >= 2) a.clauses[prev].contrast_before = true;
        if (!at_start) {
          a.clauses.back().contrast_before = true;
          next_contrast_after = true;
          new_clause();
        } else {
          a.clauses.back().contrast_after = true;
        }
      }
    }
    if (clause_empty) {
      a.clauses.back().begin = t.begin;
      a.clauses.back().sentence = sentence;
    }
    clause_empty = false;
    a.sentence_of.push_back(sentence);
    a.clause_of.push_back(static_cast<int>(a.clauses.size() - 1));
    a.clauses.back().end = t.end;
    if (t.pos == "記号" && t.pos2 == "句点") {
      ++sentence;
      new_clause();
    } else if (IsContrastParticle(t) && !IsMannerConcession(a.tokens, i)) {
      a.clauses.back().contrast_before = true;
      next_contrast_after = true;
      new_clause();
    }
  }
  size_t phrase_begin = 0;
  for (size_t i = 0; i <= a.tokens.size(); ++i) {
    bool end = i == a.tokens.size() || (i > 0 && a.clause_of[i] != a.clause_of[i - 1]);
    if (!end && a.tokens[i].pos2 == "読点" && i > 0 && IsSuspendedPredicate(rules, a.tokens[i - 1])) end = true;
    if (!end || i == phrase_begin) continue;
    size_t b = a.tokens[phrase_begin].begin, e = a.tokens[i - 1].end;
    for (size_t k = phrase_begin; k < i; ++k) a.phrase_of.push_back({b, e});
    phrase_begin = i;
  }
}

struct NegationScan {
  bool negated = false;
  bool concessive = false;    // "つかまっても": the cue is only hypothetical
  bool conditional = false;   // "見守りがないと": "without X" is not "no X"
  bool even_without = false;  // "背もたれがなくても": it is done without X
  size_t last = 0;
  // "杖は持っているが使わずに": the negation is the clause after the contrast.
  bool across_contrast = false;
};

// A state that has ended ("褥瘡は治癒した", "点滴は中止", "床ずれは治った") is
// no longer there: a word of class 終わった状態 negates the cue before it.
bool IsCeased(const RuleSet &rules, const Token &t) { return rules.InClass("終わった状態", t); }

bool IsNegator(const RuleSet &rules, const Token &t) {
  if (t.base == "ない" && (t.pos == "助動詞" || t.pos == "形容詞")) return true;
  if (t.pos == "助動詞" && (t.base == "ぬ" || t.base == "ん" || t.surface == "ず")) return true;
  // "自力では難しく", "歩行は困難": a predicate of inability.
  // "自操は不可能であり": MeCab reads 不可能 as one noun, the same as 不可.
  if ((t.base == "難しい" && t.pos == "形容詞") || t.base == "困難" || t.base == "不可能") return true;
  if (t.base == "不要" || t.base == "不可" || t.base == "無し" || t.base == "なし" || t.base == "無い") {
    return true;
  }
  // "見守りが欠かせない", "杖が手放せない": a verb of doing without, so its
  // negation affirms the need (two negations).
  if (t.pos == "動詞" && rules.InClass("なしで済ます", t)) return true;
  // "判断しかねる", "答えかねる": a verb suffix of being unable (class できかねる).
  if (t.pos == "動詞" && t.pos2 != "自立" && rules.InClass("できかねる", t)) return true;
  return IsCeased(rules, t);
}

// "…ないとのこと", "…ないと言う", "…ないと判断される": と quotes a statement
// or a judgement (a word of class 引用の述語 after it); it is not "if not".
// "…ないと職員は話す", "…ないと家族も言っている", "…ないと家族から伺った":
// the speaker (or the source, with から / より; two joined with と) may come
// between と and the verb of saying.
bool IsQuotative(const RuleSet &rules, const Analysis &a, size_t j) {
  auto says = [&](const Token &t) { return rules.InClass("引用の述語", t); };
  if (a.tokens[j].base != "と" || j + 1 >= a.tokens.size()) return false;
  if (says(a.tokens[j + 1])) return true;
  // 「見守りはしとらんと。」: a と that ends the sentence reports what was said,
  // the verb of saying left out; a condition never ends a sentence.
  if (a.tokens[j + 1].pos2 == "句点") return true;
  bool speaker = false, person = false;
  for (size_t k = j + 1; k < a.tokens.size() && k <= j + 5; ++k) {
    const Token &t = a.tokens[k];
    if (t.pos == "名詞") {
      // "…ないと本人と長女から確認した": a verbal noun of saying after the
      // speaker and the source.
      if (speaker && says(t)) return true;
      speaker = true;
      if (rules.InClass("介護者", t) || rules.InClass("本人側", t)) person = true;
      continue;
    }
    // "…場面はないと娘さん。": a person named after と at the end of the
    // sentence, the verb of saying left out, is the speaker.
    if (person && t.pos2 == "句点") return true;
    // "…ないと家族から伺った": the source told with から / より, as a speaker.
    if (speaker && t.pos == "助詞" &&
        (t.base == "は" || t.base == "が" || t.base == "も" || t.base == "の" || t.base == "から" || t.base == "より" ||
         t.base == "と"))
      continue;
    // "…不要とCM・家族。": two speakers joined by a symbol, as by と.
    if (speaker && t.pos == "記号" && t.pos2 == "一般") continue;
    return speaker && t.pos == "動詞" && t.base != "いう" && says(t);
  }
  return person && j + 6 > a.tokens.size();  // "…ないと娘さん" at the end of the note
}

// 「毎朝散歩しているが、先月一度だけ帰り道が分からなくなった」: a frequency in
// a clause that a contrast parts from every clause naming the behaviour in its
// sentence, with an act of its own (散歩する), is the rate of that act, not of
// the behaviour. Without an act (「怒鳴っていたが、この2か月いっぺんもない」) it
// still tells how often the behaviour happens.
// The verbs that tell no act of their own are class 行為でない動詞.
bool OtherSideOfContrast(const Analysis &a, const RuleSet &rules, int clause, const std::set<int> &behaviour_clauses) {
  if (behaviour_clauses.contains(clause)) return false;
  bool own_act = false;
  for (size_t k = 0; k < a.tokens.size(); ++k) {
    if (a.clause_of[k] != clause) continue;
    const Token &t = a.tokens[k];
    // 「薬が変わってから」: a point in time the rate is counted from, not an act.
    if (k + 2 < a.tokens.size() && (a.tokens[k + 1].base == "て" || a.tokens[k + 1].base == "で") &&
        a.tokens[k + 2].base == "から") {
      continue;
    }
    // 「かぶりの服に替えてから」: a verb in its 連用形 before の names a thing.
    if (t.pos == "動詞" && t.surface != t.base && k + 1 < a.tokens.size() && a.tokens[k + 1].pos2 == "連体化") {
      continue;
    }
    if ((t.pos == "動詞" && t.pos2 == "自立" && !rules.InClass("行為でない動詞", t)) ||
        (t.pos2 == "サ変接続" && k + 1 < a.tokens.size() && a.tokens[k + 1].base == "する")) {
      own_act = true;
    }
  }
  if (!own_act) return false;
  bool any = false;
  for (int b : behaviour_clauses) {
    if (a.clauses[b].sentence != a.clauses[clause].sentence) continue;
    any = true;
    bool parted = false;
    for (int k = std::min(b, clause); k < std::max(b, clause); ++k) parted = parted || a.clauses[k].contrast_before;
    if (!parted) return false;
  }
  return any;
}

// "使わずに歩く", "使わないで立つ", "使うことなく立ち上がる", "杖なしで歩く": the
// negation ending at token `neg` qualifies the act after it (not "ずには":
// without X, …, a supposition).
bool AdverbialNegation(const Analysis &a, size_t neg) {
  if (neg + 1 >= a.tokens.size() || a.sentence_of[neg + 1] != a.sentence_of[neg]) return false;
  const Token &t = a.tokens[neg], &next = a.tokens[neg + 1];
  bool then_act = neg + 2 < a.tokens.size() && a.tokens[neg + 2].base != "は" && a.tokens[neg + 2].pos2 != "句点";
  if (t.surface == "ず" && next.surface == "に") return then_act;
  if ((t.surface == "ない" || t.surface == "なし" || t.surface == "無し") && next.surface == "で") return then_act;
  return t.surface == "なく" && neg > 0 && a.tokens[neg - 1].base == "こと" && next.pos == "動詞";
}

// 「一口ごとに飲み込んだかを確かめている」, 「見えているのかどうか」: the words
// ending at token `last`, then only auxiliaries (た, て|いる, の), then the
// particle か (not かも: a hedge), are an embedded question: what someone
// makes sure of, not what the note states.
bool EmbeddedQuestion(const Analysis &a, size_t last) {
  for (size_t k = last + 1; k < a.tokens.size() && a.sentence_of[k] == a.sentence_of[last]; ++k) {
    const Token &t = a.tokens[k];
    if (t.pos == "助動詞" || (t.pos == "動詞" && t.pos2 == "非自立") || (t.pos == "助詞" && t.base == "て") ||
        (t.pos == "名詞" && t.pos2 == "非自立" && t.base == "の")) {
      continue;
    }
    return t.pos == "助詞" && t.surface == "か" && t.pos2.starts_with("副助詞") &&
           !(k + 1 < a.tokens.size() && a.tokens[k + 1].base == "も");
  }
  return false;
}

// "柵を握るのは腰が痛い時だけ": the cue made a noun with の and set as
// the topic (のは) inside its own span; what follows tells when it happens.
bool CueAsTopic(const Analysis &a, size_t first, size_t last) {
  for (size_t k = first + 1; k + 1 <= last; ++k) {
    if (a.tokens[k].base == "の" && a.tokens[k].pos2 == "非自立" && a.tokens[k + 1].base == "は") return true;
  }
  return false;
}

NegationScan ScanNegation(const RuleSet &rules, const Analysis &a, size_t last, int window) {
  NegationScan r;
  r.last = last;
  const std::vector<std::string> &motion_verbs = rules.ParamList("purpose_motion_verbs");
  const std::vector<std::string> &indefinites = rules.ParamList("indefinite_with_mo");
  const std::vector<std::string> &act_nouns = rules.ParamList("act_head_nouns");
  const std::vector<std::string> &conditional_forms = rules.ParamList("conditional_negation_forms");
  const Token &cue_end = a.tokens[last];
  // "一人では着られず": a copula in its connective form (で) is not the
  // cue's predicate; the negation after it still belongs to the cue.
  bool verb_seen =
      cue_end.pos == "動詞" || cue_end.pos == "形容詞" || (cue_end.pos == "助動詞" && cue_end.surface != "で");
  // "むせはなく", "むせの記載はない": a verb in its 連用形 before は / も / の
  // is used as a noun (むせ = むせること); the predicate comes after it.
  // So it is before を: "むせを認めず" (the record style's finding denied),
  // and before the や of a list: "むせや詰まりは見られない".
  if (cue_end.pos == "動詞" && cue_end.pos2 == "自立" && cue_end.surface != cue_end.base &&
      last + 1 < a.tokens.size()) {
    const Token &next = a.tokens[last + 1];
    if ((next.pos2 == "係助詞" && (next.base == "は" || next.base == "も")) || next.pos2 == "連体化" ||
        (next.pos2 == "格助詞" && next.base == "を") || (next.pos2 == "並立助詞" && next.base == "や") ||
        next.surface == "・") {
      verb_seen = false;
    }
  }
  int negs = 0;
  int limit = window;
  bool holder = false;          // the cue's predicate says the person owns it (持っている)
  bool object_between = false;  // an object stood between the cue and its verb
  bool listing = false;         // inside a list of nouns joined by や
  bool tari_list = false;       // after the たり of a list of acts
  for (size_t j = last + 1; j < a.tokens.size() && static_cast<int>(j - last) <= limit; ++j) {
    const Token &t = a.tokens[j];
    if (a.sentence_of[j] != a.sentence_of[last]) break;
    if (t.pos == "記号") {
      // 「声をかけたり、そばで見ている人はいない」: a comma after the たり of a
      // list of acts continues the list.
      if (t.pos2 == "読点" && a.tokens[j - 1].base == "たり") {
        limit = static_cast<int>(j - last) + window;
        continue;
      }
      if (t.pos2 == "句点" || verb_seen) break;
      if (t.pos2 == "読点") break;
      // "むせ・詰まりなし", "声かけ・付き添いは不要": a list joined by ・ is a
      // list as with や; the window counts from the end of the list.
      if (t.surface == "・") {
        limit = static_cast<int>(j - last) + window;
        listing = true;
      }
      continue;
    }
    if (IsNegator(rules, t)) {
      ++negs;
      verb_seen = true;
      r.last = j;
      // 「家に帰らなきゃ」: a negation in its contracted conditional form
      // (engine.tsv conditional_negation_forms) is "must", as なければ is.
      if (Holds(conditional_forms, t.surface)) r.conditional = true;
      continue;
    }
    if (t.pos == "助動詞") {
      r.last = j;
      continue;
    }
    // 「むせ込みなく」: MeCab reads the 込み of a compound verb as a noun; it is
    // still the verb of the cue.
    if (j == last + 1 && cue_end.pos == "動詞" && t.pos == "名詞" && t.base == "込み") {
      r.last = j;
      verb_seen = false;  // a noun now: 「むせ込みはない」
      continue;
    }
    // 「見守ってはいない」: a topic は between the て form and its いる / おる
    // keeps the negation after it on the cue.
    if (t.pos == "助詞" && t.base == "は" && j + 2 < a.tokens.size() && a.tokens[j - 1].pos2 == "接続助詞" &&
        (a.tokens[j - 1].base == "て" || a.tokens[j - 1].base == "で") && a.tokens[j + 1].pos == "動詞" &&
        (a.tokens[j + 1].base == "いる" || a.tokens[j + 1].base == "おる") && IsNegator(rules, a.tokens[j + 2])) {
      j += 1;
      continue;
    }
    if (t.pos == "動詞" && (t.pos2 == "非自立" || t.pos2 == "接尾")) {
      r.last = j;
      continue;
    }
    // "覚えていないということはない": a statement about the negated clause,
    // so a negation after it counts again.
    if (negs > 0 && t.base == "という" && j + 1 < a.tokens.size() &&
        (a.tokens[j + 1].base == "こと" || a.tokens[j + 1].base == "の")) {
      verb_seen = false;
      j += 1;
      continue;
    }
    if (negs > 0 && t.base == "と" && j + 2 < a.tokens.size() &&
        (a.tokens[j + 1].base == "いう" || a.tokens[j + 1].base == "言う") &&
        (a.tokens[j + 2].base == "こと" || a.tokens[j + 2].base == "の")) {
      verb_seen = false;
      j += 2;
      continue;
    }
    if (t.pos == "助詞" && t.pos2 == "接続助詞") {
      if ((t.base == "て" || t.base == "で") && j + 1 < a.tokens.size() && a.tokens[j + 1].base == "も" && negs == 0) {
        r.concessive = true;
        break;
      }
      if ((t.base == "て" || t.base == "で") && j + 1 < a.tokens.size() && a.tokens[j + 1].base == "も") {
        r.even_without = true;
      }
      if (t.base == "て" || t.base == "で") {
        r.last = j;
        continue;
      }
      if (negs > 0 && (t.base == "と" || t.base == "ば") && !IsQuotative(rules, a, j)) r.conditional = true;
      // 「帰らなくちゃ」: a negation with ちゃ is "must", not "does not".
      if (negs > 0 && t.base == "ちゃ") r.conditional = true;
      // "杖は持っているが使わずに", "酸素ボンベはあるが使用していない": what
      // is owned (class 所持) is negated by a negated use (class 使用) after
      // the contrast, in the same sentence.
      if (negs == 0 && IsContrastParticle(t) && holder) {
        for (size_t k = j + 1; k < a.tokens.size() && k <= j + static_cast<size_t>(window); ++k) {
          if (a.sentence_of[k] != a.sentence_of[last]) break;
          if (!rules.InClass("使用", a.tokens[k])) continue;
          NegationScan use = ScanNegation(rules, a, k, window);
          if (use.negated) {
            r.negated = true;
            r.across_contrast = true;
            r.last = use.last;
            return r;
          }
          break;
        }
      }
      break;
    }
    // "物を壊したり衣類を破いたりすることはない": a list of acts with たり;
    // the predicate that negates them comes after the list.
    if (t.pos == "助詞" && t.base == "たり") {
      verb_seen = false;
      tari_list = true;
      limit = static_cast<int>(j - last) + window;
      continue;
    }
    // "声かけや皿の移し替えもしておられません": a list of nouns joined by や
    // (とか); the window counts from the end of the list.
    if (!verb_seen && t.pos == "助詞" && t.pos2 == "並立助詞" && (t.base == "や" || t.base == "とか")) {
      limit = static_cast<int>(j - last) + window;
      listing = true;
      continue;
    }
    if (listing && !verb_seen && (t.pos == "名詞" || t.pos2 == "連体化")) ++limit;
    // "手を払いのけるなどの行動はない": an example of acts (など, then の)
    // before the head noun that names them; the predicate comes after it.
    // 「怒る等の様子はなく」: 等 (MeCab: a noun) is the same as など.
    if (verb_seen && ((t.pos == "助詞" && t.base == "など") || (t.pos == "名詞" && t.surface == "等")) &&
        j + 1 < a.tokens.size() && a.tokens[j + 1].base == "の") {
      j += 1;
      continue;
    }
    // "手を振り払うなどはなく": the example of acts as the topic (など, then
    // は / も) and its negation right after it.
    if (verb_seen && t.pos == "助詞" && t.base == "など" && j + 2 < a.tokens.size() &&
        (a.tokens[j + 1].base == "は" || a.tokens[j + 1].base == "も") && IsNegator(rules, a.tokens[j + 2])) {
      j += 1;
      continue;
    }
    // "拒んで暴れたりすることはない": an act in its て form joined to the next
    // act of a たり list is one item of the list; the predicate after the
    // list negates it too.
    if (t.pos == "動詞" && t.pos2 == "自立" && j + 1 < a.tokens.size() && a.tokens[j + 1].base == "たり" &&
        (a.tokens[j - 1].base == "て" || a.tokens[j - 1].base == "で") && a.tokens[j - 1].pos2 == "接続助詞") {
      r.last = j;
      continue;
    }
    // "歩けなくはない": a negation of a negation.
    if (negs > 0 && t.pos == "助詞" && t.base == "は" && IsNegator(rules, a.tokens[j - 1]) && j + 1 < a.tokens.size() &&
        IsNegator(rules, a.tokens[j + 1])) {
      continue;
    }
    // "抵抗するほどではない", "拒否するまではない": a degree, then its negation.
    if (t.pos == "助詞" && (t.base == "ほど" || t.base == "まで")) {
      if (j + 3 < a.tokens.size() && a.tokens[j + 1].surface == "で" && a.tokens[j + 2].base == "は" &&
          IsNegator(rules, a.tokens[j + 3])) {
        j += 2;
        continue;
      }
      if (j + 2 < a.tokens.size() && a.tokens[j + 1].base == "は" && IsNegator(rules, a.tokens[j + 2])) {
        j += 1;
        continue;
      }
    }
    // 「様子を見に行ったりすることもない」, 「手伝いに来ることはない」: the
    // purpose of going or coming (a verb's 連用形 or a verbal noun, に, then a
    // verb of engine.tsv purpose_motion_verbs: 行く, 来る) belongs to the act;
    // the negation after it negates the act.
    if (t.pos == "助詞" && t.surface == "に" && j + 1 < a.tokens.size() && Holds(motion_verbs, a.tokens[j + 1].base) &&
        ((a.tokens[j - 1].pos == "動詞" && a.tokens[j - 1].surface != a.tokens[j - 1].base) ||
         a.tokens[j - 1].pos2 == "サ変接続")) {
      r.last = j + 1;
      verb_seen = true;
      j += 1;
      continue;
    }
    // 「本人は作り話だとは思っていない」: と, then a verb of thinking (class
    // 認識の動詞: 思う, 考える, 自覚する): the negation after it is of the
    // thought, not of the cue.
    if (t.pos == "助詞" && t.base == "と" && j + 1 < a.tokens.size()) {
      size_t q = j + 1;
      if (q + 1 < a.tokens.size() && a.tokens[q].pos == "助詞" && (a.tokens[q].base == "は" || a.tokens[q].base == "も")) ++q;
      if (rules.InClass("認識の動詞", a.tokens[q])) break;
    }
    // "…ないと" is "if not", but "不要となった" is not.
    if (t.pos == "助詞") {
      bool becomes = j + 1 < a.tokens.size() && (a.tokens[j + 1].base == "なる" || a.tokens[j + 1].base == "する");
      if (negs > 0 && (t.base == "と" || t.base == "ば") && !IsQuotative(rules, a, j) && !becomes) r.conditional = true;
      // "歩行器なしでは…": "without X" as a supposition, not "no X"; so is
      // "柵を握らずには…" (without doing X, …).
      if (negs > 0 && t.base == "は" && a.tokens[j - 1].surface == "で") r.conditional = true;
      // 「帰らなくては」: a negation in its て form, then は, is "must" too.
      if (negs > 0 && t.base == "は" && a.tokens[j - 1].surface == "て" && IsNegator(rules, a.tokens[j - 2])) {
        r.conditional = true;
      }
      if (negs > 0 && t.surface == "に" && j + 1 < a.tokens.size() && a.tokens[j + 1].base == "は" &&
          a.tokens[j - 1].surface == "ず") {
        r.conditional = true;
      }
      if (verb_seen) break;
      continue;
    }
    // "物を壊す行為はない", "拒む様子はみられない": a head noun after the verb
    // (engine.tsv act_head_nouns) names the act; the predicate comes after it.
    // "意思を伝える手段がない": a means to the act heads it the same way.
    // 「そばで見ている人はいない」: no one who does the act is no act.
    // "交通機関を使った外出はしていない": a verbal noun the verb qualifies
    // heads the phrase too.
    const Token &before = a.tokens[j - 1];
    bool qualifies =
        (before.pos == "助動詞" && before.base == "た") || (before.pos == "動詞" && before.surface == before.base);
    // "自分で温めたりする機会はない": the occasion of the act (class 行為の機会)
    // heads it too; no occasion is no act.
    // 「手を使わない立ち上がりは不可」: a noun naming the motion (class 動作の名詞)
    // heads it too.
    if (verb_seen && t.pos == "名詞" &&
        (Holds(act_nouns, t.base) || rules.InClass("行為の機会", t) || rules.InClass("動作の名詞", t) ||
         (t.pos2 == "サ変接続" && qualifies))) {
      verb_seen = false;
      continue;
    }
    // "体位変換も自力では行えず職員が実施": a negation after the person named
    // as the actor with では (自力では, 自分では, 一人では) is the person's
    // own act failing, not a negation of the cue before it.
    if (!verb_seen && t.pos == "名詞" && (t.base == "自力" || t.base == "自分" || t.base == "一人") &&
        j + 2 < a.tokens.size() && a.tokens[j + 1].surface == "で" && a.tokens[j + 2].base == "は") {
      break;
    }
    // "出ようとするため目が離せず": ため (because, in order to) links to
    // another clause; what follows it is not this cue's predicate.
    if (t.pos == "名詞" && t.pos2 == "非自立" && t.base == "ため") break;
    if (t.pos == "名詞" && (t.pos2 == "非自立" || t.pos2 == "接尾")) {
      if (t.pos2 == "接尾" && a.tokens[j - 1].pos2 == "数") ++limit;  // 14|日間
      // 「モニターを付けたままにすることもない」: a dependent noun after the verb
      // (まま, こと) heads the phrase the negation comes after; it does not
      // count against the window.
      if (t.pos2 == "非自立" && verb_seen) ++limit;
      verb_seen = false;  // "…することはない": the predicate comes after こと
      continue;
    }
    // Before the predicate: time words ("先月抜去された") and a na-adjective
    // before なる ("不安定になることはない").
    // ... and a word of the whole ("介助は一切なく").
    // These words do not count against the window: "人工呼吸器は過去14日間
    // 使用していない".
    if (!verb_seen && (t.pos2 == "副詞可能" || t.pos == "副詞" || t.pos2 == "形容動詞語幹" || t.pos2 == "数" ||
                       t.base == "ここ" || t.base == "この" || rules.InClass("全体量", t))) {
      ++limit;
      continue;
    }
    // A verbal noun is the predicate ("使用していない").
    if (!verb_seen && t.pos == "名詞" && t.pos2 == "サ変接続" && j + 1 < a.tokens.size() &&
        a.tokens[j + 1].base == "する") {
      verb_seen = true;
      holder = negs == 0 && rules.InClass("所持", t);
      r.last = ++j;
      continue;
    }
    // The cue heads a noun phrase ("ストーマの処置は行っていない"), a list
    // ("見守りや声かけは行われていない") or a compound ("血圧モニターは…"): the
    // predicate that negates it comes after the phrase.
    // ... or "背もたれも手の支えもなしで": a list joined by も.
    // "シルバーカーは玄関に置いてある": a place or means (a noun with its
    // case particle) between the topic and its predicate.
    if (!verb_seen && t.pos == "名詞" && j == last + 2 && a.tokens[j - 1].pos2 == "係助詞" && j + 1 < a.tokens.size() &&
        a.tokens[j + 1].pos2 == "格助詞" &&
        (a.tokens[j + 1].base == "に" || a.tokens[j + 1].base == "へ" ||
         (a.tokens[j + 1].base == "で" && (j + 2 >= a.tokens.size() || a.tokens[j + 2].base != "も")))) {
      continue;
    }
    if (!verb_seen && t.pos == "名詞" &&
        (a.tokens[j - 1].pos2 == "連体化" || a.tokens[j - 1].pos2 == "並立助詞" || a.tokens[j - 1].surface == "・" ||
         a.tokens[j - 1].pos == "名詞" || (a.tokens[j - 1].base == "も" && a.tokens[j - 1].pos2 == "係助詞") ||
         (a.tokens[j - 1].pos == "助動詞" && a.tokens[j - 1].surface == "な"))) {
      continue;
    }
    // 「声をかけたり、そばで見ている人はいない」: the place or object of the
    // next act of a たり list, before its verb.
    if (!verb_seen && tari_list && t.pos == "名詞") {
      ++limit;
      continue;
    }
    // 「制限はどこもない」, 「介助は何もしていない」: an indefinite word with
    // も (engine.tsv indefinite_with_mo: どこも, どれも, いずれも, 何も) says
    // "none at all"; the predicate comes after it. Only after a noun:
    // 「あえて何も伝えていない」 does not negate the adverb.
    if (!verb_seen && cue_end.pos == "名詞" && t.pos == "名詞" && Holds(indefinites, t.base) &&
        j + 1 < a.tokens.size() && a.tokens[j + 1].base == "も") {
      ++j;
      limit += 2;
      continue;
    }
    // "自分で体をずらすことはない": the object of the predicate to come
    // stands between a cue and its verb.
    if (!verb_seen && t.pos == "名詞" && j + 1 < a.tokens.size() && a.tokens[j + 1].base == "を" &&
        a.tokens[j + 1].pos2 == "格助詞") {
      object_between = true;
      ++j;
      continue;
    }
    // "付き添う必要はない": 必要 after the verb heads the predicate.
    if (verb_seen && t.base == "必要" && (a.tokens[j - 1].pos == "動詞" || a.tokens[j - 1].pos == "助動詞")) {
      verb_seen = false;
      r.last = j;
      continue;
    }
    if (!verb_seen && (t.pos == "動詞" || t.pos == "形容詞" || t.base == "必要")) {
      verb_seen = true;
      holder = negs == 0 && rules.InClass("所持", t);
      r.last = j;
      continue;
    }
    break;
  }
  r.negated = (negs % 2 == 1) && !r.conditional;
  // "自分で手を借りずに行き来する": a negation qualifying the act after it
  // belongs to the object's verb, not to the cue before the object.
  if (object_between && AdverbialNegation(a, r.last)) r.negated = false;
  return r;
}

struct ModHit {
  const Modifier *mod;
  size_t first;
  size_t last;
};

struct Vote {
  std::vector<int> choices;
  double weight = 0;
  NoteEvidence evidence;
  std::vector<std::string> notes;  // modifiers applied, for the reason
  int clause = 0;
  bool negated = false;
  // No context word discounts it (past, minor, hedge, another item's topic):
  // the note states it as today's usual state of this item.
  bool clean = true;
  // The cue's levels, after the clause settled "someone helps" into an amount.
  std::vector<std::string> levels;
  // The clause says the helper does all of it (すべて, 全身, 頭から).
  bool whole = false;
  // ... of a part named before it (おかずは全て): with the person doing
  // another part, that is still a part of the act.
  bool whole_of_a_part = false;
  // The person's act is limited (「出し入れのみ本人が行う」): the rest is the
  // helper's.
  bool limited_self = false;
  // The helper's act in a clause saying all of the item is done for the
  // person (「金銭はすべて長男が管理」).
  bool whole_clause = false;
  // The cue is the helper doing the person's part again (class やり直し).
  bool redo = false;
  // Tokens the cue's pattern matched (without its negation).
  size_t cue_first = 0;
  size_t cue_last = 0;
  // The cue's own words end in its negation (levels `=`: 「自分で動かせる
  // 部分はない」): a negated reading of the words it starts with.
  bool own_negation = false;
  // The cue names which situation is the more frequent one (「介助されていない
  // 状況が頻回」): the surveyor's weighing, not a part of the act.
  bool weighs_situations = false;
  // The cue is the surveyor's stated conclusion (「全介と判断」, 「介助なしが
  // 適当」, 「回数の多い方をとって介助なし」): the note's answer, not a part of
  // the act.
  bool concluded = false;
  // The cue is followed by 「でも」 (「伝い歩きでも」): even with it.
  bool even_with = false;
  bool frequency = false;
  double per_month = 0;
};

std::string Join(const std::vector<int> &v, const ItemDef &item) {
  std::string out;
  for (int c : v) {
    if (!out.empty()) out += "・";
    out += "「" + item.ChoiceText(c) + "」";
  }
  return out;
}

std::string KindLabel(const std::string &kind) {
  static const std::map<std::string, std::string> kLabels = {{"past", "過去の状況"},
                                                             {"rehab", "訓練時の状況"},
                                                             {"usual", "日頃の状況"},
                                                             {"survey_day", "調査時の状況"},
                                                             {"minor", "頻度の少ない状況"},
                                                             {"hedge", "推測"},
                                                             {"superseded", "見直す前の見立て"},
                                                             {"inappropriate", "不適切な状況の記述"},
                                                             {"hypothetical", "仮定"},
                                                             {"mannerism", "習慣的な動作"}};
  auto it = kLabels.find(kind);
  return it == kLabels.end() ? kind : it->second;
}

// Extracts the choices the note states it selects ("「2.見守り等」を選択する").
struct ExplicitStatement {
  std::vector<int> choices;
  size_t begin = 0;
  size_t end = 0;
};

int MatchChoiceQuote(std::string_view inner, const ItemDef &item) {
  std::string body;
  for (char c : inner) {
    if (c != ' ') body.push_back(c);
  }
  int number = 0;
  size_t i = 0;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9') number = number * 10 + (body[i++] - '0');
  std::string_view label = std::string_view(body).substr(i);
  if (i > 0) {
    if (!label.empty() && (label[0] == '.' || label[0] == ':')) label.remove_prefix(1);
    if (detail::StartsWith(label, "、")) label.remove_prefix(3);
  }
  int by_label = 0;
  if (!label.empty()) {
    for (const Choice &c : item.choices) {
      if (c.compact_label == label) by_label = c.no;
    }
    if (by_label == 0) {
      for (const Choice &c : item.choices) {
        const std::string &l = c.compact_label;
        if (label.size() >= 6 && (l.starts_with(label) || label.starts_with(l))) by_label = c.no;
      }
    }
  }
  if (by_label != 0) return by_label;
  if (i > 0 && label.empty() && item.FindChoice(number)) return number;
  if (i > 0 && !label.empty() && item.FindChoice(number)) {
    // A number with a label of another item (e.g. 「3.月1回未満」 abbreviated):
    // trust the number only when the label text is part of the choice's label.
    const std::string &l = item.FindChoice(number)->compact_label;
    if (l.find(label.substr(0, 6)) != std::string::npos) return number;
  }
  return 0;
}

// The text with every character in the byte ranges made a blank of the same
// length in bytes (a space, U+00A0, U+3000, or U+E0020): the same code points
// at the same bytes, so the morphemes outside the ranges and offsets into the
// text stay valid, and no word is left in the ranges.
std::string Blanked(std::string_view text, const std::vector<std::pair<size_t, size_t>> &ranges) {
  static constexpr std::string_view kBlank[] = {" ", "\xC2\xA0", "\xE3\x80\x80", "\xF3\xA0\x80\xA0"};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const size_t len = std::min(text.size() - i, width);
    const bool blank =
        std::any_of(ranges.begin(), ranges.end(), [&](const auto &r) { return i >= r.first && i < r.second; });
    if (blank) {
      out.append(kBlank[len - 1]);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::vector<ExplicitStatement> FindExplicit(const std::string &s, const ItemDef &item, const RuleSet &rules) {
  std::vector<ExplicitStatement> out;
  const std::vector<std::string> &triggers = rules.ParamList("explicit_trigger");
  const std::vector<std::string> &fillers = rules.ParamList("explicit_filler");
  ExplicitStatement group;
  size_t group_end = 0;
  size_t i = 0;
  auto close_group = [&](size_t at) {
    if (group.choices.empty()) return;
    std::string_view rest = std::string_view(s).substr(at);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    for (const std::string &t : triggers) {
      if (detail::StartsWith(rest, t)) {
        group.end = at;
        std::sort(group.choices.begin(), group.choices.end());
        group.choices.erase(std::unique(group.choices.begin(), group.choices.end()), group.choices.end());
        out.push_back(group);
        break;
      }
    }
  };
  while (true) {
    size_t open = detail::Find(s, "「", i);
    if (open == std::string::npos) break;
    size_t close = detail::Find(s, "」", open);
    if (close == std::string::npos) break;
    std::string_view between = std::string_view(s).substr(group_end, open - group_end);
    bool adjacent = !group.choices.empty();
    if (adjacent) {
      std::string rest(between);
      for (const std::string &f : fillers) {
        if (f.empty()) continue;
        size_t p;
        while ((p = rest.find(f)) != std::string::npos) rest.erase(p, f.size());
      }
      adjacent = detail::Trim(rest).empty();
    }
    int choice = MatchChoiceQuote(std::string_view(s).substr(open + 3, close - open - 3), item);
    if (!adjacent) {
      close_group(group_end);
      group = {};
    }
    if (choice != 0) {
      if (group.choices.empty()) group.begin = open;
      group.choices.push_back(choice);
      group_end = close + 3;
    } else if (!group.choices.empty() && close - open <= 12) {
      group_end = close + 3;  // 「あり」 between the choices and 「を選択」
    } else {
      close_group(group_end);
      group = {};
      group_end = close + 3;
    }
    i = close + 3;
  }
  close_group(group_end);
  // 【選択：一部介助】, (判断:見守り等), (→ない): a label of the surveyor's
  // conclusion (engine.tsv explicit_label) and one choice, alone in brackets
  // (the text is width-normalised: （ ） ［ ］ ： are ASCII here).
  const std::vector<std::string> &labels = rules.ParamList("explicit_label");
  static constexpr std::pair<std::string_view, std::string_view> kBrackets[] = {
      {"【", "】"}, {"(", ")"}, {"[", "]"}};
  for (const auto &[open_mark, close_mark] : kBrackets) {
    for (size_t at = 0; (at = detail::Find(s, open_mark, at)) != std::string::npos;) {
      const size_t inner = at + open_mark.size();
      const size_t close = detail::Find(s, close_mark, inner);
      if (close == std::string::npos) break;
      std::string_view body = detail::Trim(std::string_view(s).substr(inner, close - inner));
      bool labelled = false;
      for (const std::string &l : labels) {
        if (!l.empty() && detail::StartsWith(body, l)) {
          body = detail::Trim(body.substr(l.size()));
          labelled = true;
          break;
        }
      }
      if (labelled && detail::StartsWith(body, ":")) body = detail::Trim(body.substr(1));
      const int choice = labelled ? MatchChoiceQuote(body, item) : 0;
      if (choice != 0) out.push_back({{choice}, at, close + close_mark.size()});
      at = close + close_mark.size();
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ExplicitStatement &x, const ExplicitStatement &y) { return x.begin < y.begin; });
  return out;
}

// Two cues read off one phrase (すべて長男が + 長男が…行い) are one piece of
// evidence: the stronger reading stands for both.
void MergeOverlapping(std::vector<Vote> *votes) {
  for (size_t i = 0; i < votes->size(); ++i) {
    for (size_t j = i + 1; j < votes->size(); ++j) {
      Vote &x = (*votes)[i];
      Vote &y = (*votes)[j];
      if (x.choices != y.choices || x.weight <= 0 || y.weight <= 0) continue;
      if (x.evidence.end <= y.evidence.begin || y.evidence.end <= x.evidence.begin) continue;
      Vote &weaker = x.weight < y.weight ? x : y;
      weaker.weight = 0;
      weaker.evidence.weight = 0;
    }
  }
}

// A cue inside a longer cue starting or ending on the same word is read as
// part of it (「ときどき…伝える」 holds 「伝える」, 「全て…介助」 holds 「介助」), unless the
// shorter one is the more precise reading (「手伝う」 within 「妻が…手伝う」).
void AbsorbSubCues(std::vector<Vote> *votes) {
  for (Vote &inner : *votes) {
    if (inner.frequency || inner.weight <= 0) continue;
    for (const Vote &outer : *votes) {
      if (&outer == &inner || outer.frequency || outer.weight <= 0) continue;
      bool same_end = outer.cue_last == inner.cue_last && outer.cue_first < inner.cue_first;
      bool same_start = outer.cue_first == inner.cue_first && outer.cue_last > inner.cue_last;
      if (!same_end && !same_start) continue;
      bool subset =
          std::includes(outer.choices.begin(), outer.choices.end(), inner.choices.begin(), inner.choices.end());
      // 「自分で選んだわけではない」: the negation the shorter cue read is the
      // longer cue's own words (not 「自分で選べない」); the longer one holds.
      bool own_negation_read =
          outer.own_negation && inner.negated && same_start && inner.evidence.end == outer.evidence.end;
      if (subset && !own_negation_read) continue;
      // From the same first word, only a longer reading of a negation
      // replaces it (「伝える…ほとんど…ない」 over 「伝える…ない」), or a cue
      // that carries its own negation (「自分で…部分はない」 over 「自分で」).
      if (!same_end && !inner.negated && !outer.own_negation) continue;
      inner.weight = 0;
      inner.evidence.weight = 0;
      break;
    }
  }
}

// "寝返りは自分でできるが、一日中ベッドの上": a cue naming several choices
// (C1 or C2) is settled by the other cues of the note that name some of them
// (C1): it then supports only those. (介助の方法 items settle "someone helps"
// by the amount words of its clause instead.)
void NarrowBroadCues(std::vector<Vote> *votes) {
  for (Vote &broad : *votes) {
    if (broad.choices.size() < 2 || broad.weight <= 0 || broad.frequency) continue;
    // Only cues stated as today's usual state settle it: a discounted one
    // (「手をつくのは癖で」, past, minor) does not.
    std::set<int> named;
    for (const Vote &v : *votes) {
      if (&v == &broad || v.weight <= 0 || !v.clean) continue;
      if (v.choices.size() < broad.choices.size() &&
          std::includes(broad.choices.begin(), broad.choices.end(), v.choices.begin(), v.choices.end())) {
        named.insert(v.choices.begin(), v.choices.end());
        continue;
      }
      // 「意思ではなく家族に連れられて」 (2, 3 or 4) beside 「好きな番組を欠かさず
      // 見る」 (1 or 2): two broad cues that share one choice name that one.
      if (v.choices.size() < 2) continue;
      std::vector<int> common;
      std::set_intersection(broad.choices.begin(), broad.choices.end(), v.choices.begin(), v.choices.end(),
                            std::back_inserter(common));
      if (common.size() == 1) named.insert(common.front());
    }
    if (named.empty()) continue;
    broad.choices.assign(named.begin(), named.end());
    broad.evidence.supports = broad.choices;
  }
}

// A sentence with no predicate of its own (「ほぼ毎日。」「週2回程度。」), also
// when it only reports who said so (「妻によると、ほぼ毎日のことだという。」).
bool IsFragment(const Analysis &a, int sentence) {
  static const std::set<std::string, std::less<>> kReporting = {"ある", "いう", "言う",    "話す",
                                                                "聞く", "よる", "聞き取る"};
  for (size_t k = 0; k < a.tokens.size(); ++k) {
    if (a.sentence_of[k] != sentence) continue;
    const Token &t = a.tokens[k];
    if ((t.pos == "動詞" && t.pos2 == "自立" && !kReporting.contains(t.base)) ||
        (t.pos == "形容詞" && t.base != "ない")) {
      // 「嫁がつけている記録では、この1か月で3回とのこと」: a verb that
      // qualifies a noun (after て|いる or た) names the source, not a
      // predicate of the sentence.
      size_t j = k + 1;
      while (j < a.tokens.size() && j <= k + 3 &&
             (a.tokens[j].pos == "助動詞" || (a.tokens[j].pos == "動詞" && a.tokens[j].pos2 == "非自立") ||
              (a.tokens[j].pos2 == "接続助詞" && (a.tokens[j].base == "て" || a.tokens[j].base == "で")))) {
        ++j;
      }
      bool adnominal = t.pos == "動詞" && j < a.tokens.size() && a.tokens[j].pos == "名詞" &&
                       a.tokens[j].pos2 != "非自立" && a.tokens[j].pos2 != "接尾" && a.tokens[j - 1].pos2 != "接続助詞" &&
                       a.sentence_of[j] == sentence && (j + 1 < a.tokens.size() && a.tokens[j + 1].base == "で");
      if (!adnominal) return false;
    }
  }
  return true;
}

bool HasTag(const std::vector<std::string> &levels, const char *tag) { return Holds(levels, tag); }

// The levels are exactly `tag` (compared without building a vector).
bool OnlyTag(const std::vector<std::string> &levels, std::string_view tag) {
  return levels.size() == 1 && levels[0] == tag;
}

// 「全介と判断」, 「介助なしが適当」 (a word of class `結論の述語` after the cue,
// with only particles, auxiliaries or the cue's own negation between), or
// 「回数の多い方をとって介助なし」, 「頻度から介助なしと判断」 (a word of class
// `頻度の比較` before the cue in its sentence, taken as the ground with から /
// とる / 基づく, and the cue ending the sentence): the surveyor states the
// conclusion the note comes to (criteria.md §2 より頻回な状況).
bool StatesConclusion(const RuleSet &rules, const Analysis &a, size_t first, size_t last) {
  const int sentence = a.sentence_of[first];
  bool ends_sentence = true;
  for (size_t k = last + 1; k < a.tokens.size() && a.sentence_of[k] == sentence; ++k) {
    const Token &t = a.tokens[k];
    if (rules.InClass("結論の述語", t)) return true;
    if (t.pos == "助詞" || t.pos == "助動詞" || t.pos == "記号" || (t.pos == "形容詞" && t.base == "ない")) continue;
    ends_sentence = false;
    break;
  }
  if (!ends_sentence) return false;
  bool weighed = false;
  for (size_t k = first; k-- > 0 && a.sentence_of[k] == sentence;) {
    const Token &t = a.tokens[k];
    if (t.base == "から" || t.base == "とる" || t.base == "基づく") weighed = true;
    if (weighed && rules.InClass("頻度の比較", t)) return true;
  }
  return false;
}

// Who does what, for 介助の方法 items (criteria.md §3.6):
// - the person does one part and a helper another, in other words of the note
//   (手の爪は自分で切るが、足の爪は家族が切る) → 一部介助, unless the helper's
//   part is all of it;
// - physical help in a clause (手を引いて誘導) makes the watching words of
//   that clause part of it, not a separate 見守り等.
// Only votes no context word discounts take part: help on bad days or in the
// past does not share out today's usual state.
void ShareOutAssistance(const RuleSet &rules, const ItemDef &item, std::vector<Vote> *votes) {
  const std::vector<int> partial = item.ChoicesWithAnyTag({"partial"});
  const std::vector<int> watch_only = [&] {
    std::vector<int> w = item.ChoicesWithAnyTag({"watch"});
    return w == partial ? std::vector<int>{} : w;
  }();
  auto physical = [&](const Vote &v) {
    if (v.negated || !v.clean || v.weight <= 0) return false;
    if (!HasTag(v.levels, "partial") && !HasTag(v.levels, "full")) return false;
    for (const std::string &l : v.levels) {
      if (l != "partial" && l != "full") return false;
    }
    return true;
  };
  auto self_done = [&](const Vote &v) { return !v.negated && v.clean && v.weight > 0 && OnlyTag(v.levels, "none"); };
  std::set<int> physical_clauses;
  for (const Vote &v : *votes) {
    if (physical(v)) physical_clauses.insert(v.clause);
  }
  if (!watch_only.empty()) {
    for (Vote &v : *votes) {
      if (!v.negated && v.choices == watch_only && physical_clauses.contains(v.clause)) {
        v.weight = 0;
      }
    }
  }
  // "自分で行えるが、毎回家族がそばで見ている": the person does it under watch.
  const std::vector<int> watch_choices = item.ChoicesWithAnyTag({"watch"});
  if (!watch_choices.empty()) {
    bool watched = false;
    for (const Vote &v : *votes) {
      watched = watched || (!v.negated && v.clean && v.weight > 0 && OnlyTag(v.levels, "watch"));
    }
    bool hands_on = false;
    for (const Vote &v : *votes) hands_on = hands_on || physical(v);
    if (watched && !hands_on) {
      for (Vote &v : *votes) {
        // 「介助を受けずに行っている」 (help negated) is the person's own act too.
        if (self_done(v) || (v.negated && v.clean && v.weight > 0 && OnlyTag(v.levels, "none"))) {
          v.choices = watch_choices;
          v.evidence.supports = watch_choices;
          v.notes.push_back("本人が行い介護者が見守る");
        }
      }
    }
  }
  if (partial.empty()) return;
  // 「…妻が声をかけた。介助されていない状況が頻回」: the note weighed the
  // situations itself (criteria.md §2 より頻回な状況); help told beside it is
  // the rarer one, not the helper's share of the act.
  if (std::any_of(votes->begin(), votes->end(), [&](const Vote &v) { return self_done(v) && v.weighs_situations; })) {
    return;
  }
  // 「…W/Cを押してもらう。回数の多い方をとって介助なし」, 「…全介と判断」: the
  // surveyor states the conclusion; the acts told before it are what it
  // weighs, not a share of the act.
  if (std::any_of(votes->begin(), votes->end(), [&](const Vote &v) {
        return v.concluded && (self_done(v) || (physical(v) && OnlyTag(v.levels, "full")));
      })) {
    return;
  }
  // The person's part and the helper's part may sit in one clause
  // (切り分けてもらい、自分で食べている), but must be different words.
  bool shared = false;
  for (const Vote &s : *votes) {
    if (!self_done(s)) continue;
    for (const Vote &p : *votes) {
      if (!physical(p)) continue;
      shared = shared || s.evidence.end <= p.evidence.begin || p.evidence.end <= s.evidence.begin;
    }
  }
  static const std::vector<std::string> either = {"partial", "full"};
  bool unstated =
      std::any_of(votes->begin(), votes->end(), [&](const Vote &v) { return physical(v) && v.levels == either; });
  bool helper_part = std::any_of(votes->begin(), votes->end(),
                                 [&](const Vote &v) { return physical(v) && OnlyTag(v.levels, "partial"); });
  // "…自分で吐き出す。本人が行えるのはうがいのみ": a cue of all the help that
  // names the person's trifle itself makes any act of the person that trifle.
  bool trifle_named = std::any_of(votes->begin(), votes->end(), [&](const Vote &v) {
    return physical(v) && OnlyTag(v.levels, "full") && v.limited_self;
  });
  auto all_of_unstated = [&] {
    const std::vector<int> full = item.ChoicesWithAnyTag({"full"});
    for (Vote &v : *votes) {
      if (!physical(v) || v.levels != either) continue;
      v.levels = {"full"};
      v.choices = full;
      v.evidence.supports = full;
    }
  };
  // 「歯みがきは妻が行い、…。本人は口をすすいで吐き出すだけ」: the person's
  // trifle named by a cue of all the help, with no act of the person beside
  // it, makes a helper's act of unstated amount the rest: all of it.
  if (!shared) {
    if (trifle_named && unstated && !helper_part) all_of_unstated();
    return;
  }
  // "金銭はすべて長男が管理。財布のお金の出し入れのみ本人が行う": the person
  // doing only a trifle beside a helper doing all of it is not a share of
  // the act (criteria.md §3.6: 全介助).
  bool limited =
      std::any_of(votes->begin(), votes->end(), [&](const Vote &v) { return self_done(v) && v.limited_self; });
  bool all_done_for = std::any_of(votes->begin(), votes->end(), [&](const Vote &v) {
    return physical(v) && OnlyTag(v.levels, "full") && ((v.whole_clause && !v.whole_of_a_part) || v.limited_self);
  });
  if ((limited || trifle_named) && all_done_for) return;
  // "歯磨きは妻が行っている。本人は…出すことだけ自分でできる": beside the
  // person's trifle, a helper's act of unstated amount is the rest of it, all
  // of the act (criteria.md §3.6), unless a helper's part is named as a part.
  if (limited && unstated && !helper_part) {
    all_of_unstated();
    return;
  }
  // "本人が洗った後、介護者が全身を洗い直している": the person's part is all
  // done again, so it is no share of the act (criteria.md §3.6: 全介助);
  // redoing what was left (磨き残しを磨き直す) still is.
  if (std::any_of(votes->begin(), votes->end(),
                  [&](const Vote &v) { return physical(v) && v.redo && v.whole_clause; })) {
    return;
  }
  // 「全介助」 and the surveyors' shorthand 「全介」 (class 全介助の表記) name all of it.
  const std::vector<std::string> &all_of_it = rules.ClassWords("全介助の表記");
  for (Vote &v : *votes) {
    bool whole = (v.whole && !v.whole_of_a_part) ||
                 std::any_of(all_of_it.begin(), all_of_it.end(),
                             [&](const std::string &w) { return v.evidence.text.find(w) != std::string::npos; });
    if ((physical(v) && !whole) || self_done(v)) {
      v.choices = partial;
      v.evidence.supports = partial;
      v.notes.push_back("本人と介護者で行為を分担");
    }
  }
}

// "朝食と昼食は自分で食べるが、夕食は家族が食べさせている": when the person's
// own act and the help are told for different occasions (frequency.tsv
// `occasion`, named in the phrase before the cue), the side whose occasions
// weigh more is the more frequent situation (criteria.md §3.1 「より頻回な
// 状況」): the other weighs as a minor situation, and the contrast before the
// usual state does not weaken it. Equal shares decide nothing.
void WeighOccasions(const Analysis &a, const RuleSet &rules, const std::vector<FrequencyMention> &freqs,
                    std::vector<Vote> *votes) {
  // "夜間に失禁し、その後始末を妻がしている": a phrase opened by a word that
  // refers back (class 前を受ける) is told for the occasions of the phrase
  // before it.
  auto told_for = [&](size_t k, size_t cue) {
    // "夜間はポータブルトイレを使い、そのたびに夫が手を添える": an occasion
    // in the topic (…は) of its sentence is told for the phrases after it,
    // up to another occasion.
    auto topic_phrase = [&](size_t i) {
      if (i + 1 < a.tokens.size() && a.tokens[i + 1].surface == "は") return true;
      // 「日中のベッドからの乗り移りは、」: the phrase of the occasion ends as a topic.
      size_t e = i;
      while (e + 1 < a.tokens.size() && a.phrase_of[e + 1] == a.phrase_of[i]) ++e;
      while (e > i && a.tokens[e].pos2 == "読点") --e;
      return e > i && a.tokens[e].surface == "は";
    };
    if (k < cue && a.sentence_of[k] == a.sentence_of[cue] && topic_phrase(k)) {
      bool other = false;
      for (size_t j = k + 1; j < cue; ++j) {
        other = other || (rules.OccasionShare(a.tokens[j].base) > 0 && a.tokens[j - 1].pos2 != "数");
      }
      if (!other) return true;
    }
    for (;;) {
      if (a.phrase_of[k] == a.phrase_of[cue]) return true;
      size_t first = cue;
      while (first > 0 && a.phrase_of[first - 1] == a.phrase_of[cue]) --first;
      size_t opener = first;
      while (opener < cue && a.tokens[opener].pos2 == "読点") ++opener;
      if (first == 0 || !rules.InClass("前を受ける", a.tokens[opener])) return false;
      cue = first - 1;
    }
  };
  auto occasions_before = [&](const Vote &v) {
    std::set<std::string, std::less<>> named;
    double share = 0;
    for (size_t k = 0; k < v.cue_first && k < a.tokens.size(); ++k) {
      std::string_view w = a.tokens[k].base;
      // 「1晩に2回」: after a number the word is the unit of a rate, not an occasion.
      if (k > 0 && a.tokens[k - 1].pos2 == "数") continue;
      if (rules.OccasionShare(w) > 0 && told_for(k, v.cue_first) && named.emplace(w).second) {
        share += rules.OccasionShare(w);
      }
    }
    return share;
  };
  auto helped = [](const Vote &v) {
    return std::all_of(v.levels.begin(), v.levels.end(),
                       [](const std::string &l) { return l == "watch" || l == "partial" || l == "full"; });
  };
  double self_share = 0, help_share = 0;
  std::set<std::pair<size_t, size_t>> self_phrases, help_phrases;
  for (const Vote &v : *votes) {
    if (v.negated || !v.clean || v.weight <= 0 || v.frequency || v.levels.empty()) continue;
    bool self = OnlyTag(v.levels, "none");
    if (!self && !helped(v)) continue;
    double share = occasions_before(v);
    // 「食堂へは1日3回、浴室へは週に数回、介助を受けて移動している。トイレへは1日5回
    // 程度、自力で移動している」: without occasion words, the rates stated before
    // the cue in its sentence (times a day) are its share.
    if (share == 0) {
      for (const FrequencyMention &fm : freqs) {
        if (fm.single_event || fm.begin >= a.tokens[v.cue_first].begin) continue;
        size_t k = 0;
        while (k + 1 < a.tokens.size() && a.tokens[k].end <= fm.begin) ++k;
        if (a.sentence_of[k] == a.sentence_of[v.cue_first]) share += fm.per_month / 30.0;
      }
    }
    if (share == 0) return;  // a cue told for no occasion in particular
    (self ? self_phrases : help_phrases).insert(a.phrase_of[v.cue_first]);
    double &side = self ? self_share : help_share;
    side = std::max(side, share);
  }
  if (self_phrases.empty() || help_phrases.empty() || self_share == help_share) return;
  for (const auto &p : self_phrases) {
    if (help_phrases.contains(p)) return;
  }
  const bool self_dominates = self_share > help_share;
  for (Vote &v : *votes) {
    if (v.negated || !v.clean || v.weight <= 0 || v.frequency) continue;
    bool self = OnlyTag(v.levels, "none");
    if (!self && !helped(v)) continue;
    if (self == self_dominates) {
      if (a.clauses[v.clause].contrast_before) v.weight /= rules.Param("contrast_before");
    } else {
      v.weight *= rules.Param("minor_factor");
      v.clean = false;
      v.notes.push_back("頻度の少ない状況");
    }
    v.evidence.weight = v.weight;
  }
}

// The season a word names (classes listed by engine.tsv `season_classes`,
// in the order of the year); -1 when none.
int SeasonOf(const RuleSet &rules, std::string_view word) {
  const std::vector<std::string> &seasons = rules.ParamList("season_classes");
  for (size_t i = 0; i < seasons.size(); ++i) {
    if (rules.InClass(seasons[i], word)) return static_cast<int>(i);
  }
  return -1;
}

// A quoted answer checked against a fact the note states itself.
struct AnswerCheck {
  bool found = false;
  bool right = false;
  size_t begin = 0, end = 0;  // the quoted answer, bytes
};

// 「…」 in a note: the tokens inside each pair of brackets.
struct Quote {
  size_t first = 0, last = 0;  // tokens inside: [first, last)
  size_t begin = 0, end = 0;   // bytes, brackets included
};

std::vector<Quote> FindQuotes(const Analysis &a) {
  std::vector<Quote> out;
  for (size_t k = 0; k < a.tokens.size(); ++k) {
    if (a.tokens[k].surface != "「") continue;
    size_t c = k + 1;
    while (c < a.tokens.size() && a.tokens[c].surface != "」") ++c;
    if (c == a.tokens.size()) break;
    out.push_back({k + 1, c, a.tokens[k].begin, a.tokens[c].end});
    k = c;
  }
  return out;
}

std::vector<bool> QuotedTokens(const Analysis &a, const std::vector<Quote> &quotes) {
  std::vector<bool> quoted(a.tokens.size(), false);
  for (const Quote &q : quotes) {
    for (size_t k = q.first; k < q.last; ++k) quoted[k] = true;
  }
  return quoted;
}

// The first answer inside the quotes that read (a token index → a value, -1
// for none) finds, or -1; r gets the span of its quote.
template <typename Read>
int FirstQuotedAnswer(const std::vector<Quote> &quotes, Read read, AnswerCheck *r) {
  for (const Quote &q : quotes) {
    for (size_t k = q.first; k < q.last; ++k) {
      int value = read(k);
      if (value >= 0) {
        r->begin = q.begin;
        r->end = q.end;
        return value;
      }
    }
  }
  return -1;
}

// 3-7 場所の理解: the kind of place answered (「病院」と答えた) against the
// place the person is in, as the note states it outside the answer (自宅での
// 調査, 施設に入所中). Only the kind counts: criteria.md §2 「施設名・所在地は
// 問わない」. A place the answer denies (「家ではなく…」) is no answer.
AnswerCheck CheckPlaceAnswer(const Analysis &a, const RuleSet &rules) {
  AnswerCheck r;
  const std::vector<std::string> &places = rules.ParamList("place_classes");
  auto place_at = [&](size_t k) {
    const Token &t = a.tokens[k];
    for (size_t i = 0; i < places.size(); ++i) {
      if (rules.InClass(places[i], t.base) || rules.InClass(places[i], t.surface)) return static_cast<int>(i);
    }
    return -1;
  };
  auto next_is = [&](size_t k, std::initializer_list<const char *> words) {
    if (k + 1 >= a.tokens.size()) return false;
    for (const char *w : words) {
      if (a.tokens[k + 1].surface == w) return true;
    }
    return false;
  };
  std::vector<Quote> quotes = FindQuotes(a);
  int answer = FirstQuotedAnswer(
      quotes,
      [&](size_t k) {
        bool denied = next_is(k, {"で", "じゃ"}) && k + 2 < a.tokens.size() &&
                      (a.tokens[k + 2].base == "は" || a.tokens[k + 2].base == "ない");
        return denied ? -1 : place_at(k);
      },
      &r);
  if (answer < 0) return r;
  std::vector<bool> quoted = QuotedTokens(a, quotes);
  int site = -1;
  for (size_t k = 0; k < a.tokens.size() && site < 0; ++k) {
    if (!quoted[k] && next_is(k, {"で", "に"})) site = place_at(k);
  }
  if (site < 0) return r;
  r.found = true;
  r.right = answer == site;
  return r;
}

// A number written over consecutive tokens starting at k (MeCab splits
// 八十四 into 八|十|四); -1 when none starts there. *next is the token after it.
int NumberAt(const Analysis &a, size_t k, size_t *next) {
  if (k > 0 && a.tokens[k - 1].pos2 == "数") return -1;
  std::string digits;
  size_t j = k;
  while (j < a.tokens.size() && a.tokens[j].pos2 == "数") digits += a.tokens[j++].surface;
  *next = j;
  return detail::ParseNumber(digits);
}

// 3-6 今の季節を理解する: a season given as the answer (「夏」と答えた) set
// against when the survey took place (12月の訪問時, 真冬の調査日). criteria.md
// §2: 「季節に多少のずれ可」 — at a month on the edge of a season the
// neighbouring season is right too (2月に「春」); 月日 are not the season.
AnswerCheck CheckSeasonAnswer(const Analysis &a, const RuleSet &rules) {
  AnswerCheck r;
  const std::vector<std::string> &seasons = rules.ParamList("season_classes");
  if (seasons.empty()) return r;
  std::vector<Quote> quotes = FindQuotes(a);
  // A season word inside the answer (「もうすぐ春」); a month is a date.
  int answer = FirstQuotedAnswer(
      quotes,
      [&](size_t k) {
        for (const std::string &cls : seasons) {
          for (const std::string &w : rules.ClassWords(cls)) {
            if (w.find("月") == std::string::npos && a.tokens[k].surface.find(w) != std::string::npos) {
              return SeasonOf(rules, w);
            }
          }
        }
        return -1;
      },
      &r);
  std::vector<bool> quoted = QuotedTokens(a, quotes);
  // An answer told without brackets: the season word, だ / です, と (の), then
  // a verb of answering (engine.tsv answer_verbs: 「春だと答えた」, 「春との答え」);
  // or an answer shown, not said: the season word, の, a card or picture
  // (engine.tsv shown_answer_nouns), を, a verb of choosing or pointing
  // (shown_answer_verbs: 「四季の絵カードを並べると紅葉のカードを選んだ」).
  if (answer < 0) {
    const std::vector<std::string> &verbs = rules.ParamList("answer_verbs");
    const std::vector<std::string> &shown_nouns = rules.ParamList("shown_answer_nouns");
    const std::vector<std::string> &shown_verbs = rules.ParamList("shown_answer_verbs");
    for (size_t k = 0; k < a.tokens.size() && answer < 0; ++k) {
      const Token &t = a.tokens[k];
      if (quoted[k] || t.pos != "名詞" || t.surface.find("月") != std::string_view::npos) continue;
      int season = SeasonOf(rules, t.base);
      if (season < 0) continue;
      size_t j = k + 1;
      bool shown = j + 3 < a.tokens.size() && a.tokens[j].surface == "の" && Holds(shown_nouns, a.tokens[j + 1].base) &&
                   a.tokens[j + 2].surface == "を" && Holds(shown_verbs, a.tokens[j + 3].base);
      if (shown) {
        j += 3;
      } else {
        while (j < a.tokens.size() && a.tokens[j].pos == "助動詞") ++j;
        if (j >= a.tokens.size() || a.tokens[j].surface != "と" || a.tokens[j].pos != "助詞") continue;
        ++j;
        if (j < a.tokens.size() && a.tokens[j].surface == "の") ++j;
        if (j >= a.tokens.size() || !Holds(verbs, a.tokens[j].base)) continue;
      }
      answer = season;
      r.begin = t.begin;
      r.end = a.tokens[j].end;
      for (size_t q = k; q <= j; ++q) quoted[q] = true;
    }
  }
  if (answer < 0) return r;
  // When the survey took place: a month (12月) or a season word outside the
  // answer, not a topic of its own (「冬場は外に出ない」).
  std::set<int> allowed;
  for (size_t k = 0; k < a.tokens.size() && allowed.empty(); ++k) {
    if (quoted[k]) continue;
    const Token &t = a.tokens[k];
    // 12月, 2月末 (月末 is one word), 1月上旬, 十一月 (one word).
    int month = -1;
    size_t next = 0;
    if (t.pos2 == "数") {
      month = NumberAt(a, k, &next);
      if (next >= a.tokens.size() || !detail::StartsWith(a.tokens[next].surface, "月")) month = -1;
    } else if (constexpr std::string_view kMonth = "月";
               t.surface.size() > kMonth.size() && t.surface.ends_with(kMonth)) {
      month = detail::ParseNumber(std::string_view(t.surface).substr(0, t.surface.size() - kMonth.size()));
    }
    if (month >= 0) {
      if (month < 1 || month > 12) continue;
      for (int d : {-1, 0, 1}) {
        int m = (month + d + 11) % 12 + 1;
        int season = SeasonOf(rules, std::to_string(m) + "月");
        if (season >= 0) allowed.insert(season);
      }
      continue;
    }
    bool topic = k + 1 < a.tokens.size() && a.tokens[k + 1].base == "は";
    int season = SeasonOf(rules, t.base);
    if (season >= 0 && !topic) allowed.insert(season);
  }
  if (allowed.empty()) return r;
  r.found = true;
  r.right = allowed.contains(answer);
  return r;
}

// The number of years in "85歳" / "八十五才" starting at token k; -1 when
// none. Inside an answer (bare) a number alone is the age answered too
// (年齢を聞くと「八十三」と答えた).
int AgeAt(const Analysis &a, size_t k, bool bare = false) {
  size_t next = 0;
  int n = NumberAt(a, k, &next);
  if (n < 0) return -1;
  if (next < a.tokens.size()) {
    std::string_view unit = a.tokens[next].surface;
    if (unit == "歳" || unit == "才") return n;
  }
  bool alone =
      bare && (next >= a.tokens.size() || a.tokens[next].pos2 == "括弧閉") && k > 0 && a.tokens[k - 1].pos2 == "括弧開";
  return alone ? n : -1;
}

// 3-3 生年月日や年齢を言う: the age answered (「50歳」と答えた) against the
// real age the note gives (実年齢85歳). criteria.md §2: 年齢は2歳までの誤差可
// (engine.tsv age_tolerance).
AnswerCheck CheckAgeAnswer(const Analysis &a, const RuleSet &rules) {
  AnswerCheck r;
  std::vector<Quote> quotes = FindQuotes(a);
  int answered = FirstQuotedAnswer(
      quotes, [&](size_t k) { return AgeAt(a, k, /*bare=*/true); }, &r);
  std::vector<bool> quoted = QuotedTokens(a, quotes);
  int actual = -1;
  for (size_t k = 0; k < a.tokens.size() && actual < 0; ++k) {
    if (!quoted[k]) actual = AgeAt(a, k);
  }
  if (answered < 0 || actual < 0) return r;
  r.found = true;
  r.right = std::abs(answered - actual) <= rules.Param("age_tolerance");
  return r;
}

// The judgment of a note's facts without the statements of the choice chosen
// (`stated`, found in the note analysed as `a`), when they flag it; `judge`
// judges a text of the same bytes as the note and its morphemes.
std::optional<NoteJudgment> JudgeStatedFacts(std::string_view note, const Analysis &a,
                                             const std::vector<ExplicitStatement> &stated,
                                             const std::function<NoteJudgment(std::string_view, ParsedNote)> &judge) {
  // Read without each statement and the reason said with it: once without
  // its clause (…ため「…」を選択, back to the sentence's start or a contrast),
  // once without only its phrase (back to the comma before it). The clause
  // may hold facts the reason rests on (「不適切な状況と判断し、…「2.一部介助」
  // とした」), the phrase may leave part of the reason (「会話ができないため、
  // …状況で、「3.…」を選択」): the facts flag the answer only when both
  // readings flag it.
  auto read_without = [&](bool whole_clause) {
    std::vector<std::pair<size_t, size_t>> blanks;
    for (const ExplicitStatement &e : stated) {
      size_t k = 0;
      while (k < a.tokens.size() && a.tokens[k].end <= e.begin) ++k;
      const size_t at = std::min(k, a.tokens.size() - 1);
      size_t from = k;
      while (from > 0 && a.clause_of[from - 1] == a.clause_of[at] &&
             (whole_clause || a.tokens[from - 1].pos2 != "読点")) {
        --from;
      }
      blanks.push_back({from < a.tokens.size() ? std::min(a.tokens[from].begin, e.begin) : e.begin, e.end});
    }
    ParsedNote facts{Blanked(a.norm, blanks), {}};
    for (const Morpheme &m : a.morphemes) {
      const bool blank = std::any_of(blanks.begin(), blanks.end(), [&](const auto &b) {
        return m.begin < b.second && m.begin + m.length > b.first;
      });
      if (!blank) facts.morphemes.push_back(m);
    }
    const std::string text = facts.text;
    return judge(text, std::move(facts));
  };
  NoteJudgment facts = read_without(/*whole_clause=*/true);
  if (!facts.judged || facts.consistent) return std::nullopt;
  const NoteJudgment phrase_facts = read_without(/*whole_clause=*/false);
  if (!phrase_facts.judged || phrase_facts.consistent) return std::nullopt;
  // Quoted from the note as written (the facts were read normalised).
  const std::vector<size_t> starts = detail::CodepointStarts(note);
  for (NoteEvidence &e : facts.evidence) {
    if (e.begin >= e.end || e.end > starts.size()) continue;
    const size_t last_byte = e.end < starts.size() ? starts[e.end] : note.size();
    e.text = std::string(note.substr(starts[e.begin], last_byte - starts[e.begin]));
  }
  return facts;
}

}  // namespace

ParsedNote NoteJudge::Parse(std::string_view note) const {
  ParsedNote parsed;
  if (detail::Trim(note).empty()) return parsed;  // judged without reading
  parsed.text = detail::NormalizeWidth(note);
  parsed.morphemes = tokenizer_.Parse(parsed.text);
  return parsed;
}

NoteJudgment NoteJudge::Judge(const ItemDef &item, const std::vector<int> &chosen, std::string_view note) const {
  return Judge(item, chosen, note, Parse(note));
}

NoteJudgment NoteJudge::Judge(const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                              ParsedNote parsed) const {
  return JudgeParsed(item, chosen, note, std::move(parsed), /*read_stated_facts=*/true);
}

std::vector<NoteWord> NoteJudge::Words(const ItemDef &item, std::string_view note) const {
  return JudgeParsed(item, {item.choices.front().no}, note, Parse(note), /*read_stated_facts=*/false).words;
}

NoteJudgment NoteJudge::JudgeParsed(const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                                    ParsedNote parsed, bool read_stated_facts) const {
  NoteJudgment result;
  if (detail::Trim(note).empty()) {
    result.reason = "特記事項がない";
    return result;
  }
  // The analysis of this thread, unless a Judge on it is still using it.
  thread_local Analysis reused;
  thread_local bool reused_in_use = false;
  std::optional<Analysis> own;
  Analysis &a = reused_in_use ? own.emplace() : reused;
  struct Release {
    bool *in_use;
    ~Release() {
      if (in_use != nullptr) *in_use = false;
    }
  } release{reused_in_use ? nullptr : &reused_in_use};
  reused_in_use = true;
  Analyze(std::move(parsed), tokenizer_, rules_, &a);
  const std::vector<FrequencyMention> freqs = FindFrequencies(a.norm, a.tokens, rules_);
  result.states_rate =
      std::any_of(freqs.begin(), freqs.end(), [](const FrequencyMention &m) { return !m.single_event; });
  auto cp = [&](size_t byte) { return detail::ByteToCodepoint(a.cps, byte); };
  // The note's words for the learned model, their code points counted as the
  // tokens go (they come in text order).
  result.words.reserve(a.tokens.size());
  size_t codepoint = 0;  // a.cps[codepoint] is the first start not before the last target
  auto codepoint_at = [&](size_t target) {
    while (codepoint + 1 < a.cps.size() && a.cps[codepoint] < target) ++codepoint;
    return codepoint;
  };
  // 「安静が解けた後を想定すると…手助けが必要になると判断」, 「処方された場合も同様
  // の手助けを要すると判断」: the surveyor judged a supposed situation (class 想定,
  // or 場合も with a word of class 結論の述語 after it). The answer follows that
  // supposition, so the actual state told before it (機会はない, 処方なし) is
  // no reading for the model: it reads from the supposition on.
  int supposed_from = 0;
  const int supposition = rules_.ClassIndex("想定");
  for (size_t k = 0; k < a.tokens.size(); ++k) {
    bool supposes = RuleSet::InClass(supposition, a.tokens[k]);
    if (!supposes && a.tokens[k].base == "場合" && k + 1 < a.tokens.size() && a.tokens[k + 1].base == "も") {
      for (size_t m = k + 2; m < a.tokens.size() && a.sentence_of[m] == a.sentence_of[k]; ++m) {
        supposes = supposes || rules_.InClass("結論の述語", a.tokens[m]);
      }
    }
    if (supposes) {
      supposed_from = a.sentence_of[k];
      break;
    }
  }
  for (size_t k = 0; k < a.tokens.size(); ++k) {
    const Token &t = a.tokens[k];
    if (a.sentence_of[k] < supposed_from) continue;
    bool content = t.pos == "名詞" || t.pos == "動詞" || t.pos == "形容詞" || t.pos == "副詞" || t.pos == "助動詞";
    NoteWord &word = result.words.emplace_back();
    word.base.assign(t.base.data(), t.base.size());  // no string made and then moved
    word.hash = t.key.base_hash;
    word.content = content;
    word.begin = codepoint_at(t.begin);
    word.end = codepoint_at(t.end);
  }
  // Code points of the note as written, found when the first evidence needs them.
  // Width normalisation only shortens the text: of the same length, it is the note.
  std::vector<size_t> orig_of_changed;
  const std::vector<size_t> *orig = nullptr;
  auto make_evidence = [&](size_t b, size_t e, std::string source) {
    NoteEvidence ev;
    ev.begin = cp(b);
    ev.end = cp(e);
    if (orig == nullptr) {
      if (note.size() != a.norm.size()) orig_of_changed = detail::CodepointStarts(note);
      orig = note.size() == a.norm.size() ? &a.cps : &orig_of_changed;
    }
    // Report the note's own characters (the normalised text may differ in
    // width).
    if (ev.end < orig->size()) {
      ev.text = std::string(note.substr((*orig)[ev.begin], (*orig)[ev.end] - (*orig)[ev.begin]));
    } else {
      ev.text = a.norm.substr(b, e - b);
    }
    ev.source = std::move(source);
    return ev;
  };
  const bool multi = item.multi;
  std::vector<int> chosen_sorted = chosen;
  std::sort(chosen_sorted.begin(), chosen_sorted.end());
  const std::vector<ExplicitStatement> stated = FindExplicit(a.norm, item, rules_);

  // 1. The note names the choice it selects. Another choice than the one
  // chosen: that statement decides. The choice chosen: it is the surveyor's
  // conclusion, and the reason given with it may misread criteria.md (「体に
  // 触れる手伝いはないことから『介助されていない』とした」 of a brother who
  // makes him put his trousers on again every morning). Where the learned
  // reader, reading the whole note, finds another answer likelier (or cannot
  // read the item), the note is read once more without the statements and
  // the reasons said with them (…ため「…」を選択): where its other facts flag
  // the answer, the flag stands and the learned reader weighs those facts
  // alone. Otherwise the statement decides.
  if (!stated.empty()) {
    const ExplicitStatement &last = stated.back();
    NoteEvidence ev = make_evidence(last.begin, last.end, "explicit");
    ev.supports = last.choices;
    ev.weight = rules_.Param("explicit_weight");
    if (read_stated_facts && last.choices == chosen_sorted) {
      if (model_ != nullptr && !multi && chosen.size() == 1) result.model_scores = model_->Predict(item, result.words);
      const std::vector<double> &p = result.model_scores;
      const bool model_doubts =
          p.empty() || item.choices[std::max_element(p.begin(), p.end()) - p.begin()].no != chosen[0];
      if (model_doubts) {
        std::optional<NoteJudgment> facts =
            JudgeStatedFacts(note, a, stated, [&](std::string_view text, ParsedNote parsed) {
              return JudgeParsed(item, chosen, text, std::move(parsed), /*read_stated_facts=*/false);
            });
        if (facts) {
          facts->evidence.push_back(ev);
          facts->reason = "特記事項は " + Join(last.choices, item) + " を選んだと書いているが、" + facts->reason;
          return *std::move(facts);
        }
      }
    }
    result.judged = true;
    result.evidence.push_back(ev);
    result.suggested = last.choices;
    result.consistent = last.choices == chosen_sorted;
    result.confidence = 1.0;
    result.reason = result.consistent ? "特記事項に選択した選択肢 " + Join(last.choices, item) + " が明記されている"
                                      : "特記事項では " + Join(last.choices, item) +
                                            " を選択すると書かれているが、選択は " + Join(chosen_sorted, item);
    return result;
  }

  // 2. Context: modifiers found in this note for this item.
  std::vector<ModHit> mods;
  // The item's cues and modifiers are found in one pass (ItemRules): hits
  // come ordered by entry, the cues' before the modifiers'.
  const ItemRules &item_rules = rules_.RulesOf(item.id);
  std::vector<PatternHit> cue_hits = item_rules.index.FindAll(a.tokens);
  const int cue_count = static_cast<int>(item_rules.cues.size());
  const auto first_modifier_hit =
      std::partition_point(cue_hits.begin(), cue_hits.end(), [&](const PatternHit &h) { return h.entry < cue_count; });
  for (auto hit = first_modifier_hit; hit != cue_hits.end(); ++hit) {
    mods.push_back({item_rules.modifiers[static_cast<size_t>(hit->entry - cue_count)], hit->first, hit->last});
  }
  cue_hits.erase(first_modifier_hit, cue_hits.end());
  const std::vector<const Cue *> &item_cues = item_rules.cues;
  auto token_at = [&](size_t byte) {
    size_t lo = 0;
    for (size_t k = 0; k < a.tokens.size(); ++k) {
      if (a.tokens[k].begin <= byte) lo = k;
    }
    return lo;
  };
  const bool is_bpsd = item.InGroup("bpsd");
  const bool is_medical = item.InGroup("medical");
  const bool is_outing = item.id == "2-12";
  // Only assistance and movement happen often enough for a low rate to mean
  // 'minor'.
  const bool rate_matters = item.axis == "介助の方法" || item.InGroup("motor") || item.id == "2-3";
  const bool ability_item = item.axis == "能力" && item.InGroup("motor");
  // 「今は薬が処方されておらず、内服の機会はない」: for the items of engine.tsv
  // supposed_items (2-1, 2-2, 5-1) an act with no occasion now is judged as if
  // it occurred (criteria.md §3.5), on the grounds the note gives, also from
  // the past.
  bool no_occasion_now = false;
  const std::vector<std::string> &supposed = rules_.ParamList("supposed_items");
  if (std::find(supposed.begin(), supposed.end(), item.id) != supposed.end()) {
    for (size_t k = 0; k < a.tokens.size() && !no_occasion_now; ++k) {
      if (!rules_.InClass("行為の機会", a.tokens[k])) continue;
      for (size_t j = k + 1; j < a.tokens.size() && j <= k + 5 && a.sentence_of[j] == a.sentence_of[k]; ++j) {
        const Token &w = a.tokens[j];
        if ((w.pos == "助動詞" && (w.base == "ない" || w.base == "ぬ")) || (w.pos == "形容詞" && w.base == "ない")) {
          no_occasion_now = true;
          break;
        }
      }
    }
  }
  const std::string &rate = item.activity_rate.empty() ? std::string("daily") : item.activity_rate;
  const double minor_rate = rules_.Param("minor_rate_" + rate);
  // Same-group items whose topic words mark a clause as being about them.
  std::vector<const ItemDef *> siblings;
  for (const char *g : {"motor", "cognitive"}) {
    if (!item.InGroup(g)) continue;
    for (size_t i : rules_.catalog().ItemsInGroup(g)) {
      const ItemDef &d = rules_.catalog().items()[i];
      if (d.id != item.id) siblings.push_back(&d);
    }
  }
  auto clause_text = [&](int c) {
    return std::string_view(a.norm).substr(a.clauses[c].begin, a.clauses[c].end - a.clauses[c].begin);
  };
  auto contains_any = [](std::string_view text, const std::vector<std::string> &words) {
    for (const std::string &w : words) {
      if (detail::Contains(text, w)) return true;
    }
    return false;
  };

  // "週に1回だけヘルパーが行い、それ以外は自分で": a cue after それ以外 is
  // the rest, not the minor situation before it.
  auto complement_between = [&](size_t from, size_t to) {
    for (size_t k = from + 1; k < to && k < a.tokens.size(); ++k) {
      if (rules_.InClass("残りの状況", a.tokens[k])) return true;
    }
    return false;
  };
  // "週1回の薬のセット", "薬の準備は週に1度娘がしている": a preparation done
  // weekly serves every dose (named in the cue or before it in its clause).
  // "排便は週1回、看護師による摘便で行う": a helper's act that is the act
  // itself (class 行為の代行) happens at the act's own rate, which is no
  // minor situation either.
  // "週2回の入浴後、頭を拭くのは毎回職員": help on every occasion (class
  // 機会ごと: 毎回, その都度) makes the rate the act's own occasions, each of
  // them helped (criteria.md §3.1: 週3回の機会の3回とも全介助なら全介助).
  auto prepares = [&](size_t first, size_t last) {
    while (first > 0 && a.clause_of[first - 1] == a.clause_of[first]) --first;
    for (size_t k = first; k <= last && k < a.tokens.size(); ++k) {
      if (rules_.InClass("準備行為", a.tokens[k]) || rules_.InClass("行為の代行", a.tokens[k]) ||
          rules_.InClass("機会ごと", a.tokens[k])) {
        return true;
      }
    }
    return false;
  };
  // 「月に数回ではなく毎週末に」: a rate followed by ではなく is the rate denied,
  // no minor situation.
  auto rate_denied = [&](const FrequencyMention &fm) {
    const size_t k = token_at(fm.end - 1) + 1;
    return k + 2 < a.tokens.size() && a.tokens[k].surface == "で" && a.tokens[k + 1].surface == "は" &&
           a.tokens[k + 2].base == "ない";
  };
  // Clauses describing a minor situation (夜間のみ, 月に数回).
  std::set<int> minor_clauses;
  if (rate_matters) {
    for (const ModHit &m : mods) {
      if (m.mod->kind == "minor") minor_clauses.insert(a.clause_of[m.first]);
      // 「手すりを持たないと立てないけど、その時くらい」: a minor situation told
      // by a word that refers back (class 前を受ける) is the clause before it.
      if (m.mod->kind == "minor" && m.first > 0 && a.clause_of[m.first] > 0 &&
          rules_.InClass("前を受ける", a.tokens[m.first - 1])) {
        minor_clauses.insert(a.clause_of[m.first] - 1);
      }
    }
    for (const FrequencyMention &fm : freqs) {
      if (fm.per_month < minor_rate && !rate_denied(fm)) minor_clauses.insert(a.clause_of[token_at(fm.begin)]);
    }
  }
  const std::vector<Quote> quotes = FindQuotes(a);
  const std::vector<bool> quoted = QuotedTokens(a, quotes);
  // 「家ん中ぐれえ、なんにもつかまんねえで歩げるよ」と本人: for the 介助・動作
  // items, what the person claims in quotes (the quote, then と and the
  // person within a few words, or the person named as the topic before the
  // quote in its sentence) is the person's account, which the surveyor's
  // and the family's account outweighs: its cues weigh person_claim_factor.
  std::vector<bool> person_claim(a.tokens.size(), false);
  if (item.axis == "介助の方法" || item.InGroup("motor")) {
    for (const Quote &q : quotes) {
      bool person = false;
      if (q.last + 1 < a.tokens.size() && a.tokens[q.last + 1].base == "と") {
        for (size_t k = q.last + 2; k < a.tokens.size() && k <= q.last + 4 && !person; ++k) {
          if (a.tokens[k].pos == "名詞" && rules_.InClass("本人側", a.tokens[k])) person = true;
          if (a.tokens[k].pos == "名詞" && rules_.InClass("介護者", a.tokens[k])) break;
        }
      }
      for (size_t k = q.first; k-- > 0 && a.sentence_of[k] == a.sentence_of[q.first] && !person;) {
        if (rules_.InClass("介護者", a.tokens[k])) break;
        person = a.tokens[k].pos == "名詞" && rules_.InClass("本人側", a.tokens[k]) && k + 1 < a.tokens.size() &&
                 a.tokens[k + 1].pos2 == "係助詞" && a.tokens[k + 1].base == "は";
      }
      if (!person) continue;
      for (size_t k = q.first; k < q.last; ++k) person_claim[k] = true;
    }
  }
  auto context = [&](size_t first, size_t last, bool frequency_cue, std::vector<std::string> *notes,
                     bool *clean = nullptr, bool support_cue = false, bool medical_absence = false) {
    auto discount = [&]() {
      if (clean != nullptr) *clean = false;
    };
    double f = 1.0;
    int clause = a.clause_of[first];
    int sentence = a.sentence_of[first];
    std::vector<std::string_view> applied;  // the kinds of modifier applied (a few)
    auto was_applied = [&](std::string_view kind) {
      return std::find(applied.begin(), applied.end(), kind) != applied.end();
    };
    // 「声かけがあれば間に合うと考え、現状は不適切と判断した」: the words that
    // name the proper method (inappropriate_after, range clause) may also
    // follow the cue in its clause, when no 不適切 word stands between them
    // (「職員が切っているのは不適切と判断、本来は…」 names the actual state).
    auto proper_method = [&](size_t cue_first) {
      return std::any_of(mods.begin(), mods.end(), [&](const ModHit &u) {
        if (u.mod->kind != "inappropriate_after" || u.mod->range != "clause" ||
            a.clause_of[u.first] != a.clause_of[cue_first]) {
          return false;
        }
        if (u.last < cue_first) return true;
        return std::none_of(mods.begin(), mods.end(), [&](const ModHit &w) {
          return w.mod->kind == "inappropriate" && w.first > cue_first && w.first < u.first;
        });
      });
    };
    for (const ModHit &m : mods) {
      bool in = false;
      if (m.mod->range == "clause") in = a.clause_of[m.first] == clause;
      // "入浴もせず、家族が時々体を拭いている": a minor situation speaks of
      // its own phrase, not of the phrase before it.
      if (in && m.mod->kind == "minor" && m.mod->range == "clause" && a.phrase_of[m.first] != a.phrase_of[first] &&
          a.tokens[m.first].begin > a.phrase_of[first].second) {
        in = false;
      }
      if (m.mod->range == "sentence") in = a.sentence_of[m.first] == sentence;
      if (m.mod->range == "before") in = last < m.first;
      if (m.mod->range == "after") in = first > m.last;
      if (m.mod->range == "sentence_before") in = last < m.first && a.sentence_of[m.first] == sentence;
      if (!in || was_applied(m.mod->kind)) continue;
      if (no_occasion_now && m.mod->kind == "past") continue;
      // "本来は付き添いが必要だが、…。不適切な状況と判断する": the proper method
      // named after 本来は is not the inappropriate actual state the later
      // 不適切 discounts.
      if (m.mod->kind == "inappropriate" && proper_method(first)) continue;
      // "介助がかえって本人の自立を妨げている状況であり、不適切と判断し": the
      // reason given for 不適切 (class 不適切の理由, criteria.md §3.4) names
      // the proper method; it is not the inappropriate actual state.
      if (m.mod->kind == "inappropriate" &&
          std::any_of(a.tokens.begin() + first, a.tokens.begin() + last + 1,
                      [&](const Token &t) { return rules_.InClass("不適切の理由", t); })) {
        continue;
      }
      // 「留め具の部分を手伝うのが適切と判断し、不適切な状況として…」: help
      // stated as the proper one (…のが適切, …が適切) is the proper method,
      // not the inappropriate actual state.
      if (m.mod->kind == "inappropriate") {
        bool stated_proper = false;
        for (size_t k = first + 1; k <= last + 3 && k < a.tokens.size() && !stated_proper; ++k) {
          stated_proper = a.tokens[k].base == "適切" && a.tokens[k - 1].base == "が" && a.tokens[k - 1].pos2 == "格助詞";
        }
        if (stated_proper) continue;
      }
      if (frequency_cue && m.mod->kind == "minor") continue;
      // "薬を飲まない日もある", "気が向いた時だけ飲む": a minor phrase inside
      // the cue's own words names the person's act as occasional, which is
      // what the cue means; it does not discount the cue again. Not when
      // the cue holds a helper or help (「妻が外出する時だけ手伝う」: the
      // help is the minor situation).
      if (m.mod->kind == "minor" && m.first > first && m.last <= last &&
          std::none_of(a.tokens.begin() + first, a.tokens.begin() + last + 1, [&](const Token &t) {
            return rules_.InClass("介護者", t) || rules_.InClass("介助語", t) || rules_.InClass("介助動作", t);
          })) {
        continue;
      }
      if (m.mod->kind == "minor" && (complement_between(m.last, first) || prepares(first, last))) continue;
      // "夜間のみポータブルトイレを使い、日中も夜間も家族が付き添う": a phrase
      // naming its own occasions (class 頻度語) is not under the minor
      // situation of another phrase.
      if (m.mod->kind == "minor" && a.phrase_of[m.first] != a.phrase_of[first] &&
          std::any_of(a.tokens.begin(), a.tokens.end(), [&](const Token &t) {
            return a.phrase_of[&t - a.tokens.data()] == a.phrase_of[first] && rules_.InClass("頻度語", t);
          })) {
        continue;
      }
      // "時々むせるため職員が見守っている": what is done because of a minor
      // situation is the usual state; but when the minor situation names
      // its occasion (class 頻度語: 「夜間のみポータブルトイレを使うため、夫が
      // 支えている」) the help is given on that occasion only.
      if (m.mod->kind == "minor" && m.last < first &&
          std::none_of(a.tokens.begin() + m.first, a.tokens.begin() + m.last + 1,
                       [&](const Token &t) { return rules_.InClass("頻度語", t); }) &&
          std::any_of(a.tokens.begin() + m.last + 1, a.tokens.begin() + first,
                      [](const Token &t) { return t.base == "ため" && t.pos2 == "非自立"; })) {
        continue;
      }
      // "職員が両腕を支えたときだけ片足を上げられる": for a movement ability
      // the cue is the condition the minor situation names, not a rare event.
      // Not when the cue is the topic of its sentence (「柵を握るのは腰が痛い
      // 時だけ」): then the minor situation is when the cue happens.
      if (m.mod->kind == "minor" && ability_item && m.first > last &&
          std::all_of(a.tokens.begin() + last + 1, a.tokens.begin() + m.first,
                      [](const Token &t) { return t.pos == "助動詞"; }) &&
          !CueAsTopic(a, first, last)) {
        continue;
      }
      // "…際のみ妻が手伝い、普段は一人で着替えている": a phrase of its own
      // naming the usual state is not the minor situation.
      if (m.mod->kind == "minor" && a.phrase_of[m.first] != a.phrase_of[first] &&
          std::any_of(mods.begin(), mods.end(), [&](const ModHit &u) {
            return u.mod->kind == "usual" && a.phrase_of[u.first] == a.phrase_of[first];
          })) {
        continue;
      }
      // A habit (昔から, 性格) discounts how often a behaviour shows, not the
      // habit cue itself.
      if (!frequency_cue && m.mod->kind == "habit") continue;
      // "手を打たなければならない事態には至っていない": a condition inside the
      // cue's own words is part of what it says.
      if (m.mod->kind == "hypothetical" && m.first >= first && m.last <= last) continue;
      // "点滴は2か月前に一度受けたのみ": for 特別な医療 (過去14日間) a cue that
      // the act is not going on speaks of the past; the past does not weaken it.
      if (m.mod->kind == "past" && medical_absence) continue;
      // 「家に帰らなければ」と言う: for a behaviour, a condition inside quoted
      // speech is what the person said, not the surveyor's supposition.
      if (m.mod->kind == "hypothetical" && is_bpsd && quoted[m.first]) continue;
      // A habit of putting a hand down (癖で手をつく) discounts that support,
      // not what the person does without it.
      if (m.mod->kind == "mannerism" && !support_cue) continue;
      // "2か月前に中止となった": when a state ended is past, but that it
      // ended is today's state.
      if (m.mod->kind == "past" && std::any_of(a.tokens.begin() + first, a.tokens.begin() + last + 1,
                                               [&](const Token &t) { return IsCeased(rules_, t); })) {
        continue;
      }
      // "3か月前の受診で、この1か月は外に出ていない": a word of today
      // between the past and the cue starts today's state.
      if (m.mod->kind == "past" && m.last < first &&
          std::any_of(a.tokens.begin() + m.last + 1, a.tokens.begin() + first + 1, [](const Token &t) {
            static const std::set<std::string, std::less<>> kNow = {"現在", "今",   "最近", "この",
                                                                    "ここ", "現状", "今回"};
            return kNow.contains(t.base);
          })) {
        continue;
      }
      // "3か月前に布製に変更後は破る行為なし": a time after the past event
      // (…後は, …以降は) between the past and the cue starts today's state,
      // and so does 「…てからは」 (「3か月前に厚手の肌着に替えてからは、そうした
      // ことは起きていない」).
      if (m.mod->kind == "past" && m.last < first &&
          std::any_of(a.tokens.begin() + m.last + 1, a.tokens.begin() + first, [&](const Token &t) {
            const size_t k = static_cast<size_t>(&t - a.tokens.data());
            return ((t.base == "後" || t.base == "以降") && a.tokens[k + 1].base == "は") ||
                   (t.base == "から" && t.pos == "助詞" && (a.tokens[k - 1].base == "て" || a.tokens[k - 1].base == "で") &&
                    a.tokens[k - 1].pos == "助詞" && (a.tokens[k + 1].base == "は" || a.tokens[k + 1].base == "、"));
          })) {
        continue;
      }
      // "3か月前から見守りが必要", "以前から": a state since a past time
      // goes on today.
      if (m.mod->kind == "past" && m.last + 1 < a.tokens.size() && a.tokens[m.last + 1].base == "から" &&
          a.tokens[m.last + 1].pos == "助詞") {
        continue;
      }
      if (!was_applied(m.mod->kind)) applied.push_back(m.mod->kind);
      f *= m.mod->factor;
      if (m.mod->factor < 1.0) {
        notes->push_back(KindLabel(m.mod->kind));
        discount();
      }
    }
    // "歩行器なしでは数歩で立ち止まる": what happens without the aid is a
    // supposition, not the usual state (MeCab splits では only in context, so
    // this is not a modifiers.tsv pattern).
    if (!frequency_cue && rate_matters) {
      for (size_t k = first; k >= 2 && a.clause_of[k - 1] == clause; --k) {
        const Token &na = a.tokens[k - 2];
        if ((na.surface == "なし" || na.surface == "無し") && a.tokens[k - 1].surface == "で" &&
            a.tokens[k].surface == "は") {
          f *= rules_.Param("without_factor");
          notes->push_back(KindLabel("hypothetical"));
          discount();
          break;
        }
      }
    }
    // "片手をついていないと立っていられない", "つかまらなければ歩けない":
    // for a movement ability, what the person cannot do without the aid is a
    // supposition too; the aid named in the condition is the usual state.
    if (!frequency_cue && ability_item) {
      for (size_t k = first; k >= 2 && a.clause_of[k - 1] == clause; --k) {
        const Token &cond = a.tokens[k - 1];
        // "手を離すとふらつき": letting go of the aid (class 支えを離す) is
        // doing without it as much as 「つかまらないと」.
        bool if_not = ((cond.base == "と" && !IsQuotative(rules_, a, k - 1)) || cond.base == "ば") &&
                      cond.pos == "助詞" &&
                      (IsNegator(rules_, a.tokens[k - 2]) || rules_.InClass("支えを離す", a.tokens[k - 2]));
        // "手すりを持たずには立っていられない": without doing X, … (ずには).
        if_not = if_not ||
                 (k >= 3 && cond.base == "は" && a.tokens[k - 2].surface == "に" && a.tokens[k - 3].surface == "ず");
        // "介助者に引き上げてもらわないとできない": without a person's help it
        // cannot be done, which is the item's 「できない」 itself.
        bool by_helper = false;
        for (size_t h = k - 1; h > 0 && a.clause_of[h - 1] == clause; --h) {
          const Token &w = a.tokens[h - 1];
          if (rules_.InClass("介護者", w) || w.base == "もらう" || w.base == "くれる" || w.base == "誰") {
            by_helper = true;
          }
        }
        if (if_not && !by_helper) {
          f *= rules_.Param("without_factor");
          notes->push_back(KindLabel("hypothetical"));
          discount();
          break;
        }
      }
    }
    // "…自分で移乗しているが、夜間のみ妻が支える": a contrast that only adds
    // an exception (a minor situation) does not weaken the usual state.
    const Clause &c = a.clauses[clause];
    if (c.contrast_before && !(minor_clauses.contains(clause + 1) && !minor_clauses.contains(clause))) {
      f *= rules_.Param("contrast_before");
    }
    if (c.contrast_after && !minor_clauses.contains(clause)) f *= rules_.Param("contrast_after");
    std::string_view text =
        std::string_view(a.norm).substr(a.phrase_of[first].first, a.phrase_of[first].second - a.phrase_of[first].first);
    // A phrase about what the item does not ask (「施設名は言えない」 for 3-7,
    // 「月日は言えた」 for 3-6) stays so in a clause naming the item's topic.
    if (contains_any(text, item.distractors)) {
      f *= rules_.Param("topic_distractor");
      discount();
    } else if (contains_any(clause_text(clause), item.topic)) {
      f *= rules_.Param("topic_own");
    } else {
      for (const ItemDef *s : siblings) {
        if (contains_any(text, s->topic)) {
          f *= rules_.Param("topic_other");
          discount();
          break;
        }
      }
    }
    if (!frequency_cue && rate_matters && !was_applied("minor")) {
      for (const FrequencyMention &fm : freqs) {
        size_t fm_last = token_at(fm.end - 1);
        // 「週に1〜2回飲み忘れがあり、その時は家族が声をかける」: a clause opened
        // by a word that refers back (class 前を受ける) is told for the rate
        // of the clause before it.
        int fm_clause = a.clause_of[token_at(fm.begin)];
        bool refers_back = false;
        if (fm_clause + 1 == clause && a.sentence_of[token_at(fm.begin)] == sentence) {
          size_t open = first;
          while (open > 0 && a.clause_of[open - 1] == clause) --open;
          while (open < first && a.tokens[open].pos2 == "読点") ++open;
          refers_back = rules_.InClass("前を受ける", a.tokens[open]);
        }
        // 「数日に1回下剤を飲んだ後はポータブルトイレを使い、ズボンの上げ下ろしを
        // 手伝ってもらう」: a rate in the topic of its sentence (a noun then は
        // after the rate: …後は, …時は) is told for the clauses after it too.
        if (!refers_back && fm_clause < clause && a.sentence_of[token_at(fm.begin)] == sentence) {
          for (size_t k = token_at(fm.end - 1) + 1; k < a.tokens.size() && a.clause_of[k] == fm_clause; ++k) {
            if (a.tokens[k].surface == "は" && a.tokens[k - 1].pos == "名詞" &&
                (a.tokens[k - 1].pos2 == "非自立" || a.tokens[k - 1].pos2 == "副詞可能")) {
              refers_back = true;
              break;
            }
          }
        }
        if ((fm_clause == clause || refers_back) && fm.per_month < minor_rate && !rate_denied(fm) &&
            !complement_between(fm_last, first) && !prepares(first, last)) {
          f *= rules_.Param("minor_factor");
          notes->push_back(KindLabel("minor"));
          discount();
          break;
        }
      }
    }
    return f;
  };

  // 3. Cues.
  std::vector<Vote> votes;
  std::set<int> behaviour_sentences;
  std::set<int> behaviour_clauses;
  // Where the @behavior cues matched (first token, last token).
  std::vector<std::pair<size_t, size_t>> behaviour_spans;
  std::set<int> finding_sentences;
  struct PartHit {
    Vote vote;
    int sentence;
  };
  std::vector<PartHit> part_hits;
  double none_votes = 0;
  const int window = static_cast<int>(rules_.Param("negation_window"));
  // A part whose negation belongs to a finding ("左膝が伸びきらず"): the
  // negation says the joint does not extend, not that the knee is fine.
  struct NegatedPart {
    const Cue *cue;
    size_t first, last, neg_last;
  };
  std::vector<NegatedPart> negated_parts;
  std::vector<std::pair<size_t, size_t>> finding_spans;
  // Cues found negated (start token, last token of the negation).
  std::vector<std::pair<size_t, size_t>> negated_spans;
  const bool assist = item.axis == "介助の方法";
  // "おかずは全て妻が…": a word of the whole (class 全体量) right after a topic
  // naming a part of the act (not the item's topic, not an occasion, not the
  // helper) is all of that part; beside the person's own part it is shared
  // help (ShareOutAssistance).
  auto whole_of_a_part = [&](int clause) {
    for (size_t k = 2; k < a.tokens.size(); ++k) {
      if (a.clause_of[k] != clause || !rules_.InClass("全体量", a.tokens[k])) continue;
      const Token &topic_marker = a.tokens[k - 1];
      const Token &part = a.tokens[k - 2];
      if (topic_marker.pos2 != "係助詞" || (topic_marker.base != "は" && topic_marker.base != "も")) continue;
      if (part.pos != "名詞" || part.pos2 != "一般" || a.clause_of[k - 2] != clause) continue;
      if (rules_.OccasionShare(part.base) > 0 || rules_.InClass("介護者", part)) continue;
      if (contains_any(part.surface, item.topic)) continue;
      return true;
    }
    return false;
  };
  // "someone helps" (partial|full) is settled by how much of the act the
  // clause says the helper does: all of it (すべて, 全身) or a part (だけ, 背中).
  // The levels, as a set, are the tags (compared without building sets).
  auto levels_are = [](const std::vector<std::string> &levels, std::initializer_list<std::string_view> tags) {
    auto holds = [](const auto &range, std::string_view x) {
      return std::find(range.begin(), range.end(), x) != range.end();
    };
    return std::all_of(levels.begin(), levels.end(), [&](const std::string &l) { return holds(tags, l); }) &&
           std::all_of(tags.begin(), tags.end(), [&](std::string_view t) { return holds(levels, t); });
  };
  auto resolve_amount = [&](const std::vector<std::string> &levels, std::string_view text) {
    // "袖通しのみ介助": help of unstated kind with a word of amount is hands-on.
    if (levels_are(levels, {"watch", "partial", "full"})) {
      bool watching = false;
      for (const std::string &w : rules_.ClassWords("見守り行為")) {
        if (w.size() > 3 && detail::Contains(text, w)) watching = true;
      }
      if (watching) return levels;
      if (contains_any(text, rules_.ClassWords("部分量")) && !contains_any(text, rules_.ClassWords("全体量"))) {
        return std::vector<std::string>{"partial"};
      }
      return levels;
    }
    if (!levels_are(levels, {"partial", "full"})) return levels;
    bool whole = contains_any(text, rules_.ClassWords("全体量"));
    bool part = contains_any(text, rules_.ClassWords("部分量"));
    if (whole && !part) return std::vector<std::string>{"full"};
    if (part && !whole) return std::vector<std::string>{"partial"};
    return levels;
  };
  const bool ability = item.axis == "能力";
  // "出し入れのみ本人が行う", "本人は口を開けるだけ": a limit word in the
  // phrase of the person's act, other than "本人のみで" / "一人だけで" (alone).
  auto limited_self = [&](size_t cue_first) {
    for (size_t k = 0; k < a.tokens.size(); ++k) {
      if (a.phrase_of[k] != a.phrase_of[cue_first]) continue;
      const Token &w = a.tokens[k];
      // 「本人がするのは、うがいくらいである」: くらい / ぐらい limit as だけ does.
      if (w.pos != "助詞" || (w.base != "のみ" && w.base != "だけ" && w.base != "くらい" && w.base != "ぐらい")) continue;
      std::string_view before = k > 0 ? a.tokens[k - 1].base : std::string_view();
      if (before == "本人" || before == "自分" || before == "一人" || before == "ひとり") continue;
      return true;
    }
    return false;
  };
  // Set phrases (@mask: 「…」と答えた, 「膝の間」) are no evidence: no
  // cue may start inside them.
  std::vector<bool> masked(a.tokens.size(), false);
  auto is_mask = [](const Cue &c) { return !c.levels.empty() && c.levels.front() == "@mask"; };
  for (const PatternHit &hit : cue_hits) {
    if (!is_mask(*item_cues[static_cast<size_t>(hit.entry)])) continue;
    for (size_t k = hit.first; k <= hit.last; ++k) masked[k] = true;
  }
  // 「むせることはありますか」と尋ねると: a question put at the visit (a quote
  // ending in か, then と and a verb of class `問いかけ` in a conditional or
  // narrative form) says what was asked, not what is so: no cue starts inside
  // it. The answer after it is evidence as before.
  for (size_t k = 2; k + 2 < a.tokens.size(); ++k) {
    const Token &close = a.tokens[k];
    if (close.pos2 != "括弧閉" || a.tokens[k - 1].base != "か" || a.tokens[k - 1].pos != "助詞") continue;
    if (a.tokens[k + 1].base != "と" || !rules_.InClass("問いかけ", a.tokens[k + 2])) continue;
    bool told_as_visit = false;
    for (size_t j = k + 3; j < a.tokens.size() && j <= k + 5; ++j) {
      const Token &w = a.tokens[j];
      if (w.pos2 == "接続助詞" || w.base == "ところ" || w.base == "たら" || w.base == "ば") {
        told_as_visit = true;
        break;
      }
      if (w.pos != "助動詞" && w.base != "する") break;
    }
    if (!told_as_visit) continue;
    size_t open = k;
    while (open > 0 && a.tokens[open].pos2 != "括弧開") --open;
    if (a.tokens[open].pos2 != "括弧開") continue;
    for (size_t q = open; q <= k; ++q) masked[q] = true;
  }
  // 「不適切と判断し、適切な介助の方法を選んだ」: the proper method named only
  // as the axis (@axis) says it differs from the actual state before the
  // 不適切 word. After help stated there (「職員が切っているが…現状は不適切」)
  // it gives no direction and is a set phrase; after no help it stands, and
  // the cues inside it (介助) say that some help is proper.
  auto is_axis = [](const Cue &c) { return !c.levels.empty() && c.levels.front() == "@axis"; };
  size_t inappropriate_at = a.tokens.size();
  for (const ModHit &m : mods) {
    if (m.mod->kind == "inappropriate") inappropriate_at = std::min(inappropriate_at, m.first);
  }
  auto is_help = [](const std::vector<std::string> &levels) {
    return !levels.empty() && std::all_of(levels.begin(), levels.end(), [](const std::string &l) {
      return l == "watch" || l == "partial" || l == "full";
    });
  };
  bool help_before_inappropriate = false;
  for (const PatternHit &hit : cue_hits) {
    const Cue &cue = *item_cues[static_cast<size_t>(hit.entry)];
    if (hit.last >= inappropriate_at || masked[hit.first] || !is_help(cue.levels)) continue;
    if (cue.ignore_negation || !ScanNegation(rules_, a, hit.last, window).negated) {
      help_before_inappropriate = true;
      break;
    }
  }
  for (const PatternHit &hit : cue_hits) {
    if (!help_before_inappropriate || hit.first <= inappropriate_at) continue;
    if (!is_axis(*item_cues[static_cast<size_t>(hit.entry)])) continue;
    for (size_t k = hit.first; k <= hit.last; ++k) masked[k] = true;
  }
  // 「本人が自分で動かせる部分はなく、夫が抱えて移している」: a word of amount
  // inside a cue that carries its own negation (no part is left to the
  // person) says nothing of how much the helper does.
  std::vector<std::pair<size_t, size_t>> denied_amounts;
  for (const PatternHit &hit : cue_hits) {
    const Cue &cue = *item_cues[static_cast<size_t>(hit.entry)];
    if (cue.ignore_negation && IsNegator(rules_, a.tokens[hit.last])) {
      denied_amounts.push_back({a.tokens[hit.first].begin, a.tokens[hit.last].end});
    }
  }
  auto amount_text = [&](int c) {
    std::string text(clause_text(c));
    for (const auto &[b, e] : denied_amounts) {
      for (size_t k = std::max(b, a.clauses[c].begin); k < std::min(e, a.clauses[c].end); ++k) {
        text[k - a.clauses[c].begin] = ' ';
      }
    }
    return text;
  };
  // Each cue where it matched, in file order, then in note order.
  for (const PatternHit &hit : cue_hits) {
    const Cue &cue = *item_cues[static_cast<size_t>(hit.entry)];
    if (is_mask(cue) || is_axis(cue)) continue;
    const size_t t = hit.first;
    size_t last = hit.last;
    if (masked[t]) continue;
    NegationScan neg =
        cue.ignore_negation ? NegationScan{false, false, false, false, last} : ScanNegation(rules_, a, last, window);
    if (neg.concessive && ability) continue;
    if (EmbeddedQuestion(a, neg.last)) continue;
    // "何もつかまらずに立ち上がるのは難しく": the whole phrase before
    // 「のは」 is negated by what follows it.
    if (ability && !cue.ignore_negation) {
      for (size_t j = neg.last + 1; j + 2 < a.tokens.size() && j <= neg.last + 4; ++j) {
        if (a.clause_of[j + 2] != a.clause_of[t]) break;
        if (a.tokens[j].base == "の" && a.tokens[j].pos2 == "非自立" && a.tokens[j + 1].base == "は" &&
            IsNegator(rules_, a.tokens[j + 2])) {
          neg.negated = !neg.negated;
          neg.last = j + 2;
          break;
        }
      }
      // "アームレストを押さずに立つことはない": the act done without the aid
      // never happens, so the aid is always used (two negations).
      if (neg.negated && AdverbialNegation(a, neg.last)) {
        for (size_t j = neg.last + 2; j + 2 < a.tokens.size() && j <= neg.last + 5; ++j) {
          if (a.clause_of[j + 2] != a.clause_of[t]) break;
          if (a.tokens[j].base == "こと" && (a.tokens[j + 1].base == "は" || a.tokens[j + 1].base == "も") &&
              IsNegator(rules_, a.tokens[j + 2])) {
            neg.negated = false;
            neg.last = j + 2;
            break;
          }
        }
      }
    }
    if (neg.negated) negated_spans.push_back({t, neg.last});
    std::vector<std::string> levels = neg.negated ? cue.negated_levels : cue.levels;
    // "背もたれがなくても保てる": done without the aid, at the item's best level;
    // so is "手すりを使わずに立ち上がる" / "使うことなく" / "使わないで": a
    // negation that qualifies the act that follows it.
    if (ability && neg.negated && (neg.even_without || AdverbialNegation(a, neg.last)) && levels.empty() &&
        !item.ChoicesWithAnyTag({"unaided"}).empty()) {
      levels = {"unaided"};
    }
    if (multi && neg.negated && levels.empty() && !cue.levels.empty() && cue.levels.front() != "@finding") {
      negated_parts.push_back({&cue, t, last, neg.last});
    }
    if (levels.empty()) continue;  // e.g. a cue that only speaks when negated
    Vote v;
    v.evidence = make_evidence(a.tokens[t].begin, a.tokens[neg.last].end, cue.source);
    bool medical_absence = is_medical && !neg.negated && OnlyTag(levels, "absent");
    v.weight = cue.weight * context(t, neg.last, false, &v.notes, &v.clean, HasTag(levels, "support"), medical_absence);
    // Negated across a contrast, the cue says what the clause after it says:
    // it weighs as that clause, not as the one before the contrast.
    if (neg.across_contrast && a.clauses[a.clause_of[t]].contrast_before) {
      v.weight *= rules_.Param("contrast_after") / rules_.Param("contrast_before");
    }
    v.clause = a.clause_of[t];
    v.negated = neg.negated;
    v.levels = levels;
    v.cue_first = t;
    v.cue_last = last;
    v.own_negation = cue.ignore_negation && IsNegator(rules_, a.tokens[last]);
    // 「自分でできないところはない」: a negation inside the gap of a cue that
    // carries its own negation cancels it; the cue does not hold. A condition
    // or an obligation (「手を打たなければならない事態はない」) is no such negation.
    if (v.own_negation) {
      bool inner_negation = false;
      for (size_t k = t; k < last; ++k) {
        const Token &w = a.tokens[k];
        std::string_view next = a.tokens[k + 1].base;
        std::string_view prev = k > 0 ? a.tokens[k - 1].base : std::string_view();
        if (IsNegator(rules_, w) && !w.surface.starts_with("なけれ") && next != "ば" && next != "と" &&
            prev != "なる" && prev != "いける") {
          inner_negation = true;
        }
      }
      if (inner_negation) continue;
    }
    v.weighs_situations = rules_.InClass("頻回の判断", a.tokens[last]);
    v.concluded = assist && StatesConclusion(rules_, a, t, last);
    if (!neg.negated && last + 1 < a.tokens.size() && a.sentence_of[last + 1] == a.sentence_of[t]) {
      const Token &after = a.tokens[last + 1];
      v.even_with = (after.base == "でも" && after.pos == "助詞") ||
                    (after.surface == "で" && after.pos == "助詞" && last + 2 < a.tokens.size() &&
                     a.tokens[last + 2].base == "も");
    }
    // 「やり直す」, or a verb with 直す as its suffix (磨き直す: 磨き|直し).
    v.redo =
        std::any_of(a.tokens.begin() + t, a.tokens.begin() + std::min(last + 2, a.tokens.size()), [&](const Token &w) {
          return rules_.InClass("やり直し", w) || (w.pos2 == "非自立" && rules_.InClass("やり直し接尾", w));
        });
    int sentence = a.sentence_of[t];
    if (levels.front() == "@behavior") {
      behaviour_sentences.insert(sentence);
      behaviour_clauses.insert(a.clause_of[t]);
      behaviour_spans.push_back({t, last});
      continue;
    }
    if (levels.front() == "@finding") {
      finding_sentences.insert(sentence);
      finding_spans.push_back({t, neg.last});
      continue;
    }
    // "家族が…声かけのみ行う": a helper whose act is watching (見守り行為)
    // gives 見守り等, not hands-on help.
    if (assist && !neg.negated && last > t &&
        std::all_of(levels.begin(), levels.end(), [](const std::string &l) { return l == "partial" || l == "full"; })) {
      size_t k = last;
      while (k > t && (a.tokens[k - 1].pos == "助詞" || a.tokens[k - 1].pos == "助動詞")) --k;
      if (k > t && rules_.InClass("見守り行為", a.tokens[k - 1])) v.levels = {"watch"};
      // "夫が着直すように声をかけている": the act before よう is the person's,
      // prompted by the helper's words.
      size_t q = last + 1;
      while (q < a.tokens.size() && a.tokens[q].pos == "動詞" && a.tokens[q].pos2 == "非自立") ++q;
      if (q < a.tokens.size() && a.tokens[q].base == "よう" && a.tokens[q].pos2 == "非自立") {
        ++q;
        if (q < a.tokens.size() && a.tokens[q].base == "に") ++q;
        if (q < a.tokens.size() && rules_.InClass("見守り行為", a.tokens[q])) v.levels = {"watch"};
      }
      // "…確認を職員が毎回行っている": the act is named before the helper.
      size_t p = t;
      while (p > 0 &&
             (a.tokens[p - 1].pos2 == "副詞可能" || a.tokens[p - 1].pos == "副詞" || a.tokens[p - 1].pos2 == "読点")) {
        --p;
      }
      if (p >= 2 && (a.tokens[p - 1].base == "を" || a.tokens[p - 1].base == "は") &&
          rules_.InClass("見守り行為", a.tokens[p - 2]) && a.sentence_of[p - 2] == a.sentence_of[t]) {
        v.levels = {"watch"};
      }
    }
    // "交換は自分でできており": the act named is done by the person; not
    // when the person's act is negated (「体位変換も自力では行えず」).
    if (assist && !neg.negated && last + 2 < a.tokens.size() &&
        std::all_of(levels.begin(), levels.end(), [](const std::string &l) { return l == "partial" || l == "full"; }) &&
        a.tokens[last + 1].pos2 == "係助詞" &&
        (a.tokens[last + 2].base == "自分" || a.tokens[last + 2].base == "本人" || a.tokens[last + 2].base == "自力")) {
      bool person_fails = false;
      for (size_t k = last + 3; k < a.tokens.size() && a.clause_of[k] == a.clause_of[last + 2]; ++k) {
        if (a.tokens[k].pos != "動詞") continue;
        person_fails = ScanNegation(rules_, a, k, window).negated;
        break;
      }
      if (!person_fails) continue;
    }
    // 「代金も自分で支払っている」: a helper's act whose gap names the person
    // as the actor (class 本人側 + で / が), and no helper, is the person's own
    // act. Cues that name the person themselves (「本人も…協力」) are not.
    if (assist && !neg.negated && last > t &&
        std::all_of(levels.begin(), levels.end(), [](const std::string &l) { return l == "partial" || l == "full"; }) &&
        std::none_of(cue.pattern.elements.begin(), cue.pattern.elements.end(), [&](const PatternElement &e) {
          return (e.kind == PatternElement::Kind::kClass && (e.word == "本人側" || e.word == "介護者")) ||
                 (e.kind == PatternElement::Kind::kWord && rules_.InClass("本人側", e.word));
        })) {
      // Only one act: no verb before the person (「広げて持つと自分で袖を
      // 通せる」 is the helper's act and then the person's).
      bool person_acts = false;
      bool helper = false;
      bool act_before = false;
      for (size_t k = t; k < last; ++k) {
        helper = helper || rules_.InClass("介護者", a.tokens[k]);
        if (!person_acts && a.tokens[k].pos == "動詞") act_before = true;
        person_acts = person_acts || (k > t && !act_before && rules_.InClass("本人側", a.tokens[k]) &&
                                      (a.tokens[k + 1].base == "で" || a.tokens[k + 1].base == "が"));
      }
      if (person_acts && !helper) continue;
    }
    // "後ろ側だけ妻がとかしている": a helper's act read as all of it
    // (levels full, the helper named first) is a part when its phrase
    // names a part (部分量) and no whole (全体量).
    std::vector<std::string> amount_levels = levels;
    if (assist && !neg.negated && OnlyTag(levels, "full") && !cue.pattern.elements.empty() &&
        cue.pattern.elements.front().kind == PatternElement::Kind::kClass &&
        cue.pattern.elements.front().word == "介護者" && !item.ChoicesWithAnyTag({"partial"}).empty()) {
      std::string_view phrase =
          std::string_view(a.norm).substr(a.phrase_of[t].first, a.phrase_of[t].second - a.phrase_of[t].first);
      if (contains_any(phrase, rules_.ClassWords("部分量")) && !contains_any(phrase, rules_.ClassWords("全体量"))) {
        amount_levels = {"partial"};
        v.levels = amount_levels;
      }
    }
    if (assist && !neg.negated && !OnlyTag(v.levels, "watch")) {
      v.levels = resolve_amount(amount_levels, amount_text(v.clause));
      v.whole = v.levels != levels && OnlyTag(v.levels, "full");
      v.whole_of_a_part = v.whole && whole_of_a_part(v.clause);
      v.whole_clause = contains_any(clause_text(v.clause), rules_.ClassWords("全体量")) && !whole_of_a_part(v.clause);
      if (OnlyTag(v.levels, "none")) v.limited_self = limited_self(t);
      // 「本人は…吐き出すことだけ」: a cue of all the help whose own phrase
      // limits the person's act, with no helper from the cue on, names the
      // person's trifle too (「パッドの交換だけは娘が」 limits the helper's act).
      if (OnlyTag(v.levels, "full") && limited_self(t)) {
        bool helper = false;
        for (size_t k = t; k < a.tokens.size() && a.phrase_of[k] == a.phrase_of[t] && !helper; ++k) {
          helper = rules_.InClass("介護者", a.tokens[k]);
        }
        v.limited_self = !helper;
      }
    }
    v.choices = item.ChoicesWithAnyTag(v.levels);
    if (v.choices.empty()) continue;
    // A claim of doing only a trifle (「口ゆすいで吐き出すだけだ」) claims no
    // share of the act: it is not discounted as the person's account.
    if (person_claim[t] && !v.limited_self) {
      v.weight *= rules_.Param("person_claim_factor");
      v.clean = false;
    }
    if (multi) {
      if (v.choices == std::vector<int>{1}) {
        none_votes += v.weight;
        v.evidence.supports = v.choices;
        v.evidence.weight = v.weight;
        votes.push_back(v);
      } else {
        part_hits.push_back({v, sentence});
      }
      continue;
    }
    v.evidence.supports = v.choices;
    v.evidence.weight = v.weight;
    votes.push_back(std::move(v));
  }
  // 3-6 / 3-3: a quoted answer checked against the note's own facts (the
  // month of the survey, the real age) decides its clause: how the answer
  // was phrased (「…」と答えた, 年齢を答えた) no longer speaks there.
  auto listed = [&](const char *key) {
    const std::vector<std::string> &ids = rules_.ParamList(key);
    return std::find(ids.begin(), ids.end(), item.id) != ids.end();
  };
  AnswerCheck checked;
  const char *check_source = "";
  if (!multi && listed("season_items")) {
    checked = CheckSeasonAnswer(a, rules_);
    check_source = "season";
  } else if (!multi && listed("age_items")) {
    checked = CheckAgeAnswer(a, rules_);
    check_source = "age";
  } else if (!multi && listed("place_items")) {
    checked = CheckPlaceAnswer(a, rules_);
    check_source = "place";
  }
  if (checked.found) {
    Vote v;
    v.levels = {checked.right ? "able" : "unable"};
    v.choices = item.ChoicesWithAnyTag(v.levels);
    v.clause = a.clause_of[token_at(checked.begin)];
    if (!v.choices.empty()) {
      for (Vote &other : votes) {
        if (other.clause == v.clause && other.choices != v.choices) {
          other.weight = 0;
          other.evidence.weight = 0;
        }
      }
      v.evidence = make_evidence(checked.begin, checked.end, check_source);
      v.weight = rules_.Param("answer_check_weight");
      v.cue_first = v.cue_last = token_at(checked.begin);
      v.evidence.supports = v.choices;
      v.evidence.weight = v.weight;
      votes.push_back(std::move(v));
    }
  }
  // Silences every vote that `covers(vote, first, last)` says one of the
  // token spans (first, last) takes away.
  auto silence_votes = [&](const std::vector<std::pair<size_t, size_t>> &spans, auto &&covers) {
    for (Vote &v : votes) {
      if (v.weight <= 0) continue;
      for (const auto &[first, last] : spans) {
        if (covers(v, first, last)) {
          v.weight = 0;
          v.evidence.weight = 0;
          break;
        }
      }
    }
  };
  // 「お茶を勧めると三十分ほどで落ち着く」: a behaviour cue that ends on the
  // word of a shorter cue (「落ち着く」: absent) reads it as part of the
  // behaviour, which happens and then subsides; the shorter cue does not vote.
  silence_votes(behaviour_spans, [](const Vote &v, size_t first, size_t last) {
    return !v.frequency && last == v.cue_last && first < v.cue_first;
  });
  // "杖を使わずに屋内を歩いている": a longer cue whose first word was
  // negated inside its own gap ("杖 … 歩く") does not hold.
  silence_votes(negated_spans, [](const Vote &v, size_t first, size_t neg_last) {
    return !v.negated && first == v.cue_first && neg_last < v.cue_last;
  });
  for (const NegatedPart &np : negated_parts) {
    bool finding_inside = std::any_of(finding_spans.begin(), finding_spans.end(),
                                      [&](const auto &f) { return f.first > np.last && f.first <= np.neg_last; });
    if (!finding_inside) continue;
    Vote v;
    v.evidence = make_evidence(a.tokens[np.first].begin, a.tokens[np.last].end, np.cue->source);
    v.weight = np.cue->weight;
    v.clause = a.clause_of[np.first];
    v.cue_first = np.first;
    v.cue_last = np.last;
    v.levels = np.cue->levels;
    v.choices = item.ChoicesWithAnyTag(v.levels);
    if (!v.choices.empty()) part_hits.push_back({v, a.sentence_of[np.first]});
  }
  // 4. Frequencies decide the BPSD items and 外出頻度.
  if (is_bpsd || is_outing) {
    const std::string group = is_bpsd ? "bpsd" : "2-12";
    for (const FrequencyMention &fm : freqs) {
      std::string tag = FrequencyLevel(rules_, group, fm.per_month);
      if (tag.empty()) continue;
      size_t t = token_at(fm.begin);
      Vote v;
      v.choices = item.ChoicesWithAnyTag({tag});
      if (v.choices.empty()) continue;
      v.evidence = make_evidence(fm.begin, fm.end, "frequency");
      v.weight = rules_.Param("frequency_weight") * context(t, token_at(fm.end - 1), true, &v.notes);
      int sentence = a.sentence_of[t];
      // "…落ち着かなくなる。ほぼ毎日。": a sentence that is only a frequency
      // tells how often the previous sentence's behaviour happens.
      if (!behaviour_sentences.contains(sentence) && sentence > 0 && IsFragment(a, sentence)) --sentence;
      // 「…投げることがある。ほぼ月に1回程度の頻度で、…」: a sentence that
      // names its rate as a rate (class 頻度の語: 頻度, 回数, ペース) tells how
      // often the behaviour of the sentence before it happens.
      // 「…泣き出すことがある。ひと月に二、三度ほどで、そのたびに…」: so does a
      // sentence that opens with the frequency.
      if (!behaviour_sentences.contains(sentence) && sentence > 0 && behaviour_sentences.contains(sentence - 1) &&
          (t == 0 || a.sentence_of[t - 1] != sentence)) {
        --sentence;
      }
      // 「…同じ話を繰り返した。嫁の話では毎日のことで、…」: a rate followed by
      // のこと names the behaviour told before (こと refers back to it).
      if (const size_t e = token_at(fm.end - 1);
          !behaviour_sentences.contains(sentence) && sentence > 0 && behaviour_sentences.contains(sentence - 1) &&
          e + 2 < a.tokens.size() && a.tokens[e + 1].base == "の" && a.tokens[e + 2].base == "こと" &&
          a.tokens[e + 2].pos == "名詞") {
        --sentence;
      }
      if (!behaviour_sentences.contains(sentence) && sentence > 0 && behaviour_sentences.contains(sentence - 1)) {
        for (size_t k = 0; k < a.tokens.size(); ++k) {
          if (a.sentence_of[k] == sentence && rules_.InClass("頻度の語", a.tokens[k])) {
            --sentence;
            break;
          }
        }
      }
      // "昔から涙もろい。月に二回ほど。": a rate told for the sentence
      // before is discounted by that sentence's habit, as in its own sentence.
      if (is_bpsd && sentence != a.sentence_of[t]) {
        for (const ModHit &m : mods) {
          if (m.mod->kind == "habit" && a.sentence_of[m.first] == sentence) {
            v.weight *= m.mod->factor;
            break;
          }
        }
      }
      // Across a contrast for BPSD only: for 2-12 the act there is often the
      // outing itself (「敷地内に通うが、外へ出ることはない」).
      if (!behaviour_sentences.contains(sentence) ||
          (is_bpsd && OtherSideOfContrast(a, rules_, a.clause_of[t], behaviour_clauses))) {
        v.weight *= rules_.Param("frequency_without_behavior");
      }
      v.frequency = true;
      v.per_month = fm.per_month;
      v.cue_first = t;
      v.cue_last = token_at(fm.end - 1);
      v.evidence.supports = v.choices;
      v.evidence.weight = v.weight;
      votes.push_back(std::move(v));
    }
  }

  // 「昔から話の長い人だった。しかし今月は…週に4回ほど」: a behaviour
  // counted after a contrast is what the note settles on; a statement that
  // rules the behaviour out before that contrast (a habit, a character) is
  // given up, as a reading before 実際には is.
  if (is_bpsd) {
    int counted_after = -1;
    for (const Vote &v : votes) {
      if (!v.frequency || v.weight <= 0 || v.per_month <= 0) continue;
      int clause = a.clause_of[v.cue_first];
      if (a.clauses[clause].contrast_after) counted_after = std::max(counted_after, clause);
    }
    for (Vote &v : votes) {
      if (counted_after < 0 || v.frequency || v.negated || v.weight <= 0 || v.clause >= counted_after) continue;
      if (!OnlyTag(v.levels, "absent") || !a.clauses[v.clause].contrast_before) continue;
      v.weight *= rules_.Param("ruled_out_before_counted");
      v.evidence.weight = v.weight;
    }
  }
  // "3週間前に1度" is a lower bound: a rate stated anywhere in the note
  // replaces it.
  if (is_bpsd || is_outing) {
    bool rate_stated = std::any_of(freqs.begin(), freqs.end(),
                                   [](const FrequencyMention &fm) { return !fm.single_event && fm.per_month > 0; });
    for (Vote &v : votes) {
      if (!v.frequency || !rate_stated) continue;
      for (const FrequencyMention &fm : freqs) {
        if (fm.single_event && token_at(fm.begin) == v.cue_first) {
          v.weight = 0;
          v.evidence.weight = 0;
        }
      }
    }
  }
  // "ほとんどないが、月に1〜2回…": a number in the sentence says how often;
  // a vague "never" beside it is discounted.
  if (is_bpsd || is_outing) {
    auto has_digit = [&](const Vote &v) {
      return std::any_of(v.evidence.text.begin(), v.evidence.text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
             v.evidence.text.find("数") != std::string::npos;
    };
    for (Vote &vague : votes) {
      if (!vague.frequency || vague.per_month > 0 || has_digit(vague) || vague.weight <= 0) continue;
      int s = a.sentence_of[vague.cue_first];
      for (const Vote &num : votes) {
        if (num.frequency && num.per_month > 0 && has_digit(num) && num.weight > 0 &&
            a.sentence_of[num.cue_first] == s) {
          vague.weight *= rules_.Param("vague_frequency_factor");
          vague.evidence.weight = vague.weight;
          break;
        }
      }
    }
  }
  // "同じ敷地内のデイサービスに週3回通う": a rate told of going somewhere
  // within the premises (a cue of the item's rarest level, 敷地内) in its
  // clause is no outing (criteria.md §4.3).
  if (is_outing) {
    for (Vote &v : votes) {
      if (!v.frequency || v.weight <= 0) continue;
      int clause = a.clause_of[v.cue_first];
      bool inside = std::any_of(votes.begin(), votes.end(), [&](const Vote &c) {
        return !c.frequency && !c.negated && c.weight > 0 && c.clause == clause && OnlyTag(c.levels, "rare");
      });
      if (inside) {
        v.weight = 0;
        v.evidence.weight = 0;
      }
    }
  }
  // Outings add up: the most frequent one stated as today's state sets 2-12,
  // the rarer ones (月1回通院 beside 週3回のデイサービス) are part of it.
  if (is_outing) {
    double top_rate = -1;
    for (const Vote &v : votes) {
      if (v.frequency && v.notes.empty() && v.weight > 0) top_rate = std::max(top_rate, v.per_month);
    }
    for (Vote &v : votes) {
      if (v.frequency && v.notes.empty() && v.weight > 0 && v.per_month < top_rate) {
        v.weight *= rules_.Param("outing_rarer_factor");
        v.evidence.weight = v.weight;
      }
    }
  }
  // 「つかまる」 and 「掴まる」 both read 「つかまらず」: one phrase read twice
  // by cues of the same meaning counts once.
  for (size_t i = 0; i < votes.size(); ++i) {
    for (size_t j = i + 1; j < votes.size(); ++j) {
      Vote &x = votes[i];
      Vote &y = votes[j];
      if (x.frequency || y.frequency || x.weight <= 0 || y.weight <= 0) continue;
      if (x.cue_first != y.cue_first || x.cue_last != y.cue_last || x.choices != y.choices) continue;
      Vote &weaker = x.weight < y.weight ? x : y;
      weaker.weight = 0;
      weaker.evidence.weight = 0;
    }
  }
  // 「伝い歩きでも2〜3mで座り込む」: a support told with 「でも」 (even with it)
  // in a clause that says the act fails is no support that makes the act
  // possible (criteria.md 1-7: 何かにつかまってもできない → できない).
  if (ability && !multi) {
    for (Vote &v : votes) {
      if (!v.even_with || v.weight <= 0 || !HasTag(v.levels, "support")) continue;
      bool fails = std::any_of(votes.begin(), votes.end(), [&](const Vote &u) {
        return &u != &v && u.clause == v.clause && u.weight > 0 && u.clean && OnlyTag(u.levels, "unable");
      });
      if (fails) {
        v.weight = 0;
        v.evidence.weight = 0;
      }
    }
  }
  if (!multi) AbsorbSubCues(&votes);
  // 「普段は物忘れが激しい。調査当日は答えることができた」: when the survey
  // day's result and the usual state told in the note differ, the usual
  // state is the more frequent one and decides (criteria.md §2, より頻回な
  // 状況): what the survey day showed against it weighs
  // `survey_day_against_usual`.
  if (!multi && !assist) {
    auto clause_has = [&](int clause, const char *kind) {
      return std::any_of(mods.begin(), mods.end(), [&](const ModHit &m) {
        return m.mod->kind == kind && m.mod->range == "clause" && a.clause_of[m.first] == clause;
      });
    };
    std::set<int> usual_choices;
    for (const Vote &v : votes) {
      if (v.frequency || v.weight <= 0 || !clause_has(v.clause, "usual") || clause_has(v.clause, "survey_day"))
        continue;
      // 「日頃は…つかまらずに立ち、手すりを持つのは朝だけ」: a cue the
      // clause discounts (a minor situation) is not the usual state.
      if (std::find(v.notes.begin(), v.notes.end(), KindLabel("minor")) != v.notes.end()) continue;
      usual_choices.insert(v.choices.begin(), v.choices.end());
    }
    for (Vote &v : votes) {
      if (usual_choices.empty() || v.frequency || v.weight <= 0 || !clause_has(v.clause, "survey_day")) continue;
      if (std::any_of(v.choices.begin(), v.choices.end(), [&](int c) { return usual_choices.contains(c); })) continue;
      v.weight *= rules_.Param("survey_day_against_usual");
      v.evidence.weight = v.weight;
    }
  }
  if (!multi && !assist) NarrowBroadCues(&votes);
  // 「トイレへは手すりを伝って一人で行き来している（1日6～7回）。食卓への移動
  // （1日3回）は妻が手を引いている」: two situations of the act, each told
  // with its own rate in its clause, that the cues read differently: the one
  // at a rate `rarer_situation_ratio` times lower or more is the minor
  // situation (criteria.md §3.1 より頻回な状況), also above the item's usual
  // rate. Only for the acts of every day: a weekly act (買い物) helped weekly
  // beside a daily errand of the person is still that act's help.
  if (assist && !multi && rate == "daily") {
    auto clause_rate = [&](int clause) {
      double r = 0;
      for (const FrequencyMention &fm : freqs) {
        if (!fm.single_event && a.clause_of[token_at(fm.begin)] == clause) r = std::max(r, fm.per_month);
      }
      return r;
    };
    const double ratio = rules_.Param("rarer_situation_ratio");
    const std::string minor_label = KindLabel("minor");
    std::vector<double> rates(votes.size(), 0);
    for (size_t i = 0; i < votes.size(); ++i) {
      if (!votes[i].frequency && votes[i].weight > 0) rates[i] = clause_rate(votes[i].clause);
    }
    std::vector<bool> rarer(votes.size(), false);
    for (size_t i = 0; i < votes.size(); ++i) {
      for (size_t j = 0; j < votes.size() && rates[i] > 0; ++j) {
        if (rates[j] <= 0 || votes[i].clause == votes[j].clause || votes[i].choices == votes[j].choices) continue;
        if (rates[i] * ratio <= rates[j]) rarer[i] = true;
      }
    }
    for (size_t i = 0; i < votes.size(); ++i) {
      Vote &v = votes[i];
      if (!rarer[i] || std::find(v.notes.begin(), v.notes.end(), minor_label) != v.notes.end()) continue;
      v.weight *= rules_.Param("minor_factor");
      v.evidence.weight = v.weight;
      v.notes.push_back(minor_label);
      v.clean = false;
    }
  }
  if (assist && !multi) WeighOccasions(a, rules_, freqs, &votes);
  if (assist && !multi) ShareOutAssistance(rules_, item, &votes);
  if (assist && !multi) MergeOverlapping(&votes);

  // 5. Decide.
  std::map<int, double> score;
  std::vector<int> derived;
  if (multi) {
    std::set<int> parts;
    // 「肩・股関節は他動で全可動域動くものの、右膝は…曲がったまま」: a part
    // named in a clause that says it is sound, with no finding of its own,
    // is not the finding's part.
    std::set<int> finding_clauses;
    for (const auto &f : finding_spans) finding_clauses.insert(a.clause_of[f.first]);
    std::set<int> sound_clauses;
    for (const Vote &v : votes) {
      if (v.weight > 0 && v.choices == std::vector<int>{1}) sound_clauses.insert(v.clause);
    }
    // 「腰部に制限があり、肩・股・膝関節は制限なく動いた」: so is a part named
    // in a phrase of its own that says it is sound, with no finding in that
    // phrase, beside a finding of another part in the clause.
    auto phrase_has = [&](size_t cue_first, auto &&pred) {
      for (size_t k = 0; k < a.tokens.size(); ++k) {
        if (a.phrase_of[k] == a.phrase_of[cue_first] && pred(k)) return true;
      }
      return false;
    };
    auto sound_phrase = [&](size_t cue_first) {
      bool sound = phrase_has(cue_first, [&](size_t k) {
        return std::any_of(votes.begin(), votes.end(), [&](const Vote &v) {
          return v.weight > 0 && v.choices == std::vector<int>{1} && v.cue_first == k;
        });
      });
      return sound && !phrase_has(cue_first, [&](size_t k) {
               return std::any_of(finding_spans.begin(), finding_spans.end(),
                                  [&](const auto &f) { return f.first == k; });
             });
    };
    // 「前回は右肩の可動域に制限があったが、…今回は制限は認められなかった」: a
    // part named in a clause whose topic is a time in the past (a `past`
    // modifier, then は) is the state then, not today's finding.
    auto under_past_topic = [&](const Vote &part) {
      return std::any_of(mods.begin(), mods.end(), [&](const ModHit &m) {
        return m.mod->kind == "past" && a.clause_of[m.first] == part.clause && m.last < part.cue_first &&
               (a.tokens[m.last].base == "は" || (m.last + 1 < a.tokens.size() && a.tokens[m.last + 1].base == "は" &&
                                                  a.tokens[m.last + 1].pos == "助詞"));
      });
    };
    for (const PartHit &p : part_hits) {
      if (!finding_sentences.contains(p.sentence)) continue;
      if (sound_clauses.contains(p.vote.clause) && !finding_clauses.contains(p.vote.clause)) continue;
      if (sound_phrase(p.vote.cue_first) || under_past_topic(p.vote)) continue;
      parts.insert(p.vote.choices.begin(), p.vote.choices.end());
      NoteEvidence ev = p.vote.evidence;
      ev.supports = p.vote.choices;
      ev.weight = p.vote.weight;
      result.evidence.push_back(ev);
    }
    if (!parts.empty()) {
      derived.assign(parts.begin(), parts.end());
    } else if (none_votes >= rules_.Param("min_score")) {
      derived = {1};
      for (const Vote &v : votes) result.evidence.push_back(v.evidence);
    }
    if (derived.empty()) {
      result.reason = "特記事項に判断材料となる記述がない";
      return result;
    }
    result.judged = true;
    bool chosen_none = chosen_sorted == std::vector<int>{1};
    if (derived == std::vector<int>{1}) {
      result.consistent = chosen_none;
      result.suggested = derived;
    } else {
      bool subset =
          !chosen_none && std::includes(chosen_sorted.begin(), chosen_sorted.end(), derived.begin(), derived.end());
      result.consistent = subset;
      bool disjoint = std::none_of(derived.begin(), derived.end(), [&](int d) {
        return std::find(chosen_sorted.begin(), chosen_sorted.end(), d) != chosen_sorted.end();
      });
      // Parts chosen that the note never names beside parts it names and
      // were not chosen: the note's parts are the suggestion.
      if (chosen_none || disjoint) {
        result.suggested = derived;
      } else {
        std::set<int> u(chosen_sorted.begin(), chosen_sorted.end());
        u.insert(derived.begin(), derived.end());
        result.suggested.assign(u.begin(), u.end());
      }
    }
    result.confidence = result.consistent ? 0 : 0.8;
    if (result.consistent) result.suggested = chosen_sorted;
  } else {
    for (const Vote &v : votes) {
      for (int c : v.choices) score[c] += v.weight;
    }
    if (score.empty()) {
      result.reason = "特記事項に判断材料となる記述がない";
      return result;
    }
    int top = score.begin()->first;
    for (const auto &[c, s] : score) {
      if (s > score[top] + 1e-9) top = c;
    }
    double top_score = score[top];
    if (top_score + 1e-9 < rules_.Param("min_score") && chosen_sorted.size() == 1) {
      result.reason = "特記事項の記述からは選択肢を判断できない";
      result.suggested = chosen_sorted;
      return result;
    }
    double chosen_score = 0;
    for (int c : chosen_sorted) chosen_score = std::max(chosen_score, score.contains(c) ? score[c] : 0.0);
    result.judged = true;
    result.consistent = chosen_sorted.size() == 1 && chosen_score >= top_score * rules_.Param("flag_ratio");
    result.confidence = top_score > 0 ? (top_score - chosen_score) / top_score : 0;
    derived = {top};
    result.suggested = result.consistent ? chosen_sorted : derived;
    for (const Vote &v : votes) result.evidence.push_back(v.evidence);
  }
  // Strongest evidence for the suggestion first.
  const std::vector<int> &focus = result.suggested;
  auto relevant = [&](const NoteEvidence &e) {
    for (int c : e.supports) {
      if (std::find(focus.begin(), focus.end(), c) != focus.end()) return true;
    }
    return false;
  };
  std::stable_sort(result.evidence.begin(), result.evidence.end(), [&](const NoteEvidence &x, const NoteEvidence &y) {
    if (relevant(x) != relevant(y)) return relevant(x);
    return x.weight > y.weight;
  });
  if (result.evidence.size() > 3) result.evidence.resize(3);
  std::string quote = result.evidence.empty() ? "" : "「" + result.evidence.front().text + "」";
  if (result.consistent) {
    result.reason = "特記事項の" + quote + "は " + Join(chosen_sorted, item) + " と合う";
  } else if (chosen_sorted.size() > 1 && !multi) {
    result.reason = item.name + " は単一回答だが複数の選択肢が選ばれている。特記事項の" + quote + "からは " +
                    Join(result.suggested, item) + " が適当";
  } else {
    result.reason = "特記事項の" + quote + "は " + Join(result.suggested, item) + " にあたり、選択された " +
                    Join(chosen_sorted, item) + " と合わない";
  }
  return result;
}

}  // namespace denen::care
