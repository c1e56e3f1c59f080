#include "care/care_cli.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "care/checker.h"
#include "care/eval.h"
#include "care/form_csv.h"
#include "core/json_input.h"

namespace denen::care {

namespace {

constexpr const char *kUsage =
    "使い方: denen care [--data-dir DIR] check FORM.json\n"
    "        denen care [--data-dir DIR] judge < CASES.jsonl\n"
    "        denen care [--data-dir DIR] eval CASES.jsonl\n"
    "        denen care [--data-dir DIR] check-csv FORMS.csv\n"
    "        denen care [--data-dir DIR] train CASES.jsonl... > model.tsv\n"
    "  --no-model  規則だけで判定する（学習モデル model.tsv を読まない）\n";

nlohmann::json OutcomeToJson(const JudgeOutcome &o) {
  return {{"id", o.id},
          {"consistent", o.consistent},
          {"suggested", o.suggested},
          {"evidence", o.evidence},
          {"reason", o.reason}};
}

// The whole file, or nothing after saying so on `err`.
std::optional<std::string> ReadFile(const std::string &path, std::ostream &err) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    err << "エラー: ファイルを開けません: " << path << "\n";
    return std::nullopt;
  }
  std::stringstream ss;
  ss << file.rdbuf();
  return ss.str();
}

}  // namespace

int RunCareCommand(const std::vector<std::string> &args, std::istream &in, std::ostream &out, std::ostream &err) {
  std::vector<std::string> rest;
  CareChecker::Options options = CareChecker::DefaultOptions();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data-dir") {
      if (i + 1 >= args.size()) {
        err << kUsage;
        return 2;
      }
      bool use_model = options.use_model;
      options = CareChecker::OptionsForDataDir(args[++i]);
      options.use_model = use_model;
    } else if (args[i] == "--no-model") {
      options.use_model = false;
    } else {
      rest.push_back(args[i]);
    }
  }
  if (rest.empty() || (rest[0] == "judge" && rest.size() != 1) || (rest[0] == "train" && rest.size() < 2) ||
      (rest[0] != "judge" && rest[0] != "train" && rest.size() != 2)) {
    err << kUsage;
    return 2;
  }
  const std::string &command = rest[0];
  if (command != "check" && command != "judge" && command != "eval" && command != "check-csv" && command != "train") {
    err << kUsage;
    return 2;
  }
  auto checker = CareChecker::Load(options);
  if (!checker) {
    err << "エラー: " << checker.error().message << "\n";
    return 1;
  }
  const CareChecker &c = **checker;
  if (command == "check") {
    auto text = ReadFile(rest[1], err);
    if (!text) return 1;
    auto json = ParseJson(*text);
    if (!json) {
      err << "エラー: " << json.error().message << "\n";
      return 1;
    }
    auto result = CheckFormJson(c, *json);
    if (!result) {
      err << "エラー: " << result.error().message << "\n";
      return 1;
    }
    out << result->dump(-1, ' ', false) << "\n";
    return 0;
  }
  if (command == "check-csv") {
    // One JSON line per form, in file order; a form the checker refuses gets an "error".
    auto text = ReadFile(rest[1], err);
    if (!text) return 1;
    auto forms = ParseFormCsv(*text, c.rules().catalog());
    if (!forms) {
      err << "エラー: " << forms.error().message << "\n";
      return 1;
    }
    // The forms that parse are checked together (CareChecker::CheckAll).
    std::vector<Result<CareForm>> parsed;
    std::vector<CareForm> valid;
    for (const CsvForm &f : *forms) {
      parsed.push_back(c.ParseForm(f.form));
      if (parsed.back()) valid.push_back(*parsed.back());
    }
    const std::vector<std::vector<Finding>> findings = c.CheckAll(valid);
    int status = 0;
    size_t next = 0;
    for (size_t i = 0; i < forms->size(); ++i) {
      const CsvForm &f = (*forms)[i];
      nlohmann::json line = {{"form_id", f.form_id}, {"row", f.first_row}};
      if (parsed[i]) {
        line["findings"] = FindingsToJson(findings[next++])["findings"];
      } else {
        err << f.first_row << " 行目からの調査票「" << f.form_id << "」: " << parsed[i].error().message << "\n";
        line["error"] = parsed[i].error().message;
        status = 1;
      }
      out << line.dump() << "\n";
    }
    return status;
  }
  if (command == "judge") {
    // Judged CareChecker::kBatch lines at a time (JudgeAll), answered in the
    // order of the input; the answers of a batch are flushed together.
    struct Line {
      int no;
      Result<JudgeCase> parsed;
    };
    std::vector<Line> lines;
    std::vector<JudgeCase> cases;
    std::string text;
    int n = 0;
    int status = 0;
    for (bool more = true; more;) {
      lines.clear();
      cases.clear();
      while (lines.size() < CareChecker::kBatch && (more = static_cast<bool>(std::getline(in, text)))) {
        ++n;
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        lines.push_back({n, ParseJudgeLine(text)});
        if (lines.back().parsed) cases.push_back(*lines.back().parsed);
      }
      std::vector<Result<JudgeOutcome>> outcomes = c.JudgeAll(cases);
      size_t next = 0;
      for (const Line &l : lines) {
        const Result<JudgeOutcome> outcome =
            l.parsed ? std::move(outcomes[next++]) : Result<JudgeOutcome>(std::unexpected(l.parsed.error()));
        if (!outcome) {
          err << l.no << " 行目: " << outcome.error().message << "\n";
          nlohmann::json e = {{"id", l.parsed ? l.parsed->id : ""}, {"error", outcome.error().message}};
          out << e.dump() << "\n";
          status = 1;
          continue;
        }
        out << OutcomeToJson(*outcome).dump() << "\n";
      }
      out.flush();
    }
    return status;
  }
  if (command == "train") {
    std::vector<EvalCase> all;
    for (size_t i = 1; i < rest.size(); ++i) {
      std::ifstream file(rest[i], std::ios::binary);
      if (!file) {
        err << "エラー: ファイルを開けません: " << rest[i] << "\n";
        return 1;
      }
      auto cases = ReadEvalCases(file);
      if (!cases) {
        err << "エラー: " << rest[i] << ": " << cases.error().message << "\n";
        return 1;
      }
      all.insert(all.end(), cases->begin(), cases->end());
    }
    TrainNoteModel(c, all).Write(out);
    return 0;
  }
  std::ifstream file(rest[1], std::ios::binary);
  if (!file) {
    err << "エラー: ファイルを開けません: " << rest[1] << "\n";
    return 1;
  }
  auto cases = ReadEvalCases(file);
  if (!cases) {
    err << "エラー: " << cases.error().message << "\n";
    return 1;
  }
  PrintEvalReport(Evaluate(c, *cases), out);
  return 0;
}

}  // namespace denen::care
