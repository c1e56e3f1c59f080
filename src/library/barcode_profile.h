// A library system's barcode profile: how its card numbers look (length,
// zero padding, prefix, check digit) and how the counter monitor must draw
// them so the library's existing scanner reads them (symbology, NW-7 start and
// stop, module width in screen pixels, quiet zone). Profiles are data (JSON
// files under data/library/profiles/, stored per library system in the
// database); the format is in docs/library.md. Pure; safe for concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "library/check_digit.h"

namespace denen::library {

enum class Symbology { kCodabar, kCode39, kCode128, kItf, kEan13 };

// "codabar" (NW-7), "code39", "code128", "itf", "ean13" (JAN).
std::string_view SymbologyId(Symbology symbology);
Result<Symbology> ParseSymbology(std::string_view id);

struct BarcodeProfile {
  std::string description;  // free text for staff; may be empty
  Symbology symbology = Symbology::kCodabar;
  char start = 'A';                                        // NW-7 start character, A-D
  char stop = 'A';                                         // NW-7 stop character, A-D
  int length = 0;                                          // characters of the card number, check digit included
  bool zero_pad = false;                                   // a shorter number is padded with leading zeros
  std::string prefix;                                      // the number must start with it; "" for any
  CheckDigitScheme check_digit = CheckDigitScheme::kNone;  // over all characters but the last
  int module_px = 3;                                       // screen pixels of one narrow module (integer: no blur)
  int wide_ratio = 3;                                      // wide/narrow for NW-7, Code 39, ITF (2 or 3)
  int quiet_zone_modules = 10;                             // blank modules on each side
  int bar_height_px = 160;
  bool show_text = true;  // the number in text beneath the bars
};

// Parses a profile strictly: every key is known (an unknown one is named),
// values are in range and fit the symbology (EAN-13 is 13 digits with
// mod10_w31, ITF has an even length, NW-7 start/stop are A-D).
Result<BarcodeProfile> ParseBarcodeProfile(const nlohmann::json& value);
Result<BarcodeProfile> ParseBarcodeProfileText(std::string_view json_text);
nlohmann::json BarcodeProfileJson(const BarcodeProfile& profile);

// The card number as the library prints it: full-width digits become ASCII,
// spaces and hyphens are dropped, zero padding applied; then length, prefix
// and check digit are checked. Each refusal has its own code
// (card_number_characters, card_number_length, card_number_prefix,
// card_number_check_digit) and a Japanese message naming what is wrong.
Result<std::string> NormalizeCardNumber(const BarcodeProfile& profile, std::string_view input);

// The check character `profile` expects at the end of `number_without_check`.
Result<char> ExpectedCheckDigit(const BarcodeProfile& profile, std::string_view number_without_check);

}  // namespace denen::library
