// Host side of the JPKI AP: reads the user-authentication certificate,
// queries and verifies the 4-digit PIN, and has the card sign. Every response
// is checked (length, SW) before use. Never retries a PIN by itself.
// Not thread-safe: one JpkiCard per transport, used by one thread.
#pragma once

#include <span>
#include <string_view>

#include "card/apdu.h"
#include "card/jpki_commands.h"
#include "card/transport.h"
#include "core/error.h"

namespace denen::card {

// Certificates on the card are well under this; the 15-bit READ BINARY offset
// caps any file at 32767 bytes anyway.
inline constexpr size_t kMaxCertificateBytes = 8192;

struct PinStatus {
  bool verified = false;  // only after VerifyPin succeeded
  int tries_left = 0;
  bool blocked = false;
};

class JpkiCard {
 public:
  explicit JpkiCard(CardTransport& transport) : transport_(transport) {}

  // SELECT of the JPKI AID; "not_a_jpki_card" when the card answers 6A 82.
  Result<void> SelectApplication();

  // DER certificate from `ef` (default: 利用者証明用電子証明書), read in
  // chunks of at most 256 bytes, trimmed to the DER element.
  Result<Bytes> ReadCertificate(uint16_t ef = jpki_ef::kAuthCertificate);

  // Tries left without consuming one (VERIFY with no data → 63 Cx).
  Result<PinStatus> QueryPin(uint16_t pin_ef = jpki_ef::kAuthPin);

  // One VERIFY. A wrong PIN is not an Error: the status says tries left or
  // blocked (63 C0, 69 83 and 69 84 all count as blocked).
  Result<PinStatus> VerifyPin(std::string_view pin, uint16_t pin_ef = jpki_ef::kAuthPin);

  // Selects the user-authentication key and signs a DigestInfo.
  Result<Bytes> SignDigestInfo(std::span<const uint8_t> digest_info);

  // SHA-256 of `message`, wrapped in a DigestInfo, signed by the card.
  Result<Bytes> SignSha256(std::span<const uint8_t> message);

 private:
  // Sends one command; follows 61 xx (GET RESPONSE) a bounded number of times.
  Result<ResponseApdu> Exchange(const CommandApdu& command);
  Result<void> Select(uint16_t fid);
  Result<PinStatus> PinStatusFrom(const ResponseApdu& response, bool sent_pin);

  CardTransport& transport_;
  Applet selected_ = Applet::kNone;
};

}  // namespace denen::card
