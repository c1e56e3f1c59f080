// Checks a JPKI user-authentication certificate: chain to configured trust
// anchors, validity at the injected clock's time, revocation against CRL
// files (with a maximum age for offline sites), and the card's signature over
// a server challenge. Refusals carry a stable code naming the reason.
// A CertificateVerifier is immutable after Create and safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "card/apdu.h"
#include "core/clock.h"
#include "core/error.h"

namespace denen::card {

// What identification needs from a certificate, and not more.
struct CertificateInfo {
  std::string serial_hex;  // uppercase hex of the CA-assigned serial (発行番号)
  std::string issuer;      // RFC 2253 form
  std::string subject;     // RFC 2253 form (an opaque CN on real cards)
  int64_t not_before_millis = 0;
  int64_t not_after_millis = 0;
  Bytes public_key_der;  // SubjectPublicKeyInfo
  Bytes der;             // the certificate itself, for signature checks only
};

Result<CertificateInfo> ParseCertificate(std::span<const uint8_t> der);

// The identity key stored per resident: lowercase hex SHA-256 of
// salt ‖ SubjectPublicKeyInfo, with a salt per municipality so keys cannot
// be joined across municipalities.
std::string IdentityKey(const CertificateInfo& cert, std::string_view municipality_salt);

// RSASSA-PKCS1-v1_5 with SHA-256 over `message`, by the certificate's key.
// "signature_invalid" when it does not verify.
Result<void> VerifySha256Signature(const CertificateInfo& cert, std::span<const uint8_t> message,
                                   std::span<const uint8_t> signature);

struct TrustOptions {
  std::string trust_anchors_pem;  // one or more CA certificates
  std::string crls_pem;           // zero or more CRLs (PEM)
  // Without a CRL for the issuer every certificate is refused
  // ("revocation_data_missing"); §38-4 requires a check on every PIN-less use.
  // When false, CRLs that are given are still enforced for their issuers.
  bool require_revocation_check = true;
  // A CRL whose thisUpdate is older than this is refused as stale; for kiosks
  // and doors that work from a cached copy.
  std::optional<int64_t> crl_max_age_millis;
  // When set, the certificate must carry this policy OID
  // (1.2.392.200149.8.5.1.3.30 for real 利用者証明用 certificates).
  std::string required_policy_oid;
};

// Reads TrustOptions' PEM texts from files (trust anchors, optional CRL).
Result<TrustOptions> TrustOptionsFromFiles(const std::string& anchors_path, const std::string& crl_path);

class CertificateVerifier {
 public:
  // `clock` must outlive the verifier.
  static Result<std::shared_ptr<const CertificateVerifier>> Create(TrustOptions options, const Clock& clock);
  ~CertificateVerifier();

  // Refusal codes: certificate_expired, certificate_not_yet_valid,
  // certificate_revoked, certificate_unknown_issuer, certificate_bad_signature,
  // revocation_data_missing, revocation_data_stale, certificate_policy_mismatch,
  // certificate_rejected (anything else, with OpenSSL's reason).
  Result<CertificateInfo> Verify(std::span<const uint8_t> der) const;

 private:
  struct Impl;
  explicit CertificateVerifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace denen::card
