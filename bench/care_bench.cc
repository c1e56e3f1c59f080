// Benchmark (not a test): checks a corpus of forms and, in the same run, only
// tokenises the same notes with MeCab, printing the checker/tokeniser time
// ratio (goal: at most 2×) in CPU seconds, and the peak memory. The forms are
// checked as a bulk check does (CareChecker::CheckAll), and also one at a
// time (Check, as one request to the API), whose ratio is printed beside. The corpus is built from a
// cases file (default: the shared dev cases), one form per case note, repeated
// N times. DATA_DIR, when given, is the rule set's directory instead of the
// built one (to measure a part alone, e.g. a copy without model.tsv).
//   care_bench [CASES.jsonl] [REPEAT] [DATA_DIR]
#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "care/checker.h"
#include "care/eval.h"
#include "core/allocator.h"

namespace {

// CPU time of this thread: the phases run on one thread, and CPU time is not
// inflated by other processes sharing the machine (wall time is).
double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Seconds(double a, double b) { return b - a; }

}  // namespace

int main(int argc, char **argv) {
  using denen::care::CareChecker;
  // As in denen's main(): without it both phases measure the kernel more than the work.
  denen::KeepFreedHeap();
  std::string path = argc > 1 ? argv[1] : DENEN_CARE_BENCH_CASES;
  int repeat = argc > 2 ? std::atoi(argv[2]) : 50;
  auto t_load0 = CpuNow();
  auto checker = CareChecker::Load(argc > 3 ? CareChecker::OptionsForDataDir(argv[3]) : CareChecker::DefaultOptions());
  if (!checker) {
    std::cerr << checker.error().message << "\n";
    return 1;
  }
  auto t_load1 = CpuNow();
  std::ifstream in(path);
  auto cases = denen::care::ReadEvalCases(in);
  if (!cases) {
    std::cerr << path << ": " << cases.error().message << "\n";
    return 1;
  }
  std::vector<denen::care::CareForm> forms;
  std::vector<std::string> notes;
  for (const auto &c : *cases) {
    auto form = (*checker)->ParseForm({{"answers",
                                        {{c.input.item, c.input.choice.size() == 1 ? nlohmann::json(c.input.choice[0])
                                                                                   : nlohmann::json(c.input.choice)}}},
                                       {"notes", {{c.input.item, c.input.note}}}});
    if (!form) continue;  // e.g. two answers to a single-choice item
    forms.push_back(*form);
    notes.push_back(c.input.note);
  }
  // The four phases take turns, one pass of the corpus each, and each phase's
  // CPU time is summed over its passes: the ratio then compares the phases
  // under the same conditions even when the machine's speed drifts during
  // the run (a shared virtual machine's does by 10–20 %).
  size_t morphemes = 0, findings = 0, one_by_one_findings = 0, tokens = 0;
  double tok = 0, chk = 0, one_by_one = 0, built = 0;
  for (int r = 0; r < repeat; ++r) {
    const double t0 = CpuNow();
    for (const std::string &n : notes) morphemes += (*checker)->tokenizer().CountMorphemes(n);
    const double t1 = CpuNow();
    for (const auto &found : (*checker)->CheckAll(forms)) findings += found.size();
    const double t2 = CpuNow();
    for (const auto &f : forms) one_by_one_findings += (*checker)->Check(f).size();
    const double t2b = CpuNow();
    // The share of the checker that is the tokens themselves: MeCab plus the
    // Token fields and their rule keys, without any rule applied.
    for (const std::string &n : notes) {
      std::vector<denen::care::Token> t = (*checker)->tokenizer().Tokenize(n);
      (*checker)->rules().KeyTokens(&t);
      tokens += t.size();
    }
    const double t3 = CpuNow();
    tok += Seconds(t0, t1);
    chk += Seconds(t1, t2);
    one_by_one += Seconds(t2, t2b);
    built += Seconds(t2b, t3);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("forms: %zu x %d  notes bytes/round: %zu\n", forms.size(), repeat, [&] {
    size_t b = 0;
    for (auto &n : notes) b += n.size();
    return b;
  }());
  std::printf("load (dictionary + rules, once): %.3f s CPU\n", Seconds(t_load0, t_load1));
  std::printf("mecab tokenisation only: %.3f s (%zu morphemes)\n", tok, morphemes);
  std::printf("checker (all rules):     %.3f s (%zu findings; CheckAll, %zu notes tokenised ahead)\n", chk, findings,
              CareChecker::kBatch);
  std::printf("  one form at a time:     %.3f s (%zu findings; Check, ratio %.2f)\n", one_by_one, one_by_one_findings,
              tok > 0 ? one_by_one / tok : 0.0);
  std::printf("  of which tokens built:  %.3f s (%zu tokens, Tokenize + KeyTokens, no rule)\n", built, tokens);
  std::printf("ratio checker/tokenisation: %.2f\n", tok > 0 ? chk / tok : 0.0);
  std::printf("peak memory (max RSS): %.1f MiB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
