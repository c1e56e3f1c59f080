// libFuzzer target for the reservation CSV exported by the facility-booking
// system (docs/lock.md). Invariants: records written back as fully quoted CSV
// split into the same records; accepted rows have their line, a reservation
// number and a fee of zero or more, in file order; every row problem names
// its line; errors carry a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "lock/reservation_csv.h"

namespace {

void CheckError(const denen::Error& e) {
  if (e.code.empty() || e.message.empty()) std::abort();
}

std::string QuotedCsv(const std::vector<std::vector<std::string>>& records) {
  std::string out;
  for (const auto& record : records) {
    for (size_t i = 0; i < record.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : record[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";  // an empty record stays a blank line
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);

  auto records = denen::lock::SplitCsv(csv);
  if (records) {
    auto again = denen::lock::SplitCsv(QuotedCsv(*records));
    if (!again || *again != *records) std::abort();
  } else {
    CheckError(records.error());
  }

  auto parsed = denen::lock::ParseReservationCsv(csv);
  if (!parsed) {
    CheckError(parsed.error());
    return 0;
  }
  if (!records || records->empty()) std::abort();
  if (parsed->rows.size() + parsed->errors.size() > records->size() - 1) std::abort();
  int previous_line = 1;
  for (const auto& row : parsed->rows) {
    if (row.line <= previous_line || row.line > static_cast<int>(records->size())) std::abort();
    if (row.input.external_ref.empty() || row.input.fee_yen < 0) std::abort();
    previous_line = row.line;
  }
  for (const auto& error : parsed->errors) {
    if (!error.starts_with("行 ")) std::abort();
  }
  return 0;
}
