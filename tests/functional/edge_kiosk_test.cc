// A shelter kiosk on the worst day (issue 6): denen-edge in the kiosk role
// against the whole server on a loopback port. A resident's card checks in by
// name; then the network goes (the server is stopped), 200 evacuees are
// received at the kiosk, the server comes back, and exactly 200 arrive, once
// each, with the HQ counts right — also when an upload is repeated after a
// lost answer.
#include "tests/functional/edge_agent_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using card::testing::TestPki;
using nlohmann::json;

class EdgeKioskTest : public EdgeAgentTest {
 protected:
  json Staff(Role role, const std::string& method, const std::string& path, const json& body = nullptr) {
    auto [cookie, csrf] = LoginAs(role);
    http::Request r;
    r.method = method;
    r.path = path;
    r.headers["cookie"] = "denen_session=" + cookie;
    r.headers["x-csrf-token"] = csrf;
    if (!body.is_null()) {
      r.headers["content-type"] = "application/json";
      r.body = body.dump();
    }
    http::Response response = app_->router->Dispatch(r);
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
  const std::string place =
      Staff(Role::kReception, "POST", "/api/v1/reception/places", {{"name", "長井市立北部小学校 体育館"}})["place"]["id"];
  Staff(Role::kDisasterHq, "POST", "/api/v1/reception/shelters", {{"place_id", place}, {"capacity", 300}});

  StartServer();
  MakeAgent("kiosk", place);
  Insert(TestPki::Get().good);

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

}  // namespace
}  // namespace denen::testing
