// Command APDUs for the My Number Card's applets, byte for byte as in
// shared/card/jpki-apdu.md, with the project's guard: the files that hold or
// unlock the 12-digit individual number can never be selected through here.
// Pure functions; safe for concurrent use.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "card/apdu.h"
#include "core/error.h"

namespace denen::card {

enum class Applet {
  kNone,
  kJpki,     // 公的個人認証AP
  kKenhojo,  // 券面事項入力補助AP
  kKenkaku,  // 券面事項確認AP
};

inline constexpr std::array<uint8_t, 10> kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
inline constexpr std::array<uint8_t, 10> kKenhojoAid = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08};
inline constexpr std::array<uint8_t, 10> kKenkakuAid = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02};

// Elementary files of the JPKI AP.
namespace jpki_ef {
inline constexpr uint16_t kSignCertificate = 0x0001;  // 署名用電子証明書 (password)
inline constexpr uint16_t kSignCaCertificate = 0x0002;
inline constexpr uint16_t kToken = 0x0006;
inline constexpr uint16_t kAuthCertificate = 0x000A;  // 利用者証明用電子証明書 (no PIN)
inline constexpr uint16_t kAuthCaCertificate = 0x000B;
inline constexpr uint16_t kAuthKey = 0x0017;
inline constexpr uint16_t kAuthPin = 0x0018;  // 4 digits, 3 tries
inline constexpr uint16_t kSignKey = 0x001A;
inline constexpr uint16_t kSignPin = 0x001B;  // 6–16 chars, 5 tries
}  // namespace jpki_ef

// True for the (applet, EF) pairs that hold the individual number or whose
// PIN *is* the individual number: 券面事項入力補助AP 0001 and 0014,
// 券面事項確認AP 0005 and 0013.
bool IsIndividualNumberFile(Applet applet, uint16_t fid);

// 00 A4 04 0C Lc AID.
Result<CommandApdu> SelectApplet(Applet applet);

// 00 A4 02 0C 02 FID under the currently selected applet; refuses
// ("individual_number_forbidden") the files IsIndividualNumberFile names, and
// refuses any EF when no applet is selected.
Result<CommandApdu> SelectEf(Applet current, uint16_t fid);

// 00 B0 P1 P2 Le with a 15-bit offset (never the short-EF-id form, which
// would bypass SelectEf's guard); le is 1..256.
Result<CommandApdu> ReadBinary(size_t offset, size_t le);

// 00 20 00 80 without data: asks for the tries left (63 Cx), consumes none.
CommandApdu PinStatusQuery();

// 00 20 00 80 Lc PIN; the PIN is 4..16 characters of 0-9 / A-Z.
Result<CommandApdu> VerifyPin(std::string_view pin);

// 80 2A 00 80 Lc DigestInfo 00 (the card applies PKCS#1 v1.5 padding).
Result<CommandApdu> ComputeSignature(std::span<const uint8_t> digest_info);

// DER DigestInfo for a SHA-256 hash (RFC 8017 prefix ‖ 32-byte hash).
Result<Bytes> Sha256DigestInfo(std::span<const uint8_t> hash);

}  // namespace denen::card
