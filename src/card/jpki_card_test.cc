#include "card/jpki_card.h"

#include <gtest/gtest.h>

#include <deque>
#include <functional>

#include "card/card_test_support.h"
#include "card/certificate.h"
#include "card/in_process_transport.h"

namespace denen::card {
namespace {

using testing::CardSpec;
using testing::TestPki;

// Answers each command with the next scripted response, or with what the
// responder function makes of it.
class ScriptedTransport final : public CardTransport {
 public:
  explicit ScriptedTransport(std::function<Bytes(const Bytes&)> respond) : respond_(std::move(respond)) {}
  Result<Bytes> Transmit(std::span<const uint8_t> command) override {
    return respond_(Bytes(command.begin(), command.end()));
  }

 private:
  std::function<Bytes(const Bytes&)> respond_;
};

// A card that behaves except for READ BINARY, which `read` answers.
ScriptedTransport CardWithReads(std::function<Bytes(const Bytes&)> read) {
  return ScriptedTransport([read](const Bytes& c) {
    if (c.size() >= 2 && c[1] == 0xB0) return read(c);
    return Bytes{0x90, 0x00};
  });
}

TEST(JpkiCard, ReadsTheAuthenticationCertificateInChunks) {
  const auto& pki = TestPki::Get();
  VirtualJpkiCard virtual_card(CardSpec(pki.good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  auto der = card.ReadCertificate();
  ASSERT_TRUE(der) << der.error().message;
  EXPECT_EQ(*der, detail::CertificateToDer(pki.good.cert.get()));
  // SELECT AP, SELECT EF, a header read, then ceil((size - 7) / 256) chunks.
  const int chunks = static_cast<int>((der->size() - 7 + 255) / 256);
  EXPECT_EQ(transport.TEST_Transmitted(), 3 + chunks);
  auto info = ParseCertificate(*der);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->serial_hex, "03E9");
}

TEST(JpkiCard, PinCountsDownThenBlocks) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  for (int expected : {2, 1, 0}) {
    auto status = card.VerifyPin("9999");
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_FALSE(status->verified);
    EXPECT_EQ(status->tries_left, expected);
    EXPECT_EQ(status->blocked, expected == 0);
  }
  // Blocked: even the right PIN is refused (69 83), and the query says 0.
  auto after = card.VerifyPin("1234");
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->verified);
  EXPECT_TRUE(after->blocked);
  auto query = card.QueryPin();
  ASSERT_TRUE(query);
  EXPECT_TRUE(query->blocked);
  EXPECT_EQ(query->tries_left, 0);
}

TEST(JpkiCard, RightPinResetsTheCounter) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  ASSERT_EQ(card.VerifyPin("0000")->tries_left, 2);
  auto ok = card.VerifyPin("1234");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->verified);
  EXPECT_EQ(virtual_card.AuthPinTriesLeft(), 3);
}

TEST(JpkiCard, QueryingTriesLeftNeverConsumesATry) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  ASSERT_EQ(card.VerifyPin("0000")->tries_left, 2);
  for (int i = 0; i < 10; ++i) {
    auto status = card.QueryPin();
    ASSERT_TRUE(status);
    EXPECT_EQ(status->tries_left, 2);
    EXPECT_FALSE(status->verified);
  }
  EXPECT_EQ(virtual_card.AuthPinTriesLeft(), 2);
}

TEST(JpkiCard, SignsOnlyAfterThePin) {
  const auto& pki = TestPki::Get();
  VirtualJpkiCard virtual_card(CardSpec(pki.good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  const Bytes challenge(32, 0x42);
  auto refused = card.SignSha256(challenge);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "pin_not_verified");

  ASSERT_TRUE(card.VerifyPin("1234")->verified);
  auto signature = card.SignSha256(challenge);
  ASSERT_TRUE(signature) << signature.error().message;
  EXPECT_EQ(signature->size(), 256u);
  auto info = ParseCertificate(detail::CertificateToDer(pki.good.cert.get()));
  ASSERT_TRUE(info);
  EXPECT_TRUE(VerifySha256Signature(*info, challenge, *signature));
  const Bytes other(32, 0x43);
  auto mismatch = VerifySha256Signature(*info, other, *signature);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, "signature_invalid");
}

TEST(JpkiCard, CardRemovedMidReadIsAnError) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  // Pull the card after the header read.
  int reads = 0;
  ScriptedTransport flaky([&](const Bytes& c) -> Bytes {
    if (c[1] == 0xB0 && ++reads == 2) transport.TEST_RemoveCard();
    auto r = transport.Transmit(c);
    return r ? *r : Bytes{};
  });
  JpkiCard card(flaky);
  auto der = card.ReadCertificate();
  ASSERT_FALSE(der);

  InProcessTransport removed(virtual_card);
  removed.TEST_RemoveCard();
  JpkiCard gone(removed);
  auto error = gone.ReadCertificate();
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code, "card_removed");
}

TEST(JpkiCard, NotAJpkiCard) {
  ScriptedTransport other([](const Bytes&) { return Bytes{0x6A, 0x82}; });
  JpkiCard card(other);
  EXPECT_EQ(card.SelectApplication().error().code, "not_a_jpki_card");
}

TEST(JpkiCardMalformed, TruncatedResponse) {
  auto transport = CardWithReads([](const Bytes&) { return Bytes{0x90}; });
  JpkiCard card(transport);
  EXPECT_EQ(card.ReadCertificate().error().code, "malformed_response");
}

TEST(JpkiCardMalformed, MoreDataThanLe) {
  auto transport = CardWithReads([](const Bytes& c) {
    Bytes r(c.back() + 1u, 0x30);
    r.push_back(0x90);
    r.push_back(0x00);
    return r;
  });
  JpkiCard card(transport);
  EXPECT_EQ(card.ReadCertificate().error().code, "malformed_response");
}

TEST(JpkiCardMalformed, HugeLengthField) {
  auto transport =
      CardWithReads([](const Bytes&) { return Bytes{0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x90, 0x00}; });
  JpkiCard card(transport);
  EXPECT_EQ(card.ReadCertificate().error().code, "malformed_tlv");
}

TEST(JpkiCardMalformed, NotASequence) {
  auto transport = CardWithReads([](const Bytes&) { return Bytes{0x04, 0x82, 0x01, 0x00, 0, 0, 0, 0x90, 0x00}; });
  JpkiCard card(transport);
  EXPECT_EQ(card.ReadCertificate().error().code, "malformed_certificate");
}

TEST(JpkiCardMalformed, FileEndsBeforeTheCertificate) {
  auto transport = CardWithReads([](const Bytes& c) {
    if (c[2] == 0 && c[3] == 0) return Bytes{0x30, 0x82, 0x04, 0x00, 1, 2, 3, 0x90, 0x00};
    return Bytes{0x62, 0x82};  // end of file, no data
  });
  JpkiCard card(transport);
  EXPECT_EQ(card.ReadCertificate().error().code, "malformed_response");
}

TEST(JpkiCardMalformed, EndlessGetResponseIsCut) {
  ScriptedTransport transport([](const Bytes&) { return Bytes{0x00, 0x61, 0x01}; });
  JpkiCard card(transport);
  EXPECT_FALSE(card.SelectApplication());
}

TEST(JpkiCardMalformed, WrongSignatureLengthAndOddPinAnswers) {
  ScriptedTransport transport([](const Bytes& c) -> Bytes {
    if (c[1] == 0x2A) return Bytes{1, 2, 3, 0x90, 0x00};
    if (c[1] == 0x20) return Bytes{0x12, 0x63, 0xC2};  // data where none belongs
    return Bytes{0x90, 0x00};
  });
  JpkiCard card(transport);
  EXPECT_EQ(card.SignSha256(Bytes{1}).error().code, "malformed_response");
  EXPECT_EQ(card.QueryPin().error().code, "malformed_response");
}

TEST(VirtualJpkiCard, AnswersUnknownThingsWithIsoErrors) {
  VirtualJpkiCard card(CardSpec(TestPki::Get().good));
  // Probes OpenSC sends before its jpki driver matches (vpcd.md §4).
  EXPECT_EQ(card.Process(Bytes{0x00, 0xA4, 0x04, 0x00, 0x07, 0x62, 0x76, 0x01, 0xFF, 0, 0, 0}), (Bytes{0x6A, 0x82}));
  EXPECT_EQ(card.Process(Bytes{0x00, 0xCA, 0xDF, 0x30, 0x05}), (Bytes{0x6D, 0x00}));
  // The 券面 APs do not exist on the virtual card.
  auto kenhojo = EncodeCommand(*SelectApplet(Applet::kKenhojo));
  EXPECT_EQ(card.Process(*kenhojo), (Bytes{0x6A, 0x82}));
  EXPECT_EQ(card.Process(Bytes{0x00}), (Bytes{0x67, 0x00}));
}

}  // namespace
}  // namespace denen::card
