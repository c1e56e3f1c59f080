// A throw-away PKI shaped like JPKI's user-authentication CA, for virtual
// cards and tests: a self-signed CA, end-entity certificates with RSA-2048
// keys, and CRLs. Nothing here is trusted in production (the policy OID marks
// the certificates as test ones). Safe for concurrent use on distinct objects.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "card/openssl_util.h"
#include "core/error.h"

namespace denen::card {

// Assumed shape of a JPKI test-environment auth policy; production configs
// require 1.2.392.200149.8.5.1.3.30, which virtual cards never carry.
inline constexpr const char* kVirtualCardPolicyOid = "1.2.392.200149.8.5.1.0.30";

struct KeyAndCertificate {
  detail::PkeyPtr key;
  detail::X509Ptr cert;
};

struct Validity {
  int64_t not_before_millis = 0;
  int64_t not_after_millis = 0;
};

Result<detail::PkeyPtr> GenerateRsaKey(int bits = 2048);

Result<KeyAndCertificate> MakeTestCa(std::string_view organization, Validity validity);

// An end-entity certificate like 利用者証明用: subject C=JP, CN=<cn>,
// keyUsage digitalSignature (critical), the virtual-card policy OID. A new
// key unless `reuse_key` is given (tests share one to save key generation).
Result<KeyAndCertificate> IssueUserCertificate(const KeyAndCertificate& ca, std::string_view cn, uint64_t serial,
                                               Validity validity, EVP_PKEY* reuse_key = nullptr);

Result<std::string> MakeCrlPem(const KeyAndCertificate& ca, std::span<const uint64_t> revoked,
                               int64_t this_update_millis, int64_t next_update_millis);

}  // namespace denen::card
