// A shelter kiosk on the worst day (issue 6): denen-edge in the kiosk role
// against the whole server on a loopback port. A resident's card checks in by
// name; then the network goes (the server is stopped), 200 evacuees are
// received at the kiosk, the server comes back, and exactly 200 arrive, once
// each, with the HQ counts right — also when an upload is repeated after a
// lost answer.
#include "edge/card_trust.h"
#include "edge/kiosk_cache.h"
#include "tests/functional/edge_agent_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using card::testing::TestPki;
using nlohmann::json;

class EdgeKioskTest : public EdgeAgentTest {
 protected:
  json Staff(Role role, const std::string& method, const std::string& path, const json& body = nullptr) {
    http::Response response = Call(StaffCaller(role), method, path, body);
    EXPECT_LT(response.status, 300) << method << " " << path << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }

  int64_t Count(const std::string& sql) {
    auto row = app_->db->QueryOne(sql);
    return row.has_value() && row->has_value() ? (*row)->Int(0) : -1;
  }
};

TEST_F(EdgeKioskTest, OfflineCheckInsArriveExactlyOnceWhenTheServerReturns) {
  // Enrol a resident for reception; make a place and open it as a shelter.
  json enrolment = {{"card", TapWithPinJson(TestPki::Get().good)},
                    {"name_kana", "ナガイ タロウ"},
                    {"district", "本町"},
                    {"birth_year", 1950},
                    {"consents", {"reception"}},
                    {"identity_confirmed", true}};
  Staff(Role::kReception, "POST", "/api/v1/residents", enrolment);
  const std::string place = Staff(Role::kReception, "POST", "/api/v1/reception/places",
                                  {{"name", "長井市立北部小学校 体育館"}})["place"]["id"];
  Staff(Role::kDisasterHq, "POST", "/api/v1/reception/shelters", {{"place_id", place}, {"capacity", 300}});

  StartServer();
  MakeAgent("kiosk", place);
  Insert(TestPki::Get().good);

  // The kiosk page's bar: the place and its mode.
  ASSERT_TRUE(agent_->RefreshKioskInfo().has_value());
  EXPECT_EQ(agent_->Status()["place_name"], "長井市立北部小学校 体育館");
  EXPECT_EQ(agent_->Status()["mode"], "shelter");

  // Online: the card is greeted by name at once.
  json first = agent_->HandleTap();
  EXPECT_EQ(first["outcome"], "checked_in") << first.dump();
  EXPECT_EQ(first["name_kana"], "ナガイ タロウ");
  EXPECT_EQ(first["queued"], false);
  EXPECT_EQ(*agent_->QueuedCount(), 0);

  // The network goes: every arrival is kept at the kiosk.
  StopServer();
  std::vector<json> offline_events;
  for (int i = 0; i < 200; ++i) {
    auto event = agent_->HandleWalkIn({{"name_kana", "ヒナン シャ" + std::to_string(i)},
                                       {"district", i % 2 ? "本町" : "栄町"},
                                       {"age_band", "40-49"}});
    ASSERT_TRUE(event.has_value()) << event.error().message;
    EXPECT_EQ((*event)["queued"], true);
    offline_events.push_back(*event);
  }
  EXPECT_EQ(*agent_->QueuedCount(), 200);
  EXPECT_FALSE(agent_->Status()["online"].get<bool>());
  EXPECT_FALSE(agent_->UploadQueue().has_value());  // still down: nothing lost, nothing sent
  EXPECT_EQ(*agent_->QueuedCount(), 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits"), 1);

  // Keep a copy of what is queued, to replay it as if an answer had been lost.
  auto queued = queue_->Query("SELECT item FROM checkin_queue ORDER BY queued_at_ms, id LIMIT 50");
  ASSERT_TRUE(queued.has_value());
  json replay = json::array();
  for (const auto& row : *queued) replay.push_back(json::parse(row.Text(0)));

  // The server returns: the queue drains and exactly 200 arrive.
  StartServer();
  auto sent = agent_->UploadQueue();
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  EXPECT_EQ(*sent, 200);
  EXPECT_EQ(*agent_->QueuedCount(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits"), 201);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits WHERE source = 'walk_in'"), 200);

  auto again = link_->Post("/api/v1/reception/checkins", {{"checkins", replay}});
  ASSERT_TRUE(again.has_value()) << again.error().message;
  for (const auto& r : (*again)["results"]) EXPECT_EQ(r["replayed"], true) << r.dump();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits"), 201);

  // The HQ dashboard counts every evacuee once.
  json shelters = Staff(Role::kDisasterHq, "GET", "/api/v1/reception/shelters");
  EXPECT_EQ(shelters["totals"]["present"], 201) << shelters.dump();
}

TEST_F(EdgeKioskTest, ASuspendedCardIsRefusedAtTheKiosk) {
  json enrolment = {{"card", TapWithPinJson(TestPki::Get().good)},
                    {"name_kana", "ナガイ タロウ"},
                    {"district", "本町"},
                    {"consents", {"reception"}},
                    {"identity_confirmed", true}};
  json resident = Staff(Role::kReception, "POST", "/api/v1/residents", enrolment);
  const std::string place =
      Staff(Role::kReception, "POST", "/api/v1/reception/places", {{"name", "中央公民館"}})["place"]["id"];
  Staff(Role::kReception, "POST",
        "/api/v1/identities/" + resident["identities"][0]["identity_key"].get<std::string>() + "/suspend",
        {{"reason", "紛失の届出"}});
  StartServer();
  MakeAgent("kiosk", place);
  Insert(TestPki::Get().good);
  json event = agent_->HandleTap();
  EXPECT_EQ(event["outcome"], "refused") << event.dump();
  EXPECT_EQ(event["refusal_code"], "identity_suspended");
  EXPECT_EQ(*agent_->QueuedCount(), 0);  // answered: not kept for another try
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits"), 0);
}

TEST_F(EdgeKioskTest, OfflineTheKioskGreetsByTheCachedNameAndRefusesWhatItKnowsIsRefused) {
  json enrolment = {{"card", TapWithPinJson(TestPki::Get().good)},
                    {"name_kana", "ナガイ ハナコ"},
                    {"district", "本町"},
                    {"consents", {"reception"}},
                    {"identity_confirmed", true}};
  json resident = Staff(Role::kReception, "POST", "/api/v1/residents", enrolment);
  const std::string place =
      Staff(Role::kReception, "POST", "/api/v1/reception/places", {{"name", "中央公民館"}})["place"]["id"];
  StartServer();
  std::optional<edge::LocalCardCheck> check;
  std::unique_ptr<edge::KioskCache> cache;
  MakeAgent("kiosk", place, [&](edge::AgentOptions& options) {
    auto trust = edge::LoadCardTrust(*link_, (dir_ / "trust.json").string());
    ASSERT_TRUE(trust.has_value()) << trust.error().message;
    check.emplace(*edge::LocalCardCheck::Create(*trust, clock_));
    cache = std::make_unique<edge::KioskCache>(*queue_, *edge::LoadOrCreateCacheKey((dir_ / "k").string()), clock_,
                                               72 * 3'600'000LL);
    ASSERT_TRUE(cache->Init().has_value());
    options.card_check = &*check;
    options.kiosk_cache = cache.get();
  });
  auto synced = cache->Sync(*link_);
  ASSERT_TRUE(synced.has_value()) << synced.error().message;
  EXPECT_EQ(*synced, 1);
  // The name is not readable in the kiosk's file.
  auto stored = queue_->QueryOne("SELECT sealed_name FROM kiosk_residents");
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  EXPECT_EQ((*stored)->Text(0).find("ナガイ"), std::string::npos);

  StopServer();
  Insert(TestPki::Get().good);
  json offline = agent_->HandleTap();
  EXPECT_EQ(offline["outcome"], "checked_in") << offline.dump();
  EXPECT_EQ(offline["queued"], true);
  EXPECT_EQ(offline["name_kana"], "ナガイ ハナコ");
  Insert(TestPki::Get().revoked);
  json revoked = agent_->HandleTap();
  EXPECT_EQ(revoked["outcome"], "refused");
  EXPECT_EQ(revoked["refusal_code"], "certificate_revoked");
  EXPECT_EQ(*agent_->QueuedCount(), 1);

  // A suspension reaches the kiosk with its next sync and holds offline.
  StartServer();
  Staff(Role::kReception, "POST",
        "/api/v1/identities/" + resident["identities"][0]["identity_key"].get<std::string>() + "/suspend",
        {{"reason", "紛失の届出"}});
  ASSERT_TRUE(agent_->UploadQueue().has_value());
  EXPECT_EQ(cache->Sync(*link_).value_or(-1), 1);
  StopServer();
  Insert(TestPki::Get().good);
  json suspended = agent_->HandleTap();
  EXPECT_EQ(suspended["outcome"], "refused") << suspended.dump();
  EXPECT_EQ(suspended["refusal_code"], "identity_not_active");
  EXPECT_EQ(*agent_->QueuedCount(), 0);

  // A copy not refreshed for longer than its maximum age is not used.
  clock_.Advance(73 * 3'600'000LL);
  EXPECT_FALSE(cache->Lookup(resident["identities"][0]["identity_key"].get<std::string>())->has_value());
}

// Operators see, per kiosk, how many check-ins wait there and for how long
// (issue 11): the agent reports after each upload round, the server exposes it.
TEST_F(EdgeKioskTest, TheServerKnowsHowManyCheckInsWaitAtEachKiosk) {
  const std::string place =
      Staff(Role::kReception, "POST", "/api/v1/reception/places", {{"name", "中央公民館"}})["place"]["id"];
  StartServer();
  MakeAgent("kiosk", place);
  auto devices = app_->edge_devices->List("062090");
  ASSERT_TRUE(devices.has_value() && devices->size() == 1);
  const std::string labels = "{municipality=\"062090\",device=\"" + devices->front().id + "\",role=\"kiosk\"}";
  // What Prometheus reads from the server's /metrics.
  auto metrics = [&]() -> std::string {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get("/metrics");
    EXPECT_TRUE(res && res->status == 200);
    return res ? res->body : "";
  };
  EXPECT_EQ(metrics().find("denen_edge_queued" + labels), std::string::npos) << "reported nothing yet";

  StopServer();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(agent_->HandleWalkIn({{"name_kana", "ライジョウ シャ"}, {"age_band", "70-79"}}).has_value());
  }
  clock_.Advance(90'000);
  EXPECT_FALSE(agent_->ReportStatus().has_value());  // the server is down

  StartServer();
  ASSERT_TRUE(agent_->ReportStatus().has_value());
  std::string text = metrics();
  EXPECT_NE(text.find("denen_edge_queued" + labels + " 5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("denen_edge_oldest_queued_age_seconds" + labels + " 90\n"), std::string::npos) << text;
  EXPECT_NE(text.find("denen_edge_last_contact_age_seconds" + labels + " 0\n"), std::string::npos) << text;

  // On SQLite the writer queue's counters show too (group commit).
  auto counter = [](const std::string& text, const std::string& name) -> int64_t {
    const size_t at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stoll(text.substr(at + name.size() + 2));
  };
  const int64_t bodies_before = counter(text, "denen_db_write_bodies_total");
  ASSERT_EQ(agent_->UploadQueue().value_or(-1), 5);
  ASSERT_TRUE(agent_->ReportStatus().has_value());
  clock_.Advance(120'000);
  text = metrics();
  if (app_->db->engine() == store::Engine::kSqlite) {
    EXPECT_GE(counter(text, "denen_db_write_bodies_total"), bodies_before + 5) << text;  // the five check-ins
    EXPECT_GE(counter(text, "denen_db_write_groups_total"), 1) << text;
    EXPECT_EQ(counter(text, "denen_db_write_queued"), 0) << text;
  } else {
    EXPECT_EQ(text.find("denen_db_write_"), std::string::npos) << "PostgreSQL has no writer queue";
  }
  EXPECT_NE(text.find("denen_edge_queued" + labels + " 0\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("denen_edge_oldest_queued_age_seconds" + labels), std::string::npos) << text;
  EXPECT_NE(text.find("denen_edge_last_contact_age_seconds" + labels + " 120\n"), std::string::npos) << text;

  // A report the server cannot read changes nothing and names the field.
  auto bad = link_->Post("/api/v1/edge/status", {{"queued", -1}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "invalid_queued");
  EXPECT_NE(metrics().find("denen_edge_queued" + labels + " 0\n"), std::string::npos);

  // A revoked device is no longer shown.
  ASSERT_TRUE(app_->edge_devices->Revoke("062090", devices->front().id, "test").has_value());
  EXPECT_EQ(metrics().find(labels), std::string::npos);
}

}  // namespace
}  // namespace denen::testing
