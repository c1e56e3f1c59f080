#include "care/text.h"

#include <algorithm>
#include <cstring>

namespace denen::care::detail {

// Notes reach these functions as valid UTF-8 (the JSON and CSV readers reject
// anything else), so a code point starts at every byte that is not a
// continuation byte (10xxxxxx), and a byte that starts a code point is never
// inside another one.

std::string NormalizeWidth(std::string_view text) {
  // Written in place into a buffer of the input's size: a replacement is
  // never longer than what it replaces. Only EF BC 81 … EF BD 9D (full-width
  // ！ … ｝) and E3 80 80 (the ideographic space) change; every other byte
  // is copied as it is.
  const auto *p = reinterpret_cast<const unsigned char *>(text.data());
  const size_t n = text.size();
  // Most notes have neither: two fast searches, then one copy. (Find looks
  // for the space's last byte, 80, which few characters end with; memmem
  // would stop at every 80 byte.)
  if (std::memchr(p, 0xEF, n) == nullptr && !Contains(text, "\xE3\x80\x80")) return std::string(text);
  std::string out(n, '\0');
  char *w = out.data();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if ((c == 0xEF || c == 0xE3) && i + 2 < n) {
      const unsigned char b1 = p[i + 1], b2 = p[i + 2];
      if (c == 0xEF && ((b1 == 0xBC && b2 >= 0x81) || (b1 == 0xBD && b2 <= 0x9D))) {
        // U+FF01 … U+FF5D → '!' … '}'
        const char32_t cp = 0xF000 | (static_cast<char32_t>(b1 & 0x3F) << 6) | (b2 & 0x3F);
        *w++ = static_cast<char>(cp - 0xFF01 + 0x21);
        i += 3;
        continue;
      }
      if (c == 0xE3 && b1 == 0x80 && b2 == 0x80) {
        *w++ = ' ';
        i += 3;
        continue;
      }
    }
    *w++ = static_cast<char>(c);
    ++i;
  }
  out.resize(static_cast<size_t>(w - out.data()));
  return out;
}

size_t Find(std::string_view text, std::string_view needle, size_t from) {
  const size_t n = needle.size();
  if (from > text.size() || n > text.size() - from) return std::string_view::npos;
  if (n == 0) return from;
  const char last = needle.back();
  // i: where the needle's last byte may be; the first whole match found is
  // the leftmost, since every match ends n - 1 bytes after it starts.
  for (size_t i = from + n - 1; i < text.size();) {
    const void *hit = std::memchr(text.data() + i, last, text.size() - i);
    if (hit == nullptr) break;
    const size_t end = static_cast<size_t>(static_cast<const char *>(hit) - text.data());
    if (std::memcmp(text.data() + end + 1 - n, needle.data(), n - 1) == 0) return end + 1 - n;
    i = end + 1;
  }
  return std::string_view::npos;
}

std::vector<size_t> CodepointStarts(std::string_view text) {
  std::vector<size_t> starts;
  CodepointStarts(text, &starts);
  return starts;
}

void CodepointStarts(std::string_view text, std::vector<size_t> *starts) {
  // The length of a code point by the high four bits of its first byte.
  static constexpr unsigned char kLength[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  starts->clear();
  starts->reserve(text.size() + 1);
  const auto *p = reinterpret_cast<const unsigned char *>(text.data());
  for (size_t i = 0; i < text.size(); i += kLength[p[i] >> 4]) starts->push_back(i);
  starts->push_back(text.size());
}

size_t ByteToCodepoint(const std::vector<size_t> &starts, size_t byte) {
  size_t lo = 0, hi = starts.size() - 1;
  while (lo < hi) {
    size_t mid = (lo + hi + 1) / 2;
    if (starts[mid] <= byte) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

size_t CodepointCount(std::string_view text) { return CodepointStarts(text).size() - 1; }

std::string_view Trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + sep.size();
  }
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

namespace {

// Decodes the code point starting at text[i] (UTF-8; the text is valid).
char32_t DecodeAt(std::string_view text, size_t i, size_t *len) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0xFF >> (n + 1));
  for (int k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
  *len = static_cast<size_t>(n);
  return cp;
}

void AppendUtf8(char32_t cp, std::string *out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool IsKanaOnly(std::string_view text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    char32_t cp = DecodeAt(text, i, &len);
    bool kana = (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
    if (!kana) return false;
    i += len;
  }
  return true;
}

int ParseNumber(std::string_view text) {
  if (text.empty()) return -1;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 6) return -1;
    int n = 0;
    for (char c : text) n = n * 10 + (c - '0');
    return n;
  }
  static const std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  int total = 0;
  int digit = -1;
  for (size_t i = 0; i < text.size();) {
    bool matched = false;
    for (int d = 0; d < 10 && !matched; ++d) {
      if (text.substr(i).starts_with(kDigits[d])) {
        if (digit >= 0) return -1;
        digit = d;
        i += kDigits[d].size();
        matched = true;
      }
    }
    if (matched) continue;
    // 十 and 百 multiply the digit before them (or stand for one ten / hundred).
    constexpr std::string_view kTen = "十", kHundred = "百";
    int unit = text.substr(i).starts_with(kTen) ? 10 : text.substr(i).starts_with(kHundred) ? 100 : 0;
    if (unit == 0) return -1;
    total += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
    i += kTen.size();
  }
  return total + (digit < 0 ? 0 : digit);
}

std::string ToKatakana(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    char32_t cp = DecodeAt(text, i, &len);
    if (cp >= 0x3041 && cp <= 0x3096) cp += 0x60;
    AppendUtf8(cp, &out);
    i += len;
  }
  return out;
}

}  // namespace denen::care::detail
