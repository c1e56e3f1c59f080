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
