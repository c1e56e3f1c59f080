#include "card/card_identity.h"

namespace denen::card {

Result<CardIdentity> CardIdentityVerifier::VerifyTap(std::span<const uint8_t> certificate_der) const {
  DENEN_TRY(info, certificates_->Verify(certificate_der));
  CardIdentity identity{std::move(info), "", Assurance::kTap};
  identity.identity_key = IdentityKey(identity.certificate, salt_);
  return identity;
}

Result<CardIdentity> CardIdentityVerifier::VerifyTapWithPin(const PinEvidence& evidence) const {
  DENEN_TRY_VOID(challenges_.Consume(evidence.challenge));
  DENEN_TRY(identity, VerifyTap(evidence.certificate));
  DENEN_TRY_VOID(VerifySha256Signature(identity.certificate, evidence.challenge, evidence.signature));
  identity.assurance = Assurance::kTapWithPin;
  return identity;
}

Result<PinEvidence> CollectPinEvidence(JpkiCard& card, std::string_view pin, std::span<const uint8_t> challenge,
                                       bool last_try_confirmed) {
  const Error blocked{ErrorKind::kForbidden, "pin_blocked",
                      "暗証番号がロックされています。市区町村の窓口で初期化が必要です"};
  PinEvidence evidence;
  DENEN_TRY(certificate, card.ReadCertificate());
  evidence.certificate = std::move(certificate);
  DENEN_TRY(before, card.QueryPin());
  if (before.blocked) return Fail(blocked);
  if (before.tries_left == 1 && !last_try_confirmed) {
    return Fail(Error{ErrorKind::kForbidden, "pin_last_try",
                      "残り 1 回です。間違えるとロックされます。確認のうえ入力してください"});
  }
  DENEN_TRY(status, card.VerifyPin(pin));
  if (status.blocked) return Fail(blocked);
  if (!status.verified) {
    return Fail(Error{ErrorKind::kUnauthenticated, "pin_wrong",
                      "暗証番号が違います (残り " + std::to_string(status.tries_left) + " 回)"});
  }
  evidence.challenge.assign(challenge.begin(), challenge.end());
  DENEN_TRY(signature, card.SignSha256(challenge));
  evidence.signature = std::move(signature);
  return evidence;
}

}  // namespace denen::card
