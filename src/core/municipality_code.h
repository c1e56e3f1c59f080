// 全国地方公共団体コード (national local-government code): five digits plus a
// check digit. Every table carries it as the tenant key.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace denen {

// The check digit of a five-digit code: weights 6,5,4,3,2, modulus 11, and the
// last digit of (11 - remainder).
Result<int> MunicipalityCheckDigit(std::string_view five_digits);

// Accepts exactly six ASCII digits whose last is the check digit of the first five.
Result<std::string> ValidateMunicipalityCode(std::string_view code);

}  // namespace denen
