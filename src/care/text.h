// UTF-8 helpers for the care checker: width normalisation that keeps one
// output character per input character (so code point offsets stay valid),
// and conversion between byte and code point offsets. Pure functions.
#pragma once

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

// The value of a number written in ASCII digits (84) or in kanji numerals
// (八十四, 十一, 百二); -1 when text is empty or anything else.
int ParseNumber(std::string_view text);

}  // namespace denen::care::detail
