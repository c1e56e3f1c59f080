#include "core/random.h"

#include <sodium.h>

namespace denen {

Result<void> InitCrypto() {
  if (sodium_init() < 0) {
    return Fail(Error::Internal("crypto_init_failed", "libsodium could not be initialised"));
  }
  return {};
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return HexEncode(raw);
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string NewId(const Clock& clock) {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const uint64_t millis = static_cast<uint64_t>(clock.NowMillis());
  unsigned char random[10];
  randombytes_buf(random, sizeof random);
  std::string out(26, '0');
  // 48-bit time in the first 10 characters (the top 2 bits of 50 are zero).
  for (int i = 9; i >= 0; --i) out[9 - i] = kCrockford[(millis >> (i * 5)) & 31];
  // 80 random bits in the last 16 characters.
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 5; ++i) hi = (hi << 8) | random[i];
  for (int i = 5; i < 10; ++i) lo = (lo << 8) | random[i];
  for (int i = 7; i >= 0; --i) out[10 + 7 - i] = kCrockford[(hi >> (i * 5)) & 31];
  for (int i = 7; i >= 0; --i) out[18 + 7 - i] = kCrockford[(lo >> (i * 5)) & 31];
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace denen
