#include "library/check_digit.h"

#include <array>

namespace denen::library {
namespace {

struct SchemeInfo {
  CheckDigitScheme scheme;
  std::string_view id;
  std::string_view label;
};

constexpr std::array<SchemeInfo, 10> kSchemes = {{
    {CheckDigitScheme::kNone, "none", "チェックデジットなし"},
    {CheckDigitScheme::kMod10W31, "mod10_w31", "M10W31（モジュラス10 ウェイト3・1）"},
    {CheckDigitScheme::kMod10W21Split, "mod10_w21_split", "M10W21 分割（モジュラス10 ウェイト2・1 分割、Luhn）"},
    {CheckDigitScheme::kMod10W21Sum, "mod10_w21_sum", "M10W21 一括（モジュラス10 ウェイト2・1 一括）"},
    {CheckDigitScheme::kMod11W27, "mod11_w27", "M11W27（モジュラス11 ウェイト2〜7）"},
    {CheckDigitScheme::kMod16, "mod16", "モジュラス16（NW-7）"},
    {CheckDigitScheme::k7DR, "7dr", "7DR（7で割った余り）"},
    {CheckDigitScheme::k7DSR, "7dsr", "7DSR（7から7で割った余りを引く）"},
    {CheckDigitScheme::k9DR, "9dr", "9DR（9で割った余り）"},
    {CheckDigitScheme::k9DSR, "9dsr", "9DSR（9から9で割った余りを引く）"},
}};

// NW-7 character values for modulus 16 (JIS X 0506 order): 0-9, - $ : / . +, A-D.
constexpr std::string_view kCodabarValues = "0123456789-$:/.+ABCD";

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// Sum of digit * weight, weights cycling over `weights` from the rightmost digit.
int WeightedSum(std::string_view digits, std::initializer_list<int> weights, bool split_products) {
  int sum = 0;
  size_t i = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++i) {
    const int product = (*it - '0') * weights.begin()[i % weights.size()];
    sum += split_products ? product / 10 + product % 10 : product;
  }
  return sum;
}

// The number's remainder, digit by digit so any length fits.
int Remainder(std::string_view digits, int divisor) {
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % divisor;
  return r;
}

char Digit(int value) { return static_cast<char>('0' + value); }

}  // namespace

std::string_view CheckDigitSchemeId(CheckDigitScheme scheme) {
  for (const auto& s : kSchemes) {
    if (s.scheme == scheme) return s.id;
  }
  return "none";
}

std::string_view CheckDigitSchemeLabel(CheckDigitScheme scheme) {
  for (const auto& s : kSchemes) {
    if (s.scheme == scheme) return s.label;
  }
  return "";
}

Result<CheckDigitScheme> ParseCheckDigitScheme(std::string_view id) {
  for (const auto& s : kSchemes) {
    if (s.id == id) return s.scheme;
  }
  std::string known;
  for (const auto& s : kSchemes) known += (known.empty() ? "" : ", ") + std::string(s.id);
  return Fail(Error::Invalid("unknown_check_digit_scheme", "チェックデジット方式「" + std::string(id) +
                                                               "」は使えません（使える方式: " + known + "）"));
}

std::vector<CheckDigitScheme> AllCheckDigitSchemes() {
  std::vector<CheckDigitScheme> out;
  for (const auto& s : kSchemes) out.push_back(s.scheme);
  return out;
}

Result<char> ComputeCheckDigit(CheckDigitScheme scheme, std::string_view body) {
  if (scheme == CheckDigitScheme::kNone) {
    return Fail(Error::Internal("no_check_digit", "チェックデジットなしの方式です"));
  }
  if (scheme == CheckDigitScheme::kMod16) {
    if (body.empty()) return Fail(Error::Invalid("card_number_characters", "番号が空です"));
    int sum = 0;
    for (char c : body) {
      const size_t value = kCodabarValues.find(static_cast<char>(c >= 'a' && c <= 'd' ? c - 'a' + 'A' : c));
      if (value == std::string_view::npos) {
        return Fail(Error::Invalid("card_number_characters", "NW-7 で使えない文字が含まれています"));
      }
      sum += static_cast<int>(value);
    }
    return kCodabarValues[(16 - sum % 16) % 16];
  }
  if (!AllDigits(body)) {
    return Fail(Error::Invalid("card_number_characters", "番号には数字(0〜9)だけを使ってください"));
  }
  switch (scheme) {
    case CheckDigitScheme::kMod10W31:
      return Digit((10 - WeightedSum(body, {3, 1}, false) % 10) % 10);
    case CheckDigitScheme::kMod10W21Split:
      return Digit((10 - WeightedSum(body, {2, 1}, true) % 10) % 10);
    case CheckDigitScheme::kMod10W21Sum:
      return Digit((10 - WeightedSum(body, {2, 1}, false) % 10) % 10);
    case CheckDigitScheme::kMod11W27: {
      const int r = WeightedSum(body, {2, 3, 4, 5, 6, 7}, false) % 11;
      return Digit(r <= 1 ? 0 : 11 - r);
    }
    case CheckDigitScheme::k7DR:
      return Digit(Remainder(body, 7));
    case CheckDigitScheme::k7DSR:
      return Digit(7 - Remainder(body, 7));
    case CheckDigitScheme::k9DR:
      return Digit(Remainder(body, 9));
    case CheckDigitScheme::k9DSR:
      return Digit(9 - Remainder(body, 9));
    case CheckDigitScheme::kNone:
    case CheckDigitScheme::kMod16:
      break;
  }
  return Fail(Error::Internal("no_check_digit", "未知のチェックデジット方式です"));
}

}  // namespace denen::library
