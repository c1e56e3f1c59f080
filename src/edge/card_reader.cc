#include "edge/card_reader.h"

#include <mutex>

namespace denen::edge {

Result<card::Bytes> TransportCardReader::ReadCertificate() {
  DENEN_TRY(transport, connect_());
  card::JpkiCard jpki(*transport);
  return jpki.ReadCertificate();
}

Result<card::PinStatus> TransportCardReader::QueryPin() {
  DENEN_TRY(transport, connect_());
  card::JpkiCard jpki(*transport);
  return jpki.QueryPin();
}

Result<card::PinEvidence> TransportCardReader::CollectPinEvidence(std::string_view pin, const card::Bytes& challenge,
                                                                  bool last_try_confirmed) {
  DENEN_TRY(transport, connect_());
  card::JpkiCard jpki(*transport);
  return card::CollectPinEvidence(jpki, pin, challenge, last_try_confirmed);
}

Result<std::unique_ptr<CardReader>> OpenPcscReader(const std::string& reader_name) {
  DENEN_TRY(context, card::PcscContext::Establish());
  std::shared_ptr<card::PcscContext> shared(std::move(context));
  if (!reader_name.empty()) {
    auto connect = [shared, reader_name]() -> Result<std::unique_ptr<card::CardTransport>> {
      DENEN_TRY(transport, shared->Connect(reader_name));
      return std::unique_ptr<card::CardTransport>(std::move(transport));
    };
    auto wait = [shared, reader_name](std::chrono::milliseconds timeout, bool present) -> Result<void> {
      return present ? shared->WaitForCard(reader_name, timeout) : shared->WaitForRemoval(reader_name, timeout);
    };
    return std::unique_ptr<CardReader>(std::make_unique<TransportCardReader>(reader_name, connect, wait));
  }
  // No name: every reader attached to this PC; the one a card was last put on
  // is used until the card leaves. The list is read again on every wait, so a
  // reader plugged in later is watched too.
  DENEN_TRY(readers, shared->ListReaders());
  if (readers.empty()) return Fail(Error::Unavailable("reader_absent", "カードリーダーが見つかりません"));
  struct Current {
    std::mutex mutex;
    std::string name;  // guarded by mutex
    std::string Get() {
      std::lock_guard lock(mutex);
      return name;
    }
  };
  auto current = std::make_shared<Current>();
  current->name = readers.front();
  auto connect = [shared, current]() -> Result<std::unique_ptr<card::CardTransport>> {
    // A staff page may ask before any wait: take the reader that holds a card.
    if (auto all = shared->ListReaders(); all && !all->empty()) {
      if (auto found = shared->WaitForCardInAny(*all, std::chrono::milliseconds(0))) {
        std::lock_guard lock(current->mutex);
        current->name = *found;
      }
    }
    DENEN_TRY(transport, shared->Connect(current->Get()));
    return std::unique_ptr<card::CardTransport>(std::move(transport));
  };
  auto wait = [shared, current](std::chrono::milliseconds timeout, bool present) -> Result<void> {
    if (!present) return shared->WaitForRemoval(current->Get(), timeout);
    DENEN_TRY(all, shared->ListReaders());
    if (all.empty()) return Fail(Error::Unavailable("reader_absent", "カードリーダーが見つかりません"));
    DENEN_TRY(found, shared->WaitForCardInAny(all, timeout));
    std::lock_guard lock(current->mutex);
    current->name = found;
    return {};
  };
  return std::unique_ptr<CardReader>(std::make_unique<TransportCardReader>(kAllReaders, connect, wait));
}

}  // namespace denen::edge
