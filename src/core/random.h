// Cryptographically secure randomness and identifiers (libsodium).
// Safe for concurrent use; call InitCrypto() once before anything else.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/error.h"

namespace denen {

// Initialises libsodium; idempotent.
Result<void> InitCrypto();

// `bytes` random bytes as lowercase hex.
std::string RandomHex(size_t bytes);

// A URL-safe random token of `bytes` bytes of entropy (base64url, no padding).
std::string RandomToken(size_t bytes);

// A 26-character, time-ordered, unique identifier (ULID form: 48 bits of
// milliseconds then 80 random bits, Crockford base32). Made wherever a record
// is born, including offline edge devices, so retries keep the same id.
std::string NewId(const Clock& clock);

// Lowercase hex SHA-256 of the input.
std::string Sha256Hex(std::string_view data);

std::string HexEncode(std::string_view bytes);

}  // namespace denen
