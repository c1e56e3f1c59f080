// libFuzzer target for the bulk import of 認定調査票 from an office system's CSV
// (docs/care-rules.md "CSV での一括取り込み"): SplitCsvRecords and ParseFormCsv
// against the real item catalog. Invariants: record i is on row i + 1 and has
// a field; an accepted form has its id and can be stored (its JSON dumps, as
// the import does) and read back by ParseCareForm unless it carries a tokki
// block; errors carry a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "care/form.h"
#include "care/form_csv.h"
#include "care_fuzz_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using denen::care::fuzz::Catalog;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto records = denen::care::SplitCsvRecords(text)) {
    for (size_t i = 0; i < records->size(); ++i) {
      if ((*records)[i].row != static_cast<int>(i) + 1 || (*records)[i].fields.empty()) std::abort();
    }
  } else if (records.error().code.empty() || records.error().message.empty()) {
    std::abort();
  }

  auto forms = denen::care::ParseFormCsv(text, Catalog());
  if (!forms) {
    if (forms.error().code.empty() || forms.error().message.empty()) std::abort();
    return 0;
  }
  if (forms->empty()) std::abort();
  for (const auto& f : *forms) {
    if (f.form_id.empty() || f.form_id.size() > denen::care::kCsvMaxFormIdBytes || f.first_row < 2) std::abort();
    (void)f.form.dump();  // the import stores exactly this
    if (!f.form.contains("tokki") && !denen::care::ParseCareForm(f.form, Catalog())) std::abort();
  }
  return 0;
}
