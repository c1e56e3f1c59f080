// Evaluation of the note judge against labelled cases (cases-*.jsonl):
// precision of what is flagged, recall on the inconsistent cases, and how
// often the suggested answer equals the expected one. Pure over its inputs.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "care/checker.h"
#include "core/error.h"

namespace denen::care {

struct EvalCase {
  JudgeCase input;
  bool consistent = true;     // the label
  std::vector<int> expected;  // the right answer when inconsistent
};

struct EvalMiss {
  EvalCase c;
  JudgeOutcome got;
  std::string what;  // false_alarm | missed | wrong_suggestion | error
};

struct EvalReport {
  int total = 0;
  int inconsistent = 0;
  int flagged = 0;
  int true_positive = 0;
  int suggestion_right = 0;
  double precision = 0;
  double recall = 0;
  double suggestion_accuracy = 0;
  std::vector<EvalMiss> misses;
};

// Reads JSON lines {"id","item","choice","note","label","expected"}; a bad
// line is an error naming its line number.
Result<std::vector<EvalCase>> ReadEvalCases(std::istream &in);
// Reads judge input lines {"id","item","choice","note"}; other fields ignored.
Result<JudgeCase> ParseJudgeLine(const std::string &line);

// The learned reader trained on labelled cases: each single-choice case
// teaches the answer its note supports (the chosen one when consistent, the
// one expected answer when not; a case expecting several is skipped).
NoteModel TrainNoteModel(const CareChecker &checker, const std::vector<EvalCase> &cases,
                         const NoteModelTrainingOptions &options = {});

EvalReport Evaluate(const CareChecker &checker, const std::vector<EvalCase> &cases);
void PrintEvalReport(const EvalReport &report, std::ostream &out);

}  // namespace denen::care
