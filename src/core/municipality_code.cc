#include "core/municipality_code.h"

namespace denen {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<int> MunicipalityCheckDigit(std::string_view five_digits) {
  if (five_digits.size() != 5 || !AllDigits(five_digits)) {
    return Fail(Error::Invalid("invalid_municipality_code",
                               "団体コードの本体は数字5桁です: \"" + std::string(five_digits) + "\""));
  }
  static constexpr int kWeights[5] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += (five_digits[i] - '0') * kWeights[i];
  return (11 - sum % 11) % 10;
}

Result<std::string> ValidateMunicipalityCode(std::string_view code) {
  if (code.size() != 6 || !AllDigits(code)) {
    return Fail(Error::Invalid("invalid_municipality_code",
                               "団体コードは数字6桁(検査数字を含む)です: \"" + std::string(code) + "\""));
  }
  DENEN_TRY(expected, MunicipalityCheckDigit(code.substr(0, 5)));
  if (code[5] - '0' != expected) {
    return Fail(Error::Invalid("invalid_municipality_code", "団体コード \"" + std::string(code) +
                                                                "\" の検査数字が正しくありません(正しくは " +
                                                                std::to_string(expected) + ")"));
  }
  return std::string(code);
}

}  // namespace denen
