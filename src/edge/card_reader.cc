#include "edge/card_reader.h"

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
  std::string name = reader_name;
  if (name.empty()) {
    DENEN_TRY(readers, context->ListReaders());
    if (readers.empty()) return Fail(Error::Unavailable("reader_absent", "カードリーダーが見つかりません"));
    name = readers.front();
  }
  std::shared_ptr<card::PcscContext> shared(std::move(context));
  auto connect = [shared, name]() -> Result<std::unique_ptr<card::CardTransport>> {
    DENEN_TRY(transport, shared->Connect(name));
    return std::unique_ptr<card::CardTransport>(std::move(transport));
  };
  auto wait = [shared, name](std::chrono::milliseconds timeout, bool present) -> Result<void> {
    return present ? shared->WaitForCard(name, timeout) : shared->WaitForRemoval(name, timeout);
  };
  return std::unique_ptr<CardReader>(std::make_unique<TransportCardReader>(name, connect, wait));
}

}  // namespace denen::edge
