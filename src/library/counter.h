// What the library counter monitor shows after a tap: the barcode of the
// resident's library card (as printed on its back) large and sharp, the number
// in text, and how long to show it; or a refusal with a hint to the linking
// flow. The JSON shapes here are the contract between the server's counter
// route, the local edge agent and web/counter/ (docs/library.md).
// Pure apart from DisplayForResident's reads; safe for concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "library/barcode.h"
#include "library/library_repository.h"

namespace denen::library {

struct CounterDisplay {
  std::string number;
  std::string barcode_svg;
  int barcode_width_px = 0;
  int barcode_height_px = 0;
  int clear_after_seconds = 15;
  std::string name_kana;
  std::string library_system_id;
  std::string library_system_name;
  std::string symbology;
};

// The display of one open link.
Result<CounterDisplay> MakeCounterDisplay(const LibrarySystem& system, const CardLink& link,
                                          std::string_view name_kana);

// The display for a resident already identified (a verified tap resolved by
// the identity module): library_not_linked (404) when the resident has no
// open link in `system`.
Result<CounterDisplay> DisplayForResident(LibraryRepository& repo, std::string_view code, const LibrarySystem& system,
                                          std::string_view resident_id, std::string_view name_kana);

// {"status": "show", "number", "barcode_svg", "barcode_width_px",
//  "barcode_height_px", "clear_after_seconds", "name_kana",
//  "library_system": {"id", "name"}, "symbology"}
nlohmann::json CounterDisplayJson(const CounterDisplay& display);

// {"status": "refused", "code", "message", "hint", "link_path",
//  "clear_after_seconds"}: a message for the resident, a hint for staff.
nlohmann::json CounterRefusalJson(const Error& error, int clear_after_seconds);

}  // namespace denen::library
