#include "care/rules.h"

#include <atomic>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "care/text.h"

namespace denen::care {

namespace {

Result<std::string> ReadFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(Error::Unavailable("care_rules_missing", "規則ファイルを開けません: " + path));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Row {
  int line = 0;
  std::vector<std::string> cols;
};

// Tab-separated rows; '#' starts a comment line; blank lines are skipped.
Result<std::vector<Row>> ReadTsv(const std::string &path, size_t min_cols) {
  DENEN_TRY(text, ReadFile(path));
  std::vector<Row> rows;
  int line_no = 0;
  for (const std::string &raw : detail::Split(text, '\n')) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (detail::Trim(line).empty() || detail::Trim(line).front() == '#') continue;
    Row row{line_no, detail::Split(line, '\t')};
    for (std::string &c : row.cols) c = std::string(detail::Trim(c));
    if (row.cols.size() < min_cols) {
      return Fail(Error::Internal("care_rules_invalid", path + ":" + std::to_string(line_no) + " の列が足りません（" +
                                                            std::to_string(min_cols) + " 列必要）"));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Error RowError(const std::string &file, int line, const std::string &why) {
  return Error::Internal("care_rules_invalid", file + ":" + std::to_string(line) + ": " + why);
}

bool ParseDouble(const std::string &s, double *out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string> SplitTags(const std::string &s) {
  std::vector<std::string> out;
  for (const std::string &t : detail::Split(s, '|')) {
    if (!detail::Trim(t).empty()) out.emplace_back(detail::Trim(t));
  }
  return out;
}

// The katakana reading of a content word's dictionary form (支えて → ササエル),
// or "" when it is a function word, is too short to be told apart from
// homophones, or has no reading.
std::string BaseReading(const Token &t, const Tokenizer &tokenizer) {
  static const std::set<std::string, std::less<>> kContent = {"名詞", "動詞", "形容詞", "副詞"};
  if (!kContent.contains(t.pos)) return "";
  std::string reading(t.reading);
  if (t.surface != t.base) {
    std::vector<Token> base = tokenizer.Tokenize(t.base);
    reading = base.size() == 1 ? base.front().reading : std::string_view();
  }
  if (detail::CodepointCount(reading) < 2) return "";
  return reading;
}

std::string PotentialForm(const Token &t) {
  if (t.pos != "動詞" || !t.conjugation.starts_with("五段") || t.base.size() < 3) return "";
  static const std::map<std::string, std::string, std::less<>> kERow = {{"う", "え"}, {"く", "け"}, {"ぐ", "げ"},
                                                                        {"す", "せ"}, {"つ", "て"}, {"ぬ", "ね"},
                                                                        {"ぶ", "べ"}, {"む", "め"}, {"る", "れ"}};
  auto it = kERow.find(t.base.substr(t.base.size() - 3));
  if (it == kERow.end()) return "";
  return std::string(t.base.substr(0, t.base.size() - 3)) + it->second + "る";
}

}  // namespace

Pattern CompilePattern(const std::string &text, const Tokenizer &tokenizer) {
  Pattern p;
  p.text = text;
  // Spaces only help the reader: the words are split by MeCab exactly as in
  // notes.
  std::string norm;
  for (char ch : detail::NormalizeWidth(text)) {
    if (ch != ' ') norm.push_back(ch);
  }
  // "…" marks a gap; "<name>" a class; everything else is tokenised by MeCab.
  std::vector<std::string> gap_parts = detail::SplitOn(norm, "…");
  for (size_t g = 0; g < gap_parts.size(); ++g) {
    if (g > 0) p.elements.push_back({PatternElement::Kind::kGap, "", ""});
    std::string_view part = gap_parts[g];
    while (!part.empty()) {
      if (part.front() == '~') {
        size_t stop = part.find_first_of("<", 1);
        p.elements.push_back({PatternElement::Kind::kContains,
                              std::string(part.substr(1, stop == std::string_view::npos ? part.npos : stop - 1)), ""});
        if (stop == std::string_view::npos) break;
        part = part.substr(stop);
        continue;
      }
      size_t lt = part.find('<');
      std::string_view plain = part.substr(0, lt);
      for (const Token &t : tokenizer.Tokenize(plain)) {
        if (t.pos == "記号" && t.pos2 == "空白") continue;
        p.elements.push_back({PatternElement::Kind::kWord, std::string(t.base), std::string(t.surface),
                              BaseReading(t, tokenizer), PotentialForm(t)});
      }
      if (lt == std::string_view::npos) break;
      size_t gt = part.find('>', lt);
      if (gt == std::string_view::npos) break;
      p.elements.push_back({PatternElement::Kind::kClass, std::string(part.substr(lt + 1, gt - lt - 1)), ""});
      part = part.substr(gt + 1);
    }
  }
  return p;
}

Result<RuleSet> RuleSet::Load(const std::string &dir, const Tokenizer &tokenizer) {
  RuleSet rs;
  DENEN_TRY(items_text, ReadFile(dir + "/items.json"));
  DENEN_TRY(catalog, ItemCatalog::Parse(items_text));
  rs.catalog_ = std::move(catalog);
  if (auto v = ReadFile(dir + "/VERSION")) rs.version_ = std::string(detail::Trim(*v));

  // engine.tsv: key, value(s)
  {
    const std::string file = "engine.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 2));
    for (const Row &r : rows) {
      double v = 0;
      if (r.cols.size() == 2 && ParseDouble(r.cols[1], &v)) {
        rs.params_[r.cols[0]] = v;
      } else {
        rs.param_lists_[r.cols[0]].assign(r.cols.begin() + 1, r.cols.end());
      }
    }
  }
  // classes.tsv: class, words separated by spaces
  {
    DENEN_TRY(rows, ReadTsv(dir + "/classes.tsv", 2));
    for (const Row &r : rows) {
      for (const std::string &w : detail::Split(r.cols[1], ' ')) {
        if (w.empty()) continue;
        std::string n = detail::NormalizeWidth(w);
        rs.classes_[r.cols[0]].insert(n);
        rs.class_lists_[r.cols[0]].push_back(n);
        std::vector<Token> word = tokenizer.Tokenize(n);
        if (word.size() == 1) {
          std::string reading = BaseReading(word.front(), tokenizer);
          if (!reading.empty()) rs.class_readings_[r.cols[0]].insert(reading);
        }
      }
    }
  }
  // lexicon.tsv: scope, pattern, levels, negated, weight
  {
    const std::string file = "lexicon.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 5));
    for (const Row &r : rows) {
      Cue cue;
      cue.source = file + ":" + std::to_string(r.line);
      auto items = rs.catalog_.ExpandScope(r.cols[0]);
      if (!items) return Fail(RowError(file, r.line, items.error().message));
      cue.items.insert(items->begin(), items->end());
      cue.pattern = CompilePattern(r.cols[1], tokenizer);
      if (cue.pattern.elements.empty()) return Fail(RowError(file, r.line, "パターンが空です"));
      cue.levels = SplitTags(r.cols[2] == "-" ? "" : r.cols[2]);
      if (cue.levels.empty() && r.cols[3] == "-") {
        return Fail(RowError(file, r.line, "水準（levels）と否定時の水準の両方が空です"));
      }
      if (r.cols[3] == "=") {
        cue.ignore_negation = true;
      } else if (r.cols[3] != "-") {
        cue.negated_levels = SplitTags(r.cols[3]);
      }
      if (!ParseDouble(r.cols[4], &cue.weight)) return Fail(RowError(file, r.line, "重みが数値ではありません"));
      for (const auto &e : cue.pattern.elements) {
        if (e.kind == PatternElement::Kind::kClass && !rs.classes_.contains(e.word)) {
          return Fail(RowError(file, r.line, "未知のクラス <" + e.word + ">"));
        }
      }
      rs.cues_.push_back(std::move(cue));
    }
  }
  // modifiers.tsv: kind, scope, pattern, factor, range
  {
    const std::string file = "modifiers.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 5));
    for (const Row &r : rows) {
      Modifier m;
      m.source = file + ":" + std::to_string(r.line);
      m.kind = r.cols[0];
      auto items = rs.catalog_.ExpandScope(r.cols[1]);
      if (!items) return Fail(RowError(file, r.line, items.error().message));
      m.items.insert(items->begin(), items->end());
      m.pattern = CompilePattern(r.cols[2], tokenizer);
      if (!ParseDouble(r.cols[3], &m.factor)) return Fail(RowError(file, r.line, "係数が数値ではありません"));
      m.range = r.cols[4];
      if (m.range != "clause" && m.range != "sentence" && m.range != "before" && m.range != "after" &&
          m.range != "sentence_before") {
        return Fail(
            RowError(file, r.line, "範囲は clause / sentence / before / after / sentence_before のいずれかです"));
      }
      rs.modifiers_.push_back(std::move(m));
    }
  }
  // frequency.tsv: word<TAB>pattern<TAB>per_month |
  // occasion<TAB>word<TAB>share | threshold<TAB>group<TAB>tag<TAB>min
  {
    const std::string file = "frequency.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 3));
    for (const Row &r : rows) {
      double v = 0;
      if (r.cols[0] == "word") {
        if (!ParseDouble(r.cols[2], &v)) return Fail(RowError(file, r.line, "回数/月が数値ではありません"));
        rs.frequency_words_.push_back({CompilePattern(r.cols[1], tokenizer), v});
      } else if (r.cols[0] == "occasion") {
        if (!ParseDouble(r.cols[2], &v) || v <= 0) {
          return Fail(RowError(file, r.line, "機会の重みが正の数値ではありません"));
        }
        rs.occasion_shares_[r.cols[1]] = v;
      } else if (r.cols[0] == "threshold" && r.cols.size() >= 4) {
        if (!ParseDouble(r.cols[3], &v)) return Fail(RowError(file, r.line, "閾値が数値ではありません"));
        rs.thresholds_[r.cols[1]].emplace_back(r.cols[2], v);
      } else {
        return Fail(RowError(file, r.line, "種別は word / occasion / threshold のいずれかです"));
      }
    }
  }
  // warnings.tsv: code, condition, message
  {
    const std::string file = "warnings.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 3));
    for (const Row &r : rows) {
      auto conds = ParseCondition(r.cols[1], rs.catalog_);
      if (!conds) return Fail(RowError(file, r.line, conds.error().message));
      if (conds->size() != 1) return Fail(RowError(file, r.line, "警告条件にグループは使えません"));
      rs.warnings_.push_back({r.cols[0], conds->front(), r.cols[2]});
    }
  }
  // required_notes.tsv: id, condition, note_item, requirement, only_if,
  // severity, message
  {
    const std::string file = "required_notes.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 7));
    for (const Row &r : rows) {
      auto conds = ParseCondition(r.cols[1], rs.catalog_);
      if (!conds) return Fail(RowError(file, r.line, conds.error().message));
      for (const Condition &c : *conds) {
        RequiredNoteRule rule{r.cols[0], c,        r.cols[2], r.cols[3], {}, r.cols[4] == "-" ? "" : r.cols[4],
                              r.cols[5], r.cols[6]};
        if (detail::StartsWith(rule.requirement, "any:") || detail::StartsWith(rule.requirement, "all:")) {
          rule.requirement_classes = detail::Split(rule.requirement.substr(4), ',');
        }
        if (rule.note_item == "$") rule.note_item = c.terms.front().item;
        if (!rs.catalog_.Find(rule.note_item)) return Fail(RowError(file, r.line, "未知の項目 " + rule.note_item));
        rs.required_notes_.push_back(std::move(rule));
      }
    }
  }
  // doctor_rules.tsv: field, item[#part], survey ranks, doctor ranks, label
  {
    const std::string file = "doctor_rules.tsv";
    DENEN_TRY(rows, ReadTsv(dir + "/" + file, 5));
    for (const Row &r : rows) {
      DoctorRule d;
      d.field = r.cols[0];
      std::vector<std::string> ip = detail::Split(r.cols[1], '#');
      d.item = ip[0];
      if (!rs.catalog_.Find(d.item)) return Fail(RowError(file, r.line, "未知の項目 " + d.item));
      if (ip.size() > 1) d.part = std::stoi(ip[1]);
      for (const std::string &kv : detail::Split(r.cols[2], ',')) {
        auto p = detail::Split(kv, ':');
        if (p.size() != 2) return Fail(RowError(file, r.line, "調査票側の順位が不正です"));
        d.survey_rank[std::stoi(p[0])] = std::stoi(p[1]);
      }
      for (const std::string &kv : detail::Split(r.cols[3], ',')) {
        auto p = detail::Split(kv, ':');
        if (p.size() != 2) return Fail(RowError(file, r.line, "意見書側の順位が不正です"));
        d.doctor_rank[p[0]] = std::stoi(p[1]);
      }
      d.label = r.cols[4];
      rs.doctor_rules_.push_back(std::move(d));
    }
  }
  for (const char *key :
       {"explicit_weight", "flag_ratio", "min_score", "contrast_before", "contrast_after", "topic_own", "topic_other",
        "topic_distractor", "frequency_weight", "frequency_without_behavior", "minor_factor", "minor_rate_daily",
        "minor_rate_weekly", "minor_rate_monthly", "negation_window", "outing_rarer_factor", "without_factor",
        "vague_frequency_factor"}) {
    if (!rs.params_.contains(key)) {
      return Fail(Error::Internal("care_rules_invalid", std::string("engine.tsv に ") + key + " がありません"));
    }
  }
  for (const std::string &cls : rs.ParamList("gap_barrier")) {
    auto it = rs.classes_.find(cls);
    if (it == rs.classes_.end()) {
      return Fail(Error::Internal("care_rules_invalid", "engine.tsv: gap_barrier のクラスがありません: " + cls));
    }
    rs.gap_barriers_.insert(it->second.begin(), it->second.end());
  }
  if (rs.classes_.size() > kMaxWordClasses) {
    return Fail(Error::Internal("care_rules_invalid", "classes.tsv: クラスは " + std::to_string(kMaxWordClasses) +
                                                          " 個までです（" + std::to_string(rs.classes_.size()) +
                                                          " 個）"));
  }
  static std::atomic<uint64_t> next_serial{1};
  rs.serial_ = next_serial.fetch_add(1);
  rs.BuildKeys();
  return rs;
}

namespace {

// 嫁さん, 娘様: MeCab keeps some class words and their honorific as one word.
std::string_view WithoutHonorific(std::string_view word) {
  // Each suffix ends in ん (…93), 様 (…98) or ま (…BE): most words stop here.
  if (word.empty()) return {};
  const auto last = static_cast<unsigned char>(word.back());
  if (last != 0x93 && last != 0x98 && last != 0xBE) return {};
  for (std::string_view h : {"さん", "様", "さま", "ちゃん"}) {
    if (word.size() > h.size() && word.substr(word.size() - h.size()) == h) {
      return word.substr(0, word.size() - h.size());
    }
  }
  return {};
}

// The hash of ClassIndex's table, in constant time: the length and the first
// and last eight bytes of the name (a shorter name byte by byte). Class names
// are a few words long and differ in their first or last word or in length;
// InClass looks one up for every token a judge rule asks about.
size_t ClassNameHash(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t first = 0, last = 0;
  if (s.size() >= 8) {
    std::memcpy(&first, s.data(), 8);
    std::memcpy(&last, s.data() + s.size() - 8, 8);
  } else if (s.size() >= 4) {
    uint32_t a = 0, b = 0;
    std::memcpy(&a, s.data(), 4);
    std::memcpy(&b, s.data() + s.size() - 4, 4);
    first = a | (static_cast<uint64_t>(b) << 32);
  } else {
    for (size_t k = 0; k < s.size(); ++k) first |= static_cast<uint64_t>(static_cast<unsigned char>(s[k])) << (8 * k);
  }
  uint64_t h = (first ^ (last * kMul) ^ s.size()) * kMul;
  return static_cast<size_t>(h ^ (h >> 29));
}

}  // namespace

void RuleSet::BuildKeys() {
  // ClassIndex's table: the classes numbered in name order, at most half full,
  // a power of two in size.
  size_t slots = 16;
  while (slots < classes_.size() * 2) slots *= 2;
  class_slots_.assign(slots, {std::string(), -1});
  int next_index = 0;
  for (const auto &[name, words] : classes_) {
    const int index = next_index++;
    size_t i = ClassNameHash(name) & (slots - 1);
    while (class_slots_[i].second >= 0) i = (i + 1) & (slots - 1);
    class_slots_[i] = {name, index};
    for (const std::string &w : words) words_[w].classes.set(index);
    if (auto readings = class_readings_.find(name); readings != class_readings_.end()) {
      for (const std::string &r : readings->second) words_[r].reading_classes.set(index);
    }
  }
  for (const std::string &cls : ParamList("gap_barrier")) {
    if (const int index = ClassIndex(cls); index >= 0) gap_barrier_classes_.set(index);
  }
  auto intern = [this](const std::string &word) {
    if (word.empty()) return -1;
    WordInfo &info = words_[word];
    if (info.id < 0) info.id = vocabulary_size_++;
    return info.id;
  };
  const int person_class = ClassIndex("本人側");
  auto key_pattern = [&](Pattern &p) {
    if (!p.elements.empty() && p.elements.front().kind == PatternElement::Kind::kClass &&
        p.elements.front().word == "介護者") {
      p.person_class = person_class;
    }
    for (size_t i = 0; i < p.elements.size(); ++i) {
      PatternElement &e = p.elements[i];
      if (e.kind == PatternElement::Kind::kClass) e.word_class = ClassIndex(e.word);
      if (e.kind != PatternElement::Kind::kWord) continue;
      e.word_id = intern(e.word);
      e.surface_id = intern(e.surface);
      e.reading_id = intern(e.reading);
      e.potential_id = intern(e.potential);
      e.negation = e.word == "ない";
      if (i + 1 < p.elements.size() && p.elements[i + 1].kind == PatternElement::Kind::kWord) {
        e.joined_id = intern(e.surface + p.elements[i + 1].surface);
      }
    }
  };
  for (Cue &c : cues_) key_pattern(c.pattern);
  for (Modifier &m : modifiers_) key_pattern(m.pattern);
  for (FrequencyWord &w : frequency_words_) key_pattern(w.pattern);
  for (const ItemDef &item : catalog_.items()) {
    ItemRules &of_item = rules_of_[item.id];
    for (const Cue &c : cues_) {
      if (!c.items.contains(item.id)) continue;
      of_item.cues.push_back(&c);
      of_item.index.Add(&c.pattern);
    }
    for (const Modifier &m : modifiers_) {
      if (!m.items.contains(item.id)) continue;
      of_item.modifiers.push_back(&m);
      of_item.index.Add(&m.pattern);
    }
  }
  for (const FrequencyWord &w : frequency_words_) {
    frequency_index_.rules.push_back(&w);
    frequency_index_.index.Add(&w.pattern);
  }
}

const ItemRules &RuleSet::RulesOf(std::string_view item) const {
  static const ItemRules kNone;
  auto it = rules_of_.find(item);
  return it == rules_of_.end() ? kNone : it->second;
}

size_t RuleSet::StringHash::operator()(std::string_view s) const { return detail::HashBytes(s); }

const RuleSet::WordInfo *RuleSet::FindWord(std::string_view word) const {
  if (word.empty()) return nullptr;
  auto it = words_.find(word);
  return it == words_.end() ? nullptr : &it->second;
}

namespace {

// The keys of the words met on this thread, so that a word met again (most
// words of a note are) costs string compares instead of five hash look-ups.
// Two-way set-associative: a set is chosen by where the token's base and
// kana form point (the dictionary's interned strings for a known word) and
// the surface's length; each of its two entries holds copies of the three
// strings, compared in full on every hit, and a new word replaces the entry
// of the set used less recently. (Direct-mapped, two words of one note that
// share a slot evicted each other on every note: a fifth of all look-ups
// missed.) It belongs to one rule set at a time (RuleSet::serial_).
class TokenKeyCache {
 public:
  const TokenKey *Find(uint64_t owner, const Token &t) {
    if (owner != owner_) Reset(owner);
    Set &set = sets_[SetOf(t)];
    for (int way = 0; way < 2; ++way) {
      const Entry &e = set.ways[way];
      if (e.filled && detail::SameBytes(e.base, t.base) && detail::SameBytes(e.surface, t.surface) &&
          detail::SameBytes(e.kana_base, t.kana_base)) {
        set.recent = way;
        return &e.key;
      }
    }
    return nullptr;
  }
  // After a Find of the same token that missed.
  void Put(const Token &t, const TokenKey &key) {
    Set &set = sets_[SetOf(t)];
    set.recent = 1 - set.recent;
    Entry &e = set.ways[set.recent];
    e.filled = true;
    e.base.assign(t.base);
    e.surface.assign(t.surface);
    e.kana_base.assign(t.kana_base);
    e.key = key;
  }

 private:
  static constexpr size_t kSets = 2048;  // a power of two; a note holds a few dozen words
  struct Entry {
    bool filled = false;
    std::string base, surface, kana_base;
    TokenKey key;
  };
  struct Set {
    Entry ways[2];
    int recent = 0;  // the way found or filled last
  };
  static size_t SetOf(const Token &t) {
    uint64_t h = reinterpret_cast<uintptr_t>(t.base.data()) * 0x9E3779B97F4A7C15ull;
    h ^= (reinterpret_cast<uintptr_t>(t.kana_base.data()) + t.surface.size()) * 0xC2B2AE3D27D4EB4Full;
    return static_cast<size_t>((h ^ (h >> 29)) & (kSets - 1));
  }
  void Reset(uint64_t owner) {
    owner_ = owner;
    sets_.assign(kSets, Set{});
  }
  uint64_t owner_ = 0;
  std::vector<Set> sets_;
};

}  // namespace

// Equivalent to InClass / InClassByReading / IsGapBarrier on the token's
// words.
TokenKey RuleSet::KeyOfWords(const Token &t) const {
  TokenKey k;
  const WordInfo *base = FindWord(t.base);
  const bool surface_is_base = t.surface == t.base;
  const WordInfo *surface = surface_is_base ? base : FindWord(t.surface);
  const WordInfo *kana = FindWord(t.kana_base);
  const WordInfo *bare_base = FindWord(WithoutHonorific(t.base));
  const WordInfo *bare_surface = surface_is_base ? bare_base : FindWord(WithoutHonorific(t.surface));
  k.base_hash = detail::HashBytes(t.base);
  if (base != nullptr) k.base = base->id;
  if (surface != nullptr) k.surface = surface->id;
  if (kana != nullptr) k.kana_base = kana->id;
  WordClassSet exact;  // base or surface as written, or the surface without its honorific
  if (base != nullptr) exact |= base->classes;
  if (surface != nullptr) exact |= surface->classes;
  if (bare_surface != nullptr) exact |= bare_surface->classes;
  k.gap_barrier = (exact & gap_barrier_classes_).any();
  if (base != nullptr) k.base_classes |= base->classes;
  if (bare_base != nullptr) k.base_classes |= bare_base->classes;
  k.classes = exact | k.base_classes;
  if (kana != nullptr) k.classes |= kana->reading_classes;
  return k;
}

void RuleSet::KeyTokens(std::vector<Token> *tokens) const {
  thread_local TokenKeyCache cache;
  for (Token &t : *tokens) {
    if (const TokenKey *known = cache.Find(serial_, t)) {
      t.key = *known;
    } else {
      t.key = KeyOfWords(t);
      cache.Put(t, t.key);
    }
  }
  KeyJoinedReadings(tokens);
}

void RuleSet::KeyJoinedReadings(std::vector<Token> *tokens) const {
  for (size_t i = 0; i + 1 < tokens->size(); ++i) {
    Token &t = (*tokens)[i];
    const Token &next = (*tokens)[i + 1];
    t.key.joined_reading = -1;
    if (t.pos == "動詞" && next.pos == "動詞" && !t.reading.empty() && !next.kana_base.empty()) {
      // Joined in a buffer on the stack: no allocation per pair of verbs.
      char joined[128];
      const size_t n = t.reading.size() + next.kana_base.size();
      if (n <= sizeof joined) {
        std::memcpy(joined, t.reading.data(), t.reading.size());
        std::memcpy(joined + t.reading.size(), next.kana_base.data(), next.kana_base.size());
        if (const WordInfo *w = FindWord(std::string_view(joined, n))) t.key.joined_reading = w->id;
      } else if (const WordInfo *w = FindWord(std::string(t.reading) + std::string(next.kana_base))) {
        t.key.joined_reading = w->id;
      }
    }
  }
}

int RuleSet::ClassIndex(std::string_view cls) const {
  if (class_slots_.empty()) return -1;
  const size_t mask = class_slots_.size() - 1;
  for (size_t i = ClassNameHash(cls) & mask; class_slots_[i].second >= 0; i = (i + 1) & mask) {
    if (detail::SameBytes(class_slots_[i].first, cls)) return class_slots_[i].second;
  }
  return -1;
}

bool RuleSet::IsGapBarrier(const Token &t) const {
  if (gap_barriers_.empty()) return false;
  if (gap_barriers_.contains(t.base) || gap_barriers_.contains(t.surface)) return true;
  std::string_view bare = WithoutHonorific(t.surface);
  return !bare.empty() && gap_barriers_.contains(bare);
}

bool RuleSet::InClass(std::string_view cls, std::string_view word) const {
  const int index = ClassIndex(cls);
  if (index < 0) return false;
  auto in_class = [&](std::string_view w) {
    const WordInfo *info = FindWord(w);
    return info != nullptr && info->classes.test(static_cast<size_t>(index));
  };
  if (in_class(word)) return true;
  std::string_view bare = WithoutHonorific(word);
  return !bare.empty() && in_class(bare);
}

bool RuleSet::InClass(std::string_view cls, const Token &t) const {
  if (t.key.base_classes.none()) return false;  // most words are in no class: no need to find this one
  const int index = ClassIndex(cls);
  return index >= 0 && t.key.base_classes.test(static_cast<size_t>(index));
}

bool RuleSet::InClassByReading(std::string_view cls, std::string_view kana_base) const {
  auto it = class_readings_.find(cls);
  return !kana_base.empty() && it != class_readings_.end() && it->second.contains(kana_base);
}

const std::vector<std::string> &RuleSet::ClassWords(std::string_view cls) const {
  static const std::vector<std::string> kEmpty;
  auto it = class_lists_.find(cls);
  return it == class_lists_.end() ? kEmpty : it->second;
}

double RuleSet::Param(std::string_view key) const {
  auto it = params_.find(key);
  return it == params_.end() ? 0.0 : it->second;
}

const std::vector<std::string> &RuleSet::ParamList(std::string_view key) const {
  static const std::vector<std::string> kEmpty;
  auto it = param_lists_.find(key);
  return it == param_lists_.end() ? kEmpty : it->second;
}

double RuleSet::OccasionShare(std::string_view word) const {
  auto it = occasion_shares_.find(word);
  return it == occasion_shares_.end() ? 0.0 : it->second;
}

const std::vector<std::pair<std::string, double>> &RuleSet::Thresholds(std::string_view group) const {
  static const std::vector<std::pair<std::string, double>> kEmpty;
  auto it = thresholds_.find(group);
  return it == thresholds_.end() ? kEmpty : it->second;
}

}  // namespace denen::care
