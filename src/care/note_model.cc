#include "care/note_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_set>

#include "care/note_judge.h"
#include "care/text.h"

namespace denen::care {
namespace {

uint64_t Fnv1a(std::string_view s, uint64_t h = 14695981039346656037ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t z = a ^ (b * 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The hash of a feature's words, the same whichever scope it is read in. A
// word enters by detail::HashBytes, which the judge hands over already made
// (NoteWord::hash): Predict hashes no word.
uint64_t UnigramHash(uint64_t word) { return Mix(word, 1); }
uint64_t BigramHash(uint64_t first, uint64_t second) { return Mix(Mix(first, 2), second); }
uint64_t PartHash(std::string_view kind, std::string_view first, std::string_view second) {
  if (kind == "u") return UnigramHash(detail::HashBytes(first));
  if (kind == "b") return BigramHash(detail::HashBytes(first), detail::HashBytes(second));
  return Mix(Fnv1a(kind), 0);
}

uint64_t FeatureHash(std::string_view scope, uint64_t part) { return Mix(Fnv1a(scope), part); }

// The key of a feature in the look-up table (slots_): its part's hash, well
// mixed already, XORed with its scope's, mixed once when the model is
// indexed. Predict then combines a word with the item's two scopes by two
// XORs instead of two more mixes. (FeatureHash, which names features in
// training and in the file's check for duplicates, is kept as it is.)
uint64_t ScopeKey(std::string_view scope) { return Mix(Fnv1a(scope), 3); }
uint64_t LookupKey(uint64_t scope_key, uint64_t part) { return scope_key ^ part; }

struct Part {
  std::string_view kind, first, second;
  uint64_t hash;
};

// The features of a note, before they are given a scope: the bias, each
// content word, and each pair of neighbouring words.
std::vector<Part> PartsOf(const std::vector<NoteWord> &words) {
  std::vector<Part> parts;
  parts.reserve(words.size() * 2 + 1);
  parts.push_back({"bias", "", "", PartHash("bias", "", "")});
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].content) parts.push_back({"u", words[i].base, "", PartHash("u", words[i].base, "")});
    if (i + 1 < words.size()) {
      parts.push_back({"b", words[i].base, words[i + 1].base, PartHash("b", words[i].base, words[i + 1].base)});
    }
  }
  return parts;
}

// sum[c] += w[c] for each weight vector w in [begin, end), of N choices.
template <size_t N>
void AddWeights(const float *const *begin, const float *const *end, double *sum) {
  double total[N] = {};
  for (const float *const *w = begin; w != end; ++w) {
    for (size_t c = 0; c < N; ++c) total[c] += (*w)[c];
  }
  for (size_t c = 0; c < N; ++c) sum[c] += total[c];
}

std::vector<double> Softmax(const std::vector<double> &score) {
  std::vector<double> p(score.size());
  if (score.empty()) return p;
  double top = *std::max_element(score.begin(), score.end());
  double sum = 0;
  for (size_t i = 0; i < score.size(); ++i) sum += p[i] = std::exp(score[i] - top);
  for (double &v : p) v /= sum;
  return p;
}

// The scale of each single-choice item: "~" + the first item (catalog order)
// whose choices have the same labels.
std::unordered_map<std::string, std::string> ScalesOf(const ItemCatalog &catalog) {
  std::map<std::vector<std::string>, std::string> first;
  std::unordered_map<std::string, std::string> scale;
  for (const ItemDef &item : catalog.items()) {
    if (item.multi) continue;
    std::vector<std::string> labels;
    for (const Choice &c : item.choices) labels.push_back(c.label);
    auto [it, added] = first.emplace(labels, item.id);
    scale[item.id] = "~" + it->second;
  }
  return scale;
}

Error ModelError(size_t line, const std::string &what) {
  return Error::Invalid("invalid_care_model", "model.tsv " + std::to_string(line) + " 行目: " + what);
}

}  // namespace

std::pair<std::string, std::string> NoteModel::Scopes(const ItemDef &item) const {
  auto s = scale_of_.find(item.id);
  return {item.id, s == scale_of_.end() ? std::string() : s->second};
}

Result<NoteModel> NoteModel::Parse(std::istream &in, const ItemCatalog &catalog) {
  NoteModel m;
  m.scale_of_ = ScalesOf(catalog);
  std::unordered_set<uint64_t> seen;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    if (line.back() == '\t') f.push_back("");
    if (line[0] == '!') {
      if (f.size() != 2) return Fail(ModelError(n, "しきい値の行は「!名前<TAB>値」です"));
      char *end = nullptr;
      double v = std::strtod(f[1].c_str(), &end);
      if (f[1].empty() || *end != '\0' || !(v >= 0 && v <= 1)) {
        return Fail(ModelError(n, "しきい値 \"" + f[1] + "\" は 0 から 1 の数ではありません"));
      }
      if (f[0] == "!undetermined") {
        m.thresholds_.undetermined = v;
      } else if (f[0] == "!over_rules") {
        m.thresholds_.over_rules = v;
      } else if (f[0] == "!over_rules_chosen") {
        m.thresholds_.over_rules_chosen = v;
      } else if (f[0] == "!suggestion") {
        m.thresholds_.suggestion = v;
      } else if (f[0] == "!veto") {
        m.thresholds_.veto = v;
      } else {
        return Fail(ModelError(n, "未知のしきい値 \"" + f[0] + "\""));
      }
      continue;
    }
    if (f.size() != 5) return Fail(ModelError(n, "列は 5 つ（範囲・種類・語・語・重み）です"));
    std::string_view scope = f[0];
    std::string item_id(scope.substr(scope.starts_with("~") ? 1 : 0));
    const ItemDef *item = catalog.Find(item_id);
    if (item == nullptr || item->multi)
      return Fail(ModelError(n, "範囲 \"" + f[0] + "\" は単一選択の調査項目ではありません"));
    if (f[1] != "u" && f[1] != "b" && f[1] != "bias") return Fail(ModelError(n, "未知の種類 \"" + f[1] + "\""));
    std::vector<float> w;
    std::stringstream ws(f[4]);
    for (std::string v; ws >> v;) {
      char *end = nullptr;
      float x = std::strtof(v.c_str(), &end);
      if (*end != '\0' || !std::isfinite(x)) return Fail(ModelError(n, "重み \"" + v + "\" は数ではありません"));
      w.push_back(x);
    }
    if (w.size() != item->choices.size()) {
      return Fail(ModelError(
          n, "重みは " + std::to_string(item->choices.size()) + " 個必要です（" + std::to_string(w.size()) + " 個）"));
    }
    uint64_t h = FeatureHash(scope, PartHash(f[1], f[2], f[3]));
    if (!seen.insert(h).second) return Fail(ModelError(n, "同じ特徴が二度あります"));
    m.name_offsets_.push_back(m.weights_.size());
    m.names_.push_back({f[0], f[1], f[2], f[3]});
    m.weights_.insert(m.weights_.end(), w.begin(), w.end());
  }
  m.Index();
  return m;
}

Result<NoteModel> NoteModel::Load(const std::string &path, const ItemCatalog &catalog) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Invalid("invalid_care_model", "学習モデルを開けません: " + path));
  return Parse(in, catalog);
}

NoteModel NoteModel::Train(const std::vector<NoteModelTrainingCase> &cases, const ItemCatalog &catalog,
                           const NoteModelTrainingOptions &options) {
  NoteModel m;
  m.scale_of_ = ScalesOf(catalog);
  struct Example {
    size_t choices;
    size_t answer;
    std::vector<uint64_t> features;
  };
  std::vector<Example> examples;
  std::unordered_map<uint64_t, FeatureName> names;
  std::unordered_map<uint64_t, int> notes_holding;
  for (const NoteModelTrainingCase &c : cases) {
    if (c.item == nullptr || c.item->multi) continue;
    auto at = std::find_if(c.item->choices.begin(), c.item->choices.end(),
                           [&](const Choice &ch) { return ch.no == c.answer; });
    if (at == c.item->choices.end()) continue;
    Example e{c.item->choices.size(), static_cast<size_t>(at - c.item->choices.begin()), {}};
    auto [own, scale] = m.Scopes(*c.item);
    std::vector<Part> parts = PartsOf(c.words);
    for (const std::string &scope : {own, scale}) {
      for (const Part &p : parts) {
        uint64_t h = FeatureHash(scope, p.hash);
        e.features.push_back(h);
        names.try_emplace(h, FeatureName{scope, std::string(p.kind), std::string(p.first), std::string(p.second)});
      }
    }
    std::sort(e.features.begin(), e.features.end());
    e.features.erase(std::unique(e.features.begin(), e.features.end()), e.features.end());
    for (uint64_t h : e.features) ++notes_holding[h];
    examples.push_back(std::move(e));
  }
  for (Example &e : examples) {
    std::erase_if(e.features,
                  [&](uint64_t h) { return notes_holding[h] < options.min_notes && names[h].kind != "bias"; });
  }
  // Stochastic gradient descent on the log-likelihood, in an order shuffled
  // by a fixed generator so that training is reproducible.
  std::unordered_map<uint64_t, std::vector<double>> w;
  std::vector<size_t> order(examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t state = 1;
  auto next = [&] { return state = Mix(state, 0x2545F4914F6CDD1DULL); };
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next() % i]);
    for (size_t k : order) {
      const Example &e = examples[k];
      std::vector<double> score(e.choices, 0.0);
      for (uint64_t h : e.features) {
        auto &v = w[h];
        if (v.empty()) v.assign(e.choices, 0.0);
        for (size_t c = 0; c < e.choices; ++c) score[c] += v[c];
      }
      std::vector<double> p = Softmax(score);
      for (uint64_t h : e.features) {
        auto &v = w[h];
        for (size_t c = 0; c < e.choices; ++c) v[c] += options.learning_rate * ((c == e.answer ? 1.0 : 0.0) - p[c]);
      }
    }
  }
  // Kept in the order of their names, so that the file diffs well.
  std::vector<std::pair<const FeatureName *, uint64_t>> kept;
  for (const auto &[h, v] : w) {
    double largest = 0;
    for (double x : v) largest = std::max(largest, std::abs(x));
    if (largest >= 0.0005) kept.push_back({&names.at(h), h});
  }
  auto key = [](const FeatureName *f) { return std::tie(f->scope, f->kind, f->first, f->second); };
  std::sort(kept.begin(), kept.end(), [&](const auto &a, const auto &b) { return key(a.first) < key(b.first); });
  for (const auto &[name, h] : kept) {
    m.name_offsets_.push_back(m.weights_.size());
    m.names_.push_back(*name);
    for (double x : w.at(h)) {
      // Stored as written (four significant digits), so that a trained model
      // and the same model read back from its file judge alike.
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", x);
      m.weights_.push_back(std::strtof(buf, nullptr));
    }
  }
  m.Index();
  return m;
}

void NoteModel::Write(std::ostream &out) const {
  out << "# The learned reader of 特記事項 (src/care/note_model.h), written by `denen care train`.\n"
      << "# Do not edit by hand: retrain (make care-model). Columns: scope (item, or ~item for its\n"
      << "# answer scale), kind (u word, b pair, bias), word, word, one weight per choice.\n";
  out << "!undetermined\t" << thresholds_.undetermined << "\n!over_rules\t" << thresholds_.over_rules
      << "\n!over_rules_chosen\t" << thresholds_.over_rules_chosen << "\n!suggestion\t" << thresholds_.suggestion
      << "\n!veto\t" << thresholds_.veto << "\n";
  for (size_t i = 0; i < names_.size(); ++i) {
    const FeatureName &f = names_[i];
    out << f.scope << '\t' << f.kind << '\t' << f.first << '\t' << f.second << '\t';
    size_t count = (i + 1 < name_offsets_.size() ? name_offsets_[i + 1] : weights_.size()) - name_offsets_[i];
    for (size_t c = 0; c < count; ++c) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", static_cast<double>(weights_[name_offsets_[i] + c]));
      out << (c ? " " : "") << buf;
    }
    out << '\n';
  }
}

std::vector<double> NoteModel::Predict(const ItemDef &item, const std::vector<NoteWord> &words) const {
  if (item.multi) return {};
  auto scopes = scope_hashes_.find(item.id);
  if (scopes == scope_hashes_.end() || slots_.empty()) return {};
  const auto [own, scale] = scopes->second;
  // The features of PartsOf, without naming them. Their slots are fetched
  // into the cache first, all at once: the table is larger than the cache,
  // and waiting for each miss in turn would cost more than the arithmetic.
  // Sized for the most features a note can have (two scopes of the bias,
  // of each word and of each pair) and written through pointers: no
  // capacity check per feature.
  thread_local std::vector<uint64_t> hashes;
  hashes.resize(2 * (2 * words.size() + 1));
  uint64_t *next_hash = hashes.data();
  const size_t slot_mask = slots_.size() - 1;
  auto add = [&](uint64_t part) {
    for (uint64_t scope : {own, scale}) {
      uint64_t h = LookupKey(scope, part);
      if (h == 0) h = 1;  // as Find and Index have it: 0 marks a free slot
      if (!MayHave(h)) continue;
      *next_hash++ = h;
      __builtin_prefetch(&slots_[h & slot_mask]);
    }
  };
  add(PartHash("bias", "", ""));
  uint64_t previous = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const uint64_t h = words[i].hash;
    if (words[i].content) add(UnigramHash(h));
    if (i > 0) add(BigramHash(previous, h));
    previous = h;
  }
  // The weights of the features found, fetched the same way before they
  // are added up (they lie in another array than the slots).
  thread_local std::vector<const float *> found;
  found.resize(hashes.size());
  const float **next_found = found.data();
  for (const uint64_t *h = hashes.data(); h != next_hash; ++h) {
    for (size_t i = *h & slot_mask;; i = (i + 1) & slot_mask) {  // Find, inline
      if (slots_[i].hash == *h) {
        const float *w = &weights_[slots_[i].offset];
        *next_found++ = w;
        __builtin_prefetch(w);
        break;
      }
      if (slots_[i].hash == 0) break;
    }
  }
  const size_t choices = item.choices.size();
  std::vector<double> score(choices, 0.0);
  // An item has two to five choices, almost always: a loop of a length
  // known when compiled has no loop of its own to run per feature.
  switch (choices) {
    case 2: AddWeights<2>(found.data(), next_found, score.data()); break;
    case 3: AddWeights<3>(found.data(), next_found, score.data()); break;
    case 4: AddWeights<4>(found.data(), next_found, score.data()); break;
    case 5: AddWeights<5>(found.data(), next_found, score.data()); break;
    default: {
      double *sum = score.data();  // not reloaded from the vector for every weight
      for (const float **w = found.data(); w != next_found; ++w) {
        for (size_t c = 0; c < choices; ++c) sum[c] += (*w)[c];
      }
    }
  }
  return Softmax(score);
}

const float *NoteModel::Find(uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  if (hash == 0) hash = 1;
  if (!MayHave(hash)) return nullptr;
  for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
    if (slots_[i].hash == hash) return &weights_[slots_[i].offset];
    if (slots_[i].hash == 0) return nullptr;
  }
}

void NoteModel::Index() {
  size_t capacity = 16;
  while (capacity < names_.size() * 2) capacity *= 2;
  slots_.assign(capacity, Slot{});
  presence_.assign((size_t{1} << kPresenceBits) / 64, 0);
  for (size_t k = 0; k < names_.size(); ++k) {
    const FeatureName &f = names_[k];
    uint64_t h = LookupKey(ScopeKey(f.scope), PartHash(f.kind, f.first, f.second));
    if (h == 0) h = 1;
    presence_[PresenceBit(h) / 64] |= uint64_t{1} << (PresenceBit(h) % 64);
    const size_t offset = name_offsets_[k];
    size_t i = h & (capacity - 1);
    while (slots_[i].hash != 0) i = (i + 1) & (capacity - 1);
    slots_[i] = {h, static_cast<uint32_t>(offset)};
  }
  scope_hashes_.clear();
  for (const auto &[item, scale] : scale_of_) scope_hashes_[item] = {ScopeKey(item), ScopeKey(scale)};
}

std::vector<std::pair<size_t, size_t>> NoteModel::StrongestSpans(const ItemDef &item,
                                                                 const std::vector<NoteWord> &words, size_t for_index,
                                                                 size_t against_index, size_t count) const {
  auto scopes = scope_hashes_.find(item.id);
  if (scopes == scope_hashes_.end()) return {};
  const auto [own, scale] = scopes->second;
  auto margin = [&](uint64_t part) {
    double m = 0;
    for (uint64_t scope : {own, scale}) {
      if (const float *w = Find(LookupKey(scope, part))) m += w[for_index] - w[against_index];
    }
    return m;
  };
  struct Span {
    double margin;
    size_t begin, end;
  };
  std::vector<Span> spans;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].content) spans.push_back({margin(PartHash("u", words[i].base, "")), words[i].begin, words[i].end});
    if (i + 1 < words.size() && (words[i].content || words[i + 1].content)) {
      spans.push_back({margin(PartHash("b", words[i].base, words[i + 1].base)), words[i].begin, words[i + 1].end});
    }
  }
  std::stable_sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.margin > b.margin; });
  std::vector<std::pair<size_t, size_t>> out;
  for (const Span &s : spans) {
    if (out.size() >= count || s.margin <= 0) break;
    bool overlaps =
        std::any_of(out.begin(), out.end(), [&](const auto &o) { return s.begin < o.second && o.first < s.end; });
    if (!overlaps) out.push_back({s.begin, s.end});
  }
  return out;
}

void ApplyNoteModel(const NoteModel &model, const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                    NoteJudgment *j) {
  if (item.multi || chosen.size() != 1 || j->words.empty()) return;
  std::vector<double> predicted;
  if (j->model_scores.empty()) predicted = model.Predict(item, j->words);
  const std::vector<double> &p = j->model_scores.empty() ? predicted : j->model_scores;
  if (p.empty()) return;
  size_t best = std::max_element(p.begin(), p.end()) - p.begin();
  auto chosen_at =
      std::find_if(item.choices.begin(), item.choices.end(), [&](const Choice &c) { return c.no == chosen[0]; });
  if (chosen_at == item.choices.end()) return;
  size_t chosen_index = chosen_at - item.choices.begin();
  const NoteModelThresholds &t = model.thresholds();
  // Formatted only for a reason that is written (most notes get none).
  auto sureness = [&] {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", p[best]);
    return std::string(buf);
  };
  // A flag resting on a check of the person's answer against the note's own
  // facts (the season, the age, the place), or on a rate the note states
  // (月に2〜3回 against a threshold of criteria.md), is arithmetic the
  // model's words cannot weigh: it is never withdrawn. (Rates exempted after
  // batches 54–57, unseen: one right flag more, no false alarm more.)
  const bool answer_checked = std::any_of(j->evidence.begin(), j->evidence.end(), [](const NoteEvidence &e) {
    return e.source == "season" || e.source == "age" || e.source == "place" || e.source == "frequency";
  });
  if (!j->consistent && !answer_checked && p[chosen_index] >= t.veto) {
    j->consistent = true;
    j->withdrawn_by_model = true;
    j->suggested.clear();
    j->evidence.clear();
    j->reason = "規則の読み（" + j->reason + "）は、学習モデルが選択された「" + item.ChoiceText(chosen[0]) +
                "」と読む（確からしさ " + sureness() + "）ため取り下げた";
    return;
  }
  if (best == chosen_index) return;
  const int best_no = item.choices[best].no;
  if (!j->consistent) {
    if (p[best] < t.suggestion || j->suggested == std::vector<int>{best_no}) return;
    j->suggested = {best_no};
    j->reason +=
        "（提案の選択肢は学習モデルの読み「" + item.ChoiceText(best_no) + "」、確からしさ " + sureness() + "）";
    return;
  }
  if (p[best] < (j->judged ? t.over_rules : t.undetermined)) return;
  if (j->judged && p[chosen_index] > t.over_rules_chosen) return;
  j->judged = true;
  j->consistent = false;
  j->by_model = true;
  j->suggested = {best_no};
  j->confidence = p[best];
  std::string cue;
  std::vector<size_t> starts = detail::CodepointStarts(note);
  std::vector<NoteEvidence> found;
  for (auto [begin, end] : model.StrongestSpans(item, j->words, best, chosen_index, 3)) {
    if (begin >= end || end > starts.size()) continue;
    NoteEvidence ev;
    ev.begin = begin;
    ev.end = end;
    size_t last = end < starts.size() ? starts[end] : note.size();
    ev.text = std::string(note.substr(starts[begin], last - starts[begin]));
    ev.source = "model";
    ev.supports = {best_no};
    ev.weight = p[best];
    if (cue.find("「" + ev.text + "」") == std::string::npos) cue += "「" + ev.text + "」";
    found.push_back(std::move(ev));
  }
  if (!cue.empty()) cue += "など";
  j->evidence.insert(j->evidence.begin(), found.begin(), found.end());
  j->reason = "特記事項の言葉" + (cue.empty() ? std::string() : "（" + cue + "）") + "から、学習モデルは「" +
              item.ChoiceText(best_no) + "」と読む（確からしさ " + sureness() + "）。選択された「" +
              item.ChoiceText(chosen[0]) + "」と合わない";
}

}  // namespace denen::care
