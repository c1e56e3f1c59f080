// A CardTransport wired straight to a VirtualJpkiCard in the same process,
// for unit tests and demos without pcscd. "Removing" the card makes every
// later Transmit fail with "card_removed", as PC/SC would.
// Not thread-safe, like the card it wraps.
#pragma once

#include "card/transport.h"
#include "card/virtual_card.h"

namespace denen::card {

class InProcessTransport final : public CardTransport {
 public:
  explicit InProcessTransport(VirtualJpkiCard& card) : card_(card) { card_.Reset(); }

  Result<Bytes> Transmit(std::span<const uint8_t> command) override {
    if (removed_) {
      return Fail(Error::Unavailable("card_removed", "the card was removed from the reader"));
    }
    ++transmitted_;
    last_command_.assign(command.begin(), command.end());
    return card_.Process(command);
  }

  // ---- For tests ----
  void TEST_RemoveCard() { removed_ = true; }
  int TEST_Transmitted() const { return transmitted_; }
  const Bytes& TEST_LastCommand() const { return last_command_; }

 private:
  VirtualJpkiCard& card_;
  bool removed_ = false;
  int transmitted_ = 0;
  Bytes last_command_;
};

}  // namespace denen::card
