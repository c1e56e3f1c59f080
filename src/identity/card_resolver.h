// Verifies the card evidence an edge device or a console page sends (a tap, or
// a tap + PIN over a challenge this server issued) and resolves it to an
// enrolled resident for one service. The one door through which every module
// turns a card into a resident. Safe for concurrent use.
#pragma once

#include <memory>
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
  // The verifier must use `challenges` and the municipality's salt (see
  // ResidentDirectory::IdentitySalt); all three must outlive the resolver.
  CardResolver(std::shared_ptr<const card::CardIdentityVerifier> verifier, card::ChallengeStore& challenges,
               ResidentDirectory& residents)
      : verifier_(std::move(verifier)), challenges_(challenges), residents_(residents) {}

  // Verifies the evidence (tap: chain, expiry, revocation; tap + PIN: also the
  // single-use challenge and the card's signature). `require_pin` refuses a
  // tap with "pin_required". A tap + PIN also records the PIN verification
  // (§38-4). Then ResidentDirectory::ResolveTap.
  Result<TapResident> Resolve(std::string_view municipality, const CardEvidence& evidence, Service service,
                              bool require_pin);

  // Only the verification, for enrolment and re-linking (no resident yet).
  Result<card::CardIdentity> Verify(const CardEvidence& evidence, bool require_pin) const;

  // A fresh single-use challenge for a tap + PIN (base64 in JSON).
  card::Bytes NewChallenge();

 private:
  std::shared_ptr<const card::CardIdentityVerifier> verifier_;
  card::ChallengeStore& challenges_;
  ResidentDirectory& residents_;
};

}  // namespace denen::identity
