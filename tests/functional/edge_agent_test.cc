// denen-edge against the whole server: a staff desk enrols a resident with
// tap + PIN through the agent's local routes (the console page's path), and
// the agent never retries a PIN by itself.
#include "edge/card_trust.h"
#include "tests/functional/edge_agent_test_support.h"

namespace denen::testing {
namespace {

using card::testing::TestPki;
using nlohmann::json;

TEST_F(EdgeAgentTest, DeskEnrolsAResidentWithTapAndPinThroughTheLocalRoutes) {
  StartServer();
  MakeAgent("desk");
  Insert(TestPki::Get().good);
  const int local_port = StartLocalApi();
  httplib::Client agent("127.0.0.1", local_port);

  auto status = agent.Get("/card/status");
  ASSERT_TRUE(status);
  ASSERT_EQ(status->status, 200) << status->body;
  EXPECT_EQ(json::parse(status->body)["pin_tries_left"], 3);

  // The console asks the server for a challenge and the agent for the card's
  // signature over it, then enrols with that evidence.
  auto [cookie, csrf] = LoginAs(auth::Role::kReception);
  httplib::Client server("127.0.0.1", port_);
  const httplib::Headers staff{{"Cookie", "denen_session=" + cookie}, {"X-CSRF-Token", csrf}};
  auto challenge = server.Post("/api/v1/card/challenges", staff, "", "application/json");
  ASSERT_TRUE(challenge);
  ASSERT_EQ(challenge->status, 201) << challenge->body;
  auto evidence = agent.Post("/card/pin-evidence",
                             json{{"challenge", json::parse(challenge->body)["challenge"]}, {"pin", "1234"}}.dump(),
                             "application/json");
  ASSERT_TRUE(evidence);
  ASSERT_EQ(evidence->status, 200) << evidence->body;
  json enrolment = {{"card", json::parse(evidence->body)["card"]},
                    {"name_kana", "ナガイ ハナコ"},
                    {"district", "本町"},
                    {"consents", {"reception"}},
                    {"identity_confirmed", true}};
  auto enrolled = server.Post("/api/v1/residents", staff, enrolment.dump(), "application/json");
  ASSERT_TRUE(enrolled);
  EXPECT_EQ(enrolled->status, 201) << enrolled->body;
}

TEST_F(EdgeAgentTest, AWrongPinIsReportedWithTriesLeftAndNeverRetried) {
  StartServer();
  MakeAgent("desk");
  Insert(TestPki::Get().good);
  httplib::Client agent("127.0.0.1", StartLocalApi());
  const std::string challenge = Base64Encode(app_->cards->NewChallenge());

  auto wrong =
      agent.Post("/card/pin-evidence", json{{"challenge", challenge}, {"pin", "9999"}}.dump(), "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(json::parse(wrong->body)["error"]["code"], "pin_wrong");
  EXPECT_EQ(json::parse(agent.Get("/card/status")->body)["pin_tries_left"], 2);

  auto malformed =
      agent.Post("/card/pin-evidence", json{{"challenge", challenge}, {"pin", "12a4"}}.dump(), "application/json");
  EXPECT_EQ(json::parse(malformed->body)["error"]["code"], "invalid_pin_format");
  EXPECT_EQ(json::parse(agent.Get("/card/status")->body)["pin_tries_left"], 2);  // nothing was sent
}

TEST_F(EdgeAgentTest, APageFromAnotherOriginCannotDriveTheReader) {
  StartServer();
  MakeAgent("desk");
  Insert(TestPki::Get().good);
  httplib::Client agent("127.0.0.1", StartLocalApi());
  auto read = agent.Post("/card/read", httplib::Headers{{"Origin", "https://evil.example"}}, "{}", "application/json");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 403);
  auto preflight = agent.Options("/card/pin-evidence", httplib::Headers{{"Origin", "https://evil.example"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 403);
  EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Origin"));
}

TEST_F(EdgeAgentTest, CardTrustIsCachedSoADeviceChecksCardsOffline) {
  StartServer();
  MakeAgent("kiosk");
  const std::string cache = (dir_ / "card-trust.json").string();
  const auto& pki = TestPki::Get();
  auto online = edge::LoadCardTrust(*link_, cache);
  ASSERT_TRUE(online.has_value()) << online.error().message;

  // The key computed at the device is the server's key for the same card.
  auto check = edge::LocalCardCheck::Create(*online, clock_);
  ASSERT_TRUE(check.has_value()) << check.error().message;
  auto local_key = check->IdentityKeyOf(card::detail::CertificateToDer(pki.good.cert.get()));
  ASSERT_TRUE(local_key.has_value()) << local_key.error().message;
  auto evidence = identity::ParseCardEvidence(TapJson(pki.good));
  auto server_view = app_->cards->Verify("062090", *evidence, false);
  ASSERT_TRUE(server_view.has_value());
  EXPECT_EQ(*local_key, server_view->identity_key);
  EXPECT_EQ(check->IdentityKeyOf(card::detail::CertificateToDer(pki.revoked.cert.get())).error().code,
            "certificate_revoked");
  EXPECT_EQ(check->IdentityKeyOf(card::detail::CertificateToDer(pki.foreign.cert.get())).error().code,
            "certificate_unknown_issuer");

  // The server goes away: a restarting device uses its copy; without one it says so.
  StopServer();
  auto offline = edge::LoadCardTrust(*link_, cache);
  ASSERT_TRUE(offline.has_value()) << offline.error().message;
  EXPECT_EQ(offline->identity_salt, online->identity_salt);
  std::filesystem::remove(cache);
  EXPECT_EQ(edge::LoadCardTrust(*link_, cache).error().code, "card_trust_unavailable");
}

}  // namespace
}  // namespace denen::testing
