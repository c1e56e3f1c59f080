// UTF-8 helpers for the care checker: width normalisation that keeps one
// output character per input character (so code point offsets stay valid),
// and conversion between byte and code point offsets. Pure functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace denen::care::detail {

// Full-width ASCII (Ａ, １, （, ／, ．, ，, ～ as ~ is kept) and the
// ideographic space become their ASCII forms; every other character is copied.
// The result has exactly as many code points as the input.
std::string NormalizeWidth(std::string_view text);

// Byte offset of the start of each code point, plus text.size() at the end.
std::vector<size_t> CodepointStarts(std::string_view text);
// The same into *starts, whose capacity is kept (a buffer used note after note).
void CodepointStarts(std::string_view text, std::vector<size_t> *starts);

// Index of the code point containing byte `byte` (starts from CodepointStarts).
size_t ByteToCodepoint(const std::vector<size_t> &starts, size_t byte);

// Number of code points in text.
size_t CodepointCount(std::string_view text);

std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
// Splits on a UTF-8 separator string.
std::vector<std::string> SplitOn(std::string_view s, std::string_view sep);
bool StartsWith(std::string_view s, std::string_view prefix);
// text.find(needle, from), found by the needle's last byte. Japanese words
// all start with one of a few lead bytes (every kana with E3), on which
// std::string_view::find stops at almost every character; their last bytes
// are spread over sixty-four values.
size_t Find(std::string_view text, std::string_view needle, size_t from = 0);
inline bool Contains(std::string_view text, std::string_view needle) {
  return Find(text, needle) != std::string_view::npos;
}

// True when text is non-empty and written only in hiragana / katakana (ー
// included): a word the writer spelt in kana instead of kanji.
bool IsKanaOnly(std::string_view text);
// Hiragana become katakana; every other character is copied.
std::string ToKatakana(std::string_view text);

// A 64-bit hash of the bytes, read eight at a time (not for security): the
// rule set's tables of words and names, and the learned reader's key of a
// word (TokenKey::base_hash, NoteWord::hash), use it.
inline uint64_t HashBytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = s.size() * kMul;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  // The last 1–7 bytes by two loads that may overlap (the length is mixed in
  // already), not byte by byte.
  const size_t rest = s.size() - i;
  const char *p = s.data() + i;
  uint64_t tail = 0;
  if (rest >= 4) {
    uint32_t lo = 0, hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + rest - 4, 4);
    tail = lo | (static_cast<uint64_t>(hi) << 32);
  } else if (rest > 0) {
    const auto byte = [&](size_t k) { return static_cast<uint64_t>(static_cast<unsigned char>(p[k])); };
    tail = byte(0) | (byte(rest / 2) << 8) | (byte(rest - 1) << 16);
  }
  h = (h ^ tail) * kMul;
  return h ^ (h >> 32);
}

// Equal bytes, compared inline rather than by a call to memcmp: for words of
// a few bytes, equal on almost every call (the caches of tokens and keys).
[[gnu::always_inline]] inline bool SameBytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char *p = a.data(), *q = b.data();
  auto load64 = [](const char *s) {
    uint64_t v;
    std::memcpy(&v, s, 8);
    return v;
  };
  auto load32 = [](const char *s) {
    uint32_t v;
    std::memcpy(&v, s, 4);
    return v;
  };
  // Whole words, the last one overlapping the one before: no loop over
  // single bytes (a word of kana or kanji is 3, 6, 9 … bytes).
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (load64(p + i) != load64(q + i)) return false;
    }
    return load64(p + n - 8) == load64(q + n - 8);
  }
  if (n >= 4) return load32(p) == load32(q) && load32(p + n - 4) == load32(q + n - 4);
  return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
}

// The value of a number written in ASCII digits (84) or in kanji numerals
// (八十四, 十一, 百二); -1 when text is empty or anything else.
int ParseNumber(std::string_view text);

}  // namespace denen::care::detail
