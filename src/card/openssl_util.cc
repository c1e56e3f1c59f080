#include "card/openssl_util.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <ctime>
#include <fstream>
#include <sstream>

namespace denen::card::detail {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

BioPtr MemoryBio(std::string_view text) { return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size()))); }

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

Error OpenSslError(std::string code, std::string_view what) {
  std::string message(what);
  unsigned long e;
  bool first = true;
  while ((e = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    message += first ? ": " : "; ";
    message += buf;
    first = false;
  }
  return Error::Invalid(std::move(code), std::move(message));
}

Result<X509Ptr> CertificateFromDer(std::span<const uint8_t> der) {
  if (der.size() > (1u << 20)) return Fail(Error::Invalid("malformed_certificate", "too large"));
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) return Fail(OpenSslError("malformed_certificate", "not an X.509 certificate"));
  if (p != der.data() + der.size()) {
    return Fail(Error::Invalid("malformed_certificate", "trailing bytes after the certificate"));
  }
  return cert;
}

Result<std::vector<X509Ptr>> CertificatesFromPem(std::string_view pem) {
  BioPtr bio = MemoryBio(pem);
  std::vector<X509Ptr> out;
  while (X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(c);
  ERR_clear_error();  // the loop ends on "no start line"
  if (out.empty()) return Fail(Error::Invalid("malformed_certificate", "no PEM certificate"));
  return out;
}

Result<std::vector<X509CrlPtr>> CrlsFromPem(std::string_view pem) {
  BioPtr bio = MemoryBio(pem);
  std::vector<X509CrlPtr> out;
  while (X509_CRL* c = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)) {
    out.emplace_back(c);
  }
  ERR_clear_error();
  if (out.empty()) return Fail(Error::Invalid("malformed_crl", "no PEM CRL"));
  return out;
}

Result<PkeyPtr> PrivateKeyFromPem(std::string_view pem) {
  BioPtr bio = MemoryBio(pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return Fail(OpenSslError("malformed_key", "no PEM private key"));
  return key;
}

Bytes CertificateToDer(X509* cert) {
  unsigned char* buf = nullptr;
  const int n = i2d_X509(cert, &buf);
  if (n <= 0) return {};
  Bytes out(buf, buf + n);
  OPENSSL_free(buf);
  return out;
}

std::string CertificateToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return BioContents(bio.get());
}

std::string CrlToPem(X509_CRL* crl) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), crl);
  return BioContents(bio.get());
}

std::string PrivateKeyToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return BioContents(bio.get());
}

Result<int64_t> AsnTimeToMillis(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    return Fail(Error::Invalid("malformed_time", "unreadable ASN.1 time"));
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound("file_not_found", "cannot open " + path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace denen::card::detail
