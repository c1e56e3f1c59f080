#include "care/eval.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "care/text.h"

namespace denen::care {

namespace {

Result<JudgeCase> CaseFromJson(const nlohmann::json &j) {
  JudgeCase c;
  if (!j.is_object()) return Fail(Error::Invalid("invalid_care_case", "JSONオブジェクトではありません"));
  if (j.contains("id")) {
    c.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
  }
  if (!j.contains("item") || !j["item"].is_string()) {
    return Fail(Error::Invalid("invalid_care_case", "\"item\" がありません"));
  }
  c.item = j["item"].get<std::string>();
  const nlohmann::json &ch = j.value("choice", nlohmann::json());
  if (ch.is_number_integer()) {
    c.choice.push_back(ch.get<int>());
  } else if (ch.is_array()) {
    for (const auto &v : ch) {
      if (!v.is_number_integer()) return Fail(Error::Invalid("invalid_care_case", "\"choice\" は整数の配列です"));
      c.choice.push_back(v.get<int>());
    }
  } else {
    return Fail(Error::Invalid("invalid_care_case", "\"choice\" がありません"));
  }
  if (j.contains("note") && j["note"].is_string()) c.note = j["note"].get<std::string>();
  return c;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string ChoicesText(const std::vector<int> &v) { return nlohmann::json(v).dump(); }

}  // namespace

Result<JudgeCase> ParseJudgeLine(const std::string &line) {
  try {
    return CaseFromJson(nlohmann::json::parse(line));
  } catch (const nlohmann::json::parse_error &) {
    return Fail(Error::Invalid("invalid_json", "JSONの形式が正しくありません"));
  }
}

Result<std::vector<EvalCase>> ReadEvalCases(std::istream &in) {
  std::vector<EvalCase> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (detail::Trim(line).empty()) continue;
    auto fail = [&](const std::string &why) {
      return Fail(Error::Invalid("invalid_care_case", std::to_string(n) + " 行目: " + why));
    };
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error &) {
      return fail("JSONの形式が正しくありません");
    }
    auto c = CaseFromJson(j);
    if (!c) return fail(c.error().message);
    EvalCase e;
    e.input = std::move(*c);
    std::string label = j.value("label", std::string());
    if (label != "consistent" && label != "inconsistent") {
      return fail("\"label\" は consistent か inconsistent です");
    }
    e.consistent = label == "consistent";
    if (!e.consistent) {
      const auto &exp = j.value("expected", nlohmann::json());
      if (!exp.is_array() || exp.empty()) return fail("inconsistent の事例には \"expected\" が必要です");
      e.expected = exp.get<std::vector<int>>();
    }
    out.push_back(std::move(e));
  }
  return out;
}

NoteModel TrainNoteModel(const CareChecker &checker, const std::vector<EvalCase> &cases,
                         const NoteModelTrainingOptions &options) {
  std::vector<NoteModelTrainingCase> training;
  for (const EvalCase &c : cases) {
    const ItemDef *item = checker.rules().catalog().Find(c.input.item);
    if (item == nullptr || item->multi || c.input.choice.size() != 1) continue;
    int answer = c.input.choice[0];
    if (!c.consistent) {
      if (c.expected.size() != 1) continue;
      answer = c.expected[0];
    }
    training.push_back({item, answer, checker.NoteWords(*item, c.input.note)});
  }
  return NoteModel::Train(training, checker.rules().catalog(), options);
}

EvalReport Evaluate(const CareChecker &checker, const std::vector<EvalCase> &cases) {
  EvalReport r;
  std::vector<JudgeCase> inputs;
  inputs.reserve(cases.size());
  for (const EvalCase &c : cases) inputs.push_back(c.input);
  std::vector<Result<JudgeOutcome>> outcomes = checker.JudgeAll(inputs);
  for (size_t i = 0; i < cases.size(); ++i) {
    const EvalCase &c = cases[i];
    ++r.total;
    if (!c.consistent) ++r.inconsistent;
    const Result<JudgeOutcome> &got = outcomes[i];
    if (!got) {
      JudgeOutcome o;
      o.reason = got.error().message;
      r.misses.push_back({c, o, "error"});
      continue;
    }
    bool flagged = !got->consistent;
    if (flagged) ++r.flagged;
    if (flagged && !c.consistent) {
      ++r.true_positive;
      std::vector<int> s = got->suggested, e = c.expected;
      std::sort(s.begin(), s.end());
      std::sort(e.begin(), e.end());
      if (s == e) {
        ++r.suggestion_right;
      } else {
        r.misses.push_back({c, *got, "wrong_suggestion"});
      }
    } else if (flagged) {
      r.misses.push_back({c, *got, "false_alarm"});
    } else if (!c.consistent) {
      r.misses.push_back({c, *got, "missed"});
    }
  }
  r.precision = r.flagged == 0 ? (r.inconsistent == 0 ? 1.0 : 0.0) : static_cast<double>(r.true_positive) / r.flagged;
  r.recall = r.inconsistent == 0 ? 1.0 : static_cast<double>(r.true_positive) / r.inconsistent;
  r.suggestion_accuracy = r.inconsistent == 0 ? 1.0 : static_cast<double>(r.suggestion_right) / r.inconsistent;
  return r;
}

void PrintEvalReport(const EvalReport &r, std::ostream &out) {
  out << "cases: " << r.total << " (inconsistent " << r.inconsistent << ", flagged " << r.flagged << ")\n";
  out << "precision: " << Fmt(r.precision) << " (" << r.true_positive << "/" << r.flagged << ")\n";
  out << "recall: " << Fmt(r.recall) << " (" << r.true_positive << "/" << r.inconsistent << ")\n";
  out << "suggestion_accuracy: " << Fmt(r.suggestion_accuracy) << " (" << r.suggestion_right << "/" << r.inconsistent
      << ")\n";
  if (r.misses.empty()) return;
  out << "wrong cases:\n";
  for (const EvalMiss &m : r.misses) {
    out << "  " << m.what << " " << m.c.input.id << " item=" << m.c.input.item
        << " choice=" << ChoicesText(m.c.input.choice) << " label=" << (m.c.consistent ? "consistent" : "inconsistent");
    if (!m.c.consistent) out << " expected=" << ChoicesText(m.c.expected);
    out << " got_suggested=" << ChoicesText(m.got.suggested) << "\n    reason: " << m.got.reason
        << "\n    note: " << m.c.input.note << "\n";
  }
}

}  // namespace denen::care
