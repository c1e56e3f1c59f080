#include "card/vpcd_link.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace denen::card {

namespace {

bool ReadExactly(int fd, uint8_t* buf, size_t n) {
  while (n > 0) {
    const ssize_t r = ::read(fd, buf, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    buf += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool WriteFrame(int fd, std::span<const uint8_t> payload) {
  if (payload.size() > 0xFFFF) return false;
  Bytes frame{static_cast<uint8_t>(payload.size() >> 8), static_cast<uint8_t>(payload.size())};
  frame.insert(frame.end(), payload.begin(), payload.end());
  const uint8_t* p = frame.data();
  size_t left = frame.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    left -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

Result<int> ConnectToVpcd(const VpcdOptions& options) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(options.port);
  if (inet_pton(AF_INET, options.host.c_str(), &addr.sin_addr) != 1) {
    return Fail(Error::Invalid("bad_vpcd_host", "not an IPv4 address: " + options.host));
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail(Error::Unavailable("vpcd_unreachable", std::strerror(errno)));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return Fail(Error::Unavailable("vpcd_unreachable",
                                   "vpcd at " + options.host + ":" + std::to_string(options.port) + ": " + reason));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

Result<void> ServeVpcd(int fd, VirtualJpkiCard& card, const VpcdOptions& options) {
  int apdus = 0;
  Bytes payload;
  for (;;) {
    uint8_t header[2];
    if (!ReadExactly(fd, header, 2)) break;
    const size_t length = static_cast<size_t>(header[0] << 8 | header[1]);
    payload.resize(length);
    if (!ReadExactly(fd, payload.data(), length)) break;
    if (length == 1) {
      switch (payload[0]) {
        case 0x00:  // power off
        case 0x01:  // power on
        case 0x02:  // reset
          card.Reset();
          continue;
        case 0x04:
          if (!WriteFrame(fd, card.Atr())) break;
          continue;
        default:
          continue;  // unknown control code: vpcd expects no answer
      }
      break;
    }
    if (options.TEST_eject_after_apdus >= 0 && apdus >= options.TEST_eject_after_apdus) {
      ::close(fd);
      return Fail(Error::Unavailable("card_ejected", "virtual card left the reader"));
    }
    ++apdus;
    if (!WriteFrame(fd, card.Process(payload))) break;
  }
  ::close(fd);
  return {};
}

}  // namespace denen::card
