// libFuzzer target for everything that parses bytes from a card or from a
// host: response/command APDUs, DER headers, the JPKI host logic fed with
// hostile responses, and the virtual card fed with hostile commands.
// Run: card_apdu_fuzz -max_total_time=20 (CTest label "fuzz").
#include <cstddef>
#include <cstdint>
#include <span>

#include "card/apdu.h"
#include "card/jpki_card.h"
#include "card/tlv.h"
#include "card/virtual_card.h"

namespace {

using denen::card::Bytes;

// Replays the fuzz input as a sequence of card responses, each prefixed by
// one length byte; runs dry as a removed card.
class FuzzTransport final : public denen::card::CardTransport {
 public:
  explicit FuzzTransport(std::span<const uint8_t> data) : data_(data) {}
  denen::Result<Bytes> Transmit(std::span<const uint8_t>) override {
    if (data_.empty()) return denen::Fail(denen::Error::Unavailable("card_removed", "dry"));
    size_t n = data_[0];
    if (n == 255 && data_.size() > 2) n = 255 + data_[1];  // allow oversized responses
    data_ = data_.subspan(1);
    n = std::min(n, data_.size());
    Bytes out(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(n));
    data_ = data_.subspan(n);
    return out;
  }

 private:
  std::span<const uint8_t> data_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  (void)denen::card::ParseResponse(input);
  if (auto command = denen::card::DecodeCommand(input)) {
    // Whatever decodes must encode back to the same bytes (short form).
    auto encoded = denen::card::EncodeCommand(*command);
    if (encoded && *encoded != Bytes(input.begin(), input.end()) && input.size() > 4 && input.back() != 0) {
      // Le 00 and 256 are the same; only a mismatch elsewhere is a bug.
      __builtin_trap();
    }
  }
  (void)denen::card::ParseDerHeader(input, 8192);
  (void)denen::card::FirstDerElement(input, 8192);

  {
    FuzzTransport transport(input);
    denen::card::JpkiCard card(transport);
    (void)card.ReadCertificate();
    (void)card.QueryPin();
    (void)card.VerifyPin("1234");
    const uint8_t digest_info[51] = {0x30};
    (void)card.SignDigestInfo(digest_info);
  }

  static denen::card::VirtualJpkiCard* virtual_card = [] {
    denen::card::VirtualCardSpec spec;
    spec.auth_certificate = Bytes(600, 0x30);
    spec.auth_pin = "1234";
    return new denen::card::VirtualJpkiCard(std::move(spec));
  }();
  const Bytes response = virtual_card->Process(input);
  if (response.size() < 2 || response.size() > denen::card::kMaxShortResponse) __builtin_trap();
  return 0;
}
