// libFuzzer target for the open-data CSV files staff import into Reception:
// the RFC 4180 splitter and the 公共施設一覧 / イベント一覧 readers on top of it.
// Invariants: rows written back as fully quoted CSV split into the same rows;
// a reader's rows carry the fields it promises non-empty; errors carry a code
// and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "reception/open_data.h"

namespace {

void CheckError(const denen::Error& e) {
  if (e.code.empty() || e.message.empty()) std::abort();
}

std::string QuotedCsv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += '"';
      for (char c : row[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto rows = denen::reception::ParseCsv(text);
  if (rows) {
    for (const auto& row : *rows) {
      if (row.empty()) std::abort();  // every record has at least one cell
    }
    auto again = denen::reception::ParseCsv(QuotedCsv(*rows));
    if (!again || *again != *rows) std::abort();
  } else {
    CheckError(rows.error());
  }

  if (auto places = denen::reception::ParsePlacesCsv(text)) {
    if (!rows) std::abort();  // the readers accept nothing the splitter refuses
    for (const auto& p : *places) {
      if (p.source_id.empty() || p.name.empty() || p.shelter_capacity < 0) std::abort();
    }
  } else {
    CheckError(places.error());
  }

  if (auto events = denen::reception::ParseEventsCsv(text)) {
    if (!rows) std::abort();
    for (const auto& e : *events) {
      if (e.source_id.empty() || e.name.empty() || e.capacity < 0) std::abort();
      if (e.start_date.size() != 10 || e.end_date.size() != 10 || e.end_date < e.start_date) std::abort();
    }
  } else {
    CheckError(events.error());
  }
  return 0;
}
