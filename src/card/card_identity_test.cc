#include "card/card_identity.h"

#include <gtest/gtest.h>

#include "card/card_test_support.h"
#include "card/in_process_transport.h"

namespace denen::card {
namespace {

using testing::CardSpec;
using testing::kDay;
using testing::kNow;
using testing::TestPki;

class CardIdentityTest : public ::testing::Test {
 protected:
  CardIdentityTest() : clock_(kNow), challenges_(clock_, 60'000) {
    TrustOptions trust;
    trust.trust_anchors_pem = TestPki::Get().ca_pem;
    trust.crls_pem = TestPki::Get().crl_pem;
    trust.crl_max_age_millis = 2 * kDay;
    verifier_ =
        std::make_unique<CardIdentityVerifier>(*CertificateVerifier::Create(trust, clock_), challenges_, "062090-salt");
  }

  // Tap + PIN against a virtual card holding `user`.
  Result<CardIdentity> TapWithPin(const KeyAndCertificate& user, std::string_view pin) {
    VirtualJpkiCard virtual_card(CardSpec(user));
    InProcessTransport transport(virtual_card);
    JpkiCard card(transport);
    const Bytes challenge = challenges_.Issue();
    DENEN_TRY(evidence, CollectPinEvidence(card, pin, challenge));
    last_evidence_ = evidence;
    return verifier_->VerifyTapWithPin(evidence);
  }

  FakeClock clock_;
  ChallengeStore challenges_;
  std::unique_ptr<CardIdentityVerifier> verifier_;
  PinEvidence last_evidence_;
};

TEST_F(CardIdentityTest, TapWithPinIdentifiesTheHolder) {
  auto identity = TapWithPin(TestPki::Get().good, "1234");
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->assurance, Assurance::kTapWithPin);
  EXPECT_EQ(identity->certificate.serial_hex, "03E9");
  auto tap = verifier_->VerifyTap(last_evidence_.certificate);
  ASSERT_TRUE(tap);
  EXPECT_EQ(tap->assurance, Assurance::kTap);
  EXPECT_EQ(tap->identity_key, identity->identity_key);
}

TEST_F(CardIdentityTest, ReplayedChallengeIsRefused) {
  ASSERT_TRUE(TapWithPin(TestPki::Get().good, "1234"));
  auto replay = verifier_->VerifyTapWithPin(last_evidence_);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, "challenge_replayed");
}

TEST_F(CardIdentityTest, StaleChallengeIsRefused) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  const Bytes challenge = challenges_.Issue();
  auto evidence = CollectPinEvidence(card, "1234", challenge);
  ASSERT_TRUE(evidence);
  clock_.Advance(60'001);
  EXPECT_EQ(verifier_->VerifyTapWithPin(*evidence).error().code, "challenge_expired");
}

TEST_F(CardIdentityTest, SignatureFromAnotherKeyIsRefused) {
  auto evidence = [&] {
    VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
    InProcessTransport transport(virtual_card);
    JpkiCard card(transport);
    return *CollectPinEvidence(card, "1234", challenges_.Issue());
  }();
  // Someone presents a copied certificate with a signature by another key.
  const auto& ca = TestPki::Get().ca;
  VirtualCardSpec spec = CardSpec(TestPki::Get().good);
  spec.auth_key = testing::ShareKey(ca.key.get());
  VirtualJpkiCard impostor(std::move(spec));
  InProcessTransport transport(impostor);
  JpkiCard card(transport);
  ASSERT_TRUE(card.VerifyPin("1234")->verified);
  evidence.signature = *card.SignSha256(evidence.challenge);
  EXPECT_EQ(verifier_->VerifyTapWithPin(evidence).error().code, "signature_invalid");
}

TEST_F(CardIdentityTest, RefusedCertificatesNameTheReason) {
  EXPECT_EQ(TapWithPin(TestPki::Get().expired, "1234").error().code, "certificate_expired");
  EXPECT_EQ(TapWithPin(TestPki::Get().revoked, "1234").error().code, "certificate_revoked");
  EXPECT_EQ(TapWithPin(TestPki::Get().foreign, "1234").error().code, "certificate_unknown_issuer");
  clock_.Advance(2 * kDay);  // the CRL is now 3 days old, over the 2-day limit
  EXPECT_EQ(TapWithPin(TestPki::Get().good, "1234").error().code, "revocation_data_stale");
}

TEST_F(CardIdentityTest, WrongPinIsNeverRetried) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  auto wrong = CollectPinEvidence(card, "0000", challenges_.Issue());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "pin_wrong");
  EXPECT_EQ(wrong.error().message, "暗証番号が違います (残り 2 回)");
  EXPECT_EQ(virtual_card.AuthPinTriesLeft(), 2);
  EXPECT_EQ(CollectPinEvidence(card, "0000", challenges_.Issue()).error().code, "pin_wrong");

  // The last try needs the holder's confirmation; without it nothing is sent.
  EXPECT_EQ(CollectPinEvidence(card, "1234", challenges_.Issue()).error().code, "pin_last_try");
  EXPECT_EQ(virtual_card.AuthPinTriesLeft(), 1);
  EXPECT_EQ(CollectPinEvidence(card, "0000", challenges_.Issue(), true).error().code, "pin_blocked");
  // A blocked card gets no PIN at all, not even the right one.
  EXPECT_EQ(CollectPinEvidence(card, "1234", challenges_.Issue(), true).error().code, "pin_blocked");
  EXPECT_EQ(ToHex(transport.TEST_LastCommand()), "00200080");  // the query, not a VERIFY with data
}

TEST_F(CardIdentityTest, ConfirmedLastTryWithTheRightPinWorks) {
  VirtualJpkiCard virtual_card(CardSpec(TestPki::Get().good));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  ASSERT_EQ(card.VerifyPin("0000")->tries_left, 2);
  ASSERT_EQ(card.VerifyPin("0000")->tries_left, 1);
  auto evidence = CollectPinEvidence(card, "1234", challenges_.Issue(), true);
  ASSERT_TRUE(evidence) << evidence.error().message;
  EXPECT_EQ(virtual_card.AuthPinTriesLeft(), 3);
  EXPECT_TRUE(verifier_->VerifyTapWithPin(*evidence));
}

}  // namespace
}  // namespace denen::card
