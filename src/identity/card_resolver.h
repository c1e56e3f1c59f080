// Verifies the card evidence an edge device or a console page sends (a tap, or
// a tap + PIN over a challenge this server issued) and resolves it to an
// enrolled resident for one service. The one door through which every module
// turns a card into a resident. One resolver serves every municipality of the
// database: identity keys are salted with the salt of the municipality the
// request acts for (the staff session's or the device's), so a card tapped at
// one municipality's reader can only ever match that municipality's residents.
// Safe for concurrent use.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "card/card_identity.h"
#include "identity/residents.h"

namespace denen::identity {

// JSON shape (all base64): {"certificate": "...", "challenge": "...",
// "signature": "..."}; challenge and signature absent for a tap. Sizes are
// bounded; a missing or malformed field is named in the error.
struct CardEvidence {
  card::Bytes certificate;
  card::Bytes challenge;  // empty for a tap
  card::Bytes signature;  // empty for a tap
  bool has_pin() const { return !signature.empty(); }
};
Result<CardEvidence> ParseCardEvidence(const nlohmann::json& value);

class CardResolver {
 public:
  // `challenges` and `residents` must outlive the resolver. Each
  // municipality's salt comes from ResidentDirectory::IdentitySalt (made on
  // first use) and is cached: a salt never changes once made.
  CardResolver(std::shared_ptr<const card::CertificateVerifier> certificates, card::ChallengeStore& challenges,
               ResidentDirectory& residents)
      : certificates_(std::move(certificates)), challenges_(challenges), residents_(residents) {}

  // Verifies the evidence (tap: chain, expiry, revocation; tap + PIN: also the
  // single-use challenge and the card's signature). `require_pin` refuses a
  // tap with "pin_required". A tap + PIN also records the PIN verification
  // (§38-4). Then ResidentDirectory::ResolveTap.
  Result<TapResident> Resolve(std::string_view municipality, const CardEvidence& evidence, Service service,
                              bool require_pin);

  // Only the verification, for enrolment and re-linking (no resident yet);
  // the identity key is `municipality`'s.
  Result<card::CardIdentity> Verify(std::string_view municipality, const CardEvidence& evidence, bool require_pin);

  // A fresh single-use challenge for a tap + PIN (base64 in JSON).
  card::Bytes NewChallenge();

 private:
  // The verifier salted for `municipality`, made on first use.
  Result<std::shared_ptr<const card::CardIdentityVerifier>> VerifierFor(std::string_view municipality);

  std::shared_ptr<const card::CertificateVerifier> certificates_;
  card::ChallengeStore& challenges_;
  ResidentDirectory& residents_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const card::CardIdentityVerifier>, std::less<>> verifiers_;  // by municipality
};

}  // namespace denen::identity
