// A guard for the 12-digit individual number (個人番号), which Denen never
// stores: text that carries a run of 12 digits (ASCII or full-width, possibly
// written 4-4-4 with spaces or hyphens) is refused wherever residents' data
// comes in. A run of 11 or 13+ digits is something else (a phone number, a
// library card) and passes. Pure function.
#pragma once

#include <string_view>

namespace denen {

bool ContainsIndividualNumberShape(std::string_view text);

}  // namespace denen
