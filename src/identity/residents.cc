#include "identity/residents.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "audit/audit_log.h"
#include "core/individual_number.h"
#include "core/random.h"

namespace denen::identity {
namespace {

using store::Int;
using store::Null;
using store::Text;

constexpr std::string_view kIdentityColumns =
    "identity_key, resident_id, cert_serial, cert_issuer, cert_not_after_ms, linked_at_ms, pin_verified_at_ms, "
    "suspended_at_ms, suspended_reason, closed_at_ms, closed_reason, revision";
constexpr std::string_view kResidentColumns =
    "id, name_kana, name_kanji, district, birth_year, contact, status, created_at_ms";

IdentityRecord IdentityFromRow(const store::Row& row) {
  IdentityRecord r;
  r.identity_key = row.Text(0);
  r.resident_id = row.Text(1);
  r.cert_serial = row.Text(2);
  r.cert_issuer = row.Text(3);
  r.cert_not_after_ms = row.Int(4);
  r.linked_at_ms = row.Int(5);
  r.pin_verified_at_ms = row.Int(6);
  if (!row.IsNull(7)) r.suspended_at_ms = row.Int(7);
  r.suspended_reason = row.Text(8);
  if (!row.IsNull(9)) r.closed_at_ms = row.Int(9);
  r.closed_reason = row.Text(10);
  r.revision = row.Int(11);
  return r;
}

Resident ResidentFromRow(const store::Row& row) {
  Resident r;
  r.id = row.Text(0);
  r.name_kana = row.Text(1);
  r.name_kanji = row.Text(2);
  r.district = row.Text(3);
  r.birth_year = static_cast<int>(row.Int(4));
  r.contact = row.Text(5);
  r.status = row.Text(6);
  r.created_at_ms = row.Int(7);
  return r;
}

// Counts code points; false for invalid UTF-8.
bool Utf8Length(std::string_view s, size_t& count) {
  count = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
    ++count;
  }
  return true;
}

// Full-width katakana (U+30A1..U+30FC incl. ー and ・), and spaces.
bool IsKatakanaName(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ') {
      ++i;
      continue;
    }
    if (c != 0xE3 || i + 2 >= s.size()) return false;
    const unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    if (!(cp == 0x3000 || (cp >= 0x30A1 && cp <= 0x30FC))) return false;
    i += 3;
  }
  return true;
}

Result<void> CheckText(std::string_view field, std::string_view label, std::string_view value, bool required,
                       size_t max_chars) {
  size_t chars = 0;
  if (!Utf8Length(value, chars)) {
    return Fail(Error::Invalid("invalid_" + std::string(field), std::string(label) + "の文字が正しくありません"));
  }
  if (required && chars == 0) {
    return Fail(Error::Invalid("missing_" + std::string(field), std::string(label) + "を入力してください"));
  }
  if (chars > max_chars) {
    return Fail(Error::Invalid("invalid_" + std::string(field),
                               std::string(label) + "は" + std::to_string(max_chars) + "文字以内にしてください"));
  }
  if (ContainsIndividualNumberShape(value)) {
    return Fail(Error::Invalid("individual_number_refused",
                               std::string(label) + "に12桁の番号が含まれています。個人番号は入力しないでください"));
  }
  return {};
}

Result<void> ValidateInput(const ResidentInput& in, int current_year) {
  DENEN_TRY_VOID(CheckText("name_kana", "氏名(カナ)", in.name_kana, true, 60));
  if (!IsKatakanaName(in.name_kana)) {
    return Fail(Error::Invalid("invalid_name_kana", "氏名(カナ)は全角カタカナで入力してください"));
  }
  DENEN_TRY_VOID(CheckText("name_kanji", "氏名", in.name_kanji, true, 60));
  DENEN_TRY_VOID(CheckText("district", "地区", in.district, true, 40));
  DENEN_TRY_VOID(CheckText("contact", "連絡先", in.contact, false, 100));
  if (in.birth_year != 0 && (in.birth_year < 1900 || in.birth_year > current_year)) {
    return Fail(Error::Invalid("invalid_birth_year",
                               "生まれ年は1900年から" + std::to_string(current_year) + "年の間で入力してください"));
  }
  return {};
}

int CurrentYear(const Clock& clock) {
  // Japan time: the year turns at midnight JST.
  const int64_t jst_days = (clock.NowMillis() + 9 * 3'600'000) / 86'400'000;
  return CivilFromDays(jst_days).year;
}

Result<int64_t> NextRevision(store::Database& tx, std::string_view municipality) {
  DENEN_TRY(row, tx.QueryOne(
                     "INSERT INTO card_identity_revisions (municipality_code, last_revision) VALUES (?, 1) "
                     "ON CONFLICT (municipality_code) DO UPDATE SET last_revision = "
                     "card_identity_revisions.last_revision + 1 RETURNING last_revision",
                     {Text(std::string(municipality))}));
  if (!row) return Fail(Error::Internal("revision_failed", "改訂番号を得られませんでした"));
  return row->Int(0);
}

Result<void> AuditIn(store::Database& tx, const Clock& clock, std::string_view municipality, std::string_view actor,
                     std::string action, std::string target_type, std::string target_id, nlohmann::json detail) {
  return audit::Record(tx, clock, municipality,
                       {std::string(actor), std::move(action), std::move(target_type), std::move(target_id),
                        detail.is_null() ? "{}" : detail.dump()});
}

Result<std::optional<IdentityRecord>> FindIdentity(store::Database& db, std::string_view municipality,
                                                   std::string_view identity_key) {
  DENEN_TRY(row, db.QueryOne("SELECT " + std::string(kIdentityColumns) +
                                 " FROM card_identities WHERE municipality_code = ? AND identity_key = ?",
                             {Text(std::string(municipality)), Text(std::string(identity_key))}));
  if (!row) return std::optional<IdentityRecord>();
  return std::optional<IdentityRecord>(IdentityFromRow(*row));
}

Result<void> InsertIdentity(store::Database& tx, const Clock& clock, std::string_view municipality,
                            std::string_view resident_id, const card::CardIdentity& identity, std::string_view actor) {
  DENEN_TRY(revision, NextRevision(tx, municipality));
  const int64_t now = clock.NowMillis();
  auto inserted =
      tx.Exec("INSERT INTO card_identities (municipality_code, identity_key, resident_id, cert_serial, cert_issuer, "
              "cert_not_after_ms, linked_at_ms, linked_by, pin_verified_at_ms, revision) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {Text(std::string(municipality)), Text(identity.identity_key), Text(std::string(resident_id)),
               Text(identity.certificate.serial_hex), Text(identity.certificate.issuer),
               Int(identity.certificate.not_after_millis), Int(now), Text(std::string(actor)),
               Int(identity.assurance == card::Assurance::kTapWithPin ? now : 0), Int(revision)});
  if (!inserted && inserted.error().code == store::kUniqueViolation) {
    return Fail(Error::Conflict("identity_already_linked", "このカードは既に登録されています"));
  }
  if (!inserted) return Fail(inserted.error());
  return {};
}

Result<void> RequirePin(const card::CardIdentity& identity, std::string_view what) {
  if (identity.assurance != card::Assurance::kTapWithPin) {
    return Fail(Error::Invalid("pin_required", std::string(what) + "には暗証番号の入力が必要です"));
  }
  return {};
}

}  // namespace

std::string_view ServiceId(Service service) {
  switch (service) {
    case Service::kReception:
      return "reception";
    case Service::kLibrary:
      return "library";
    case Service::kLock:
      return "lock";
  }
  return "";
}

Result<Service> ParseService(std::string_view id) {
  for (Service s : AllServices()) {
    if (ServiceId(s) == id) return s;
  }
  return Fail(Error::Invalid("invalid_service", "サービス「" + std::string(id) +
                                                    "」はありません(reception, library, lock のいずれか)"));
}

std::vector<Service> AllServices() { return {Service::kReception, Service::kLibrary, Service::kLock}; }

Result<std::string> ResidentDirectory::IdentitySalt(std::string_view municipality) {
  auto read = [&]() -> Result<std::string> {
    DENEN_TRY(rows, db_.Query("SELECT salt FROM municipality_identity_salts WHERE municipality_code = ?",
                              {Text(std::string(municipality))}));
    return rows.empty() ? std::string() : rows.front().Text(0);
  };
  DENEN_TRY(salt, read());
  if (!salt.empty()) return salt;
  DENEN_TRY_VOID(db_.Exec(
      "INSERT INTO municipality_identity_salts (municipality_code, salt, created_at_ms) VALUES (?, ?, ?) "
      "ON CONFLICT (municipality_code) DO NOTHING",
      {Text(std::string(municipality)), Text(RandomHex(32)), Int(clock_.NowMillis())}));
  DENEN_TRY(made, read());
  if (made.empty()) return Fail(Error::Internal("salt_missing", "識別用の鍵を作れませんでした"));
  return made;
}

Result<Resident> ResidentDirectory::Enrol(std::string_view municipality, const ResidentInput& input,
                                          const card::CardIdentity& identity, const std::vector<Service>& consents,
                                          std::string_view actor) {
  DENEN_TRY_VOID(RequirePin(identity, "登録"));
  ResidentInput in = input;
  if (in.name_kanji.empty()) in.name_kanji = in.name_kana;
  DENEN_TRY_VOID(ValidateInput(in, CurrentYear(clock_)));
  Resident resident{NewId(clock_), in.name_kana, in.name_kanji, in.district, in.birth_year, in.contact, "active",
                    clock_.NowMillis()};
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(existing, FindIdentity(tx, municipality, identity.identity_key));
    if (existing) return Fail(Error::Conflict("identity_already_linked", "このカードは既に登録されています"));
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, contact, "
        "status, created_at_ms, created_by, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
        {Text(std::string(municipality)), Text(resident.id), Text(in.name_kana), Text(in.name_kanji),
         Text(in.district), Int(in.birth_year), Text(in.contact), Int(resident.created_at_ms),
         Text(std::string(actor)), Int(resident.created_at_ms)}));
    DENEN_TRY_VOID(InsertIdentity(tx, clock_, municipality, resident.id, identity, actor));
    nlohmann::json given = nlohmann::json::array();
    for (Service s : AllServices()) {
      const bool granted = std::find(consents.begin(), consents.end(), s) != consents.end();
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO resident_consents (municipality_code, resident_id, service, granted, changed_at_ms, "
          "changed_by) VALUES (?, ?, ?, ?, ?, ?)",
          {Text(std::string(municipality)), Text(resident.id), Text(std::string(ServiceId(s))), Int(granted ? 1 : 0),
           Int(resident.created_at_ms), Text(std::string(actor))}));
      if (granted) given.push_back(ServiceId(s));
    }
    return AuditIn(tx, clock_, municipality, actor, "resident.enrol", "resident", resident.id,
                   {{"certificate_serial", identity.certificate.serial_hex}, {"consents", given}});
  }));
  return resident;
}

Result<IdentityRecord> ResidentDirectory::Relink(std::string_view municipality, std::string_view resident_id,
                                                 const card::CardIdentity& identity, std::string_view actor) {
  DENEN_TRY_VOID(RequirePin(identity, "カードの再登録"));
  DENEN_TRY_VOID(Find(municipality, resident_id));
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(existing, FindIdentity(tx, municipality, identity.identity_key));
    if (existing) return Fail(Error::Conflict("identity_already_linked", "このカードは既に登録されています"));
    DENEN_TRY(open, tx.Query("SELECT identity_key FROM card_identities WHERE municipality_code = ? AND "
                             "resident_id = ? AND closed_at_ms IS NULL",
                             {Text(std::string(municipality)), Text(std::string(resident_id))}));
    for (const auto& row : open) {
      DENEN_TRY(revision, NextRevision(tx, municipality));
      DENEN_TRY_VOID(tx.Exec("UPDATE card_identities SET closed_at_ms = ?, closed_reason = 'renewed', revision = ? "
                             "WHERE municipality_code = ? AND identity_key = ?",
                             {Int(clock_.NowMillis()), Int(revision), Text(std::string(municipality)),
                              Text(row.Text(0))}));
    }
    DENEN_TRY_VOID(InsertIdentity(tx, clock_, municipality, resident_id, identity, actor));
    return AuditIn(tx, clock_, municipality, actor, "resident.relink", "resident", std::string(resident_id),
                   {{"certificate_serial", identity.certificate.serial_hex}, {"closed", open.size()}});
  }));
  DENEN_TRY(record, FindIdentity(db_, municipality, identity.identity_key));
  if (!record) return Fail(Error::Internal("relink_lost", "再登録したカードが見つかりません"));
  return *record;
}

Result<void> ResidentDirectory::RecordPinVerification(std::string_view municipality,
                                                      const card::CardIdentity& identity) {
  DENEN_TRY_VOID(RequirePin(identity, "暗証番号による確認"));
  DENEN_TRY(changed, db_.Exec("UPDATE card_identities SET pin_verified_at_ms = ? WHERE municipality_code = ? AND "
                              "identity_key = ? AND closed_at_ms IS NULL",
                              {Int(clock_.NowMillis()), Text(std::string(municipality)), Text(identity.identity_key)}));
  if (changed == 0) return Fail(Error::NotFound("identity_unknown", "このカードは登録されていません"));
  return {};
}

Result<TapResident> ResidentDirectory::ResolveTap(std::string_view municipality, const card::CardIdentity& identity,
                                                  Service service) const {
  DENEN_TRY(record, FindIdentity(db_, municipality, identity.identity_key));
  if (!record) {
    return Fail(Error{ErrorKind::kForbidden, "identity_unknown",
                      "このカードは登録されていません。市役所の窓口で登録してください"});
  }
  if (record->closed_at_ms) {
    return Fail(Error{ErrorKind::kForbidden, "identity_closed",
                      "このカードは使えません(新しいカードに切り替え済み)。新しいカードをお使いください"});
  }
  if (record->suspended_at_ms) {
    return Fail(Error{ErrorKind::kForbidden, "identity_suspended", "このカードは利用停止中です。窓口にお尋ねください"});
  }
  if (identity.assurance == card::Assurance::kTap && record->pin_verified_at_ms == 0) {
    return Fail(Error{ErrorKind::kForbidden, "pin_verification_required",
                      "初回は暗証番号の入力が必要です(公的個人認証法第38条の4)"});
  }
  DENEN_TRY(resident, Find(municipality, record->resident_id));
  if (resident.status != "active") {
    return Fail(Error{ErrorKind::kForbidden, "resident_withdrawn", "この方の登録は取り消されています"});
  }
  DENEN_TRY(consent, HasConsent(municipality, resident.id, service));
  if (!consent) {
    return Fail(Error{ErrorKind::kForbidden, "consent_missing",
                      "このサービスへの同意がありません。窓口で同意の手続きをしてください"});
  }
  return TapResident{resident.id, record->identity_key, resident.name_kana, resident.district, resident.birth_year};
}

Result<Resident> ResidentDirectory::Find(std::string_view municipality, std::string_view resident_id) const {
  DENEN_TRY(row, db_.QueryOne("SELECT " + std::string(kResidentColumns) +
                                  " FROM residents WHERE municipality_code = ? AND id = ?",
                              {Text(std::string(municipality)), Text(std::string(resident_id))}));
  if (!row) return Fail(Error::NotFound("resident_not_found", "該当する住民が見つかりません"));
  return ResidentFromRow(*row);
}

Result<std::vector<Resident>> ResidentDirectory::Search(std::string_view municipality,
                                                        std::string_view name_kana_prefix, int limit) const {
  std::string pattern;
  for (char c : name_kana_prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kResidentColumns) +
                                " FROM residents WHERE municipality_code = ? AND name_kana LIKE ? ESCAPE '\\' "
                                "ORDER BY name_kana, id LIMIT ?",
                            {Text(std::string(municipality)), Text(pattern), Int(std::clamp(limit, 1, 200))}));
  std::vector<Resident> out;
  for (const auto& row : rows) out.push_back(ResidentFromRow(row));
  return out;
}

Result<std::optional<IdentityRecord>> ResidentDirectory::IdentityByKey(std::string_view municipality,
                                                                     std::string_view identity_key) const {
  return FindIdentity(db_, municipality, identity_key);
}

Result<std::vector<IdentityRecord>> ResidentDirectory::Identities(std::string_view municipality,
                                                                  std::string_view resident_id) const {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kIdentityColumns) +
                                " FROM card_identities WHERE municipality_code = ? AND resident_id = ? "
                                "ORDER BY CASE WHEN closed_at_ms IS NULL THEN 0 ELSE 1 END, linked_at_ms DESC, "
                                "identity_key",
                            {Text(std::string(municipality)), Text(std::string(resident_id))}));
  std::vector<IdentityRecord> out;
  for (const auto& row : rows) out.push_back(IdentityFromRow(row));
  return out;
}

Result<bool> ResidentDirectory::HasConsent(std::string_view municipality, std::string_view resident_id,
                                           Service service) const {
  DENEN_TRY(row, db_.QueryOne("SELECT granted FROM resident_consents WHERE municipality_code = ? AND "
                              "resident_id = ? AND service = ?",
                              {Text(std::string(municipality)), Text(std::string(resident_id)),
                               Text(std::string(ServiceId(service)))}));
  return row && row->Int(0) == 1;
}

Result<void> ResidentDirectory::SetConsent(std::string_view municipality, std::string_view resident_id,
                                           Service service, bool granted, std::string_view actor) {
  DENEN_TRY_VOID(Find(municipality, resident_id));
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO resident_consents (municipality_code, resident_id, service, granted, changed_at_ms, changed_by) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (municipality_code, resident_id, service) DO UPDATE SET "
        "granted = excluded.granted, changed_at_ms = excluded.changed_at_ms, changed_by = excluded.changed_by",
        {Text(std::string(municipality)), Text(std::string(resident_id)), Text(std::string(ServiceId(service))),
         Int(granted ? 1 : 0), Int(clock_.NowMillis()), Text(std::string(actor))}));
    // Withdrawing consent must reach the doors: it bumps the revision of the
    // resident's identities so edge devices re-sync them.
    DENEN_TRY(open, tx.Query("SELECT identity_key FROM card_identities WHERE municipality_code = ? AND "
                             "resident_id = ? AND closed_at_ms IS NULL",
                             {Text(std::string(municipality)), Text(std::string(resident_id))}));
    for (const auto& row : open) {
      DENEN_TRY(revision, NextRevision(tx, municipality));
      DENEN_TRY_VOID(tx.Exec("UPDATE card_identities SET revision = ? WHERE municipality_code = ? AND identity_key = ?",
                             {Int(revision), Text(std::string(municipality)), Text(row.Text(0))}));
    }
    return AuditIn(tx, clock_, municipality, actor, granted ? "consent.grant" : "consent.withdraw", "resident",
                   std::string(resident_id), {{"service", ServiceId(service)}});
  });
}

Result<void> ResidentDirectory::Suspend(std::string_view municipality, std::string_view identity_key,
                                        std::string_view reason, std::string_view actor) {
  DENEN_TRY_VOID(CheckText("reason", "理由", reason, true, 200));
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(record, FindIdentity(tx, municipality, identity_key));
    if (!record) return Fail(Error::NotFound("identity_unknown", "このカードは登録されていません"));
    if (record->suspended_at_ms) return {};  // already suspended: nothing changes
    DENEN_TRY(revision, NextRevision(tx, municipality));
    DENEN_TRY_VOID(tx.Exec("UPDATE card_identities SET suspended_at_ms = ?, suspended_reason = ?, revision = ? "
                           "WHERE municipality_code = ? AND identity_key = ?",
                           {Int(clock_.NowMillis()), Text(std::string(reason)), Int(revision),
                            Text(std::string(municipality)), Text(std::string(identity_key))}));
    return AuditIn(tx, clock_, municipality, actor, "identity.suspend", "resident", record->resident_id,
                   {{"certificate_serial", record->cert_serial}});
  });
}

Result<std::vector<IdentityRecord>> ResidentDirectory::ChangedSince(std::string_view municipality,
                                                                    int64_t revision, int limit) const {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kIdentityColumns) +
                                " FROM card_identities WHERE municipality_code = ? AND revision > ? ORDER BY revision "
                                "LIMIT ?",
                            {Text(std::string(municipality)), Int(revision), Int(limit > 0 ? limit : INT64_MAX)}));
  std::vector<IdentityRecord> out;
  for (const auto& row : rows) out.push_back(IdentityFromRow(row));
  return out;
}

}  // namespace denen::identity
