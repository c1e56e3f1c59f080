// Owning pointers and small conversions around OpenSSL, for this module only.
// OpenSSL errors become Error values with the library's reason text.
// Functions are safe for concurrent use on distinct objects.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "card/apdu.h"
#include "core/error.h"

namespace denen::card::detail {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct X509CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using X509CrlPtr = std::unique_ptr<X509_CRL, X509CrlFree>;

// Drains OpenSSL's error queue into "what: reason".
Error OpenSslError(std::string code, std::string_view what);

Result<X509Ptr> CertificateFromDer(std::span<const uint8_t> der);
// Every certificate in a PEM text.
Result<std::vector<X509Ptr>> CertificatesFromPem(std::string_view pem);
Result<std::vector<X509CrlPtr>> CrlsFromPem(std::string_view pem);
Result<PkeyPtr> PrivateKeyFromPem(std::string_view pem);

Bytes CertificateToDer(X509* cert);
std::string CertificateToPem(X509* cert);
std::string CrlToPem(X509_CRL* crl);
std::string PrivateKeyToPem(EVP_PKEY* key);

// ASN1_TIME → milliseconds since the epoch.
Result<int64_t> AsnTimeToMillis(const ASN1_TIME* t);

Result<std::string> ReadTextFile(const std::string& path);

}  // namespace denen::card::detail
