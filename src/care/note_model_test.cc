#include "care/note_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "care/eval.h"
#include "care/note_judge.h"
#include "care/test_util.h"

namespace denen::care {
namespace {

using testing::Checker;

const ItemDef &Item(const std::string &id) { return *Checker().rules().catalog().Find(id); }

NoteModelTrainingCase Case(const std::string &item, int answer, const std::string &note) {
  return {&Item(item), answer, Checker().NoteWords(Item(item), note)};
}

// A small world of transfer notes: the person moving alone, or carried.
std::vector<NoteModelTrainingCase> TransferCases() {
  return {
      Case("2-1", 1, "一人で車いすに乗り移っている。"),   Case("2-1", 1, "ベッドから車いすへ一人で移っている。"),
      Case("2-1", 1, "手すりを持って一人で乗り移る。"),   Case("2-1", 1, "便座へも一人で移れている。"),
      Case("2-1", 4, "職員が抱えて車いすに移している。"), Case("2-1", 4, "妻が抱えてベッドから移している。"),
      Case("2-1", 4, "毎回、息子が抱えて便座に移す。"),   Case("2-1", 4, "二人で抱えて乗り移らせている。"),
  };
}

NoteModelTrainingOptions SmallWorld() {
  NoteModelTrainingOptions o;
  o.min_notes = 2;
  return o;
}

NoteJudgment RulesJudge(const std::string &item, std::vector<int> chosen, const std::string &note) {
  return testing::RulesChecker().JudgeNote(Item(item), chosen, note);
}

size_t Best(const std::vector<double> &p) { return std::max_element(p.begin(), p.end()) - p.begin(); }

TEST(NoteModelTest, LearnsTheAnswerItsWordsSpeakFor) {
  NoteModel m = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  const ItemDef &transfer = Item("2-1");
  std::vector<double> carried = m.Predict(transfer, Checker().NoteWords(transfer, "夜は娘が抱えて移している。"));
  std::vector<double> alone = m.Predict(transfer, Checker().NoteWords(transfer, "昼は一人で移っている。"));
  ASSERT_EQ(carried.size(), transfer.choices.size());
  EXPECT_EQ(transfer.choices[Best(carried)].no, 4);
  EXPECT_EQ(transfer.choices[Best(alone)].no, 1);
  EXPECT_GT(carried[3], 0.5);
}

TEST(NoteModelTest, ItemsOfOneScaleShareWhatTheyLearn) {
  // Trained on 移乗 only; 移動 has the same four choices.
  NoteModel m = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  const ItemDef &moving = Item("2-2");
  std::vector<double> p = m.Predict(moving, Checker().NoteWords(moving, "居間へは息子が抱えて移している。"));
  EXPECT_EQ(moving.choices[Best(p)].no, 4);
  // An item with other choices learns nothing from them.
  const ItemDef &bathing = Item("1-10");
  std::vector<double> q = m.Predict(bathing, Checker().NoteWords(bathing, "息子が抱えて移している。"));
  for (double v : q) EXPECT_NEAR(v, 1.0 / q.size(), 1e-9);
}

TEST(NoteModelTest, WordsOfASingleNoteAreNotLearned) {
  std::vector<NoteModelTrainingCase> cases = TransferCases();
  cases.push_back(Case("2-1", 4, "ぎっくり腰のため介護タクシーの運転手に任せた。"));
  NoteModel m = NoteModel::Train(cases, Checker().rules().catalog(), SmallWorld());
  const ItemDef &transfer = Item("2-1");
  std::vector<double> p = m.Predict(transfer, Checker().NoteWords(transfer, "介護タクシーの運転手"));
  std::vector<double> none = m.Predict(transfer, {});
  for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(p[i], none[i], 1e-9);
}

TEST(NoteModelTest, WrittenAndReadBackItJudgesAlike) {
  NoteModel m = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  std::stringstream file;
  m.Write(file);
  std::string text = file.str();
  auto back = NoteModel::Parse(file, Checker().rules().catalog());
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->feature_count(), m.feature_count());
  const ItemDef &transfer = Item("2-1");
  std::vector<NoteWord> words = Checker().NoteWords(transfer, "夜は娘が抱えて移している。");
  EXPECT_EQ(back->Predict(transfer, words), m.Predict(transfer, words));
  std::stringstream again;
  back->Write(again);
  EXPECT_EQ(again.str(), text);
}

TEST(NoteModelTest, ParseNamesTheLineAndWhatIsWrong) {
  struct Bad {
    std::string text;
    std::string says;
  };
  const std::vector<Bad> bad = {
      {"# ok\n2-1\tu\t抱える\t\t1 2 3\n", "2 行目: 重みは 4 個必要です"},
      {"9-9\tu\t抱える\t\t1 2 3 4\n", "1 行目: 範囲 \"9-9\""},
      {"1-1\tu\t麻痺\t\t1 2\n", "範囲 \"1-1\" は単一選択"},
      {"2-1\tword\t抱える\t\t1 2 3 4\n", "未知の種類 \"word\""},
      {"2-1\tu\t抱える\t\t1 x 3 4\n", "重み \"x\""},
      {"2-1\tu\t抱える\n", "列は 5 つ"},
      {"!undetermined\t1.5\n", "0 から 1 の数ではありません"},
      {"!loudness\t0.5\n", "未知のしきい値"},
      {"2-1\tu\t抱える\t\t1 2 3 4\n2-1\tu\t抱える\t\t1 2 3 4\n", "2 行目: 同じ特徴が二度"},
  };
  for (const Bad &b : bad) {
    std::stringstream in(b.text);
    auto m = NoteModel::Parse(in, Checker().rules().catalog());
    ASSERT_FALSE(m.has_value()) << b.text;
    EXPECT_NE(m.error().message.find(b.says), std::string::npos) << m.error().message;
  }
}

// The model's thresholds, given in its file.
NoteModel WithThresholds(const NoteModel &trained, const std::string &lines) {
  std::stringstream file;
  trained.Write(file);
  std::stringstream with(lines + file.str().substr(file.str().find("2-1\t")));
  auto m = NoteModel::Parse(with, Checker().rules().catalog());
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message);
  return std::move(*m);
}

// A judgment in which the rules flagged `note` and read 3.一部介助, with
// their reason 「規則の理由」 and one piece of evidence.
NoteJudgment RulesFlaggedAsPartial(const ItemDef &item, const std::string &note) {
  NoteJudgment flagged;
  flagged.judged = true;
  flagged.consistent = false;
  flagged.suggested = {3};
  flagged.reason = "規則の理由";
  flagged.evidence.push_back({});
  flagged.words = Checker().NoteWords(item, note);
  return flagged;
}

TEST(NoteModelTest, SpeaksWhereTheRulesFoundNothingWhenSureEnough) {
  NoteModel trained = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  const ItemDef &transfer = Item("2-1");
  const std::string note = "夜は娘が抱えて移している。";
  NoteJudgment silent;  // the rules found nothing to judge by
  silent.reason = "特記事項に判断材料となる記述がない";
  silent.words = Checker().NoteWords(transfer, note);

  NoteJudgment j = silent;
  ApplyNoteModel(WithThresholds(trained, "!undetermined\t0.5\n"), transfer, {1}, note, &j);
  EXPECT_FALSE(j.consistent);
  EXPECT_TRUE(j.judged);
  EXPECT_TRUE(j.by_model);
  EXPECT_EQ(j.suggested, std::vector<int>{4});
  ASSERT_FALSE(j.evidence.empty());
  EXPECT_EQ(j.evidence[0].source, "model");
  EXPECT_NE(note.find(j.evidence[0].text), std::string::npos);
  EXPECT_FALSE(j.evidence[0].text.empty());
  EXPECT_NE(j.reason.find("学習モデル"), std::string::npos) << j.reason;

  NoteJudgment unsure = silent;
  ApplyNoteModel(WithThresholds(trained, "!undetermined\t1\n"), transfer, {1}, note, &unsure);
  EXPECT_TRUE(unsure.consistent);

  NoteJudgment agrees = silent;  // the model reads the chosen answer
  ApplyNoteModel(WithThresholds(trained, "!undetermined\t0\n"), transfer, {4}, note, &agrees);
  EXPECT_TRUE(agrees.consistent);
}

// Over the rules' reading the model speaks only when it is sure enough of
// another answer (!over_rules) and, when !over_rules_chosen is below 1, finds
// the chosen one at most that likely.
TEST(NoteModelTest, OverTheRulesOnlyAboveItsOwnThresholds) {
  NoteModel trained = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  const ItemDef &transfer = Item("2-1");
  const std::string note = "夜は娘が抱えて移している。";
  NoteJudgment found;  // the rules found the chosen answer
  found.judged = true;
  found.words = Checker().NoteWords(transfer, note);

  NoteJudgment kept = found;
  ApplyNoteModel(WithThresholds(trained, "!undetermined\t0\n!over_rules\t1\n"), transfer, {1}, note, &kept);
  EXPECT_TRUE(kept.consistent);

  const std::vector<double> p = trained.Predict(transfer, found.words);
  ASSERT_EQ(p.size(), 4u);
  ASSERT_GT(p[3], 0.5);        // sure of 4.全介助
  const double chosen = p[0];  // 1.介助されていない
  auto over_rules_with = [&](double chosen_at_most) {
    NoteJudgment j = found;
    char lines[96];
    std::snprintf(lines, sizeof lines, "!over_rules\t0.5\n!over_rules_chosen\t%.17g\n", chosen_at_most);
    ApplyNoteModel(WithThresholds(trained, lines), transfer, {1}, note, &j);
    return j;
  };
  NoteJudgment over = over_rules_with(1);
  EXPECT_FALSE(over.consistent);
  EXPECT_EQ(over.suggested, std::vector<int>{4});
  EXPECT_TRUE(over_rules_with(chosen / 2).consistent);
  NoteJudgment flagged = over_rules_with(std::min(1.0, chosen * 2));
  EXPECT_FALSE(flagged.consistent);
  EXPECT_EQ(flagged.suggested, std::vector<int>{4});
  // Scores the judge already asked the model for (NoteJudgment::model_scores)
  // are its reading: they decide, not a second prediction.
  found.model_scores = {0.9, 0.05, 0.03, 0.02};  // as if it had read 1.介助されていない
  EXPECT_TRUE(over_rules_with(1).consistent);
  found.model_scores.clear();

  // Where the rules found nothing, only !undetermined applies.
  NoteJudgment silent;
  silent.words = found.words;
  ApplyNoteModel(WithThresholds(trained, "!undetermined\t0.5\n!over_rules_chosen\t0\n"), transfer, {1}, note, &silent);
  EXPECT_FALSE(silent.consistent);
}

TEST(NoteModelTest, NamesTheSuggestionOfAFlaggedNoteWhenSure) {
  NoteModel trained = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  const ItemDef &transfer = Item("2-1");
  const std::string note = "夜は娘が抱えて移している。";
  NoteJudgment flagged = RulesFlaggedAsPartial(transfer, note);

  NoteJudgment j = flagged;
  ApplyNoteModel(WithThresholds(trained, "!suggestion\t0.5\n"), transfer, {1}, note, &j);
  EXPECT_FALSE(j.consistent);
  EXPECT_EQ(j.suggested, std::vector<int>{4});
  EXPECT_EQ(j.reason.rfind("規則の理由", 0), 0u);
  EXPECT_FALSE(j.by_model);  // the rules' finding, with the model's suggestion
  EXPECT_NE(j.reason.find("学習モデル"), std::string::npos);

  NoteJudgment unsure = flagged;
  ApplyNoteModel(WithThresholds(trained, "!suggestion\t1\n"), transfer, {1}, note, &unsure);
  EXPECT_EQ(unsure.suggested, std::vector<int>{3});
}

TEST(NoteModelTest, WithdrawsTheRulesFlagOnlyWhenNearlyCertainOfTheChosenAnswer) {
  NoteModel trained = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  const ItemDef &transfer = Item("2-1");
  const std::string note = "夜は娘が抱えて移している。";
  // The rules read 一部介助; 全介助 was chosen, as the model reads it.
  NoteJudgment flagged = RulesFlaggedAsPartial(transfer, note);

  NoteJudgment j = flagged;
  ApplyNoteModel(WithThresholds(trained, "!veto\t0.5\n"), transfer, {4}, note, &j);
  EXPECT_TRUE(j.consistent);
  EXPECT_TRUE(j.judged);
  EXPECT_TRUE(j.withdrawn_by_model);
  EXPECT_TRUE(j.suggested.empty());
  EXPECT_TRUE(j.evidence.empty());
  EXPECT_NE(j.reason.find("規則の理由"), std::string::npos) << j.reason;
  EXPECT_NE(j.reason.find("取り下げ"), std::string::npos) << j.reason;

  NoteJudgment unsure = flagged;
  ApplyNoteModel(WithThresholds(trained, "!veto\t1\n"), transfer, {4}, note, &unsure);
  EXPECT_FALSE(unsure.consistent);
  EXPECT_FALSE(unsure.withdrawn_by_model);

  NoteJudgment checked = flagged;  // the rules checked the person's answer against the note's facts
  checked.evidence[0].source = "season";
  ApplyNoteModel(WithThresholds(trained, "!veto\t0.5\n"), transfer, {4}, note, &checked);
  EXPECT_FALSE(checked.consistent);

  NoteJudgment rate = flagged;  // the rules read a rate the note states against criteria.md's thresholds
  rate.evidence[0].source = "frequency";
  ApplyNoteModel(WithThresholds(trained, "!veto\t0.5\n"), transfer, {4}, note, &rate);
  EXPECT_FALSE(rate.consistent);
  EXPECT_FALSE(rate.withdrawn_by_model);

  NoteJudgment other = flagged;  // the model reads another answer than the chosen one
  ApplyNoteModel(WithThresholds(trained, "!veto\t0.5\n"), transfer, {1}, note, &other);
  EXPECT_FALSE(other.consistent);
}

TEST(NoteModelTest, MultiChoiceItemsAreLeftToTheRules) {
  NoteModel trained = NoteModel::Train(TransferCases(), Checker().rules().catalog(), SmallWorld());
  NoteJudgment j;
  j.words = Checker().NoteWords(Item("1-1"), "左上肢に麻痺がある。");
  ApplyNoteModel(WithThresholds(trained, "!undetermined\t0\n"), Item("1-1"), {1}, "左上肢に麻痺がある。", &j);
  EXPECT_TRUE(j.consistent);
  EXPECT_TRUE(trained.Predict(Item("1-1"), j.words).empty());
}

// A data directory's model.tsv is read by CareChecker::Load, and a
// contradiction only the model found is a finding with the code "model" (its
// own row in the false-alarm report), its evidence the words it weighed.
TEST(NoteModelTest, AFindingOfTheModelCarriesItsCode) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "denen-note-model-test";
  fs::remove_all(dir);
  fs::copy(std::string(DENEN_CARE_REPO_ROOT) + "/data/care", dir, fs::copy_options::recursive);
  {
    std::ofstream model(dir / "model.tsv", std::ios::trunc);
    model << "!undetermined\t0.5\n2-1\tu\t天気\t\t-3 -3 -3 3\n";
  }
  CareChecker::Options options = CareChecker::DefaultOptions();
  options.data_dir = dir.string();
  auto checker = CareChecker::Load(options);
  ASSERT_TRUE(checker.has_value()) << checker.error().message;
  ASSERT_NE((*checker)->model(), nullptr);
  auto form = (*checker)->ParseForm({{"answers", {{"2-1", {1}}}}, {"notes", {{"2-1", "天気の話をした。"}}}});
  ASSERT_TRUE(form.has_value()) << form.error().message;
  std::vector<Finding> findings = (*checker)->Check(*form);
  auto f =
      std::find_if(findings.begin(), findings.end(), [](const Finding &x) { return x.kind == "note_contradiction"; });
  ASSERT_NE(f, findings.end());
  EXPECT_EQ(f->code, "model");
  EXPECT_EQ(f->suggested, std::vector<int>{4});
  ASSERT_FALSE(f->evidence.empty());
  EXPECT_EQ(f->evidence[0].text, "天気");
  // The rules alone find nothing in that note.
  EXPECT_TRUE(RulesJudge("2-1", {1}, "天気の話をした。").consistent);
  fs::remove_all(dir);
}

// data/care/model.tsv is what `denen care train` makes of the cases listed in
// data/care/model-sources.txt (paths from the repository root): a change of
// the cases, the user dictionary or the training makes this fail until the
// model is trained again (make care-model).
TEST(NoteModelTest, TheShippedModelIsTrainedFromItsListedCases) {
  const std::string root = DENEN_CARE_REPO_ROOT;
  std::ifstream sources(root + "/data/care/model-sources.txt");
  ASSERT_TRUE(sources) << "data/care/model-sources.txt";
  std::vector<EvalCase> cases;
  for (std::string line; std::getline(sources, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::ifstream in(root + "/" + line);
    ASSERT_TRUE(in) << line;
    auto read = ReadEvalCases(in);
    ASSERT_TRUE(read.has_value()) << line << ": " << read.error().message;
    cases.insert(cases.end(), read->begin(), read->end());
  }
  ASSERT_GT(cases.size(), 1000u);
  std::stringstream trained;
  TrainNoteModel(Checker(), cases).Write(trained);
  std::ifstream shipped_file(root + "/data/care/model.tsv");
  std::stringstream shipped;
  shipped << shipped_file.rdbuf();
  EXPECT_TRUE(trained.str() == shipped.str()) << "data/care/model.tsv is stale: run `make care-model`";
  ASSERT_NE(Checker().model(), nullptr);
}

}  // namespace
}  // namespace denen::care
