// Test-only: one throw-away PKI per test process (test CA, foreign CA, and
// certificates that are good, expired, revoked, foreign-issued), generated
// at test time so no private key is ever committed.
#pragma once

#include <gtest/gtest.h>

#include "card/openssl_util.h"
#include "card/test_pki.h"
#include "card/virtual_card.h"

namespace denen::card::testing {

// 2026-11-18T11:06:40Z; all validity periods are relative to it.
inline constexpr int64_t kNow = 1795000000000;
inline constexpr int64_t kDay = 86'400'000;

struct TestPki {
  KeyAndCertificate ca;
  KeyAndCertificate foreign_ca;
  KeyAndCertificate good;
  KeyAndCertificate expired;
  KeyAndCertificate revoked;
  KeyAndCertificate foreign;  // same shape, issued by foreign_ca
  std::string ca_pem;
  std::string crl_pem;  // by ca, revoking `revoked`, issued a day before kNow

  static const TestPki& Get() {
    static const TestPki* pki = [] {
      auto* p = new TestPki;
      auto must = [](auto r) {
        if (!r) {
          ADD_FAILURE() << r.error().message;
          std::abort();
        }
        return std::move(*r);
      };
      const Validity ca_validity{kNow - 365 * kDay, kNow + 3650 * kDay};
      p->ca = must(MakeTestCa("JPKI TEST", ca_validity));
      p->foreign_ca = must(MakeTestCa("SOMEONE ELSE", ca_validity));
      const Validity valid{kNow - 30 * kDay, kNow + 1000 * kDay};
      p->good = must(IssueUserCertificate(p->ca, "GOODCARDHOLDERAAAAAAA", 1001, valid));
      EVP_PKEY* key = p->good.key.get();
      p->expired =
          must(IssueUserCertificate(p->ca, "EXPIREDHOLDERAAAAAAAA", 1002, {kNow - 2000 * kDay, kNow - kDay}, key));
      p->revoked = must(IssueUserCertificate(p->ca, "REVOKEDHOLDERAAAAAAAA", 1003, valid, key));
      p->foreign = must(IssueUserCertificate(p->foreign_ca, "FOREIGNHOLDERAAAAAAAA", 1001, valid, key));
      p->ca_pem = detail::CertificateToPem(p->ca.cert.get());
      const uint64_t revoked[] = {1003};
      p->crl_pem = must(MakeCrlPem(p->ca, revoked, kNow - kDay, kNow + 7 * kDay));
      return p;
    }();
    return *pki;
  }
};

inline detail::PkeyPtr ShareKey(EVP_PKEY* key) {
  EVP_PKEY_up_ref(key);
  return detail::PkeyPtr(key);
}

// A virtual card holding `user` (issued by the test CA) with PIN 1234.
inline VirtualCardSpec CardSpec(const KeyAndCertificate& user, std::string pin = "1234") {
  VirtualCardSpec spec;
  spec.auth_certificate = detail::CertificateToDer(user.cert.get());
  spec.auth_ca_certificate = detail::CertificateToDer(TestPki::Get().ca.cert.get());
  spec.auth_key = ShareKey(user.key.get());
  spec.auth_pin = std::move(pin);
  spec.sign_password = "SIGN1234";
  return spec;
}

}  // namespace denen::card::testing
