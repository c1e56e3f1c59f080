// The resident directory (issue 5): residents enrolled at the city hall, the
// card identities (利用者証明用電子証明書) mapped to them, consent per service,
// suspension of a lost card and re-linking of a renewed one. Other modules
// (reception, library, lock) turn a verified card tap into a resident here and
// never store card data themselves. Holds nothing derived from the individual
// number. Safe for concurrent use (all state is in the database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "card/card_identity.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/database.h"

namespace denen::identity {

// The services a resident consents to separately.
enum class Service { kReception, kLibrary, kLock };
std::string_view ServiceId(Service service);  // "reception" | "library" | "lock"
Result<Service> ParseService(std::string_view id);
std::vector<Service> AllServices();

struct ResidentInput {
  std::string name_kana;   // full-width katakana (spaces allowed)
  std::string name_kanji;  // as written; may equal name_kana
  std::string district;    // 地区 name as the municipality uses it
  int birth_year = 0;      // 0 when not given
  std::string contact;     // optional phone or e-mail, '' when not given
};

struct Resident {
  std::string id;
  std::string name_kana;
  std::string name_kanji;
  std::string district;
  int birth_year = 0;
  std::string contact;
  std::string status;  // active | withdrawn
  int64_t created_at_ms = 0;
};

struct IdentityRecord {
  std::string identity_key;
  std::string resident_id;
  std::string cert_serial;
  std::string cert_issuer;
  int64_t cert_not_after_ms = 0;
  int64_t linked_at_ms = 0;
  int64_t pin_verified_at_ms = 0;
  std::optional<int64_t> suspended_at_ms;
  std::string suspended_reason;
  std::optional<int64_t> closed_at_ms;
  std::string closed_reason;
  int64_t revision = 0;
};

// What a tap at a service resolves to: the least a service needs to greet and
// count the visitor.
struct TapResident {
  std::string resident_id;
  std::string identity_key;
  std::string name_kana;
  std::string district;
  int birth_year = 0;
};

class ResidentDirectory {
 public:
  ResidentDirectory(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The municipality's identity-key salt, made on first use.
  Result<std::string> IdentitySalt(std::string_view municipality);

  // Enrolment (Step 1): a new resident with the card verified by tap + PIN
  // and the consents given. Refuses "identity_already_linked" when the card
  // belongs to someone. Audited as `actor`.
  Result<Resident> Enrol(std::string_view municipality, const ResidentInput& input,
                         const card::CardIdentity& identity, const std::vector<Service>& consents,
                         std::string_view actor);

  // Links a renewed card (verified by tap + PIN) to an existing resident and
  // closes the resident's other open identities ("renewed").
  Result<IdentityRecord> Relink(std::string_view municipality, std::string_view resident_id,
                                const card::CardIdentity& identity, std::string_view actor);

  // Records a successful tap + PIN of an enrolled card (§38-4 basis).
  Result<void> RecordPinVerification(std::string_view municipality, const card::CardIdentity& identity);

  // A verified tap (see card::CardIdentityVerifier) to the resident for
  // `service`. Refusal codes: identity_unknown, identity_suspended,
  // identity_closed, pin_verification_required (a PIN-less tap for a card never
  // verified with its PIN, §38-4), consent_missing, resident_withdrawn.
  Result<TapResident> ResolveTap(std::string_view municipality, const card::CardIdentity& identity,
                                 Service service) const;

  Result<Resident> Find(std::string_view municipality, std::string_view resident_id) const;
  Result<std::vector<Resident>> Search(std::string_view municipality, std::string_view name_kana_prefix,
                                       int limit) const;
  Result<std::optional<IdentityRecord>> IdentityByKey(std::string_view municipality,
                                                      std::string_view identity_key) const;
  // Open identities first, then closed ones; newest first within each.
  Result<std::vector<IdentityRecord>> Identities(std::string_view municipality, std::string_view resident_id) const;

  Result<bool> HasConsent(std::string_view municipality, std::string_view resident_id, Service service) const;
  Result<void> SetConsent(std::string_view municipality, std::string_view resident_id, Service service,
                          bool granted, std::string_view actor);

  // Suspends one identity at once (lost card); every service refuses it.
  Result<void> Suspend(std::string_view municipality, std::string_view identity_key, std::string_view reason,
                       std::string_view actor);

  // Identities changed after `revision` (suspensions, closures, new links), for
  // incremental sync of edge devices; the newest revision is the largest.
  // `limit` > 0 returns at most that many (the oldest changes first).
  Result<std::vector<IdentityRecord>> ChangedSince(std::string_view municipality, int64_t revision,
                                                   int limit = 0) const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace denen::identity
