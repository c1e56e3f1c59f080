// Functional tests of card flows: the whole server in-process with [card]
// trusting the test PKI (card/card_test_support.h), the clock at its kNow,
// and helpers that make real card evidence with a virtual JPKI card (the same
// APDUs a reader would carry), as JSON for the API. Header-only.
#pragma once

#include <filesystem>
#include <fstream>

#include "card/card_identity.h"
#include "card/card_test_support.h"
#include "card/in_process_transport.h"
#include "core/base64.h"
#include "identity/card_resolver.h"
#include "tests/functional/app_test_support.h"

namespace denen::testing {

class CardAppTest : public AppTest {
 protected:
  void SetUp() override {
    const auto& pki = card::testing::TestPki::Get();
    dir_ = std::filesystem::temp_directory_path() / ("denen-card-" + RandomHex(8));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "ca.pem") << pki.ca_pem;
    std::ofstream(dir_ / "crl.pem") << pki.crl_pem;
    config_.card_trust_anchors_file = (dir_ / "ca.pem").string();
    config_.card_crl_file = (dir_ / "crl.pem").string();
    clock_.Set(card::testing::kNow);
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NE(app_->cards, nullptr);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A PIN-less tap of a card holding `user`.
  static nlohmann::json TapJson(const card::KeyAndCertificate& user) {
    const card::Bytes der = card::detail::CertificateToDer(user.cert.get());
    return {{"certificate", Base64Encode(der)}};
  }

  // A tap + PIN over a fresh challenge of this server; `pin` is what the
  // resident types (the virtual card's PIN is 1234).
  nlohmann::json TapWithPinJson(const card::KeyAndCertificate& user, std::string_view pin = "1234") {
    card::VirtualJpkiCard virtual_card(card::testing::CardSpec(user));
    card::InProcessTransport transport(virtual_card);
    card::JpkiCard reader(transport);
    const card::Bytes challenge = app_->cards->NewChallenge();
    auto evidence = card::CollectPinEvidence(reader, pin, challenge);
    EXPECT_TRUE(evidence.has_value()) << evidence.error().message;
    if (!evidence) return nullptr;
    return {{"certificate", Base64Encode(evidence->certificate)},
            {"challenge", Base64Encode(evidence->challenge)},
            {"signature", Base64Encode(evidence->signature)}};
  }

  std::filesystem::path dir_;
};

}  // namespace denen::testing
