#include "card/certificate.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "card/openssl_util.h"

namespace denen::card {

namespace {

using detail::X509CrlPtr;
using detail::X509Ptr;

std::string NameText(const X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

Error Refused(std::string code, std::string message) {
  return Error{ErrorKind::kForbidden, std::move(code), std::move(message)};
}

Result<CertificateInfo> InfoFrom(X509* cert, std::span<const uint8_t> der) {
  CertificateInfo info;
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
  if (serial == nullptr) return Fail(detail::OpenSslError("malformed_certificate", "serial"));
  char* hex = BN_bn2hex(serial);
  info.serial_hex = hex;
  OPENSSL_free(hex);
  BN_free(serial);
  info.issuer = NameText(X509_get_issuer_name(cert));
  info.subject = NameText(X509_get_subject_name(cert));
  DENEN_TRY(not_before, detail::AsnTimeToMillis(X509_get0_notBefore(cert)));
  DENEN_TRY(not_after, detail::AsnTimeToMillis(X509_get0_notAfter(cert)));
  info.not_before_millis = not_before;
  info.not_after_millis = not_after;
  unsigned char* spki = nullptr;
  const int n = i2d_PUBKEY(X509_get0_pubkey(cert), &spki);
  if (n <= 0) return Fail(detail::OpenSslError("malformed_certificate", "public key"));
  info.public_key_der.assign(spki, spki + n);
  OPENSSL_free(spki);
  info.der.assign(der.begin(), der.end());
  return info;
}

bool HasPolicy(X509* cert, const std::string& oid) {
  auto* policies =
      static_cast<CERTIFICATEPOLICIES*>(X509_get_ext_d2i(cert, NID_certificate_policies, nullptr, nullptr));
  if (policies == nullptr) return false;
  bool found = false;
  for (int i = 0; i < sk_POLICYINFO_num(policies) && !found; ++i) {
    char buf[128];
    OBJ_obj2txt(buf, sizeof buf, sk_POLICYINFO_value(policies, i)->policyid, 1);
    found = oid == buf;
  }
  CERTIFICATEPOLICIES_free(policies);
  return found;
}

Error MapVerifyError(int code) {
  const std::string reason = X509_verify_cert_error_string(code);
  switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return Refused("certificate_expired", "the certificate has expired");
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return Refused("certificate_not_yet_valid", "the certificate is not valid yet");
    case X509_V_ERR_CERT_REVOKED:
      return Refused("certificate_revoked", "the certificate has been revoked");
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return Refused("certificate_unknown_issuer", "the certificate was not issued by a trusted CA (" + reason + ")");
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return Refused("certificate_bad_signature", "the certificate's signature is invalid");
    case X509_V_ERR_UNABLE_TO_GET_CRL:
      return Refused("revocation_data_missing", "no revocation list for the certificate's CA");
    case X509_V_ERR_CRL_HAS_EXPIRED:
      return Refused("revocation_data_stale", "the revocation list is past its nextUpdate");
    default:
      return Refused("certificate_rejected", "certificate refused: " + reason);
  }
}

}  // namespace

Result<CertificateInfo> ParseCertificate(std::span<const uint8_t> der) {
  DENEN_TRY(cert, detail::CertificateFromDer(der));
  return InfoFrom(cert.get(), der);
}

std::string IdentityKey(const CertificateInfo& cert, std::string_view municipality_salt) {
  Bytes input(municipality_salt.begin(), municipality_salt.end());
  input.insert(input.end(), cert.public_key_der.begin(), cert.public_key_der.end());
  uint8_t hash[SHA256_DIGEST_LENGTH];
  SHA256(input.data(), input.size(), hash);
  return ToHex(hash);
}

Result<void> VerifySha256Signature(const CertificateInfo& cert, std::span<const uint8_t> message,
                                   std::span<const uint8_t> signature) {
  const unsigned char* p = cert.public_key_der.data();
  detail::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(cert.public_key_der.size())));
  if (!key) return Fail(detail::OpenSslError("malformed_certificate", "public key"));
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return Fail(Refused("signature_invalid", "the certificate key is not RSA"));
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
                  EVP_DigestVerify(ctx, signature.data(), signature.size(), message.data(), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  ERR_clear_error();
  if (!ok) {
    return Fail(Refused("signature_invalid", "the card's signature over the challenge is invalid"));
  }
  return {};
}

Result<TrustOptions> TrustOptionsFromFiles(const std::string& anchors_path, const std::string& crl_path) {
  TrustOptions options;
  DENEN_TRY(anchors, detail::ReadTextFile(anchors_path));
  options.trust_anchors_pem = std::move(anchors);
  if (!crl_path.empty()) {
    DENEN_TRY(crls, detail::ReadTextFile(crl_path));
    options.crls_pem = std::move(crls);
  }
  return options;
}

struct CertificateVerifier::Impl {
  TrustOptions options;
  const Clock* clock = nullptr;
  X509_STORE* store = nullptr;
  std::vector<X509CrlPtr> crls;

  ~Impl() { X509_STORE_free(store); }
};

CertificateVerifier::CertificateVerifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CertificateVerifier::~CertificateVerifier() = default;

Result<std::shared_ptr<const CertificateVerifier>> CertificateVerifier::Create(TrustOptions options,
                                                                               const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->clock = &clock;
  impl->store = X509_STORE_new();
  DENEN_TRY(anchors, detail::CertificatesFromPem(options.trust_anchors_pem));
  for (auto& anchor : anchors) {
    if (X509_STORE_add_cert(impl->store, anchor.get()) != 1) {
      return Fail(detail::OpenSslError("bad_trust_anchor", "cannot add trust anchor"));
    }
  }
  if (!options.crls_pem.empty()) {
    DENEN_TRY(crls, detail::CrlsFromPem(options.crls_pem));
    for (auto& crl : crls) {
      if (X509_STORE_add_crl(impl->store, crl.get()) != 1) {
        return Fail(detail::OpenSslError("malformed_crl", "cannot add CRL"));
      }
    }
    impl->crls = std::move(crls);
  }
  impl->options = std::move(options);
  return std::shared_ptr<const CertificateVerifier>(new CertificateVerifier(std::move(impl)));
}

Result<CertificateInfo> CertificateVerifier::Verify(std::span<const uint8_t> der) const {
  DENEN_TRY(cert, detail::CertificateFromDer(der));
  const int64_t now_millis = impl_->clock->NowMillis();
  const bool check_crl = impl_->options.require_revocation_check || !impl_->crls.empty();

  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  if (ctx == nullptr || X509_STORE_CTX_init(ctx, impl_->store, cert.get(), nullptr) != 1) {
    X509_STORE_CTX_free(ctx);
    return Fail(detail::OpenSslError("verify_setup_failed", "X509_STORE_CTX"));
  }
  X509_STORE_CTX_set_time(ctx, 0, static_cast<time_t>(now_millis / 1000));
  if (check_crl) X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_CRL_CHECK);
  const int ok = X509_verify_cert(ctx);
  const int code = X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  ERR_clear_error();
  if (ok != 1) return Fail(MapVerifyError(code));

  if (check_crl && impl_->options.crl_max_age_millis) {
    bool fresh = false;
    for (const auto& crl : impl_->crls) {
      if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(cert.get())) != 0) {
        continue;
      }
      auto issued = detail::AsnTimeToMillis(X509_CRL_get0_lastUpdate(crl.get()));
      if (issued && now_millis - *issued <= *impl_->options.crl_max_age_millis) fresh = true;
    }
    if (!fresh) {
      return Fail(Refused("revocation_data_stale", "the revocation list is older than the configured maximum age"));
    }
  }
  if (!impl_->options.required_policy_oid.empty() && !HasPolicy(cert.get(), impl_->options.required_policy_oid)) {
    return Fail(
        Refused("certificate_policy_mismatch", "the certificate lacks policy " + impl_->options.required_policy_oid));
  }
  return InfoFrom(cert.get(), der);
}

}  // namespace denen::card
