// The two assurance levels of issue 5, as pure checks over what an edge
// device sends: "tap" (certificate only: chain, expiry, revocation) and
// "tap + PIN" (additionally the card's signature over a fresh, single-use
// server challenge). The result carries the salted identity key that maps to
// a resident; whether a PIN-less tap is allowed for that resident (§38-4:
// only after an earlier PIN verification) is the enrolment store's decision.
// Safe for concurrent use (the ChallengeStore is).
#pragma once

#include <memory>
#include <span>
#include <string>

#include "card/certificate.h"
#include "card/challenge_store.h"
#include "card/jpki_card.h"

namespace denen::card {

enum class Assurance {
  kTap,         // certificate read without PIN
  kTapWithPin,  // the card signed our challenge after its PIN
};

struct CardIdentity {
  CertificateInfo certificate;
  std::string identity_key;  // IdentityKey(certificate, municipality salt)
  Assurance assurance = Assurance::kTap;
};

// What the reader side collects for tap + PIN.
struct PinEvidence {
  Bytes certificate;  // DER, EF 000A
  Bytes challenge;
  Bytes signature;  // RSASSA-PKCS1-v1_5 / SHA-256 over the challenge
};

class CardIdentityVerifier {
 public:
  CardIdentityVerifier(std::shared_ptr<const CertificateVerifier> certificates, ChallengeStore& challenges,
                       std::string municipality_salt)
      : certificates_(std::move(certificates)), challenges_(challenges), salt_(std::move(municipality_salt)) {}

  Result<CardIdentity> VerifyTap(std::span<const uint8_t> certificate_der) const;

  // The challenge is consumed first, so a failed attempt cannot be retried
  // with the same challenge.
  Result<CardIdentity> VerifyTapWithPin(const PinEvidence& evidence) const;

 private:
  std::shared_ptr<const CertificateVerifier> certificates_;
  ChallengeStore& challenges_;
  std::string salt_;
};

// Reader side of tap + PIN: reads the certificate, asks the card for the tries
// left, sends the PIN once, and has the card sign `challenge`. Never retries.
// Errors: "pin_blocked" (no PIN is sent to a blocked card), "pin_last_try"
// (one try left and the holder has not confirmed; nothing sent), "pin_wrong"
// (the message gives the tries left). Callers show JpkiCard::QueryPin's
// tries left before asking for the PIN.
Result<PinEvidence> CollectPinEvidence(JpkiCard& card, std::string_view pin, std::span<const uint8_t> challenge,
                                       bool last_try_confirmed = false);

}  // namespace denen::card
