// Plugs a VirtualJpkiCard into pcscd through vsmartcard's vpcd driver: a TCP
// client to vpcd's port speaking its framing (2-byte big-endian length, then
// the payload; 1-byte payloads are control codes 00 off, 01 on, 02 reset,
// 04 get ATR). Closing the connection is how a card leaves the reader.
// One thread serves one card.
#pragma once

#include <cstdint>
#include <string>

#include "card/virtual_card.h"
#include "core/error.h"

namespace denen::card {

struct VpcdOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 35963;  // vpcd's first slot (DEVICENAME /dev/null:0x8C7B)
  // For tests: after this many APDUs the card "leaves" mid-session
  // (connection closed before answering); negative means never.
  int TEST_eject_after_apdus = -1;
};

// Connects to vpcd; "vpcd_unreachable" when nobody listens.
Result<int> ConnectToVpcd(const VpcdOptions& options);

// Serves the card on a connected socket until vpcd closes it (returns OK) or
// the test ejection fires (returns "card_ejected"). Closes the socket.
Result<void> ServeVpcd(int socket_fd, VirtualJpkiCard& card, const VpcdOptions& options);

}  // namespace denen::card
