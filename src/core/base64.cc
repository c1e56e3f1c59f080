#include "core/base64.h"

#include <sodium.h>

namespace denen {

std::string Base64Encode(const uint8_t* data, size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::vector<uint8_t>> Base64Decode(std::string_view text, size_t max_bytes, std::string_view what) {
  if (text.size() / 4 * 3 > max_bytes + 2) {
    return Fail(Error::Invalid("base64_too_long", std::string(what) + " が長すぎます"));
  }
  std::vector<uint8_t> out(text.size() / 4 * 3 + 3);
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return Fail(Error::Invalid("base64_invalid", std::string(what) + " が base64 ではありません"));
  }
  if (length > max_bytes) return Fail(Error::Invalid("base64_too_long", std::string(what) + " が長すぎます"));
  out.resize(length);
  return out;
}

}  // namespace denen
