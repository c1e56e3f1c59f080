#include "care/checker.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "care/frequency.h"
#include "care/text.h"

#ifndef DENEN_CARE_DATA_DIR
#define DENEN_CARE_DATA_DIR "data/care"
#endif
#ifndef DENEN_CARE_USERDIC
#define DENEN_CARE_USERDIC ""
#endif
#ifndef DENEN_CARE_DICDIR
#define DENEN_CARE_DICDIR "/var/lib/mecab/dic/ipadic-utf8"
#endif

namespace denen::care {

CareChecker::Options CareChecker::DefaultOptions() {
  return {DENEN_CARE_DATA_DIR, DENEN_CARE_DICDIR, DENEN_CARE_USERDIC};
}

CareChecker::Options CareChecker::OptionsForDataDir(const std::string &data_dir) {
  Options o = DefaultOptions();
  o.data_dir = data_dir;
  if (std::filesystem::exists(data_dir + "/care_user.dic")) o.userdic = data_dir + "/care_user.dic";
  return o;
}

Result<std::unique_ptr<CareChecker>> CareChecker::Load(const Options &options) {
  std::unique_ptr<CareChecker> c(new CareChecker());
  DENEN_TRY(tokenizer, Tokenizer::Open(options.dicdir, options.userdic));
  c->tokenizer_ = std::move(tokenizer);
  DENEN_TRY(rules, RuleSet::Load(options.data_dir, *c->tokenizer_));
  c->rules_ = std::make_unique<RuleSet>(std::move(rules));
  const std::string model_path = options.data_dir + "/model.tsv";
  if (options.use_model && std::filesystem::exists(model_path)) {
    DENEN_TRY(model, NoteModel::Load(model_path, c->rules_->catalog()));
    c->model_ = std::make_unique<NoteModel>(std::move(model));
  }
  c->judge_ = std::make_unique<NoteJudge>(*c->rules_, *c->tokenizer_, c->model_.get());
  return c;
}

Result<CareForm> CareChecker::ParseForm(const nlohmann::json &value) const {
  DENEN_TRY(form, ParseCareForm(value, rules_->catalog()));
  for (const auto &[path, v] : form.doctor) {
    bool known = false;
    for (const DoctorRule &r : rules_->doctor_rules()) {
      if (r.field == path) {
        if (!r.doctor_rank.contains(v)) {
          return Fail(
              Error::Invalid("invalid_care_form", "主治医意見書の \"" + path + "\": 値 \"" + v + "\" は使えません"));
        }
        known = true;
      } else if (detail::StartsWith(r.field, path + ".")) {
        known = true;  // a group such as "symptoms" or "paralysis"
      }
    }
    if (!known) {
      return Fail(Error::Invalid("invalid_care_form", "主治医意見書に未知の項目 \"" + path + "\" があります"));
    }
  }
  return form;
}

NoteJudgment CareChecker::JudgeNote(const ItemDef &item, const std::vector<int> &chosen, std::string_view note) const {
  return JudgeParsedNote(item, chosen, note, judge_->Parse(note));
}

NoteJudgment CareChecker::JudgeParsedNote(const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                                          ParsedNote parsed) const {
  NoteJudgment j = judge_->Judge(item, chosen, note, std::move(parsed));
  if (model_) ApplyNoteModel(*model_, item, chosen, note, &j);
  return j;
}

std::vector<NoteWord> CareChecker::NoteWords(const ItemDef &item, std::string_view note) const {
  return judge_->Words(item, note);
}

Result<JudgeOutcome> CareChecker::Judge(const JudgeCase &c) const {
  const ItemDef *item = rules_->catalog().Find(c.item);
  return JudgeParsed(c, item, item == nullptr ? ParsedNote{} : judge_->Parse(c.note));
}

std::vector<Result<JudgeOutcome>> CareChecker::JudgeAll(std::span<const JudgeCase> cases) const {
  std::vector<Result<JudgeOutcome>> out;
  out.reserve(cases.size());
  std::vector<const ItemDef *> items;
  std::vector<ParsedNote> parsed;
  for (size_t first = 0; first < cases.size(); first += kBatch) {
    const std::span<const JudgeCase> batch = cases.subspan(first, std::min(kBatch, cases.size() - first));
    items.clear();
    parsed.clear();
    for (const JudgeCase &c : batch) {
      items.push_back(rules_->catalog().Find(c.item));
      parsed.push_back(items.back() == nullptr ? ParsedNote{} : judge_->Parse(c.note));
    }
    for (size_t i = 0; i < batch.size(); ++i) out.push_back(JudgeParsed(batch[i], items[i], std::move(parsed[i])));
  }
  return out;
}

Result<JudgeOutcome> CareChecker::JudgeParsed(const JudgeCase &c, const ItemDef *item, ParsedNote parsed) const {
  if (item == nullptr) {
    return Fail(Error::Invalid("invalid_care_case", "項目 " + c.item + ": 調査項目にない項目番号です"));
  }
  if (c.choice.empty()) {
    return Fail(Error::Invalid("invalid_care_case", "項目 " + c.item + ": 選択肢がありません"));
  }
  for (int n : c.choice) {
    if (!item->FindChoice(n)) {
      return Fail(
          Error::Invalid("invalid_care_case", "項目 " + c.item + ": 選択肢 " + std::to_string(n) + " は範囲外です"));
    }
  }
  NoteJudgment j = JudgeParsedNote(*item, c.choice, c.note, std::move(parsed));
  JudgeOutcome out;
  out.id = c.id;
  out.consistent = j.consistent;
  if (!item->multi && c.choice.size() > 1) {
    out.consistent = false;  // two answers to a single-choice item never agree with a note
  }
  out.suggested = j.suggested.empty() ? c.choice : j.suggested;
  out.evidence = j.evidence.empty() ? "" : j.evidence.front().text;
  out.reason = j.reason;
  return out;
}

std::vector<Finding> CareChecker::Check(const CareForm &form) const { return CheckParsed(form, ParseNotes(form)); }

std::vector<std::vector<Finding>> CareChecker::CheckAll(std::span<const CareForm> forms) const {
  std::vector<std::vector<Finding>> out;
  out.reserve(forms.size());
  std::vector<std::vector<ParsedNote>> notes;
  for (size_t first = 0; first < forms.size();) {
    notes.clear();
    size_t parsed = 0;
    size_t end = first;
    while (end < forms.size() && parsed < kBatch) {
      notes.push_back(ParseNotes(forms[end++]));
      for (const ParsedNote &n : notes.back()) parsed += n.text.empty() ? 0 : 1;
    }
    for (size_t i = first; i < end; ++i) out.push_back(CheckParsed(forms[i], std::move(notes[i - first])));
    first = end;
  }
  return out;
}

std::vector<ParsedNote> CareChecker::ParseNotes(const CareForm &form) const {
  std::vector<ParsedNote> notes;
  notes.reserve(form.answers.size());
  for (const auto &[item_id, choices] : form.answers) {
    auto note = form.notes.find(item_id);
    notes.push_back(note == form.notes.end() ? ParsedNote{} : judge_->Parse(note->second));
  }
  return notes;
}

std::vector<Finding> CareChecker::CheckParsed(const CareForm &form, std::vector<ParsedNote> notes) const {
  std::vector<Finding> out;
  const ItemCatalog &cat = rules_->catalog();
  const AnswerTable answers(form.answers, cat);
  // 警告コード
  for (const WarningRule &w : rules_->warnings()) {
    if (!w.condition.Holds(answers)) continue;
    out.push_back(
        {"warning_code", w.code, w.condition.Items(), "medium", "警告コード" + w.code + ": " + w.message, {}, {}});
  }
  // 特記事項と選択の矛盾
  // Whether an item's note states how often; from the judge where it read
  // the note, so a note is analysed once.
  std::map<std::string, bool> rate_stated;
  size_t answer = 0;
  for (const auto &[item_id, choices] : form.answers) {
    ParsedNote &parsed = notes[answer++];
    auto note = form.notes.find(item_id);
    if (note == form.notes.end()) continue;
    const ItemDef *item = cat.Find(item_id);
    NoteJudgment j = JudgeParsedNote(*item, choices, note->second, std::move(parsed));
    rate_stated[item_id] = j.states_rate;
    if (!j.judged || j.consistent) continue;
    // A contradiction the learned model found is counted as its own rule.
    Finding f{"note_contradiction",
              j.by_model ? "model" : "",
              {item_id},
              j.confidence >= 0.75 ? "high" : "medium",
              item_id + " " + item->name + ": " + j.reason,
              {},
              j.suggested};
    for (const NoteEvidence &e : j.evidence) f.evidence.push_back({item_id, e.begin, e.end, e.text});
    out.push_back(std::move(f));
  }
  // 特記事項の記載漏れ
  std::set<std::string> empty_reported;
  // A note the judge did not read (its item has no answer) is read here, once.
  auto states_a_rate = [&](const std::string &item, const std::string &note) {
    auto [it, fresh] = rate_stated.try_emplace(item, false);
    if (fresh) {
      std::vector<Token> tokens = tokenizer_->Tokenize(note);
      rules_->KeyTokens(&tokens);
      std::vector<FrequencyMention> found = FindFrequencies(note, tokens, *rules_);
      it->second = std::any_of(found.begin(), found.end(), [](const FrequencyMention &m) { return !m.single_event; });
    }
    return it->second;
  };
  // Each note normalised once, however many rules read it.
  std::map<std::string_view, std::string> normalized;
  for (const RequiredNoteRule &r : rules_->required_notes()) {
    if (!r.condition.Holds(answers)) continue;
    auto [at, fresh] = normalized.try_emplace(r.note_item);
    if (fresh) {
      auto it = form.notes.find(r.note_item);
      if (it != form.notes.end()) at->second = detail::NormalizeWidth(it->second);
    }
    const std::string &note = at->second;
    bool empty = detail::Trim(note).empty();
    auto has_class = [&](const std::string &cls) {
      for (const std::string &w : rules_->ClassWords(cls)) {
        if (detail::Contains(note, w)) return true;
      }
      return false;
    };
    if (!r.only_if.empty() && !has_class(r.only_if)) continue;
    bool satisfied = true;
    if (r.requirement == "nonempty") {
      satisfied = !empty;
    } else if (empty) {
      satisfied = false;
    } else if (r.requirement == "freq") {
      satisfied = states_a_rate(r.note_item, note);
    } else if (detail::StartsWith(r.requirement, "any:")) {
      satisfied = false;
      for (const std::string &cls : r.requirement_classes) {
        if (has_class(cls)) satisfied = true;
      }
    } else if (detail::StartsWith(r.requirement, "all:")) {
      for (const std::string &cls : r.requirement_classes) {
        if (!has_class(cls)) satisfied = false;
      }
    }
    if (satisfied) continue;
    if (empty && empty_reported.contains(r.note_item)) continue;
    if (empty) empty_reported.insert(r.note_item);
    const ItemDef *item = cat.Find(r.note_item);
    out.push_back(
        {"missing_note", r.id, {r.note_item}, r.severity, r.note_item + " " + item->name + ": " + r.message, {}, {}});
  }
  // 主治医意見書との比較
  if (form.has_doctor) {
    for (const DoctorRule &r : rules_->doctor_rules()) {
      auto ans = form.answers.find(r.item);
      if (ans == form.answers.end()) continue;
      const ItemDef *item = cat.Find(r.item);
      auto dv = form.doctor.find(r.field);
      if (dv == form.doctor.end()) {
        // A group given as a list ("paralysis": [...]) lists the parts present.
        std::string group = r.field.substr(0, r.field.rfind('.'));
        if (r.field.find('.') != std::string::npos && form.doctor.contains(group)) {
          static const std::string kFalse = "false";
          int doctor_rank = r.doctor_rank.contains(kFalse) ? r.doctor_rank.at(kFalse) : 0;
          int survey_rank = 0;
          if (r.part != 0) {
            survey_rank = std::count(ans->second.begin(), ans->second.end(), r.part) > 0;
          } else if (r.survey_rank.contains(ans->second.front())) {
            survey_rank = r.survey_rank.at(ans->second.front());
          }
          if (survey_rank > doctor_rank) {
            out.push_back({"doctor_mismatch",
                           "☆",
                           {r.item},
                           "info",
                           r.item + " " + item->name + ": 調査票は「" + r.label +
                               "」ありだが、主治医意見書にはない（☆ 調査員が問題視）",
                           {},
                           {}});
          }
          continue;
        }
        out.push_back({"doctor_mismatch",
                       "未",
                       {r.item},
                       "info",
                       r.item + " " + item->name + ": 主治医意見書の「" + r.label + "」が未記入（未）",
                       {},
                       {}});
        continue;
      }
      int survey_rank = 0;
      if (r.part != 0) {
        survey_rank = std::count(ans->second.begin(), ans->second.end(), r.part) > 0 ? 1 : 0;
      } else if (r.survey_rank.contains(ans->second.front())) {
        survey_rank = r.survey_rank.at(ans->second.front());
      } else {
        continue;
      }
      int doctor_rank = r.doctor_rank.at(dv->second);
      if (survey_rank == doctor_rank) continue;
      bool survey_heavier = survey_rank > doctor_rank;
      out.push_back({"doctor_mismatch",
                     survey_heavier ? "☆" : "★",
                     {r.item},
                     "low",
                     r.item + " " + item->name + ": 調査票（" + item->ChoiceText(ans->second.front()) +
                         "）と主治医意見書の「" + r.label + "」（" + dv->second + "）が一致しない（" +
                         (survey_heavier ? "☆ 調査員が問題視" : "★ 主治医が問題視") + "）",
                     {},
                     {}});
    }
  }
  return out;
}

nlohmann::json FindingToJson(const Finding &f) {
  nlohmann::json ev = nlohmann::json::array();
  for (const FindingEvidence &e : f.evidence) {
    ev.push_back({{"item", e.item}, {"begin", e.begin}, {"end", e.end}, {"text", e.text}});
  }
  return {{"kind", f.kind},       {"code", f.code}, {"items", f.items},        {"severity", f.severity},
          {"message", f.message}, {"evidence", ev}, {"suggested", f.suggested}};
}

nlohmann::json FindingsToJson(const std::vector<Finding> &findings) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Finding &f : findings) arr.push_back(FindingToJson(f));
  return {{"findings", arr}};
}

Result<nlohmann::json> CheckFormJson(const CareChecker &checker, const nlohmann::json &form) {
  DENEN_TRY(parsed, checker.ParseForm(form));
  return FindingsToJson(checker.Check(parsed));
}

}  // namespace denen::care
