// PC/SC access through libpcsclite (pcscd): list readers, wait for a card
// with a timeout, connect, and transmit. Card removal mid-session becomes
// the error "card_removed"; a missing pcscd "pcsc_unavailable".
// A PcscContext and each PcscTransport are used by one thread at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "card/transport.h"
#include "core/error.h"

namespace denen::card {

class PcscTransport;

class PcscContext {
 public:
  static Result<std::unique_ptr<PcscContext>> Establish();
  ~PcscContext();
  PcscContext(const PcscContext&) = delete;
  PcscContext& operator=(const PcscContext&) = delete;

  // Reader names; an empty list (not an error) when none is attached.
  Result<std::vector<std::string>> ListReaders();

  // Returns once a card is present in `reader`; "card_wait_timeout" otherwise.
  Result<void> WaitForCard(const std::string& reader, std::chrono::milliseconds timeout);

  // For a PC with several readers: the first of `readers` that holds a card
  // (in list order when several do); "card_wait_timeout" otherwise.
  Result<std::string> WaitForCardInAny(const std::vector<std::string>& readers, std::chrono::milliseconds timeout);

  // Returns once the reader is empty; "card_wait_timeout" otherwise.
  Result<void> WaitForRemoval(const std::string& reader, std::chrono::milliseconds timeout);

  // Shared-mode connection (T=0 or T=1) to the card in `reader`.
  Result<std::unique_ptr<PcscTransport>> Connect(const std::string& reader);

 private:
  explicit PcscContext(long context) : context_(context) {}
  Result<void> WaitFor(const std::string& reader, std::chrono::milliseconds timeout, bool present);

  long context_;  // SCARDCONTEXT
};

class PcscTransport final : public CardTransport {
 public:
  ~PcscTransport() override;
  PcscTransport(const PcscTransport&) = delete;
  PcscTransport& operator=(const PcscTransport&) = delete;

  Result<Bytes> Transmit(std::span<const uint8_t> command) override;
  const Bytes& Atr() const { return atr_; }

 private:
  friend class PcscContext;
  PcscTransport(long card, unsigned long protocol, Bytes atr)
      : card_(card), protocol_(protocol), atr_(std::move(atr)) {}

  long card_;  // SCARDHANDLE
  unsigned long protocol_;
  Bytes atr_;
  bool removed_ = false;
};

}  // namespace denen::card
