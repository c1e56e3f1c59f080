// The edge agent's view of its card reader: wait for a card, read the
// user-authentication certificate without PIN, report the PIN tries left, and
// collect tap + PIN evidence over a server challenge. Two implementations:
// PC/SC (pcscd, one named reader or the first one) and any CardTransport
// (tests: a virtual card in process). One thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "card/card_identity.h"
#include "card/pcsc_transport.h"
#include "core/error.h"

namespace denen::edge {

class CardReader {
 public:
  virtual ~CardReader() = default;
  // "card_wait_timeout" when no card came within `timeout`.
  virtual Result<void> WaitForCard(std::chrono::milliseconds timeout) = 0;
  virtual Result<void> WaitForRemoval(std::chrono::milliseconds timeout) = 0;
  virtual Result<card::Bytes> ReadCertificate() = 0;
  virtual Result<card::PinStatus> QueryPin() = 0;
  // See card::CollectPinEvidence: one PIN try, never retried.
  virtual Result<card::PinEvidence> CollectPinEvidence(std::string_view pin, const card::Bytes& challenge,
                                                       bool last_try_confirmed) = 0;
  // Reader name and whether it is attached, for the status the page shows.
  virtual std::string Name() const = 0;
};

// A reader over a transport made per card session (each call connects anew,
// as a card may have been swapped in between).
class TransportCardReader : public CardReader {
 public:
  using Connect = std::function<Result<std::unique_ptr<card::CardTransport>>()>;
  using Wait = std::function<Result<void>(std::chrono::milliseconds, bool present)>;
  TransportCardReader(std::string name, Connect connect, Wait wait)
      : name_(std::move(name)), connect_(std::move(connect)), wait_(std::move(wait)) {}

  Result<void> WaitForCard(std::chrono::milliseconds timeout) override { return wait_(timeout, true); }
  Result<void> WaitForRemoval(std::chrono::milliseconds timeout) override { return wait_(timeout, false); }
  Result<card::Bytes> ReadCertificate() override;
  Result<card::PinStatus> QueryPin() override;
  Result<card::PinEvidence> CollectPinEvidence(std::string_view pin, const card::Bytes& challenge,
                                               bool last_try_confirmed) override;
  std::string Name() const override { return name_; }

 private:
  std::string name_;
  Connect connect_;
  Wait wait_;
};

// The PC/SC reader named `reader_name`; with no name, every reader on the PC
// (a tap on any of them is read); its Name() is then kAllReaders.
inline constexpr const char* kAllReaders = "(all readers)";
Result<std::unique_ptr<CardReader>> OpenPcscReader(const std::string& reader_name);

}  // namespace denen::edge
