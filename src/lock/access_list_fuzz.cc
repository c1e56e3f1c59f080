// libFuzzer target for the bytes a door accepts from the network: the access
// list decoder, the signature check in front of it, and base64 unwrapping.
// Decoding what was decoded and re-encoded must give the same message.
// Run: lock_list_fuzz -max_total_time=20 (CTest label "fuzz").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lock/access_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = denen::lock::DecodeListMessage(bytes);
  if (decoded) {
    auto again = denen::lock::EncodeListMessage(*decoded);
    if (!again || *again != bytes) std::abort();  // the encoding is canonical
  }
  static const std::string kKey(denen::lock::kPublicKeyBytes, '\x01');
  (void)denen::lock::VerifyListMessage(bytes, kKey);
  (void)denen::lock::ListFromBase64(bytes);
  return 0;
}
