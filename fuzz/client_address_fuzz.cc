// libFuzzer target for X-Forwarded-For as the server reads it behind a trusted
// proxy (http/client_address.h). The first byte picks the peer (a trusted
// proxy or a stranger); the rest is the header. Invariants: a stranger's
// header is never believed; the answer is the peer or a well-formed address
// that occurs in the header and, unless every hop is a proxy, is not one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "http/client_address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::vector<std::string> kProxies = {"127.0.0.1", "::1", "10.0.0.2"};
  const std::string peer = data[0] % 2 == 0 ? "127.0.0.1" : "192.0.2.50";
  const std::string_view header(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string client = denen::http::ClientAddress(peer, header, kProxies);
  if (peer == "192.0.2.50" && client != peer) std::abort();
  if (client == peer) return 0;
  if (!denen::IsIpAddress(client)) std::abort();
  if (header.find(client) == std::string_view::npos) std::abort();
  return 0;
}
