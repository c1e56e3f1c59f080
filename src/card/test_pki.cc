#include "card/test_pki.h"

#include <openssl/rsa.h>
#include <openssl/x509v3.h>

namespace denen::card {

namespace {

using detail::OpenSslError;

bool SetValidity(X509* cert, Validity v) {
  return ASN1_TIME_set(X509_getm_notBefore(cert), static_cast<time_t>(v.not_before_millis / 1000)) &&
         ASN1_TIME_set(X509_getm_notAfter(cert), static_cast<time_t>(v.not_after_millis / 1000));
}

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

bool AddPolicy(X509* cert, const char* oid) {
  CERTIFICATEPOLICIES* policies = sk_POLICYINFO_new_null();
  POLICYINFO* info = POLICYINFO_new();
  ASN1_OBJECT_free(info->policyid);
  info->policyid = OBJ_txt2obj(oid, 1);
  sk_POLICYINFO_push(policies, info);
  const bool ok = info->policyid != nullptr &&
                  X509_add1_ext_i2d(cert, NID_certificate_policies, policies, 0, X509V3_ADD_DEFAULT) == 1;
  CERTIFICATEPOLICIES_free(policies);
  return ok;
}

bool AddEntry(X509_NAME* name, const char* field, std::string_view value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.data()),
                                    static_cast<int>(value.size()), -1, 0) == 1;
}

}  // namespace

Result<detail::PkeyPtr> GenerateRsaKey(int bits) {
  detail::PkeyPtr key(EVP_RSA_gen(static_cast<unsigned>(bits)));
  if (!key) return Fail(OpenSslError("keygen_failed", "RSA key generation"));
  return key;
}

Result<KeyAndCertificate> MakeTestCa(std::string_view organization, Validity validity) {
  DENEN_TRY(key, GenerateRsaKey());
  detail::X509Ptr cert(X509_new());
  X509_NAME* name = X509_NAME_new();
  bool ok = AddEntry(name, "C", "JP") && AddEntry(name, "O", organization) &&
            AddEntry(name, "OU", "Denen virtual card TEST CA for user authentication");
  ok = ok && X509_set_version(cert.get(), 2) && ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) &&
       X509_set_subject_name(cert.get(), name) && X509_set_issuer_name(cert.get(), name) &&
       SetValidity(cert.get(), validity) && X509_set_pubkey(cert.get(), key.get());
  X509_NAME_free(name);
  ok = ok && AddExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE") &&
       AddExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") &&
       AddExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash") &&
       X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) return Fail(OpenSslError("ca_creation_failed", "test CA"));
  return KeyAndCertificate{std::move(key), std::move(cert)};
}

Result<KeyAndCertificate> IssueUserCertificate(const KeyAndCertificate& ca, std::string_view cn, uint64_t serial,
                                               Validity validity, EVP_PKEY* reuse_key) {
  detail::PkeyPtr key;
  if (reuse_key != nullptr) {
    EVP_PKEY_up_ref(reuse_key);
    key.reset(reuse_key);
  } else {
    DENEN_TRY(fresh, GenerateRsaKey());
    key = std::move(fresh);
  }
  detail::X509Ptr cert(X509_new());
  X509_NAME* name = X509_NAME_new();
  bool ok = AddEntry(name, "C", "JP") && AddEntry(name, "CN", cn);
  ASN1_INTEGER* serial_asn = ASN1_INTEGER_new();
  ok = ok && ASN1_INTEGER_set_uint64(serial_asn, serial) && X509_set_serialNumber(cert.get(), serial_asn);
  ASN1_INTEGER_free(serial_asn);
  ok = ok && X509_set_version(cert.get(), 2) && X509_set_subject_name(cert.get(), name) &&
       X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.cert.get())) && SetValidity(cert.get(), validity) &&
       X509_set_pubkey(cert.get(), key.get());
  X509_NAME_free(name);
  ok = ok && AddExtension(cert.get(), ca.cert.get(), NID_key_usage, "critical,digitalSignature") &&
       AddExtension(cert.get(), ca.cert.get(), NID_authority_key_identifier, "keyid:always") &&
       AddPolicy(cert.get(), kVirtualCardPolicyOid) && X509_sign(cert.get(), ca.key.get(), EVP_sha256()) > 0;
  if (!ok) return Fail(OpenSslError("issue_failed", "user certificate"));
  return KeyAndCertificate{std::move(key), std::move(cert)};
}

Result<std::string> MakeCrlPem(const KeyAndCertificate& ca, std::span<const uint64_t> revoked,
                               int64_t this_update_millis, int64_t next_update_millis) {
  detail::X509CrlPtr crl(X509_CRL_new());
  ASN1_TIME* last = ASN1_TIME_set(nullptr, static_cast<time_t>(this_update_millis / 1000));
  ASN1_TIME* next = ASN1_TIME_set(nullptr, static_cast<time_t>(next_update_millis / 1000));
  bool ok = X509_CRL_set_version(crl.get(), 1) &&
            X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.cert.get())) &&
            X509_CRL_set1_lastUpdate(crl.get(), last) && X509_CRL_set1_nextUpdate(crl.get(), next);
  for (uint64_t serial : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    ASN1_INTEGER* s = ASN1_INTEGER_new();
    ok = ok && ASN1_INTEGER_set_uint64(s, serial) && X509_REVOKED_set_serialNumber(entry, s) &&
         X509_REVOKED_set_revocationDate(entry, last) && X509_CRL_add0_revoked(crl.get(), entry);
    ASN1_INTEGER_free(s);
  }
  ASN1_TIME_free(last);
  ASN1_TIME_free(next);
  // The authority key identifier tells CRLs of two CA generations with one DN apart.
  AUTHORITY_KEYID* akid = AUTHORITY_KEYID_new();
  const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(ca.cert.get());
  akid->keyid = ski != nullptr ? ASN1_OCTET_STRING_dup(ski) : nullptr;
  ok = ok && akid->keyid != nullptr && X509_CRL_add1_ext_i2d(crl.get(), NID_authority_key_identifier, akid, 0, 0) == 1;
  AUTHORITY_KEYID_free(akid);
  ok = ok && X509_CRL_sort(crl.get()) && X509_CRL_sign(crl.get(), ca.key.get(), EVP_sha256()) > 0;
  if (!ok) return Fail(OpenSslError("crl_creation_failed", "test CRL"));
  return detail::CrlToPem(crl.get());
}

}  // namespace denen::card
