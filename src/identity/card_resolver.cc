#include "identity/card_resolver.h"

#include "core/base64.h"
#include "core/json_input.h"

namespace denen::identity {
namespace {

// A JPKI certificate is about 1.5 KB; challenges are 32 bytes; RSA-2048
// signatures 256 bytes. The bounds leave room without inviting abuse.
constexpr size_t kMaxCertificateBytes = 8192;
constexpr size_t kMaxChallengeBytes = 64;
constexpr size_t kMaxSignatureBytes = 1024;

}  // namespace

Result<CardEvidence> ParseCardEvidence(const nlohmann::json& value) {
  DENEN_TRY(reader, JsonObjectReader::Of(value, "カード情報"));
  DENEN_TRY(certificate, reader.RequiredString("certificate", kMaxCertificateBytes * 2));
  DENEN_TRY(challenge, reader.OptionalString("challenge", kMaxChallengeBytes * 2));
  DENEN_TRY(signature, reader.OptionalString("signature", kMaxSignatureBytes * 2));
  DENEN_TRY_VOID(reader.RejectUnknown());
  if (challenge.has_value() != signature.has_value()) {
    return Fail(Error::Invalid("evidence_incomplete", "カード情報の challenge と signature は組で送ってください"));
  }
  CardEvidence evidence;
  DENEN_TRY(cert_bytes, Base64Decode(certificate, kMaxCertificateBytes, "certificate"));
  evidence.certificate = std::move(cert_bytes);
  if (challenge) {
    DENEN_TRY(challenge_bytes, Base64Decode(*challenge, kMaxChallengeBytes, "challenge"));
    DENEN_TRY(signature_bytes, Base64Decode(*signature, kMaxSignatureBytes, "signature"));
    if (signature_bytes.empty()) return Fail(Error::Invalid("evidence_incomplete", "signature が空です"));
    evidence.challenge = std::move(challenge_bytes);
    evidence.signature = std::move(signature_bytes);
  }
  return evidence;
}

Result<std::shared_ptr<const card::CardIdentityVerifier>> CardResolver::VerifierFor(std::string_view municipality) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = verifiers_.find(municipality); it != verifiers_.end()) return it->second;
  }
  // Outside the lock: IdentitySalt may write, and it is idempotent.
  DENEN_TRY(salt, residents_.IdentitySalt(municipality));
  auto verifier = std::make_shared<const card::CardIdentityVerifier>(certificates_, challenges_, std::move(salt));
  std::lock_guard lock(mutex_);
  return verifiers_.try_emplace(std::string(municipality), std::move(verifier)).first->second;
}

Result<card::CardIdentity> CardResolver::Verify(std::string_view municipality, const CardEvidence& evidence,
                                                bool require_pin) {
  if (require_pin && !evidence.has_pin()) {
    return Fail(Error::Invalid("pin_required", "この操作には暗証番号の入力が必要です"));
  }
  DENEN_TRY(verifier, VerifierFor(municipality));
  if (evidence.has_pin()) {
    return verifier->VerifyTapWithPin({evidence.certificate, evidence.challenge, evidence.signature});
  }
  return verifier->VerifyTap(evidence.certificate);
}

Result<TapResident> CardResolver::Resolve(std::string_view municipality, const CardEvidence& evidence, Service service,
                                          bool require_pin) {
  DENEN_TRY(identity, Verify(municipality, evidence, require_pin));
  if (identity.assurance == card::Assurance::kTapWithPin) {
    auto recorded = residents_.RecordPinVerification(municipality, identity);
    // An unknown card is reported by ResolveTap below, in its own words.
    if (!recorded && recorded.error().code != "identity_unknown") return Fail(recorded.error());
  }
  return residents_.ResolveTap(municipality, identity, service);
}

card::Bytes CardResolver::NewChallenge() { return challenges_.Issue(); }

}  // namespace denen::identity
