#include "core/individual_number.h"

#include <vector>

namespace denen {
namespace {

// The digit a UTF-8 sequence at `text[i]` stands for (ASCII or full-width
// ０-９), with its byte length; -1 when it is not a digit.
int DigitAt(std::string_view text, size_t i, size_t& length) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= '0' && c <= '9') {
    length = 1;
    return c - '0';
  }
  // U+FF10..U+FF19 is EF BC 90..99.
  if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
    const auto d = static_cast<unsigned char>(text[i + 2]);
    if (d >= 0x90 && d <= 0x99) {
      length = 3;
      return d - 0x90;
    }
  }
  length = 1;
  return -1;
}

bool IsSeparator(std::string_view text, size_t i, size_t& length) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == ' ' || c == '-') {
    length = 1;
    return true;
  }
  // U+3000 (E3 80 80), U+FF0D (EF BC 8D), U+2010 (E2 80 90), U+2212 (E2 88 92)
  if (i + 2 < text.size()) {
    const std::string_view three = text.substr(i, 3);
    if (three == "\xE3\x80\x80" || three == "\xEF\xBC\x8D" || three == "\xE2\x80\x90" || three == "\xE2\x88\x92") {
      length = 3;
      return true;
    }
  }
  return false;
}

}  // namespace

bool ContainsIndividualNumberShape(std::string_view text) {
  // Groups of digits separated by single separators: a plain run of exactly 12,
  // or 4-4-4.
  std::vector<int> groups;
  auto finish = [&]() {
    int total = 0;
    for (int g : groups) total += g;
    const bool plain = groups.size() == 1 && total == 12;
    const bool four_four_four = groups.size() == 3 && groups[0] == 4 && groups[1] == 4 && groups[2] == 4;
    groups.clear();
    return plain || four_four_four;
  };
  size_t i = 0;
  int run = 0;
  bool after_separator = false;
  while (i < text.size()) {
    size_t length = 1;
    if (DigitAt(text, i, length) >= 0) {
      ++run;
      after_separator = false;
    } else if (run > 0 && !after_separator && IsSeparator(text, i, length)) {
      groups.push_back(run);
      run = 0;
      after_separator = true;
    } else {
      if (run > 0) groups.push_back(run);
      run = 0;
      after_separator = false;
      if (finish()) return true;
    }
    i += length;
  }
  if (run > 0) groups.push_back(run);
  return finish();
}

}  // namespace denen
