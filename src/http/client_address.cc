#include "http/client_address.h"

#include <algorithm>

#include "core/config.h"

namespace denen::http {
namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (forwarded_for.empty() || !trusted(peer)) return peer;
  std::string_view rest = forwarded_for;
  std::string_view nearest;
  while (!rest.empty()) {
    const size_t comma = rest.rfind(',');
    nearest = Trimmed(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!IsIpAddress(nearest)) return peer;
    if (!trusted(nearest)) return std::string(nearest);
  }
  return std::string(nearest);  // every hop a trusted proxy: the first of them
}

}  // namespace denen::http
