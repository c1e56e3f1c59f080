// What an edge device checks cards with when the network is down: the CA
// certificates, the CRL and the municipality's identity-key salt, fetched from
// GET /api/v1/edge/card-trust and kept in a local file so that a device that
// starts offline still decides. The CRL's maximum age (from the server's
// [card] crl_max_age_hours) bounds how long a cached copy is trusted.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "card/certificate.h"
#include "core/clock.h"
#include "edge/server_link.h"

namespace denen::edge {

struct CardTrust {
  std::string identity_salt;
  card::TrustOptions options;
};

Result<CardTrust> CardTrustFromJson(const nlohmann::json& value);

// Fetches the trust data and refreshes `cache_path`; falls back to the cache
// when the server cannot be reached ("card_trust_unavailable" without either).
Result<CardTrust> LoadCardTrust(ServerLink& server, const std::string& cache_path);

// The certificate checks of a tap made here, and its identity key.
class LocalCardCheck {
 public:
  static Result<LocalCardCheck> Create(CardTrust trust, const Clock& clock);
  // Chain, expiry and revocation; refusal codes of card::CertificateVerifier.
  Result<std::string> IdentityKeyOf(const card::Bytes& certificate) const;

 private:
  LocalCardCheck(std::shared_ptr<const card::CertificateVerifier> verifier, std::string salt)
      : verifier_(std::move(verifier)), salt_(std::move(salt)) {}
  std::shared_ptr<const card::CertificateVerifier> verifier_;
  std::string salt_;
};

}  // namespace denen::edge
