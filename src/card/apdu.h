// ISO 7816-4 command and response APDUs (short form only), encoded and parsed
// defensively: every length is checked, and malformed input is an Error value.
// Pure functions; safe for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace denen::card {

using Bytes = std::vector<uint8_t>;

// Status words this module names.
inline constexpr uint16_t kSwOk = 0x9000;
inline constexpr uint16_t kSwEndOfFile = 0x6282;
inline constexpr uint16_t kSwSecurityNotSatisfied = 0x6982;
inline constexpr uint16_t kSwAuthBlocked = 0x6983;
inline constexpr uint16_t kSwReferenceDataUnusable = 0x6984;
inline constexpr uint16_t kSwCommandNotAllowed = 0x6986;
inline constexpr uint16_t kSwFileNotFound = 0x6A82;
inline constexpr uint16_t kSwWrongP1P2 = 0x6B00;
inline constexpr uint16_t kSwWrongLength = 0x6700;
inline constexpr uint16_t kSwInsNotSupported = 0x6D00;
inline constexpr uint16_t kSwClaNotSupported = 0x6E00;

// A short command APDU. `le` absent means no response data is expected;
// 1..256 is encoded as one byte (256 as 00).
struct CommandApdu {
  uint8_t cla = 0;
  uint8_t ins = 0;
  uint8_t p1 = 0;
  uint8_t p2 = 0;
  Bytes data;
  std::optional<size_t> le;

  bool operator==(const CommandApdu&) const = default;
};

// Case 1–4 short encoding; fails for data over 255 bytes or Le outside 1..256.
Result<Bytes> EncodeCommand(const CommandApdu& command);

// Decodes a short command APDU (cases 1–4). Extended-length forms and any
// length byte that disagrees with the buffer are errors.
Result<CommandApdu> DecodeCommand(std::span<const uint8_t> raw);

struct ResponseApdu {
  Bytes data;
  uint8_t sw1 = 0;
  uint8_t sw2 = 0;

  uint16_t Sw() const { return static_cast<uint16_t>(sw1 << 8 | sw2); }
};

// The largest response a short APDU exchange can legitimately carry
// (256 data bytes + SW); anything longer is refused as hostile.
inline constexpr size_t kMaxShortResponse = 258;

// Splits data ‖ SW1 SW2. Fewer than 2 bytes or more than `max_size` is an error.
Result<ResponseApdu> ParseResponse(std::span<const uint8_t> raw, size_t max_size = kMaxShortResponse);

// Response bytes for an emulator: data ‖ SW1 SW2.
Bytes MakeResponse(std::span<const uint8_t> data, uint16_t sw);

// Lowercase hex without separators, for logs of non-secret bytes only.
std::string ToHex(std::span<const uint8_t> bytes);

// "9000"-style SW text for messages.
std::string SwText(uint16_t sw);

}  // namespace denen::card
