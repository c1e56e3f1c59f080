// BER/DER tag-length headers, enough to find where a certificate ends in a
// card file that may be padded. Lengths are bounded by the caller; indefinite
// and absurd lengths are errors. Pure functions; safe for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.h"

namespace denen::card {

struct DerHeader {
  uint8_t tag = 0;  // low-tag-number form only (the first identifier octet)
  size_t header_length = 0;
  size_t value_length = 0;

  size_t TotalLength() const { return header_length + value_length; }
};

// Parses the header at the start of `prefix`. Fails when the prefix is too
// short to hold the header, the tag uses the high-tag-number form, the length
// is indefinite or uses more than 4 octets, or the element would be longer
// than `max_total` bytes.
Result<DerHeader> ParseDerHeader(std::span<const uint8_t> prefix, size_t max_total);

// The first complete element of `buffer` (header and value), or an error when
// the buffer ends before it does.
Result<std::span<const uint8_t>> FirstDerElement(std::span<const uint8_t> buffer, size_t max_total);

}  // namespace denen::card
