#include "care/checker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "care/care_cli.h"
#include "care/eval.h"
#include "care/form_csv.h"
#include "care/test_util.h"
#include "care/text.h"

namespace denen::care {
namespace {

using testing::Checker;
using testing::RulesChecker;
using testing::Form;
using testing::HasFinding;

TEST(CheckerTest, NoteContradictionCarriesEvidenceAndSuggestion) {
  std::vector<Finding> fs =
      Checker().Check(Form({{"2-1", 2}}, {{"2-1", "ベッドから移る時は妻が体を支えている。"}}));
  ASSERT_EQ(fs.size(), 1u);
  const Finding &f = fs[0];
  EXPECT_EQ(f.kind, "note_contradiction");
  EXPECT_EQ(f.items, std::vector<std::string>{"2-1"});
  EXPECT_EQ(f.suggested, std::vector<int>{3});
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_EQ(f.evidence[0].item, "2-1");
  EXPECT_EQ(f.evidence[0].text, "体を支えている");
  EXPECT_EQ(f.evidence[0].begin, 11u);
}

TEST(CheckerTest, RequiredNotes) {
  EXPECT_TRUE(HasFinding(Checker().Check(Form({{"1-1", {6}}})), "missing_note", "R01"));
  EXPECT_FALSE(HasFinding(Checker().Check(Form({{"1-1", {6}}}, {{"1-1", "右手指の欠損"}})),
                          "missing_note", "R01"));
  EXPECT_TRUE(HasFinding(Checker().Check(Form({{"1-10", 4}})), "missing_note", "R03"));
  // BPSD: a note without any frequency.
  auto fs =
      Checker().Check(Form({{"4-6", 3}}, {{"4-6", "夕方に大声を出し、家族がなだめている。"}}));
  EXPECT_TRUE(HasFinding(fs, "missing_note", "R05"));
  EXPECT_FALSE(HasFinding(fs, "missing_note", "R04"));
  // A single dated occurrence says when, not how often.
  EXPECT_TRUE(HasFinding(
      Checker().Check(Form({{"4-6", 2}}, {{"4-6", "10日ほど前に大声を出し、家族がなだめた。"}})), "missing_note",
      "R05"));
  // Special medical care: present but nothing written.
  EXPECT_TRUE(HasFinding(Checker().Check(Form({{"6-5", 2}})), "missing_note", "R06"));
  // 3-1 needs both the survey day and usual days.
  EXPECT_TRUE(HasFinding(Checker().Check(Form({{"3-1", 1}}, {{"3-1", "調査時は会話ができた。"}})),
                         "missing_note", "R08"));
  EXPECT_FALSE(
      HasFinding(Checker().Check(Form({{"3-1", 1}}, {{"3-1", "調査時も日頃も伝えられる。"}})),
                 "missing_note", "R08"));
  // Walking impossible but moving unassisted: say which device.
  EXPECT_TRUE(HasFinding(Checker().Check(Form({{"1-7", 3}, {"2-2", 1}})), "missing_note", "R10"));
  EXPECT_FALSE(HasFinding(
      Checker().Check(Form({{"1-7", 3}, {"2-2", 1}}, {{"2-2", "車いすを自操している。"}})),
      "missing_note", "R10"));
  // 不適切 without a reason.
  EXPECT_TRUE(HasFinding(
      Checker().Check(Form({{"2-4", 2}},
                           {{"2-4", "不適切な状況にあると判断し、適切な介助の方法を選択する。"}})),
      "missing_note", "R11"));
  EXPECT_FALSE(
      HasFinding(Checker().Check(Form({{"2-4", 2}}, {{"2-4",
                                                      "独居で食事を抜いており、不適切な状況にあると"
                                                      "判断し、適切な介助の方法を選択する。"}})),
                 "missing_note", "R11"));
}

TEST(CheckerTest, DoctorComparisons) {
  auto form = Checker().ParseForm(nlohmann::json::parse(R"({
    "answers": {"2-4": 4, "3-1": 1, "3-8": 1, "4-7": 3, "6-5": 2, "1-1": [2]},
    "notes": {"6-5": "看護師の管理で在宅酸素療法を継続している。"},
    "doctor": {"eating": "self", "communication": 3, "symptoms": {"wandering": true, "care_resistance": true},
               "special_medical": [], "paralysis": []}})"));
  ASSERT_TRUE(form.has_value()) << form.error().message;
  std::vector<Finding> fs = Checker().Check(*form);
  auto find = [&](const std::string &item) -> const Finding * {
    for (const Finding &f : fs) {
      if (f.kind == "doctor_mismatch" && f.items[0] == item) return &f;
    }
    return nullptr;
  };
  ASSERT_NE(find("2-4"), nullptr);
  EXPECT_EQ(find("2-4")->code,
            "☆");  // 全介助 vs 自立ないし何とか自分で食べられる
  ASSERT_NE(find("3-1"), nullptr);
  EXPECT_EQ(find("3-1")->code, "★");  // 意見書: 具体的要求に限られる
  ASSERT_NE(find("3-8"), nullptr);
  EXPECT_EQ(find("3-8")->code, "★");
  EXPECT_EQ(find("4-7"), nullptr);  // both say present
  ASSERT_NE(find("6-5"), nullptr);
  EXPECT_EQ(find("6-5")->code, "☆");
  ASSERT_NE(find("1-1"), nullptr);
  EXPECT_EQ(find("1-1")->code, "☆");
}

TEST(CheckerTest, DoctorFieldMissingFromAGivenOpinionIsReported) {
  auto form =
      Checker().ParseForm(nlohmann::json::parse(R"({"answers": {"3-4": 2}, "doctor": {}})"));
  ASSERT_TRUE(form.has_value());
  EXPECT_TRUE(HasFinding(Checker().Check(*form), "doctor_mismatch", "未"));
  auto none = Checker().ParseForm(nlohmann::json::parse(R"({"answers": {"3-4": 2}})"));
  EXPECT_FALSE(HasFinding(Checker().Check(*none), "doctor_mismatch", "未"));
}

TEST(CheckerTest, FindingsJsonShape) {
  auto json = CheckFormJson(Checker(), nlohmann::json::parse(R"({"answers":{"1-3":3,"1-4":1}})"));
  ASSERT_TRUE(json.has_value());
  ASSERT_TRUE((*json)["findings"].is_array());
  const auto &f = (*json)["findings"][0];
  EXPECT_EQ(f["kind"], "warning_code");
  EXPECT_EQ(f["code"], "47");
  EXPECT_EQ(f["items"], nlohmann::json::array({"1-3", "1-4"}));
  for (const char *key : {"severity", "message", "evidence", "suggested"})
    EXPECT_TRUE(f.contains(key));
  EXPECT_FALSE(
      CheckFormJson(Checker(), nlohmann::json::parse(R"({"answers":{"1-3":5}})")).has_value());
}

TEST(CheckerTest, JudgeCases) {
  auto out = Checker().Judge({"c1", "1-12", {1, 2}, "ほとんど見えていない。"});
  ASSERT_TRUE(out.has_value());
  EXPECT_FALSE(out->consistent);  // two answers to a single-choice item
  EXPECT_EQ(out->suggested, std::vector<int>{4});
  EXPECT_FALSE(Checker().Judge({"c2", "9-9", {1}, ""}).has_value());
  EXPECT_FALSE(Checker().Judge({"c3", "2-1", {7}, ""}).has_value());
}

std::string ReadText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<JudgeCase> OwnCaseInputs() {
  std::ifstream in(DENEN_CARE_OWN_CASES);
  auto cases = ReadEvalCases(in);
  EXPECT_TRUE(cases.has_value());
  std::vector<JudgeCase> inputs;
  if (cases) {
    for (const EvalCase &c : *cases) inputs.push_back(c.input);
  }
  return inputs;
}

// CheckAll tokenises the notes of many forms before the rules read them: each
// form's findings must be what Check finds in it alone, across batches.
TEST(CheckerTest, CheckAllFindsWhatCheckFindsFormByForm) {
  const CareChecker &checker = Checker();
  std::vector<CareForm> forms;
  auto sample = checker.ParseForm(nlohmann::json::parse(ReadText(DENEN_CARE_SAMPLES_DIR "/form.json")));
  ASSERT_TRUE(sample.has_value());
  forms.push_back(*sample);
  auto csv = ParseFormCsv(ReadText(DENEN_CARE_SAMPLES_DIR "/forms.csv"), checker.rules().catalog());
  ASSERT_TRUE(csv.has_value());
  for (const CsvForm &f : *csv) {
    if (auto form = checker.ParseForm(f.form)) forms.push_back(*form);
  }
  forms.push_back(Form({{"2-1", 2}}, {{"2-1", "  "}}));  // a blank note
  forms.push_back(Form({{"2-1", 2}, {"2-2", 1}}));     // answers without notes
  for (const JudgeCase &c : OwnCaseInputs()) {
    const nlohmann::json choice = c.choice.size() == 1 ? nlohmann::json(c.choice[0]) : nlohmann::json(c.choice);
    auto form = checker.ParseForm({{"answers", {{c.item, choice}}}, {"notes", {{c.item, c.note}}}});
    if (form) forms.push_back(*form);  // not: two answers to a single-choice item
  }
  ASSERT_GT(forms.size(), 2 * CareChecker::kBatch);
  const std::vector<std::vector<Finding>> all = checker.CheckAll(forms);
  ASSERT_EQ(all.size(), forms.size());
  size_t with_findings = 0;
  for (size_t i = 0; i < forms.size(); ++i) {
    EXPECT_EQ(FindingsToJson(all[i]), FindingsToJson(checker.Check(forms[i]))) << "form " << i;
    if (!all[i].empty()) ++with_findings;
  }
  EXPECT_GT(with_findings, forms.size() / 4);  // the lists compared are mostly not empty
}

// JudgeAll likewise: each outcome, or each error, is Judge's, in order.
TEST(CheckerTest, JudgeAllJudgesAsJudgeCaseByCase) {
  std::vector<JudgeCase> cases = OwnCaseInputs();
  ASSERT_GT(cases.size(), 2 * CareChecker::kBatch);
  cases.insert(cases.begin() + CareChecker::kBatch - 1, {"unknown-item", "9-9", {1}, "妻が体を支えている。"});
  cases.insert(cases.begin() + CareChecker::kBatch, {"out-of-range", "2-1", {7}, "妻が体を支えている。"});
  const std::vector<Result<JudgeOutcome>> all = Checker().JudgeAll(cases);
  ASSERT_EQ(all.size(), cases.size());
  size_t inconsistent = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Result<JudgeOutcome> one = Checker().Judge(cases[i]);
    ASSERT_EQ(all[i].has_value(), one.has_value()) << cases[i].id;
    if (!one) {
      EXPECT_EQ(all[i].error().message, one.error().message);
      continue;
    }
    EXPECT_EQ(all[i]->id, one->id);
    EXPECT_EQ(all[i]->consistent, one->consistent) << one->id;
    EXPECT_EQ(all[i]->suggested, one->suggested) << one->id;
    EXPECT_EQ(all[i]->evidence, one->evidence) << one->id;
    EXPECT_EQ(all[i]->reason, one->reason) << one->id;
    if (!one->consistent) ++inconsistent;
  }
  EXPECT_FALSE(all[CareChecker::kBatch - 1].has_value());
  EXPECT_FALSE(all[CareChecker::kBatch].has_value());
  EXPECT_GT(inconsistent, cases.size() / 4);
}

// The learned reader finds a word by NoteWord::hash, which the judge takes
// from the word's token key instead of hashing the word for every note: it
// must be the hash of the base as given, also for a base the judge rewrote
// (答えられんかった: ん → ない) and for words the dictionary does not know.
// With the learned reader, a note that names the chosen answer is read
// against its own facts only where the reader, reading the whole note,
// doubts that answer; its scores are kept for ApplyNoteModel either way.
TEST(CheckerTest, AStatedAnswerIsReadAgainstItsFactsWhereTheModelDoubtsIt) {
  const CareChecker &c = Checker();
  const ItemDef &transfer = *c.rules().catalog().Find("2-1");
  NoteJudgment misread = c.JudgeNote(transfer, {1},
                                     "車いすへ移る時は毎回、夫が腰を抱えて移している。本人に立とうとする意欲があるため"
                                     "「1.介助されていない」を選択した。");
  EXPECT_FALSE(misread.consistent) << misread.reason;
  EXPECT_EQ(misread.suggested, std::vector<int>{4}) << misread.reason;
  EXPECT_NE(misread.reason.find("を選んだと書いているが"), std::string::npos) << misread.reason;

  NoteJudgment fits =
      c.JudgeNote(transfer, {1}, "手すりにつかまり自分で車いすへ移っている。「1.介助されていない」を選択した。");
  EXPECT_TRUE(fits.consistent) << fits.reason;
  ASSERT_EQ(fits.model_scores.size(), transfer.choices.size());
  EXPECT_EQ(std::max_element(fits.model_scores.begin(), fits.model_scores.end()) - fits.model_scores.begin(), 0);
}

TEST(CheckerTest, NoteWordsCarryTheHashOfTheirBase) {
  std::vector<JudgeCase> cases = OwnCaseInputs();
  cases.push_back({"rewritten", "3-1", {1}, "質問に答えられんかった。ゴンザレスさんが来ても分からぬ様子。"});
  const ItemCatalog &catalog = Checker().rules().catalog();
  size_t words = 0;
  bool saw_rewritten = false;
  for (const JudgeCase &c : cases) {
    for (const NoteWord &w : Checker().NoteWords(*catalog.Find(c.item), c.note)) {
      EXPECT_EQ(w.hash, detail::HashBytes(w.base)) << c.id << ": " << w.base;
      saw_rewritten = saw_rewritten || (c.id == "rewritten" && w.base == "ない");
      ++words;
    }
  }
  EXPECT_GT(words, 1000u);
  EXPECT_TRUE(saw_rewritten);
}

// The judge keeps the tokens of the words it has met (per thread, for one
// tokenizer and rule set at a time). A note judged after hundreds of others
// must be read and judged as when it comes first: judging with another rule
// set (RulesChecker) in between empties what was kept. Words the dictionary
// does not know (ゴンザレス, ＸＹＺ) share one dictionary entry and are told
// apart by what is written.
TEST(CheckerTest, WordsMetInEarlierNotesAreReadAsWordsMetFirst) {
  std::vector<JudgeCase> cases = OwnCaseInputs();
  ASSERT_GT(cases.size(), 100u);
  cases.push_back({"unknown-words", "2-1", {1}, "ゴンザレスさんが来た。マルチネスさんとＸＹＺさんが支えている。"});
  cases.push_back({"unknown-words-2", "2-1", {1}, "マルチネスさんが支え、ゴンザレスさんは見ている。"});
  const ItemCatalog &catalog = Checker().rules().catalog();
  auto words_of = [&](const JudgeCase &c) {
    std::vector<std::string> out;
    for (const NoteWord &w : Checker().NoteWords(*catalog.Find(c.item), c.note)) {
      out.push_back(w.base + "/" + std::to_string(w.content) + "/" + std::to_string(w.begin) + "-" +
                    std::to_string(w.end));
    }
    return out;
  };
  std::vector<Result<JudgeOutcome>> after_others;
  std::vector<std::vector<std::string>> words_after_others;
  for (const JudgeCase &c : cases) {
    after_others.push_back(Checker().Judge(c));
    words_after_others.push_back(words_of(c));
  }
  size_t inconsistent = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    (void)RulesChecker().Judge(cases[i]);
    EXPECT_EQ(words_of(cases[i]), words_after_others[i]) << cases[i].id;
    (void)RulesChecker().Judge(cases[i]);
    const Result<JudgeOutcome> first = Checker().Judge(cases[i]);
    ASSERT_EQ(first.has_value(), after_others[i].has_value()) << cases[i].id;
    if (!first) continue;
    EXPECT_EQ(after_others[i]->consistent, first->consistent) << first->id;
    EXPECT_EQ(after_others[i]->suggested, first->suggested) << first->id;
    EXPECT_EQ(after_others[i]->evidence, first->evidence) << first->id;
    EXPECT_EQ(after_others[i]->reason, first->reason) << first->id;
    if (!first->consistent) ++inconsistent;
  }
  EXPECT_GT(inconsistent, cases.size() / 4);
  EXPECT_FALSE(after_others.back()->consistent);  // マルチネスさんが支え: help given, 1 chosen
}

TEST(CareCliTest, JudgeWritesOneLinePerCase) {
  std::istringstream in(
      R"({"id":"a","item":"2-1","choice":[2],"note":"妻が体を支えている。","label":"x"})"
      "\n"
      R"({"id":"b","item":"2-1","choice":[3],"note":"妻が体を支えている。"})"
      "\n");
  std::ostringstream out, err;
  EXPECT_EQ(RunCareCommand({"judge"}, in, out, err), 0) << err.str();
  std::istringstream lines(out.str());
  std::string l1, l2;
  std::getline(lines, l1);
  std::getline(lines, l2);
  auto a = nlohmann::json::parse(l1), b = nlohmann::json::parse(l2);
  EXPECT_EQ(a["id"], "a");
  EXPECT_EQ(a["consistent"], false);
  EXPECT_EQ(a["suggested"], nlohmann::json::array({3}));
  EXPECT_EQ(a["evidence"], "体を支えている");
  EXPECT_TRUE(a["reason"].is_string());
  EXPECT_EQ(b["consistent"], true);
}

// judge reads its input in batches: every line still gets its answer, in
// order, a line that is not a case its error, across a batch's end.
TEST(CareCliTest, JudgeAnswersEveryLineInOrderAcrossBatches) {
  std::string input;
  const size_t lines = CareChecker::kBatch + 3;
  for (size_t i = 0; i < lines; ++i) {
    if (i == CareChecker::kBatch) {
      input += "{not json\n";
    } else {
      input += R"({"id":"c)" + std::to_string(i) + R"(","item":"2-1","choice":[2],"note":"妻が体を支えている。"})" + "\n";
    }
    if (i == 10) input += "\n";  // blank lines are skipped
  }
  std::istringstream in(input);
  std::ostringstream out, err;
  EXPECT_EQ(RunCareCommand({"judge"}, in, out, err), 1);
  std::istringstream answers(out.str());
  std::string line;
  size_t i = 0;
  for (; std::getline(answers, line); ++i) {
    auto a = nlohmann::json::parse(line);
    if (i == CareChecker::kBatch) {
      EXPECT_TRUE(a.contains("error")) << line;
    } else {
      EXPECT_EQ(a["id"], "c" + std::to_string(i));
      EXPECT_EQ(a["consistent"], false);
    }
  }
  EXPECT_EQ(i, lines);
  EXPECT_NE(err.str().find(std::to_string(CareChecker::kBatch + 2) + " 行目"), std::string::npos) << err.str();
}

TEST(CareCliTest, UsageErrors) {
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(RunCareCommand({}, in, out, err), 2);
  EXPECT_EQ(RunCareCommand({"check"}, in, out, err), 2);
  EXPECT_EQ(RunCareCommand({"frobnicate", "x"}, in, out, err), 2);
  EXPECT_EQ(RunCareCommand({"check", "/nonexistent.json"}, in, out, err), 1);
  EXPECT_EQ(RunCareCommand({"--data-dir", "/nonexistent", "judge"}, in, out, err), 1);
}

}  // namespace
}  // namespace denen::care
