#include "card/certificate.h"

#include <gtest/gtest.h>

#include "card/card_test_support.h"

namespace denen::card {
namespace {

using testing::kDay;
using testing::kNow;
using testing::TestPki;

Bytes Der(const KeyAndCertificate& k) { return detail::CertificateToDer(k.cert.get()); }

std::shared_ptr<const CertificateVerifier> MakeVerifier(const Clock& clock, TrustOptions options = {}) {
  const auto& pki = TestPki::Get();
  if (options.trust_anchors_pem.empty()) options.trust_anchors_pem = pki.ca_pem;
  if (options.crls_pem.empty()) options.crls_pem = pki.crl_pem;
  auto verifier = CertificateVerifier::Create(std::move(options), clock);
  EXPECT_TRUE(verifier) << verifier.error().message;
  return *verifier;
}

std::string RefusalCode(const CertificateVerifier& verifier, const KeyAndCertificate& cert) {
  auto result = verifier.Verify(Der(cert));
  return result ? "accepted" : result.error().code;
}

TEST(CertificateVerifier, AcceptsAGoodCertificate) {
  FakeClock clock(kNow);
  auto verifier = MakeVerifier(clock);
  auto info = verifier->Verify(Der(TestPki::Get().good));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->serial_hex, "03E9");
  EXPECT_EQ(info->subject, "CN=GOODCARDHOLDERAAAAAAA,C=JP");
  EXPECT_NE(info->issuer.find("O=JPKI TEST"), std::string::npos);
}

TEST(CertificateVerifier, RefusesExpiredRevokedAndForeign) {
  FakeClock clock(kNow);
  auto verifier = MakeVerifier(clock);
  const auto& pki = TestPki::Get();
  EXPECT_EQ(RefusalCode(*verifier, pki.expired), "certificate_expired");
  EXPECT_EQ(RefusalCode(*verifier, pki.revoked), "certificate_revoked");
  EXPECT_EQ(RefusalCode(*verifier, pki.foreign), "certificate_unknown_issuer");
  EXPECT_EQ(RefusalCode(*verifier, pki.foreign_ca), "certificate_unknown_issuer");
  auto refused = verifier->Verify(Der(pki.revoked));
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(refused.error().message, "the certificate has been revoked");
}

TEST(CertificateVerifier, ExpiryFollowsTheInjectedClock) {
  FakeClock clock(kNow);
  // Without revocation checks, so that only the certificate's own validity
  // decides (the CRL would expire first).
  TrustOptions options;
  options.trust_anchors_pem = TestPki::Get().ca_pem;
  options.require_revocation_check = false;
  auto verifier = *CertificateVerifier::Create(options, clock);
  const auto& good = TestPki::Get().good;
  EXPECT_EQ(RefusalCode(*verifier, good), "accepted");
  clock.Set(kNow + 1001 * kDay);
  EXPECT_EQ(RefusalCode(*verifier, good), "certificate_expired");
  clock.Set(kNow - 31 * kDay);
  EXPECT_EQ(RefusalCode(*verifier, good), "certificate_not_yet_valid");
}

TEST(CertificateVerifier, RevocationDataIsRequiredAndMustBeFresh) {
  FakeClock clock(kNow);
  const auto& pki = TestPki::Get();
  TrustOptions no_crl;
  no_crl.trust_anchors_pem = pki.ca_pem;
  no_crl.crls_pem = "";
  auto verifier = CertificateVerifier::Create(no_crl, clock);
  ASSERT_TRUE(verifier);
  EXPECT_EQ(RefusalCode(**verifier, pki.good), "revocation_data_missing");

  TrustOptions strict;
  strict.crl_max_age_millis = kDay / 2;  // the CRL is a day old
  auto strict_verifier = MakeVerifier(clock, strict);
  EXPECT_EQ(RefusalCode(*strict_verifier, pki.good), "revocation_data_stale");

  clock.Set(kNow + 8 * kDay);  // past the CRL's nextUpdate
  auto lenient = MakeVerifier(clock);
  EXPECT_EQ(RefusalCode(*lenient, pki.good), "revocation_data_stale");
}

TEST(CertificateVerifier, PolicyOidIsCheckedWhenConfigured) {
  FakeClock clock(kNow);
  TrustOptions production;
  production.required_policy_oid = "1.2.392.200149.8.5.1.3.30";
  EXPECT_EQ(RefusalCode(*MakeVerifier(clock, production), TestPki::Get().good), "certificate_policy_mismatch");
  TrustOptions test;
  test.required_policy_oid = kVirtualCardPolicyOid;
  EXPECT_EQ(RefusalCode(*MakeVerifier(clock, test), TestPki::Get().good), "accepted");
}

TEST(CertificateVerifier, RefusesGarbage) {
  FakeClock clock(kNow);
  auto verifier = MakeVerifier(clock);
  EXPECT_EQ(verifier->Verify(Bytes{0x30, 0x03, 1, 2, 3}).error().code, "malformed_certificate");
  Bytes trailing = Der(TestPki::Get().good);
  trailing.push_back(0);
  EXPECT_EQ(verifier->Verify(trailing).error().code, "malformed_certificate");
  EXPECT_FALSE(CertificateVerifier::Create(TrustOptions{}, clock));
}

// JPKI's 2015 and 2023 auth roots share one DN; chains are told apart by key.
TEST(CertificateVerifier, TwoGenerationsOfTheSameCaDn) {
  FakeClock clock(kNow);
  const auto& pki = TestPki::Get();
  auto next_generation = MakeTestCa("JPKI TEST", {kNow - kDay, kNow + 3650 * kDay});
  ASSERT_TRUE(next_generation);
  ASSERT_EQ(X509_NAME_cmp(X509_get_subject_name(next_generation->cert.get()), X509_get_subject_name(pki.ca.cert.get())),
            0);
  auto user = IssueUserCertificate(*next_generation, "NEXTGENERATIONHOLDERA", 7, {kNow - kDay, kNow + 100 * kDay},
                                   pki.good.key.get());
  ASSERT_TRUE(user);
  TrustOptions options;
  options.trust_anchors_pem = pki.ca_pem + detail::CertificateToPem(next_generation->cert.get());
  options.crls_pem = *MakeCrlPem(*next_generation, {}, kNow - kDay, kNow + 7 * kDay) + pki.crl_pem;
  auto verifier = CertificateVerifier::Create(options, clock);
  ASSERT_TRUE(verifier) << verifier.error().message;
  EXPECT_EQ(RefusalCode(**verifier, *user), "accepted");
  EXPECT_EQ(RefusalCode(**verifier, pki.good), "accepted");
  EXPECT_EQ(RefusalCode(**verifier, pki.revoked), "certificate_revoked");
}

TEST(IdentityKey, IsSaltedPerMunicipality) {
  auto info = ParseCertificate(Der(TestPki::Get().good));
  ASSERT_TRUE(info);
  const std::string a = IdentityKey(*info, "062090-salt");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, IdentityKey(*info, "062090-salt"));
  EXPECT_NE(a, IdentityKey(*info, "131016-salt"));
  // The same key in a renewed certificate maps to the same identity key;
  // a different key does not.
  auto expired = ParseCertificate(Der(TestPki::Get().expired));
  EXPECT_EQ(a, IdentityKey(*expired, "062090-salt"));
  auto ca = ParseCertificate(Der(TestPki::Get().ca));
  EXPECT_NE(a, IdentityKey(*ca, "062090-salt"));
}

}  // namespace
}  // namespace denen::card
