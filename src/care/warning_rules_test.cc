// The 57 警告コード, each on a form that triggers it and one that does not.
// The table below is written from the wording column of warnings.md (「1-3
// 寝返り」が 「3.できない」…), independently of the condition column
// data/care/warnings.tsv uses.
#include <gtest/gtest.h>

#include "care/test_util.h"

namespace denen::care {
namespace {

using testing::Checker;

struct WarningCase {
  std::string code;
  std::vector<std::pair<std::string, int>> answers;
};

const std::vector<WarningCase> &Table() {
  static const std::vector<WarningCase> table = {
      {"01", {{"1-3", 3}, {"1-10", 1}}},
      {"02", {{"1-4", 3}, {"1-8", 1}}},
      {"03", {{"1-4", 3}, {"1-10", 1}}},
      {"04", {{"1-5", 3}, {"1-9", 1}}},
      {"05", {{"1-5", 4}, {"1-6", 1}}},
      {"06", {{"1-5", 4}, {"1-7", 1}}},
      {"07", {{"1-5", 4}, {"1-8", 1}}},
      {"08", {{"1-5", 4}, {"1-9", 1}}},
      {"09", {{"1-5", 4}, {"1-10", 1}}},
      {"10", {{"1-6", 3}, {"1-7", 1}}},
      {"11", {{"1-6", 3}, {"1-8", 1}}},
      {"12", {{"1-6", 3}, {"1-9", 1}}},
      {"13", {{"1-7", 1}, {"2-1", 4}}},
      {"14", {{"1-7", 3}, {"1-9", 1}}},
      {"15", {{"2-1", 4}, {"1-9", 1}}},
      {"16", {{"1-8", 3}, {"1-9", 1}}},
      {"17", {{"2-3", 3}, {"2-4", 1}}},
      {"18", {{"2-3", 3}, {"5-1", 1}}},
      {"19", {{"1-11", 1}, {"4-11", 3}}},
      {"20", {{"5-1", 1}, {"4-11", 3}}},
      {"21", {{"5-2", 1}, {"3-8", 3}}},
      {"22", {{"5-2", 1}, {"4-9", 3}}},
      {"23", {{"5-2", 1}, {"4-10", 3}}},
      {"24", {{"5-2", 1}, {"4-11", 3}}},
      {"25", {{"1-12", 5}, {"3-1", 1}}},
      {"26", {{"1-13", 5}, {"3-1", 1}}},
      {"27", {{"1-12", 5}, {"3-2", 1}, {"3-3", 1}, {"3-4", 1}, {"3-5", 1}, {"3-6", 1}, {"3-7", 1}}},
      {"28", {{"1-13", 5}, {"3-2", 1}, {"3-3", 1}, {"3-4", 1}, {"3-5", 1}, {"3-6", 1}, {"3-7", 1}}},
      {"29", {{"1-13", 5}, {"5-3", 1}}},
      {"30", {{"1-12", 5}, {"5-3", 1}}},
      {"31", {{"1-13", 5}, {"2-6", 1}}},
      {"32", {{"3-1", 4}, {"5-3", 1}}},
      {"33", {{"1-13", 5}, {"2-5", 1}}},
      {"34", {{"1-13", 5}, {"2-2", 1}}},
      {"35", {{"4-11", 3}, {"5-3", 1}}},
      {"36", {{"3-5", 2}, {"5-3", 1}}},
      {"37", {{"1-12", 5}, {"2-6", 1}}},
      {"38", {{"1-12", 5}, {"2-5", 1}}},
      {"39", {{"1-12", 5}, {"2-2", 1}}},
      {"40", {{"1-5", 4}, {"5-5", 1}}},
      {"41", {{"2-8", 3}, {"5-6", 1}}},
      {"42", {{"2-9", 3}, {"5-6", 1}}},
      {"43", {{"5-2", 3}, {"5-5", 1}}},
      {"44", {{"5-3", 4}, {"5-5", 1}}},
      {"45", {{"3-1", 4}, {"5-5", 1}}},
      {"46", {{"4-11", 3}, {"4-14", 1}}},
      {"47", {{"1-3", 3}, {"1-4", 1}}},
      {"48", {{"1-3", 3}, {"1-8", 1}}},
      {"49", {{"1-4", 1}, {"1-5", 4}}},
      {"50", {{"1-7", 1}, {"2-2", 4}}},
      {"51", {{"2-1", 4}, {"1-8", 1}}},
      {"52", {{"1-10", 1}, {"2-8", 3}}},
      {"53", {{"1-10", 1}, {"2-10", 4}}},
      {"54", {{"1-10", 1}, {"2-11", 4}}},
      {"55", {{"2-8", 3}, {"1-11", 1}}},
      {"56", {{"1-11", 1}, {"1-12", 5}}},
      {"57", {{"2-10", 4}, {"2-11", 1}}},
  };
  return table;
}

nlohmann::json Answers(const WarningCase &c) {
  nlohmann::json a = nlohmann::json::object();
  for (const auto &[item, choice] : c.answers) {
    const ItemDef *def = Checker().rules().catalog().Find(item);
    a[item] = def->multi ? nlohmann::json::array({choice}) : nlohmann::json(choice);
  }
  return a;
}

std::vector<std::string> Codes(const std::vector<Finding> &fs) {
  std::vector<std::string> out;
  for (const Finding &f : fs) {
    if (f.kind == "warning_code") out.push_back(f.code);
  }
  return out;
}

TEST(WarningRulesTest, ThereAreExactly57CodesInOrder) {
  ASSERT_EQ(Checker().rules().warnings().size(), 57u);
  ASSERT_EQ(Table().size(), 57u);
  for (size_t i = 0; i < 57; ++i) {
    char expected[3];
    std::snprintf(expected, sizeof expected, "%02zu", i + 1);
    EXPECT_EQ(Checker().rules().warnings()[i].code, expected);
  }
}

class EachWarning : public ::testing::TestWithParam<size_t> {};

TEST_P(EachWarning, TriggersOnItsCombination) {
  const WarningCase &c = Table()[GetParam()];
  std::vector<Finding> fs = Checker().Check(testing::Form(Answers(c)));
  std::vector<std::string> codes = Codes(fs);
  EXPECT_NE(std::find(codes.begin(), codes.end(), c.code), codes.end()) << "code " << c.code;
  for (const Finding &f : fs) {
    if (f.code != c.code) continue;
    EXPECT_EQ(f.severity, "medium");
    EXPECT_NE(f.message.find("警告コード" + c.code), std::string::npos);
    EXPECT_EQ(f.items.size(), c.answers.size());
  }
}

TEST_P(EachWarning, SilentWhenAnyOneAnswerDiffers) {
  const WarningCase &c = Table()[GetParam()];
  for (size_t k = 0; k < c.answers.size(); ++k) {
    WarningCase changed = c;
    const ItemDef *def = Checker().rules().catalog().Find(c.answers[k].first);
    // Any other choice of that item breaks the combination.
    changed.answers[k].second = c.answers[k].second == 1 ? 2 : 1;
    ASSERT_NE(def->FindChoice(changed.answers[k].second), nullptr);
    std::vector<std::string> codes = Codes(Checker().Check(testing::Form(Answers(changed))));
    EXPECT_EQ(std::find(codes.begin(), codes.end(), c.code), codes.end())
        << "code " << c.code << " with " << c.answers[k].first << "=" << changed.answers[k].second;
  }
}

TEST_P(EachWarning, SilentWhenAnItemIsUnanswered) {
  const WarningCase &c = Table()[GetParam()];
  WarningCase partial = c;
  partial.answers.pop_back();
  std::vector<std::string> codes = Codes(Checker().Check(testing::Form(Answers(partial))));
  EXPECT_EQ(std::find(codes.begin(), codes.end(), c.code), codes.end());
}

INSTANTIATE_TEST_SUITE_P(All57, EachWarning, ::testing::Range<size_t>(0, 57),
                         [](const ::testing::TestParamInfo<size_t> &info) {
                           return "code" + Table()[info.param].code;
                         });

TEST(WarningRulesTest, MultipleChoiceItemsMatchWhenTheChoiceIsAmongTheAnswers) {
  // No code uses 1-1/1-2 today; the condition language still treats them as
  // sets.
  auto conds = ParseCondition("1-1=4 & 1-3=3", Checker().rules().catalog());
  ASSERT_TRUE(conds.has_value());
  EXPECT_TRUE(conds->front().Holds({{"1-1", {2, 4}}, {"1-3", {3}}}));
  EXPECT_FALSE(conds->front().Holds({{"1-1", {2, 5}}, {"1-3", {3}}}));
}

TEST(WarningRulesTest, AnAnswerTableHoldsWhatTheAnswersHold) {
  const ItemCatalog &catalog = Checker().rules().catalog();
  auto conds = ParseCondition("1-1=4 & 1-3=3 & 2-1=*", catalog);
  ASSERT_TRUE(conds.has_value());
  const Condition &c = conds->front();
  const std::map<std::string, std::vector<int>> forms[] = {
      {{"1-1", {2, 4}}, {"1-3", {3}}, {"2-1", {1}}},  // holds
      {{"1-1", {2, 5}}, {"1-3", {3}}, {"2-1", {1}}},  // 1-1 without 4
      {{"1-1", {4}}, {"1-3", {3}}},                   // 2-1 not answered
      {{"1-1", {4}}, {"1-3", {3}}, {"2-1", {}}},      // 2-1 answered with nothing
      {{"1-1", {4}}, {"1-3", {2}}, {"2-1", {4}}},     // 1-3 another choice
  };
  for (const auto &answers : forms) {
    EXPECT_EQ(c.Holds(AnswerTable(answers, catalog)), c.Holds(answers));
  }
  EXPECT_TRUE(c.Holds(AnswerTable(forms[0], catalog)));
  EXPECT_FALSE(c.Holds(AnswerTable(forms[2], catalog)));
  EXPECT_FALSE(c.Holds(AnswerTable(forms[3], catalog)));
}

TEST(WarningRulesTest, ConditionErrorsNameTheTerm) {
  auto bad = ParseCondition("1-3=9", Checker().rules().catalog());
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("1-3"), std::string::npos);
  EXPECT_FALSE(ParseCondition("9-9=1", Checker().rules().catalog()).has_value());
}

}  // namespace
}  // namespace denen::care
