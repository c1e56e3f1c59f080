// Enrolment at the city hall and the card identity rules through the whole
// in-process server, with real card evidence from a virtual JPKI card, on
// SQLite and PostgreSQL (issue 5).
#include <regex>

#include "audit/audit_log.h"
#include "identity/card_resolver.h"
#include "identity/residents.h"
#include "tests/functional/card_app_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using card::testing::TestPki;
using nlohmann::json;

class IdentityApiTest : public CardAppTest {
 protected:
  void SetUp() override {
    CardAppTest::SetUp();
    if (HasFatalFailure()) return;
    std::tie(cookie_, csrf_) = LoginAs(Role::kReception);
  }

  http::Response Call(const std::string& method, const std::string& path, const json& body = nullptr,
                      const std::map<std::string, std::string>& query = {}) {
    return AppTest::Call({cookie_, csrf_, ""}, method, path, body, query);
  }

  json Enrolment(json card) {
    return {{"card", std::move(card)},   {"name_kana", "ナガイ タロウ"}, {"name_kanji", "長井 太郎"},
            {"district", "本町"},        {"birth_year", 1948},           {"consents", {"reception", "library"}},
            {"identity_confirmed", true}};
  }

  std::string cookie_, csrf_;
};

TEST_F(IdentityApiTest, EnrolmentByTapAndPinThenTapIdentifiesTheResident) {
  auto made = Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(TestPki::Get().good)));
  ASSERT_EQ(made.status, 201) << made.body;
  const json created = json::parse(made.body);
  const std::string id = created["resident"]["id"];
  EXPECT_EQ(created["resident"]["name_kana"], "ナガイ タロウ");
  ASSERT_EQ(created["identities"].size(), 1u);
  EXPECT_EQ(created["identities"][0]["certificate_serial"], "03E9");
  EXPECT_EQ(created["identities"][0]["state"], "active");
  EXPECT_EQ(created["consents"], (json{{"reception", true}, {"library", true}, {"lock", false}}));

  // The resident taps (no PIN) at the counter and staff see the same record.
  auto identified = Call("POST", "/api/v1/residents/identify", {{"card", TapJson(TestPki::Get().good)}});
  ASSERT_EQ(identified.status, 200) << identified.body;
  EXPECT_EQ(json::parse(identified.body)["resident"]["id"], id);

  // A service resolves the tap to the resident, for consented services only.
  auto evidence = identity::ParseCardEvidence(TapJson(TestPki::Get().good));
  ASSERT_TRUE(evidence.has_value());
  auto tap = app_->cards->Resolve("062090", *evidence, identity::Service::kLibrary, false);
  ASSERT_TRUE(tap.has_value()) << tap.error().message;
  EXPECT_EQ(tap->resident_id, id);
  EXPECT_EQ(app_->cards->Resolve("062090", *evidence, identity::Service::kLock, false).error().code, "consent_missing");
}

TEST_F(IdentityApiTest, EnrolmentNeedsThePinTheStaffCheckAndAFreshChallenge) {
  auto tap_only = Call("POST", "/api/v1/residents", Enrolment(TapJson(TestPki::Get().good)));
  EXPECT_EQ(tap_only.status, 400);
  EXPECT_EQ(ErrorCode(tap_only), "pin_required");

  json unconfirmed = Enrolment(TapWithPinJson(TestPki::Get().good));
  unconfirmed["identity_confirmed"] = false;
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents", unconfirmed)), "identity_not_confirmed");

  const json evidence = TapWithPinJson(TestPki::Get().good);
  ASSERT_EQ(Call("POST", "/api/v1/residents", Enrolment(evidence)).status, 201);
  auto replay = Call("POST", "/api/v1/residents", Enrolment(evidence));
  EXPECT_EQ(ErrorCode(replay), "challenge_replayed");
  auto again = Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(TestPki::Get().good)));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "identity_already_linked");
}

TEST_F(IdentityApiTest, RevokedExpiredAndForeignCardsAreRefusedWithTheReason) {
  const auto& pki = TestPki::Get();
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(pki.revoked)))),
            "certificate_revoked");
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(pki.expired)))),
            "certificate_expired");
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(pki.foreign)))),
            "certificate_unknown_issuer");
  auto residents = app_->db->QueryOne("SELECT COUNT(*) FROM residents");
  ASSERT_TRUE(residents.has_value() && residents->has_value());
  EXPECT_EQ((*residents)->Int(0), 0);
}

TEST_F(IdentityApiTest, MalformedCardEvidenceIsRefusedNamingTheField) {
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents/identify", {{"card", {{"certificate", "!!"}}}})),
            "base64_invalid");
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents/identify", {{"card", {{"certificate", "AAAA"}}}})),
            "malformed_certificate");
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents/identify",
                           {{"card", {{"certificate", "AAAA"}, {"challenge", "AAAA"}}}})),
            "evidence_incomplete");
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/residents/identify", json::object())), "missing_card");
}

TEST_F(IdentityApiTest, SuspensionAndRenewalThroughTheApi) {
  auto made = Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(TestPki::Get().good)));
  ASSERT_EQ(made.status, 201) << made.body;
  const json created = json::parse(made.body);
  const std::string id = created["resident"]["id"];
  const std::string key = created["identities"][0]["identity_key"];

  ASSERT_EQ(Call("POST", "/api/v1/identities/" + key + "/suspend", {{"reason", "紛失の届出"}}).status, 204);
  auto evidence = identity::ParseCardEvidence(TapJson(TestPki::Get().good));
  EXPECT_EQ(app_->cards->Resolve("062090", *evidence, identity::Service::kReception, false).error().code,
            "identity_suspended");

  // The same card cannot be linked twice; the renewed card (a new
  // certificate from the same CA) is linked after a tap + PIN and the old
  // identity is closed.
  EXPECT_EQ(
      ErrorCode(Call("POST", "/api/v1/residents/" + id + "/relink", {{"card", TapWithPinJson(TestPki::Get().good)}})),
      "identity_already_linked");
  const auto& pki = TestPki::Get();
  auto renewed = card::IssueUserCertificate(
      pki.ca, "RENEWEDHOLDERAAAAAAAA", 1010,
      {card::testing::kNow - card::testing::kDay, card::testing::kNow + 1000 * card::testing::kDay});
  ASSERT_TRUE(renewed.has_value());
  auto relinked = Call("POST", "/api/v1/residents/" + id + "/relink", {{"card", TapWithPinJson(*renewed)}});
  ASSERT_EQ(relinked.status, 200) << relinked.body;
  EXPECT_EQ(json::parse(relinked.body)["identities"].size(), 2u);
  auto renewed_tap = identity::ParseCardEvidence(TapJson(*renewed));
  auto resolved = app_->cards->Resolve("062090", *renewed_tap, identity::Service::kReception, false);
  ASSERT_TRUE(resolved.has_value()) << resolved.error().message;
  EXPECT_EQ(resolved->resident_id, id);
  EXPECT_EQ(app_->cards->Resolve("062090", *evidence, identity::Service::kReception, false).error().code,
            "identity_closed");

  auto detail = Call("GET", "/api/v1/residents/" + id);
  ASSERT_EQ(detail.status, 200);
  const json identities = json::parse(detail.body)["identities"];
  ASSERT_EQ(identities.size(), 2u);
  EXPECT_EQ(identities[0]["state"], "active");
  EXPECT_EQ(identities[1]["state"], "closed");
  EXPECT_EQ(identities[1]["closed_reason"], "renewed");

  auto withdrawn = Call("PUT", "/api/v1/residents/" + id + "/consents/library", {{"granted", false}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(json::parse(withdrawn.body)["consents"]["library"], false);
  EXPECT_EQ(ErrorCode(Call("PUT", "/api/v1/residents/" + id + "/consents/parking", {{"granted", true}})),
            "invalid_service");
}

TEST_F(IdentityApiTest, ReadsAreAuditedAndOnlyReceptionGetsIn) {
  auto made = Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(TestPki::Get().good)));
  ASSERT_EQ(made.status, 201);
  const std::string id = json::parse(made.body)["resident"]["id"];
  ASSERT_EQ(Call("GET", "/api/v1/residents/" + id).status, 200);
  ASSERT_EQ(Call("GET", "/api/v1/residents", nullptr, {{"kana", "ナガイ"}}).status, 200);
  auto log = audit::Recent(*app_->db, "062090", 5);
  ASSERT_TRUE(log.has_value());
  EXPECT_EQ(log->at(0).event.action, "resident.search");
  EXPECT_EQ(log->at(1).event.action, "resident.read");
  EXPECT_EQ(log->at(1).event.target_id, id);

  for (Role role : {Role::kLibrarian, Role::kCareReviewer, Role::kSchool, Role::kFacilityManager}) {
    std::tie(cookie_, csrf_) = LoginAs(role);
    EXPECT_EQ(Call("GET", "/api/v1/residents/" + id).status, 403) << auth::RoleId(role);
  }
}

TEST_F(IdentityApiTest, NoTableHoldsAnythingShapedLikeAnIndividualNumber) {
  ASSERT_EQ(Call("POST", "/api/v1/residents", Enrolment(TapWithPinJson(TestPki::Get().good))).status, 201);
  const bool sqlite = app_->db->engine() == store::Engine::kSqlite;
  auto tables = app_->db->Query(sqlite ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       : "SELECT table_name FROM information_schema.tables "
                                         "WHERE table_schema = current_schema()");
  ASSERT_TRUE(tables.has_value());
  ASSERT_GT(tables->size(), 10u);
  // A free-standing run of 12 digits; hex hashes and ids, where digits sit
  // between letters, are not numbers anyone could read off.
  const std::regex twelve_digits("(^|[^0-9A-Za-z])[0-9]{12}([^0-9A-Za-z]|$)");
  int64_t cells = 0;
  for (const auto& t : *tables) {
    auto rows = app_->db->Query("SELECT * FROM " + t.Text(0));
    ASSERT_TRUE(rows.has_value()) << t.Text(0);
    for (const auto& row : *rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (!std::holds_alternative<std::string>(row.at(i))) continue;
        ++cells;
        EXPECT_FALSE(std::regex_search(row.Text(i), twelve_digits)) << t.Text(0) << ": " << row.Text(i);
      }
    }
  }
  EXPECT_GT(cells, 20);
}

TEST_F(IdentityApiTest, EdgeDevicesUseTheirOwnCredentialNeverAStaffSession) {
  std::tie(cookie_, csrf_) = LoginAs(Role::kAdmin);
  auto made = Call("POST", "/api/v1/edge/devices", {{"name", "本庁舎 受付"}, {"role", "kiosk"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string credential = json::parse(made.body)["credential"];
  const std::string device_id = json::parse(made.body)["device"]["id"];

  auto as_device = [&](const std::string& path, const std::string& bearer) {
    return AppTest::Call({"", "", bearer}, path == "/api/v1/edge/challenges" ? "POST" : "GET", path);
  };
  auto me = as_device("/api/v1/edge/me", credential);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["role"], "kiosk");
  EXPECT_EQ(as_device("/api/v1/edge/challenges", credential).status, 201);
  // What the device needs to check cards offline.
  auto trust = as_device("/api/v1/edge/card-trust", credential);
  ASSERT_EQ(trust.status, 200) << trust.body;
  const json trust_json = json::parse(trust.body);
  EXPECT_EQ(trust_json["identity_salt"], *app_->residents->IdentitySalt("062090"));
  EXPECT_NE(trust_json["trust_anchors_pem"].get<std::string>().find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_NE(trust_json["crl_pem"].get<std::string>().find("BEGIN X509 CRL"), std::string::npos);
  // A staff cookie does not open a device route, and no credential is 401.
  EXPECT_EQ(Call("GET", "/api/v1/edge/me").status, 401);
  EXPECT_EQ(as_device("/api/v1/edge/me", "").status, 401);
  EXPECT_EQ(as_device("/api/v1/edge/me", "062090.forged").status, 401);

  ASSERT_EQ(Call("POST", "/api/v1/edge/devices/" + device_id + "/revoke", json::object()).status, 204);
  auto revoked = as_device("/api/v1/edge/me", credential);
  EXPECT_EQ(revoked.status, 401);
  EXPECT_EQ(ErrorCode(revoked), "device_revoked");
}

}  // namespace
}  // namespace denen::testing
