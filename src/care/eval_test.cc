// Regression gates of issue 3 on the shared dev cases and on our own cases.
#include "care/eval.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "care/test_util.h"

namespace denen::care {
namespace {

EvalReport EvalFile(const std::string &path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cases file missing: " << path;
  auto cases = ReadEvalCases(in);
  EXPECT_TRUE(cases.has_value()) << (cases ? "" : cases.error().message);
  if (!cases) return {};
  EXPECT_GT(cases->size(), 50u);
  EvalReport r = Evaluate(testing::Checker(), *cases);
  std::ostringstream report;
  PrintEvalReport(r, report);
  std::cout << report.str();
  return r;
}

void ExpectQualityBar(const EvalReport &r) {
  EXPECT_GE(r.recall, 0.90);
  EXPECT_GE(r.precision, 0.95);
  EXPECT_GE(r.suggestion_accuracy, 0.80);
}

TEST(EvalTest, SharedDevCases) {
  // CI has the shared material at ../shared beside the repository: a missing
  // file is a failure, not a skip.
  ExpectQualityBar(EvalFile(DENEN_CARE_SHARED_CASES));
}

TEST(EvalTest, OwnCases) { ExpectQualityBar(EvalFile(DENEN_CARE_OWN_CASES)); }

// Batches written before the engine saw them (cases-heldout-*.jsonl beside
// the own cases), kept as regression gates.
std::string BesideOwnCases(const std::string &name) {
  std::string own = DENEN_CARE_OWN_CASES;
  return own.substr(0, own.find_last_of('/') + 1) + name;
}

TEST(EvalTest, HeldOutBatch2) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-2.jsonl"))); }

TEST(EvalTest, HeldOutBatch3) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-3.jsonl"))); }

// Batches 4 to 6 are small probes (mostly inconsistent, mostly consistent,
// harder phrasing): gated together.
TEST(EvalTest, HeldOutBatches4To6) {
  std::stringstream both;
  for (const char *name : {"cases-heldout-4.jsonl", "cases-heldout-5.jsonl", "cases-heldout-6.jsonl"}) {
    std::ifstream in(BesideOwnCases(name));
    ASSERT_TRUE(in.good()) << name;
    both << in.rdbuf() << "\n";
  }
  auto cases = ReadEvalCases(both);
  ASSERT_TRUE(cases.has_value()) << cases.error().message;
  EXPECT_GT(cases->size(), 50u);
  ExpectQualityBar(Evaluate(testing::Checker(), *cases));
}

// Batches 7 to 10 cover every item group (7-x included) in other words again:
// honorific and colloquial verb forms, kana spellings, double negation, past vs
// now, frequencies in many phrasings. Each was scored once before any tuning
// (testdata/README.md has those numbers); they now pass the bar.
TEST(EvalTest, HeldOutBatch7) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-7.jsonl"))); }

TEST(EvalTest, HeldOutBatch8) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-8.jsonl"))); }

TEST(EvalTest, HeldOutBatch9) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-9.jsonl"))); }

TEST(EvalTest, HeldOutBatch10) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-10.jsonl"))); }

// Batch 11: terse surveyor shorthand (歩行不可, 見守り要, 家族管理, Ｗ／Ｃ).
TEST(EvalTest, HeldOutBatch11) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-11.jsonl"))); }

// Batch 12: passive and honorific help (全介助されている, 手伝いをしている), 床ずれ, バス.
TEST(EvalTest, HeldOutBatch12) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-12.jsonl"))); }

// Batch 13: 調査時 vs 日頃 from the family, 〜のは本人, 杖を使わずに, 同じことを何度も.
TEST(EvalTest, HeldOutBatch13) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-13.jsonl"))); }

// Batch 14: special medical care, 自立度 ranks, 日常的に困難, 本人は関わっていない.
TEST(EvalTest, HeldOutBatch14) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-14.jsonl"))); }

// Batch 15: より頻回 (夜間のみ, 週1回だけ, それ以外は), preparations done weekly,
// the 不適切 pattern in other words. 「朝食と昼食は自分で、夕食は全介助」 is read
// through the occasions of frequency.tsv.
TEST(EvalTest, HeldOutBatch15) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-15.jsonl"))); }

// Batch 16: every group in other words again (しゃがみ込む, 肘掛けを押して, 当初は…と
// 考えたが実際には, 入院中は…だった, 下痢をした時だけ, 床ずれは治り, その後は実施して
// いない). Untuned: precision 0.900, recall 0.730, suggestion 0.703 (73 cases, 37
// inconsistent); after the occasion, superseded-reading and medical-state rules
// it meets the full bar.
TEST(EvalTest, HeldOutBatch16) { ExpectQualityBar(EvalFile(BesideOwnCases("cases-heldout-16.jsonl"))); }

TEST(EvalTest, ReportCountsAndBadLines) {
  std::istringstream bad(R"({"id":"x","item":"2-1","choice":[1],"note":"","label":"maybe"})");
  auto r = ReadEvalCases(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("1 行目"), std::string::npos);
  std::istringstream two(
      R"({"id":"a","item":"2-1","choice":[2],"note":"妻が体を支えている。","label":"inconsistent","expected":[3]})"
      "\n"
      R"({"id":"b","item":"2-1","choice":[3],"note":"妻が体を支えている。","label":"consistent","expected":null})"
      "\n");
  auto cases = ReadEvalCases(two);
  ASSERT_TRUE(cases.has_value());
  EvalReport rep = Evaluate(testing::Checker(), *cases);
  EXPECT_EQ(rep.total, 2);
  EXPECT_EQ(rep.true_positive, 1);
  EXPECT_DOUBLE_EQ(rep.precision, 1.0);
  EXPECT_DOUBLE_EQ(rep.recall, 1.0);
  EXPECT_DOUBLE_EQ(rep.suggestion_accuracy, 1.0);
}

}  // namespace
}  // namespace denen::care
