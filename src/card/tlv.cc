#include "card/tlv.h"

#include <string>

namespace denen::card {

namespace {

Error Malformed(std::string message) { return Error::Invalid("malformed_tlv", std::move(message)); }

}  // namespace

Result<DerHeader> ParseDerHeader(std::span<const uint8_t> prefix, size_t max_total) {
  if (prefix.size() < 2) return Fail(Malformed("TLV header truncated"));
  DerHeader h;
  h.tag = prefix[0];
  if ((h.tag & 0x1F) == 0x1F) return Fail(Malformed("high-tag-number form not supported"));
  const uint8_t first = prefix[1];
  if (first < 0x80) {
    h.header_length = 2;
    h.value_length = first;
  } else {
    const size_t octets = first & 0x7F;
    if (octets == 0) return Fail(Malformed("indefinite length not allowed"));
    if (octets > 4) return Fail(Malformed("length field of " + std::to_string(octets) + " octets"));
    if (prefix.size() < 2 + octets) return Fail(Malformed("TLV length truncated"));
    uint64_t length = 0;
    for (size_t i = 0; i < octets; ++i) length = length << 8 | prefix[2 + i];
    h.header_length = 2 + octets;
    if (length > max_total) {
      return Fail(Malformed("TLV length " + std::to_string(length) + " exceeds " + std::to_string(max_total)));
    }
    h.value_length = static_cast<size_t>(length);
  }
  if (h.TotalLength() > max_total) {
    return Fail(
        Malformed("TLV element of " + std::to_string(h.TotalLength()) + " bytes exceeds " + std::to_string(max_total)));
  }
  return h;
}

Result<std::span<const uint8_t>> FirstDerElement(std::span<const uint8_t> buffer, size_t max_total) {
  DENEN_TRY(header, ParseDerHeader(buffer, max_total));
  if (buffer.size() < header.TotalLength()) {
    return Fail(Malformed("TLV element of " + std::to_string(header.TotalLength()) + " bytes but only " +
                          std::to_string(buffer.size()) + " available"));
  }
  return buffer.first(header.TotalLength());
}

}  // namespace denen::card
