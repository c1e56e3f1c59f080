// libFuzzer target for the certification-case CSV (docs/care-cases.md):
// ParseCaseCsv with and without the 被保険者番号 stored. Invariants: accepted
// cases have a number and a reference of 1-64 bytes, an 申請日, milestones
// that pass ValidateMilestones, no case number twice, rows in file order, and
// text that can be written as JSON (the import audits it); errors carry a code
// and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "care/care_case.h"
#include "care_fuzz_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  denen::care::CaseCsvOptions options;
  options.today = "2026-11-27";
  options.store_insured_number = size > 0 && (data[0] & 1) != 0;

  auto cases = denen::care::ParseCaseCsv(text, options);
  if (!cases) {
    if (cases.error().code.empty() || cases.error().message.empty()) std::abort();
    return 0;
  }
  std::set<std::string> numbers;
  int previous_row = 1;
  for (const auto& [row, c] : *cases) {
    if (row <= previous_row) std::abort();
    previous_row = row;
    if (c.case_no.empty() || c.case_no.size() > 64 || c.insured_ref.empty() || c.insured_ref.size() > 64) std::abort();
    if (!numbers.insert(c.case_no).second) std::abort();
    if (!c.dates[denen::care::kApplied]) std::abort();
    if (!denen::care::ValidateMilestones(c.dates, options.today, row)) std::abort();
    if (c.insured_number && !options.store_insured_number) std::abort();
    const nlohmann::json record = {
        {"case_no", c.case_no}, {"insured_ref", c.insured_ref}, {"form_id", c.form_id.value_or("")}};
    (void)record.dump();  // the import audits the case number as JSON
  }
  return 0;
}
