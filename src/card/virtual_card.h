// A JPKI AP emulator: answers command APDUs like a My Number Card's 公的個人認証AP
// as far as shared/card/jpki-apdu.md knows it (files 000A/000B/0001/0002/0006,
// PINs 0018/001B with retry counters that block, signing with key 0017).
// Status words that no source confirms for a real card are configurable.
// It holds no individual number and answers 6A 82 for every other applet.
// Not thread-safe: one thread feeds it APDUs.
#pragma once

#include <span>
#include <string>

#include "card/apdu.h"
#include "card/openssl_util.h"

namespace denen::card {

struct VirtualCardSpec {
  Bytes atr = {0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09};
  Bytes auth_certificate;     // EF 000A, DER
  Bytes auth_ca_certificate;  // EF 000B, DER
  detail::PkeyPtr auth_key;   // EF 0017
  std::string auth_pin;       // 4 digits
  int auth_pin_tries_left = 3;
  int auth_pin_max_tries = 3;
  std::string sign_password;  // EF 001B; no sign key or cert is emulated
  int sign_password_tries_left = 5;
  int sign_password_max_tries = 5;
  // Assumed SWs (UNCONFIRMED for real cards, see vpcd.md §4).
  uint16_t sw_pin_blocked = kSwAuthBlocked;
  uint16_t sw_protected_file = kSwSecurityNotSatisfied;
};

class VirtualJpkiCard {
 public:
  explicit VirtualJpkiCard(VirtualCardSpec spec) : spec_(std::move(spec)) {}

  const Bytes& Atr() const { return spec_.atr; }
  // Power-on / reset: forgets the selection and the verified PIN state.
  void Reset();
  // One command APDU in, data ‖ SW out. Never fails: bad input gets an ISO SW.
  Bytes Process(std::span<const uint8_t> command);

  int AuthPinTriesLeft() const { return spec_.auth_pin_tries_left; }

 private:
  Bytes Select(const CommandApdu& c);
  Bytes Read(const CommandApdu& c);
  Bytes Verify(const CommandApdu& c);
  Bytes Sign(const CommandApdu& c);
  const Bytes* FileContents(uint16_t fid) const;

  VirtualCardSpec spec_;
  bool jpki_selected_ = false;
  int current_ef_ = -1;
  bool auth_pin_verified_ = false;
  bool sign_password_verified_ = false;
  Bytes token_ = [] {
    Bytes t(32, ' ');
    const std::string s = "JPKIAPICCTOKEN";
    std::copy(s.begin(), s.end(), t.begin());
    return t;
  }();
};

}  // namespace denen::card
