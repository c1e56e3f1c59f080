// The signed access list a door controller holds: the grants (card identity,
// kind, time window) for one door, sent as a full snapshot or as a delta from
// the version the door holds, plus remote commands (emergency open). The
// canonical encoding is the only thing signed (Ed25519, libsodium); decoding
// checks every length against the bytes present. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::lock {

// Why a card may open a door. Window rights come from reservations and need a
// trusted clock and a fresh list; standing (staff, key holders) and shelter
// (designated disaster staff) rights do not.
enum class GrantKind : uint8_t { kWindow = 1, kStanding = 2, kShelter = 3 };
std::string_view GrantKindId(GrantKind kind);  // window | standing | shelter
Result<GrantKind> ParseGrantKind(std::string_view id);

struct Grant {
  std::string id;            // "<right id>:<identity key>"; unique in a door's list
  std::string identity_key;  // card/certificate.h IdentityKey (hex)
  GrantKind kind = GrantKind::kWindow;
  int64_t from_ms = 0;   // inclusive
  int64_t until_ms = 0;  // exclusive
  bool operator==(const Grant&) const = default;
};

enum class CommandKind : uint8_t { kEmergencyOpen = 1, kEmergencyEnd = 2 };
std::string_view CommandKindId(CommandKind kind);  // emergency_open | emergency_end
Result<CommandKind> ParseCommandKind(std::string_view id);

struct DoorCommand {
  std::string id;
  CommandKind kind = CommandKind::kEmergencyOpen;
  int64_t until_ms = 0;  // emergency_open: hold the door open until then
  bool operator==(const DoorCommand&) const = default;
};

// One signed message. A full snapshot replaces the door's list (base_version
// 0); a delta applies `removes` then `adds` to a list at exactly base_version.
// A delta with version == base_version and no changes only attests that the
// list is still current as of signed_at_ms.
struct ListMessage {
  std::string municipality_code;
  std::string door_id;
  bool full = false;
  uint64_t base_version = 0;
  uint64_t version = 0;
  int64_t signed_at_ms = 0;
  std::vector<Grant> adds;
  std::vector<std::string> removes;  // grant ids
  std::vector<DoorCommand> commands;
  bool operator==(const ListMessage&) const = default;
};

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSecretKeyBytes = 64;
inline constexpr size_t kSignatureBytes = 64;
// Bounds of what a door accepts; larger input is refused before allocation.
inline constexpr size_t kMaxMessageBytes = 64u << 20;
inline constexpr size_t kMaxFieldBytes = 255;

struct SigningKeyPair {
  std::string public_key;  // raw 32 bytes
  std::string secret_key;  // raw 64 bytes (libsodium's seed || public key)
};
// Requires InitCrypto().
SigningKeyPair NewSigningKeyPair();

// The canonical bytes of a message (what is signed).
Result<std::string> EncodeListMessage(const ListMessage& message);
// Strict decoding of canonical bytes (no signature): every count and length
// is checked, trailing bytes are refused.
Result<ListMessage> DecodeListMessage(std::string_view bytes);

// canonical bytes || 64-byte signature.
Result<std::string> SignListMessage(const ListMessage& message, std::string_view secret_key);
// Verifies the signature with the pinned public key, then decodes.
// Codes: list_signature_invalid, list_malformed.
Result<ListMessage> VerifyListMessage(std::string_view signed_bytes, std::string_view public_key);

// Standard base64, how lists travel in JSON.
std::string ListToBase64(std::string_view bytes);
Result<std::string> ListFromBase64(std::string_view text);

}  // namespace denen::lock
