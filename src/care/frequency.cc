#include "care/frequency.h"

#include <algorithm>

#include "care/pattern_match.h"
#include "care/text.h"

namespace denen::care {

namespace {

bool StartsAt(std::string_view s, size_t i, std::string_view w) { return s.substr(i, w.size()) == w; }

// The value of a numeral written as one kanji at s[i] (一…十; 数 "several"
// is read as 3), or 0.
int KanjiNumeralAt(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return 0;
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  // Every one of them is three bytes led by E4, E5 or E6.
  if (b0 < 0xE4 || b0 > 0xE6 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  switch (static_cast<char32_t>(((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F))) {
    case U'一':
      return 1;
    case U'二':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    case U'十':
      return 10;
    case U'数':
      return 3;
    default:
      return 0;
  }
}

// Parses a number at s[i]: ASCII digits, 一…十, 数 (= 3). Returns length.
size_t ReadNumber(std::string_view s, size_t i, double *value) {
  size_t j = i;
  double v = 0;
  while (j < s.size() && s[j] >= '0' && s[j] <= '9') v = v * 10 + (s[j++] - '0');
  if (j > i) {
    *value = v;
    return j - i;
  }
  if (int kanji = KanjiNumeralAt(s, i); kanji > 0) {
    *value = kanji;
    return 3;
  }
  return 0;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// Reads "1", "1～2", "1、2", "2-3", "1,2" at i; value is the mean.
size_t ReadCount(std::string_view s, size_t i, double *value) {
  double a = 0;
  size_t n = ReadNumber(s, i, &a);
  if (n == 0) return 0;
  size_t j = SkipSpaces(s, i + n);
  for (std::string_view sep : {"～", "〜", "~", "-", "、", ",", "・"}) {
    if (StartsAt(s, j, sep)) {
      size_t k = SkipSpaces(s, j + sep.size());
      double b = 0;
      size_t m = ReadNumber(s, k, &b);
      if (m > 0 && b >= a) {
        *value = (a + b) / 2;
        return k + m - i;
      }
    }
  }
  *value = a;
  return n;
}

struct PeriodWord {
  std::string_view text;
  double months;
};
constexpr PeriodWord kPeriods[] = {{"か月", 1}, {"ヶ月", 1},      {"ケ月", 1},     {"カ月", 1}, {"ヵ月", 1},
                                   {"箇月", 1}, {"週間", 0.2326}, {"週", 0.2326},  {"月", 1},   {"日", 1.0 / 30},
                                   {"年", 12},  {"晩", 1.0 / 30}, {"夜", 1.0 / 30}};

// Finds a period word ending at byte e (allowing 間/に/で/の/あたり between).
bool PeriodBefore(std::string_view s, size_t e, double *months, size_t *begin, bool *used_filler) {
  size_t j = e;
  *used_filler = false;
  // "先月、一度だけ": a comma may part a month or a week from its count; a
  // day or a year before a comma ("5日、2回") is a date, not a period.
  bool comma = false;
  for (int pass = 0; pass < 3; ++pass) {
    bool moved = false;
    for (std::string_view filler : {"あたり", "当たり", "に", "で", "間", " ", "、"}) {
      if (j >= filler.size() && s.substr(j - filler.size(), filler.size()) == filler) {
        j -= filler.size();
        moved = true;
        *used_filler = true;
        if (filler == "、") comma = true;
        break;
      }
    }
    if (!moved) break;
  }
  for (const PeriodWord &p : kPeriods) {
    if (comma && (p.months < 0.2 || p.months > 1)) continue;
    if (j >= p.text.size() && s.substr(j - p.text.size(), p.text.size()) == p.text) {
      size_t b = j - p.text.size();
      double mult = 1;
      // "2週間に1回", "1か月に2回": a count before the period word.
      size_t k = b;
      while (k > 0 && s[k - 1] == ' ') --k;
      size_t d = k;
      while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9') --d;
      if (d < k) {
        mult = std::stod(std::string(s.substr(d, k - d)));
        b = d;
      } else if (k >= 3 && (s.substr(k - 3, 3) == "一" || s.substr(k - 3, 3) == "ひと")) {
        b = k - 3;
      } else if (k >= 3 && s.substr(k - 3, 3) == "数") {
        // "数日に1回", "数か月に1度": several periods, read as three.
        mult = 3;
        b = k - 3;
      }
      if (mult <= 0) mult = 1;
      *months = p.months * mult;
      *begin = b;
      return true;
    }
  }
  return false;
}

bool PeriodAfterSlash(std::string_view s, size_t i, double *months, size_t *end) {
  size_t j = SkipSpaces(s, i);
  if (!StartsAt(s, j, "/")) return false;
  j = SkipSpaces(s, j + 1);
  for (const PeriodWord &p : kPeriods) {
    if (StartsAt(s, j, p.text)) {
      *months = p.months;
      *end = j + p.text.size();
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<FrequencyMention> FindFrequencies(std::string_view s, const std::vector<Token> &tokens,
                                              const RuleSet &rules) {
  std::vector<FrequencyMention> out;
  // Where a number starts (not inside a number): the only places the three
  // numeric readings below can begin.
  std::vector<size_t> numbers;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Most bytes are neither a digit nor E4–E6: one test each.
    if (static_cast<unsigned>(c - '0') > 9u && static_cast<unsigned>(c - 0xE4) > 2u) continue;
    // Every kanji numeral is led by E4 B8–BA, E5 85, 8D or 9B, or E6 95 (KanjiNumeralAt): other
    // bytes are not tried.
    auto may_be_kanji_numeral = [&] {
      if (i + 1 >= s.size()) return false;
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xE4) return b1 >= 0xB8 && b1 <= 0xBA;
      if (c == 0xE5) return b1 == 0x85 || b1 == 0x8D || b1 == 0x9B;
      return c == 0xE6 && b1 == 0x95;
    };
    const bool starts_number = is_digit(s[i]) || (may_be_kanji_numeral() && KanjiNumeralAt(s, i) > 0);
    if (starts_number && (i == 0 || !is_digit(s[i - 1]))) numbers.push_back(i);
  }
  // Numeric: [period][に|で|間] COUNT (回|度|日) or COUNT (回|度) / period.
  size_t read_up_to = 0;  // a count read ends here; numbers before it are inside it
  for (size_t i : numbers) {
    if (i < read_up_to) continue;
    double count = 0;
    size_t n = ReadCount(s, i, &count);
    if (n == 0) continue;
    size_t j = SkipSpaces(s, i + n);
    size_t unit_len = 0;
    // "週に3晩": nights are counted like days.
    for (std::string_view unit : {"回", "度", "日", "晩"}) {
      if (StartsAt(s, j, unit)) unit_len = unit.size();
    }
    if (unit_len == 0) continue;
    bool unit_is_day = StartsAt(s, j, "日") || StartsAt(s, j, "晩");
    size_t unit_end = j + unit_len;
    double months = 0;
    size_t begin = i, end = unit_end;
    bool filler = false;
    if (PeriodBefore(s, i, &months, &begin, &filler) ||
        (!unit_is_day && PeriodAfterSlash(s, unit_end, &months, &end))) {
      // "1日" alone or "4月1日" is a date; "月に数日", "週に3日" are counts,
      // and so is "週4日": no date is counted in weeks.
      bool weekly = months > 1.0 / 30 + 1e-9 && months < 0.5;
      if (unit_is_day && (months <= 1.0 / 30 + 1e-9 || (!filler && !weekly))) continue;
      // "1か月間一度もない": "even once" followed by a negation means never.
      bool never = StartsAt(s, SkipSpaces(s, end), "も") && count <= 1;
      // "月1回未満": strictly below the rate, so below its threshold too.
      bool below = StartsAt(s, SkipSpaces(s, end), "未満");
      out.push_back({begin, end, never ? 0.0 : count / months * (below ? 0.5 : 1.0)});
      read_up_to = end;
    }
  }
  // "ここ1か月はない", "最近3か月は見られない", "この2週間なし": a period with
  // nothing in it is a rate of 0.
  for (size_t i : numbers) {
    double count = 0;
    size_t n = ReadNumber(s, i, &count);
    size_t j = SkipSpaces(s, i + n);
    size_t period_end = 0;
    double period_months = 0;
    for (const PeriodWord &p :
         {PeriodWord{"か月", 1}, PeriodWord{"ヶ月", 1}, PeriodWord{"ケ月", 1}, PeriodWord{"カ月", 1},
          PeriodWord{"ヵ月", 1}, PeriodWord{"箇月", 1}, PeriodWord{"週間", 0.2326}, PeriodWord{"年", 12}}) {
      if (StartsAt(s, j, p.text)) {
        period_end = j + p.text.size();
        period_months = p.months * count;
      }
    }
    if (period_end == 0) continue;
    j = period_end;
    bool topic = false;
    for (std::string_view filler : {"間", "ほど", "程", "くらい", "ぐらい", "は", "も", "、", " "}) {
      if (StartsAt(s, j, filler)) {
        topic = topic || filler == "は" || filler == "も";
        j += filler.size();
      }
    }
    if (StartsAt(s, j, "は") || StartsAt(s, j, "も")) {
      topic = true;
      j += 3;
    }
    // "この1か月の外出は2回だけ": the period qualifies the topic.
    if (!topic && StartsAt(s, j, "の")) {
      constexpr size_t kTopicReach = 18;  // bytes: a short noun
      for (size_t k = j + 3; k < s.size() && k < j + kTopicReach; ++k) {
        if (StartsAt(s, k, "。") || StartsAt(s, k, "、")) break;
        if (StartsAt(s, k, "は")) {
          topic = true;
          j = k + 3;
          break;
        }
      }
    }
    bool none_found = false;
    for (std::string_view none : {"ない", "なし", "無い", "無し", "見られない", "みられない", "見られず", "みられず",
                                  "ありません", "出ていない", "起きていない", "なかった"}) {
      if (StartsAt(s, j, none)) {
        out.push_back({i, j + none.size(), 0.0});
        none_found = true;
        break;
      }
    }
    // "この1か月は家から出ていない", "最近2週間は大声を出していない": the
    // recent period as the topic and its clause ends in a negation with no
    // count in it: nothing happened in that period.
    bool recent = false;
    for (std::string_view w : {"この", "ここ", "最近", "過去", "直近"}) {
      size_t from = i >= w.size() + 3 ? i - w.size() - 3 : 0;
      recent = recent || s.substr(from, i - from).find(w) != std::string_view::npos;
    }
    if (!none_found && topic && recent) {
      constexpr size_t kClauseReach = 60;  // bytes: about twenty characters
      for (size_t k = j; k < s.size() && k < j + kClauseReach; ++k) {
        if (s[k] >= '0' && s[k] <= '9') break;
        bool clause_end = StartsAt(s, k, "。") || StartsAt(s, k, "、") || k + 1 == s.size();
        if (!clause_end) continue;
        size_t e = StartsAt(s, k, "。") || StartsAt(s, k, "、") ? k : s.size();
        std::string_view head = s.substr(j, e - j);
        for (std::string_view neg : {"ていない", "でいない", "ていません", "なかった", "ていなかった"}) {
          if (head.size() >= neg.size() && head.substr(head.size() - neg.size()) == neg) {
            out.push_back({i, e, 0.0});
            none_found = true;
            break;
          }
        }
        break;
      }
    }
    // "ここ1か月は受診で2回外出した": the period as the topic, its count a few
    // words later in the sentence.
    if (none_found || !topic || period_months <= 0) continue;
    constexpr size_t kCountReach = 36;  // bytes: about a dozen characters
    for (size_t k = j; k < s.size() && k < j + kCountReach && !StartsAt(s, k, "。"); ++k) {
      bool at_number = (s[k] >= '0' && s[k] <= '9') && !(s[k - 1] >= '0' && s[k - 1] <= '9');
      double times = 0;
      size_t m = at_number ? ReadCount(s, k, &times) : 0;
      if (m == 0) continue;
      size_t u = SkipSpaces(s, k + m);
      if (!StartsAt(s, u, "回") && !StartsAt(s, u, "度")) break;
      bool inside = false;
      for (const FrequencyMention &fm : out) inside = inside || (k >= fm.begin && k < fm.end);
      if (!inside) out.push_back({i, u + 3, times / period_months});
      break;
    }
  }
  // "3週間前、帰り道が分からなくなった", "10日ほど前に1度": one dated
  // occurrence within the last month (not "3日前から", a state since then).
  for (size_t i : numbers) {
    double count = 0;
    size_t n = ReadNumber(s, i, &count);
    if (count <= 0) continue;
    size_t j = SkipSpaces(s, i + n);
    double months = 0;
    if (StartsAt(s, j, "週間")) {
      months = count * 0.2326;
      j += std::string_view("週間").size();
    } else if (StartsAt(s, j, "日")) {
      months = count / 30;
      j += std::string_view("日").size();
    } else {
      continue;
    }
    for (std::string_view filler : {"ほど", "程", "くらい", "ぐらい"}) {
      if (StartsAt(s, j, filler)) j += filler.size();
    }
    if (!StartsAt(s, j, "前") || months > 1.0 + 1e-9) continue;
    size_t end = j + std::string_view("前").size();
    if (StartsAt(s, end, "から") || StartsAt(s, end, "より")) continue;
    bool inside = false;
    for (const FrequencyMention &m : out) inside = inside || (i < m.end && end > m.begin);
    if (!inside) out.push_back({i, end, 1.0, true});
  }
  // Words from frequency.tsv.
  const IndexedRules<FrequencyWord> &words = rules.FrequencyWords();
  for (const PatternHit &hit : words.index.FindAll(tokens)) {
    size_t b = tokens[hit.first].begin, e = tokens[hit.last].end;
    bool inside = false;
    for (const FrequencyMention &m : out) {
      if (b < m.end && e > m.begin) inside = true;
    }
    if (!inside) out.push_back({b, e, words.rules[static_cast<size_t>(hit.entry)]->per_month});
  }
  std::sort(out.begin(), out.end(),
            [](const FrequencyMention &a, const FrequencyMention &b) { return a.begin < b.begin; });
  return out;
}

std::string FrequencyLevel(const RuleSet &rules, const std::string &group, double per_month) {
  for (const auto &[tag, min] : rules.Thresholds(group)) {
    if (per_month + 1e-9 >= min) return tag;
  }
  return {};
}

}  // namespace denen::care
