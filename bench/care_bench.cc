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
#include <functional>
#include <iostream>
#include <iterator>
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
  // Each phase is compared with MeCab's bare tokenisation of the same notes:
  // the two take turns, one pass of the corpus each, and each one's CPU time
  // is summed over its passes, so that the ratio compares them under the same
  // conditions even when the machine's speed drifts during the run (a shared
  // virtual machine's does by 10–20 %). The phases are measured one after the
  // other, never with a pass of one between two passes of another: each keeps
  // its own working set warm in the caches (the checker's token cache and
  // model table, the tokens-only phase's feature and key caches), and a bulk
  // check of many forms fills them once, not once per 144 forms. Taking turns
  // with the three other phases read the same build 0.3 higher (2.05–2.17
  // where alone it reads 1.73–1.83; docs/care-rules.md, "Speed").
  using Pass = std::function<size_t()>;
  struct Phase {
    Pass pass;
    double cpu = 0, mecab = 0;          // summed over the passes
    double first = 0, mecab_first = 0;  // the first pass alone: caches cold
    size_t count = 0;                   // findings or tokens of one pass
  };
  size_t morphemes = 0;
  auto mecab_pass = [&] {
    size_t n = 0;
    for (const std::string &note : notes) n += (*checker)->tokenizer().CountMorphemes(note);
    return n;
  };
  auto measure = [&](Phase *p) {
    for (int r = 0; r < repeat; ++r) {
      const double t0 = CpuNow();
      morphemes = mecab_pass();
      const double t1 = CpuNow();
      p->count = p->pass();
      const double t2 = CpuNow();
      p->mecab += Seconds(t0, t1);
      p->cpu += Seconds(t1, t2);
      if (r == 0) {
        p->mecab_first = Seconds(t0, t1);
        p->first = Seconds(t1, t2);
      }
    }
  };
  Phase all{[&] {
    size_t n = 0;
    for (const auto &found : (*checker)->CheckAll(forms)) n += found.size();
    return n;
  }};
  Phase one_by_one{[&] {
    size_t n = 0;
    for (const auto &f : forms) n += (*checker)->Check(f).size();
    return n;
  }};
  // The share of the checker that is the tokens themselves: MeCab plus the
  // Token fields and their rule keys, without any rule applied.
  Phase built{[&] {
    size_t n = 0;
    for (const std::string &note : notes) {
      std::vector<denen::care::Token> t = (*checker)->tokenizer().Tokenize(note);
      (*checker)->rules().KeyTokens(&t);
      n += t.size();
    }
    return n;
  }};
  Phase *const phases[] = {&all, &one_by_one, &built};
  for (Phase *p : phases) measure(p);
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("forms: %zu x %d  notes bytes/round: %zu\n", forms.size(), repeat, [&] {
    size_t b = 0;
    for (auto &n : notes) b += n.size();
    return b;
  }());
  std::printf("load (dictionary + rules, once): %.3f s CPU\n", Seconds(t_load0, t_load1));
  std::printf("mecab tokenisation only: %.3f s (%zu morphemes a pass; in turns with CheckAll)\n", all.mecab, morphemes);
  std::printf("checker (all rules):     %.3f s (%zu findings a pass; CheckAll, %zu notes tokenised ahead)\n", all.cpu,
              all.count, CareChecker::kBatch);
  std::printf("  first pass alone (caches cold): ratio %.2f\n", ratio(all.first, all.mecab_first));
  std::printf("  one form at a time:     %.3f s (%zu findings a pass; Check, ratio %.2f)\n", one_by_one.cpu,
              one_by_one.count, ratio(one_by_one.cpu, one_by_one.mecab));
  std::printf("  tokens built:           %.3f s (%zu tokens a pass; Tokenize + KeyTokens, no rule; ratio %.2f)\n",
              built.cpu, built.count, ratio(built.cpu, built.mecab));
  std::printf("ratio checker/tokenisation: %.2f\n", ratio(all.cpu, all.mecab));
  std::printf("phases: %zu (MeCab tokenises the corpus once in turn with each pass of each)\n", std::size(phases));
  std::printf("peak memory (max RSS): %.1f MiB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
