// Staff passwords: Argon2id hashes (libsodium's crypto_pwhash_str, with its
// MODERATE limits by default) and the minimum policy. Thread-safe.
#pragma once

#include <string>

#include "core/error.h"

namespace denen::auth {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 256;

// Cost of hashing; tests may choose the cheapest.
enum class HashCost { kInteractive, kModerate };

// Checks length (10..256 bytes) before hashing.
Result<void> CheckPasswordPolicy(std::string_view password);

// An encoded "$argon2id$..." string (salt and parameters included).
Result<std::string> HashPassword(std::string_view password, HashCost cost = HashCost::kInteractive);

bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

}  // namespace denen::auth
