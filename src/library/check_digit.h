// Check-digit schemes of library card numbers (図書館利用券の番号). Japanese
// libraries print NW-7 (Codabar) numbers with one of a handful of schemes
// named in the barcode trade by short codes (M10W31, 7DR, ...); each is data
// in a barcode profile, never code. Pure functions; safe for concurrent use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::library {

enum class CheckDigitScheme {
  kNone,
  kMod10W31,       // M10W31: weights 3,1,3,... from the right, 10 - (sum mod 10), as JAN/EAN
  kMod10W21Split,  // M10W21 分割 (Luhn): weights 2,1 from the right, two-digit products split
  kMod10W21Sum,    // M10W21 一括: weights 2,1 from the right, products summed whole
  kMod11W27,       // M11W27: weights 2..7 from the right, 11 - (sum mod 11); remainder 0 or 1 gives 0
  kMod16,          // NW-7 modulus 16 over every character, start and stop included
  k7DR,            // 7DR (セブンチェック): the number mod 7
  k7DSR,           // 7DSR: 7 - (number mod 7)
  k9DR,            // 9DR: the number mod 9
  k9DSR,           // 9DSR: 9 - (number mod 9)
};

// "none", "mod10_w31", "mod10_w21_split", "mod10_w21_sum", "mod11_w27",
// "mod16", "7dr", "7dsr", "9dr", "9dsr".
std::string_view CheckDigitSchemeId(CheckDigitScheme scheme);
// The trade name staff know it by, for messages (e.g. "7DR（7で割った余り）").
std::string_view CheckDigitSchemeLabel(CheckDigitScheme scheme);
Result<CheckDigitScheme> ParseCheckDigitScheme(std::string_view id);
std::vector<CheckDigitScheme> AllCheckDigitSchemes();

// The check character for `body`: ASCII digits, except for kMod16 where
// `body` is the whole NW-7 data (start, digits and symbols, stop) and the
// result may be one of "-$:/.+". kNone has no check character.
Result<char> ComputeCheckDigit(CheckDigitScheme scheme, std::string_view body);

}  // namespace denen::library
