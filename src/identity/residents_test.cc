#include "identity/residents.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "store/migrated_db_test.h"

namespace denen::identity {
namespace {

constexpr std::string_view kCity = "062090";
constexpr std::string_view kOther = "131016";

card::CardIdentity Card(std::string key, card::Assurance assurance = card::Assurance::kTapWithPin) {
  card::CardIdentity id;
  id.identity_key = std::move(key);
  id.certificate.serial_hex = "0A1B";
  id.certificate.issuer = "CN=JPKI TEST";
  id.certificate.not_after_millis = 1900000000000;
  id.assurance = assurance;
  return id;
}

card::CardIdentity Tap(std::string key) { return Card(std::move(key), card::Assurance::kTap); }

ResidentInput Hanako() { return {"ナガイ ハナコ", "長井 花子", "本町", 1950, ""}; }

class ResidentsTest : public store::testing::MigratedDbTest {
 protected:
  Resident EnrolOrDie(std::string key, std::vector<Service> consents = {Service::kReception}) {
    auto r = residents_->Enrol(kCity, Hanako(), Card(std::move(key)), consents, "staff-1");
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r.value_or(Resident{});
  }
  int64_t Count(std::string_view table) {
    auto row = db_->QueryOne("SELECT COUNT(*) FROM " + std::string(table));
    return row.has_value() && *row ? (*row)->Int(0) : -1;
  }

  void SetUp() override {
    MigratedDbTest::SetUp();
    residents_ = std::make_unique<ResidentDirectory>(*db_, clock_);
  }

  std::unique_ptr<ResidentDirectory> residents_;
};

TEST_F(ResidentsTest, EnrolmentMapsTheCardToTheResidentForConsentedServicesOnly) {
  const Resident r = EnrolOrDie("key-a", {Service::kReception, Service::kLibrary});
  auto tap = residents_->ResolveTap(kCity, Tap("key-a"), Service::kReception);
  ASSERT_TRUE(tap.has_value()) << tap.error().message;
  EXPECT_EQ(tap->resident_id, r.id);
  EXPECT_EQ(tap->name_kana, "ナガイ ハナコ");
  EXPECT_EQ(tap->district, "本町");
  EXPECT_TRUE(residents_->ResolveTap(kCity, Tap("key-a"), Service::kLibrary).has_value());
  auto lock = residents_->ResolveTap(kCity, Tap("key-a"), Service::kLock);
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, "consent_missing");
}

TEST_F(ResidentsTest, EnrolmentNeedsThePinAndRefusesACardAlreadyLinked) {
  auto without_pin = residents_->Enrol(kCity, Hanako(), Tap("key-a"), {}, "staff-1");
  ASSERT_FALSE(without_pin.has_value());
  EXPECT_EQ(without_pin.error().code, "pin_required");
  EnrolOrDie("key-a");
  auto again = residents_->Enrol(kCity, Hanako(), Card("key-a"), {}, "staff-1");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "identity_already_linked");
  EXPECT_EQ(Count("residents"), 1);
}

TEST_F(ResidentsTest, BadInputIsRefusedNamingTheFieldAndNothingIsWritten) {
  struct Case {
    ResidentInput input;
    const char* code;
  };
  const std::vector<Case> cases = {
      {{"", "x", "本町", 0, ""}, "missing_name_kana"},
      {{"ながい はなこ", "x", "本町", 0, ""}, "invalid_name_kana"},
      {{"ナガイ", "x", "", 0, ""}, "missing_district"},
      {{"ナガイ", "x", "本町", 1800, ""}, "invalid_birth_year"},
      {{"ナガイ", "x", "本町", 2999, ""}, "invalid_birth_year"},
      {{"ナガイ", "x", "本町", 0, "1234-5678-9012"}, "individual_number_refused"},
      {{"ナガイ", "123456789012", "本町", 0, ""}, "individual_number_refused"},
      {{"ナガイ", "x", std::string(41 * 3, 'a'), 0, ""}, "invalid_district"},
  };
  for (const auto& c : cases) {
    auto r = residents_->Enrol(kCity, c.input, Card("key-x"), {}, "staff-1");
    ASSERT_FALSE(r.has_value()) << c.code;
    EXPECT_EQ(r.error().code, c.code);
  }
  EXPECT_EQ(Count("residents"), 0);
  EXPECT_EQ(Count("card_identities"), 0);
  EXPECT_EQ(Count("resident_consents"), 0);
}

TEST_F(ResidentsTest, PinLessTapNeedsAnEarlierPinVerification) {
  // An identity linked without a PIN on record (as an import would) must not
  // pass a PIN-less tap until the card has been used with its PIN (§38-4).
  const Resident r = EnrolOrDie("key-a");
  ASSERT_TRUE(db_->Exec("UPDATE card_identities SET pin_verified_at_ms = 0").has_value());
  auto tap = residents_->ResolveTap(kCity, Tap("key-a"), Service::kReception);
  ASSERT_FALSE(tap.has_value());
  EXPECT_EQ(tap.error().code, "pin_verification_required");
  // With the PIN, the same tap passes, and afterwards a PIN-less tap does too.
  EXPECT_TRUE(residents_->ResolveTap(kCity, Card("key-a"), Service::kReception).has_value());
  ASSERT_TRUE(residents_->RecordPinVerification(kCity, Card("key-a")).has_value());
  EXPECT_TRUE(residents_->ResolveTap(kCity, Tap("key-a"), Service::kReception).has_value());
  (void)r;
}

TEST_F(ResidentsTest, SuspensionStopsTheCardEverywhereAndBumpsTheRevision) {
  EnrolOrDie("key-a", {Service::kReception, Service::kLibrary, Service::kLock});
  auto before = residents_->ChangedSince(kCity, 0);
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->size(), 1u);
  const int64_t revision = before->back().revision;

  ASSERT_TRUE(residents_->Suspend(kCity, "key-a", "紛失の届出", "staff-1").has_value());
  for (Service s : AllServices()) {
    auto tap = residents_->ResolveTap(kCity, Tap("key-a"), s);
    ASSERT_FALSE(tap.has_value());
    EXPECT_EQ(tap.error().code, "identity_suspended");
  }
  auto changed = residents_->ChangedSince(kCity, revision);
  ASSERT_TRUE(changed.has_value());
  ASSERT_EQ(changed->size(), 1u);
  EXPECT_TRUE(changed->front().suspended_at_ms.has_value());
  EXPECT_GT(changed->front().revision, revision);
  // Suspending again changes nothing.
  ASSERT_TRUE(residents_->Suspend(kCity, "key-a", "紛失の届出", "staff-1").has_value());
  EXPECT_EQ(residents_->ChangedSince(kCity, changed->front().revision)->size(), 0u);
}

TEST_F(ResidentsTest, RelinkAfterRenewalClosesTheOldCardAndKeepsItsRecord) {
  const Resident r = EnrolOrDie("old-card", {Service::kReception});
  clock_.Advance(86'400'000);
  auto relinked = residents_->Relink(kCity, r.id, Card("new-card"), "staff-2");
  ASSERT_TRUE(relinked.has_value()) << relinked.error().message;
  EXPECT_EQ(relinked->resident_id, r.id);

  auto old_tap = residents_->ResolveTap(kCity, Tap("old-card"), Service::kReception);
  ASSERT_FALSE(old_tap.has_value());
  EXPECT_EQ(old_tap.error().code, "identity_closed");
  auto new_tap = residents_->ResolveTap(kCity, Tap("new-card"), Service::kReception);
  ASSERT_TRUE(new_tap.has_value());
  EXPECT_EQ(new_tap->resident_id, r.id);

  auto ids = residents_->Identities(kCity, r.id);
  ASSERT_TRUE(ids.has_value());
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ(ids->at(0).identity_key, "new-card");
  EXPECT_EQ(ids->at(1).closed_reason, "renewed");
  // Re-linking needs the PIN.
  auto no_pin = residents_->Relink(kCity, r.id, Tap("third-card"), "staff-2");
  ASSERT_FALSE(no_pin.has_value());
  EXPECT_EQ(no_pin.error().code, "pin_required");
}

TEST_F(ResidentsTest, ConsentCanBeWithdrawnAndEveryChangeIsAudited) {
  const Resident r = EnrolOrDie("key-a", {Service::kLibrary});
  ASSERT_TRUE(residents_->SetConsent(kCity, r.id, Service::kLibrary, false, "staff-3").has_value());
  EXPECT_EQ(residents_->ResolveTap(kCity, Tap("key-a"), Service::kLibrary).error().code, "consent_missing");
  ASSERT_TRUE(residents_->SetConsent(kCity, r.id, Service::kLibrary, true, "staff-3").has_value());
  EXPECT_TRUE(residents_->ResolveTap(kCity, Tap("key-a"), Service::kLibrary).has_value());

  auto log = audit::Recent(*db_, kCity, 10);
  ASSERT_TRUE(log.has_value());
  std::vector<std::string> actions;
  for (const auto& e : *log) actions.push_back(e.event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"consent.grant", "consent.withdraw", "resident.enrol"}));
  EXPECT_FALSE(audit::Verify(*db_, kCity)->first_broken_seq.has_value());
}

TEST_F(ResidentsTest, MunicipalitiesNeverSeeEachOthersResidentsOrSalts) {
  const Resident r = EnrolOrDie("key-a");
  EXPECT_EQ(residents_->ResolveTap(kOther, Tap("key-a"), Service::kReception).error().code, "identity_unknown");
  EXPECT_EQ(residents_->Find(kOther, r.id).error().code, "resident_not_found");
  auto salt_a = residents_->IdentitySalt(kCity);
  auto salt_b = residents_->IdentitySalt(kOther);
  ASSERT_TRUE(salt_a && salt_b);
  EXPECT_NE(*salt_a, *salt_b);
  EXPECT_EQ(*residents_->IdentitySalt(kCity), *salt_a);  // made once
  EXPECT_EQ(salt_a->size(), 64u);
}

TEST_F(ResidentsTest, SearchFindsByKanaPrefixAndTreatsWildcardsLiterally) {
  EnrolOrDie("key-a");
  EXPECT_EQ(residents_->Search(kCity, "ナガイ", 10)->size(), 1u);
  EXPECT_EQ(residents_->Search(kCity, "ハナコ", 10)->size(), 0u);
  EXPECT_EQ(residents_->Search(kCity, "%", 10)->size(), 0u);
}

}  // namespace
}  // namespace denen::identity
