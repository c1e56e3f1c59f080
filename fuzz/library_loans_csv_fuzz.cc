// libFuzzer target for the ILS's monthly loan statistics CSV (docs/library.md).
// Invariants: accepted rows have a YYYY-MM month, a branch of 1-200 bytes and
// a count of zero or more, and no (month, branch) twice; errors carry a code
// and a message naming the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "library/library_repository.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  auto rows = denen::library::ParseLoansCsv(csv);
  if (!rows) {
    if (rows.error().code.empty() || rows.error().message.empty()) std::abort();
    return 0;
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& row : *rows) {
    const std::string& m = row.month;
    if (m.size() != 7 || m[4] != '-' || m < "2000-01" || m > "2199-12" || m.substr(5) < "01" || m.substr(5) > "12") {
      std::abort();
    }
    if (row.branch.empty() || row.branch.size() > 200 || row.loans < 0) std::abort();
    if (!seen.insert({row.month, row.branch}).second) std::abort();
  }
  return 0;
}
