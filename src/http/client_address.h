// Who sent a request when a reverse proxy (nginx) stands in front: the
// X-Forwarded-For header, believed only from configured proxies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace denen::http {

// The client of a request: `peer` itself, unless `peer` is one of
// `trusted_proxies` and `forwarded_for` (X-Forwarded-For, "a, b, c") is
// given; then the rightmost address in it that is not a trusted proxy (the
// ones to its left may be made up by the client). A malformed entry there
// leaves `peer`.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace denen::http
