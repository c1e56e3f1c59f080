#include "auth/password.h"

#include <sodium.h>

namespace denen::auth {

Result<void> CheckPasswordPolicy(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Fail(Error::Invalid("weak_password",
                               "パスワードは " + std::to_string(kMinPasswordLength) + " 文字以上にしてください"));
  }
  if (password.size() > kMaxPasswordLength) {
    return Fail(Error::Invalid("weak_password",
                               "パスワードが長すぎます(最大 " + std::to_string(kMaxPasswordLength) + " 文字)"));
  }
  return {};
}

Result<std::string> HashPassword(std::string_view password, HashCost cost) {
  DENEN_TRY_VOID(CheckPasswordPolicy(password));
  char out[crypto_pwhash_STRBYTES];
  const auto ops = cost == HashCost::kModerate ? crypto_pwhash_OPSLIMIT_MODERATE : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const auto mem = cost == HashCost::kModerate ? crypto_pwhash_MEMLIMIT_MODERATE : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Internal("hash_failed", "password hashing ran out of memory"));
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  const std::string hash(encoded_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace denen::auth
