// libFuzzer target for the 認定調査票 as JSON (docs/care-rules.md), the body of
// the care check route: ParseCareForm against the real item catalog, on any
// input the JSON parser reads. Invariants: accepted answers name catalog items
// with sorted, distinct, existing choices (one for a single-choice item);
// notes name catalog items; errors carry a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "care/form.h"
#include "care_fuzz_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using denen::care::fuzz::Catalog;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return 0;

  auto form = denen::care::ParseCareForm(value, Catalog());
  if (!form) {
    if (form.error().code.empty() || form.error().message.empty()) std::abort();
    return 0;
  }
  for (const auto& [item, choices] : form->answers) {
    const denen::care::ItemDef* def = Catalog().Find(item);
    if (def == nullptr || choices.empty() || (!def->multi && choices.size() != 1)) std::abort();
    for (size_t i = 0; i < choices.size(); ++i) {
      if (def->FindChoice(choices[i]) == nullptr || (i > 0 && choices[i - 1] >= choices[i])) std::abort();
    }
  }
  for (const auto& [item, note] : form->notes) {
    if (Catalog().Find(item) == nullptr) std::abort();
  }
  const bool doctor_given = value.contains("doctor") && !value.at("doctor").is_null();
  if (form->has_doctor != doctor_given) std::abort();
  return 0;
}
