#include "card/jpki_commands.h"

#include <string>

namespace denen::card {

namespace {

constexpr uint8_t kSha256DigestInfoPrefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

}  // namespace

bool IsIndividualNumberFile(Applet applet, uint16_t fid) {
  switch (applet) {
    case Applet::kKenhojo:
      return fid == 0x0001 || fid == 0x0014;
    case Applet::kKenkaku:
      return fid == 0x0005 || fid == 0x0013;
    default:
      return false;
  }
}

Result<CommandApdu> SelectApplet(Applet applet) {
  std::span<const uint8_t> aid;
  switch (applet) {
    case Applet::kJpki:
      aid = kJpkiAid;
      break;
    case Applet::kKenhojo:
      aid = kKenhojoAid;
      break;
    case Applet::kKenkaku:
      aid = kKenkakuAid;
      break;
    case Applet::kNone:
      return Fail(Error::Invalid("unknown_applet", "no applet to select"));
  }
  return CommandApdu{0x00, 0xA4, 0x04, 0x0C, Bytes(aid.begin(), aid.end()), std::nullopt};
}

Result<CommandApdu> SelectEf(Applet current, uint16_t fid) {
  if (current == Applet::kNone) {
    return Fail(Error::Invalid("no_applet_selected", "select an applet before an EF"));
  }
  if (IsIndividualNumberFile(current, fid)) {
    return Fail(Error{ErrorKind::kForbidden, "individual_number_forbidden",
                      "this file holds or unlocks the individual number (個人番号); it is never accessed"});
  }
  return CommandApdu{
      0x00, 0xA4, 0x02, 0x0C, Bytes{static_cast<uint8_t>(fid >> 8), static_cast<uint8_t>(fid & 0xFF)}, std::nullopt};
}

Result<CommandApdu> ReadBinary(size_t offset, size_t le) {
  if (offset > 0x7FFF) {
    return Fail(
        Error::Invalid("read_offset_too_large", "READ BINARY offset " + std::to_string(offset) + " over 32767"));
  }
  if (le == 0 || le > 256) return Fail(Error::Invalid("bad_le", "Le must be 1..256"));
  return CommandApdu{0x00, 0xB0, static_cast<uint8_t>(offset >> 8), static_cast<uint8_t>(offset & 0xFF), {}, le};
}

CommandApdu PinStatusQuery() { return CommandApdu{0x00, 0x20, 0x00, 0x80, {}, std::nullopt}; }

Result<CommandApdu> VerifyPin(std::string_view pin) {
  if (pin.size() < 4 || pin.size() > 16) {
    return Fail(Error::Invalid("bad_pin_format", "a PIN has 4 to 16 characters"));
  }
  for (char c : pin) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
      return Fail(Error::Invalid("bad_pin_format", "a PIN consists of 0-9 and A-Z"));
    }
  }
  return CommandApdu{0x00, 0x20, 0x00, 0x80, Bytes(pin.begin(), pin.end()), std::nullopt};
}

Result<CommandApdu> ComputeSignature(std::span<const uint8_t> digest_info) {
  // RSA-2048 with PKCS#1 v1.5 leaves room for at most 245 bytes.
  if (digest_info.empty() || digest_info.size() > 245) {
    return Fail(Error::Invalid("bad_digest_info", "DigestInfo must be 1..245 bytes"));
  }
  return CommandApdu{0x80, 0x2A, 0x00, 0x80, Bytes(digest_info.begin(), digest_info.end()), 256};
}

Result<Bytes> Sha256DigestInfo(std::span<const uint8_t> hash) {
  if (hash.size() != 32) return Fail(Error::Invalid("bad_hash", "a SHA-256 hash has 32 bytes"));
  Bytes out(std::begin(kSha256DigestInfoPrefix), std::end(kSha256DigestInfoPrefix));
  out.insert(out.end(), hash.begin(), hash.end());
  return out;
}

}  // namespace denen::card
