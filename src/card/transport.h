// The one seam between APDU logic and a card: send a command APDU, get the
// raw response (data ‖ SW1 SW2). Implementations: PC/SC (pcsc_transport.h)
// and an in-process virtual card for tests (in_process_transport.h).
// A transport is used by one thread at a time.
#pragma once

#include <span>

#include "card/apdu.h"
#include "core/error.h"

namespace denen::card {

class CardTransport {
 public:
  virtual ~CardTransport() = default;
  // Errors: "card_removed" when the card left the reader, other transport
  // failures as kUnavailable.
  virtual Result<Bytes> Transmit(std::span<const uint8_t> command) = 0;
};

}  // namespace denen::card
