// `denen care …` sub-commands: check FORM.json, judge (JSON lines on stdin),
// eval CASES.jsonl; optional --data-dir DIR. Loads the rules once per call.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace denen::care {

// args are what follows `denen care`. Returns the process exit code:
// 0 success, 1 input or data error, 2 usage error.
int RunCareCommand(const std::vector<std::string> &args, std::istream &in, std::ostream &out,
                   std::ostream &err);

}  // namespace denen::care
