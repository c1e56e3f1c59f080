// The Reception module through the whole in-process server with real card
// evidence from the test PKI (issue 6): a resident enrolled at the city hall
// taps at a kiosk (edge device, kiosk role); the kana name comes back, the
// same upload repeated is counted once, a second tap checks out, a revoked
// card is refused and stays refused on replay, and a
// kiosk credential and a staff session never stand in for each other. The
// public shelter list carries counts only.
#include <set>

#include "identity/card_resolver.h"
#include "tests/functional/card_app_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using card::testing::TestPki;
using nlohmann::json;

class ReceptionCardTest : public CardAppTest {
 protected:
  void SetUp() override {
    CardAppTest::SetUp();
    if (HasFatalFailure()) return;
    std::tie(admin_.cookie, admin_.csrf) = LoginAs(Role::kAdmin);
    std::tie(reception_.cookie, reception_.csrf) = LoginAs(Role::kReception);
    std::tie(hq_.cookie, hq_.csrf) = LoginAs(Role::kDisasterHq);
    auto enrolled = Call(reception_, "POST", "/api/v1/residents",
                         {{"card", TapWithPinJson(TestPki::Get().good)},
                          {"name_kana", "ナガイ タロウ"},
                          {"name_kanji", "長井 太郎"},
                          {"district", "本町"},
                          {"birth_year", 1948},
                          {"consents", {"reception"}},
                          {"identity_confirmed", true}});
    ASSERT_EQ(enrolled.status, 201) << enrolled.body;
    auto imported = Call(reception_, "POST", "/api/v1/reception/places/import",
                         {{"csv",
                           "ID,名称,名称_カナ,住所\nF1,長井市立図書館,ナガイシリツトショカン,長井市高野町2-1-1\n"
                           "F2,長井小学校体育館,ナガイショウガッコウタイイクカン,長井市栄町1-1\n"}});
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto places = json::parse(Call(reception_, "GET", "/api/v1/reception/places").body)["places"];
    for (const auto& p : places) {
      if (p["source_id"] == "F1") library_ = p["id"];
      if (p["source_id"] == "F2") gym_ = p["id"];
    }
    kiosk_.bearer = RegisterKiosk(library_);
  }

  std::string RegisterKiosk(const std::string& place) {
    auto device =
        Call(admin_, "POST", "/api/v1/edge/devices", {{"name", "受付端末"}, {"role", "kiosk"}, {"place_id", place}});
    EXPECT_EQ(device.status, 201) << device.body;
    return device.status == 201 ? json::parse(device.body)["credential"].get<std::string>() : "";
  }

  json Tap(const card::KeyAndCertificate& user) {
    clock_.Advance(1000);
    return {{"id", NewId(clock_)}, {"tapped_at_ms", clock_.NowMillis()}, {"card", TapJson(user)}};
  }

  json Upload(const Caller& kiosk, const json& items) {
    auto r = Call(kiosk, "POST", "/api/v1/reception/checkins", {{"checkins", items}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["results"] : json::array({json::object()});
  }

  Caller admin_, reception_, hq_, kiosk_;
  std::string library_, gym_;
};

TEST_F(ReceptionCardTest, ATapShowsTheKanaNameAndARepeatedUploadIsCountedOnce) {
  const json batch = json::array({Tap(TestPki::Get().good)});
  const json first = Upload(kiosk_, batch);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["outcome"], "checked_in") << first.dump();
  EXPECT_EQ(first[0]["name_kana"], "ナガイ タロウ");
  const json again = Upload(kiosk_, batch);
  EXPECT_EQ(again[0]["outcome"], "checked_in");
  EXPECT_EQ(again[0]["replayed"], true);

  clock_.Advance(3600'000);
  EXPECT_EQ(Upload(kiosk_, json::array({Tap(TestPki::Get().good)}))[0]["outcome"], "checked_out");

  auto analytics = Call(reception_, "GET", "/api/v1/reception/kpi");
  ASSERT_EQ(analytics.status, 200) << analytics.body;
  const json kpi = json::parse(analytics.body);
  EXPECT_EQ(kpi["card_share"]["receptions"], 1);
  EXPECT_EQ(kpi["card_share"]["by_card"], 1);
  EXPECT_EQ(kpi["facility_users"]["total"], 1);
}

TEST_F(ReceptionCardTest, ARevokedCardIsRefusedAndStaysRefused) {
  const json batch = json::array({Tap(TestPki::Get().revoked)});
  const json first = Upload(kiosk_, batch);
  EXPECT_EQ(first[0]["outcome"], "refused") << first.dump();
  const std::string code = first[0].value("refusal_code", "");
  EXPECT_FALSE(code.empty());
  const json again = Upload(kiosk_, batch);
  EXPECT_EQ(again[0]["replayed"], true);
  EXPECT_EQ(again[0]["refusal_code"], code);
}

TEST_F(ReceptionCardTest, KioskCredentialsAndStaffSessionsNeverStandInForEachOther) {
  auto staff_on_kiosk = Call(reception_, "POST", "/api/v1/reception/checkins", {{"checkins", json::array()}});
  EXPECT_EQ(staff_on_kiosk.status, 401) << staff_on_kiosk.body;
  auto kiosk_on_staff = Call(kiosk_, "GET", "/api/v1/reception/places");
  EXPECT_EQ(kiosk_on_staff.status, 401) << kiosk_on_staff.body;
  auto kiosk_on_walkins = Call(kiosk_, "POST", "/api/v1/reception/walkins", {{"place_id", library_}});
  EXPECT_EQ(kiosk_on_walkins.status, 401);
  auto counter = Call(admin_, "POST", "/api/v1/edge/devices",
                      {{"name", "図書館カウンター"}, {"role", "counter"}, {"place_id", "nagai"}});
  ASSERT_EQ(counter.status, 201) << counter.body;
  Caller counter_device{"", "", json::parse(counter.body)["credential"].get<std::string>()};
  EXPECT_EQ(Call(counter_device, "POST", "/api/v1/reception/checkins", {{"checkins", json::array()}}).status, 403);
}

TEST_F(ReceptionCardTest, TheShelterKioskReceivesEvacueesAndThePublicListHasCountsOnly) {
  auto opened = Call(hq_, "POST", "/api/v1/reception/shelters", {{"place_id", gym_}, {"capacity", 80}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const Caller shelter_kiosk{"", "", RegisterKiosk(gym_)};
  json parent = Tap(TestPki::Get().good);
  parent["care"] = {{"needs_care", true}, {"consent", true}};
  const json first = Upload(shelter_kiosk, json::array({parent}));
  ASSERT_EQ(first[0]["outcome"], "checked_in") << first.dump();
  const std::string household = first[0]["household_id"];
  clock_.Advance(1000);
  const json child = {{"id", NewId(clock_)},
                      {"household_id", household},
                      {"walk_in", {{"name_kana", "ナガイ ハナ"}, {"district", "本町"}, {"age_band", "0-9"}}}};
  EXPECT_EQ(Upload(shelter_kiosk, json::array({child}))[0]["outcome"], "checked_in");

  auto live = Call(hq_, "GET", "/api/v1/reception/shelters");
  ASSERT_EQ(live.status, 200);
  const json shelters = json::parse(live.body)["shelters"];
  ASSERT_EQ(shelters.size(), 1u);
  EXPECT_EQ(shelters[0]["present"], 2);
  EXPECT_EQ(shelters[0]["households"], 1);
  EXPECT_EQ(shelters[0]["needs_care"], 1);

  auto pub = Call({}, "GET", "/api/v1/public/shelters");
  ASSERT_EQ(pub.status, 200);
  const json list = json::parse(pub.body)["shelters"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["occupancy"], 2);
  EXPECT_EQ(list[0]["capacity"], 80);
  std::set<std::string> keys;
  for (auto it = list[0].begin(); it != list[0].end(); ++it) keys.insert(it.key());
  EXPECT_EQ(keys, (std::set<std::string>{"name", "address", "capacity", "occupancy", "full", "opened_at"}));
  for (const char* personal : {"ナガイ タロウ", "ナガイ ハナ", "本町", household.c_str()}) {
    EXPECT_EQ(pub.body.find(personal), std::string::npos) << personal;
  }
}

}  // namespace
}  // namespace denen::testing
