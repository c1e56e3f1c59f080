// The Reception API through the real router: kiosk devices and staff sessions
// never stand in for each other, a repeated upload is counted once, refusals
// are per item, roles are enforced, and the public shelter list carries counts
// only. Card taps go through a fake resolver here; the functional tests use
// the real one with the test PKI.
#include "reception/reception_api.h"

#include <gtest/gtest.h>

#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "http/testing.h"
#include "reception/reception_test_support.h"

namespace denen::reception {
namespace {

using nlohmann::json;

constexpr std::string_view kPassword = "test-password-1";
constexpr std::string_view kKioskCredential = "062090.kiosk-secret";

class ReceptionApiTest : public testing::ReceptionDbTest {
 protected:
  void SetUp() override {
    ReceptionDbTest::SetUp();
    if (HasFatalFailure()) return;
    accounts_ = std::make_unique<auth::StaffAccounts>(*db_, clock_, auth::HashCost::kInteractive);
    auth_ = std::make_unique<auth::StaffAuth>(*db_, clock_, auth::AuthSettings{}, *accounts_);
    for (auto [name, role] : {std::pair{"reception1", auth::Role::kReception},
                              {"hq1", auth::Role::kDisasterHq},
                              {"admin1", auth::Role::kAdmin},
                              {"librarian1", auth::Role::kLibrarian}}) {
      ASSERT_TRUE(accounts_->Create(testing::kCode, {name, name, std::string(kPassword), {role}}, "test"));
    }
    router_ = std::make_unique<http::Router>(
        [this](std::string_view c) { return auth_->Authenticate(c); },
        [this](std::string_view credential) -> Result<http::DeviceSession> {
          if (credential == kKioskCredential) return http::DeviceSession{code_, "kiosk-1", "玄関", "kiosk", gym_};
          if (credential == "062090.door") return http::DeviceSession{code_, "door-1", "扉", "door", gym_};
          return Fail(Error{ErrorKind::kUnauthenticated, "device_unauthenticated", "端末の認証情報が正しくありません"});
        });
    ctx_ = std::make_unique<ReceptionApiContext>(
        ReceptionApiContext{*db_, *db_, clock_,
                            [this](std::string_view, const json& evidence) -> Result<CardHolder> {
                              ++resolver_calls_;
                              const std::string who = evidence.value("resident", "");
                              if (who == "down")
                                return Fail(Error::Unavailable("identity_unavailable", "一時的に確認できません"));
                              if (who.empty() || who == "unknown") {
                                return Fail(Error::NotFound("identity_unknown", "登録されていないカードです"));
                              }
                              return CardHolder{who, "カード " + who, "桜町", 1980};
                            },
                            std::string(testing::kCode)});
    RegisterReceptionRoutes(*router_, *ctx_);
  }

  struct Caller {
    std::string cookie, csrf, bearer;
  };
  Caller Staff(const std::string& username) {
    auto outcome = auth_->Login(testing::kCode, username, kPassword, "test");
    EXPECT_TRUE(outcome.has_value());
    if (!outcome) return {};
    return {outcome->cookie_value, outcome->session.csrf_token, ""};
  }
  static Caller Kiosk() { return {"", "", std::string(kKioskCredential)}; }

  std::pair<int, json> Call(const Caller& who, const std::string& method, const std::string& path,
                            const json& body = nullptr, std::map<std::string, std::string> query = {}) {
    http::Response r = Raw(who, method, path, body, std::move(query));
    json parsed = nullptr;
    if (!r.body.empty() && r.content_type.starts_with("application/json")) parsed = json::parse(r.body);
    return {r.status, parsed};
  }
  http::Response Raw(const Caller& who, const std::string& method, const std::string& path, const json& body = nullptr,
                     std::map<std::string, std::string> query = {}) {
    return router_->Dispatch(http::testing::MakeRequest({who.cookie, who.csrf, who.bearer}, method, path, body, query));
  }

  json CardItem(const std::string& resident) {
    clock_.Advance(1000);
    return {{"id", NewId(clock_)}, {"tapped_at_ms", clock_.NowMillis()}, {"card", {{"resident", resident}}}};
  }

  std::unique_ptr<auth::StaffAccounts> accounts_;
  std::unique_ptr<auth::StaffAuth> auth_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<ReceptionApiContext> ctx_;
  int resolver_calls_ = 0;
};

TEST_F(ReceptionApiTest, KioskRoutesRefuseStaffSessionsAndStaffRoutesRefuseDevices) {
  const Caller reception = Staff("reception1");
  auto [as_staff, staff_body] = Call(reception, "POST", "/api/v1/reception/checkins", {{"checkins", json::array()}});
  EXPECT_EQ(as_staff, 401);
  EXPECT_EQ(staff_body["error"]["code"], "device_unauthenticated");
  auto [as_kiosk, kiosk_body] = Call(Kiosk(), "GET", "/api/v1/reception/places");
  EXPECT_EQ(as_kiosk, 401);
  EXPECT_EQ(kiosk_body["error"]["code"], "unauthenticated");
  EXPECT_EQ(Call({"", "", "062090.door"}, "POST", "/api/v1/reception/checkins", {{"checkins", json::array()}}).first,
            403);
  EXPECT_EQ(Call({"", "", "062090.forged"}, "GET", "/api/v1/reception/kiosk").first, 401);
  auto [ok, kiosk] = Call(Kiosk(), "GET", "/api/v1/reception/kiosk");
  ASSERT_EQ(ok, 200) << kiosk.dump();
  EXPECT_EQ(kiosk["place"]["id"], gym_);
}

TEST_F(ReceptionApiTest, ARepeatedUploadIsCountedOnce) {
  const json batch = {{"checkins",
                       {CardItem("R1"),
                        CardItem("R2"),
                        {{"id", NewId(clock_)},
                         {"tapped_at_ms", clock_.NowMillis()},
                         {"walk_in", {{"name_kana", "スズキ"}, {"district", "栄町"}, {"age_band", "70-79"}}}}}}};
  auto [status, first] = Call(Kiosk(), "POST", "/api/v1/reception/checkins", batch);
  ASSERT_EQ(status, 200) << first.dump();
  ASSERT_EQ(first["results"].size(), 3u);
  for (const auto& r : first["results"]) {
    EXPECT_EQ(r["outcome"], "checked_in") << r.dump();
    EXPECT_EQ(r["replayed"], false);
  }
  EXPECT_EQ(first["results"][0]["name_kana"], "カード R1");
  auto [again, second] = Call(Kiosk(), "POST", "/api/v1/reception/checkins", batch);
  ASSERT_EQ(again, 200);
  for (const auto& r : second["results"]) {
    EXPECT_EQ(r["outcome"], "checked_in");
    EXPECT_EQ(r["replayed"], true);
  }
  EXPECT_EQ(Must(repo_->VisitFacts(code_, "2026-11-27", "2026-11-27")).size(), 3u);
}

TEST_F(ReceptionApiTest, RefusalsAndOutagesArePerItem) {
  json batch = {{"checkins", {CardItem("unknown"), CardItem("down"), CardItem("R1"), {{"id", "not-a-ulid"}}}}};
  auto [status, body] = Call(Kiosk(), "POST", "/api/v1/reception/checkins", batch);
  ASSERT_EQ(status, 200) << body.dump();
  const json& results = body["results"];
  EXPECT_EQ(results[0]["outcome"], "refused");
  EXPECT_EQ(results[0]["refusal_code"], "identity_unknown");
  EXPECT_EQ(results[1]["outcome"], "error");
  EXPECT_EQ(results[1]["retry"], true);
  EXPECT_EQ(results[2]["outcome"], "checked_in");
  EXPECT_EQ(results[3]["outcome"], "error");
  EXPECT_EQ(results[3]["retry"], false);
  // The refusal is stored: a replay answers the same without asking the resolver.
  const int calls = resolver_calls_;
  auto [again, replay] = Call(Kiosk(), "POST", "/api/v1/reception/checkins", {{"checkins", {batch["checkins"][0]}}});
  EXPECT_EQ(replay["results"][0]["replayed"], true);
  EXPECT_EQ(replay["results"][0]["refusal_code"], "identity_unknown");
  EXPECT_EQ(resolver_calls_, calls + 1);  // the card is verified again, the answer is the stored one
}

TEST_F(ReceptionApiTest, StaffWalkInsRefuseCardEvidence) {
  const Caller reception = Staff("reception1");
  json walk_in = {{"id", NewId(clock_)}, {"walk_in", {{"name_kana", "タカハシ"}, {"age_band", "0-9"}}}};
  auto [ok, body] = Call(reception, "POST", "/api/v1/reception/walkins",
                         {{"place_id", library_}, {"checkins", {walk_in, CardItem("R1")}}});
  ASSERT_EQ(ok, 200) << body.dump();
  EXPECT_EQ(body["results"][0]["outcome"], "checked_in");
  EXPECT_EQ(body["results"][1]["error"]["code"], "card_not_accepted");
  EXPECT_EQ(Call(Staff("librarian1"), "POST", "/api/v1/reception/walkins", {{"place_id", library_}}).first, 403);
}

TEST_F(ReceptionApiTest, ShelterRolesRosterAndThePublicListHasNoPersonalData) {
  const Caller reception = Staff("reception1");
  const Caller hq = Staff("hq1");
  EXPECT_EQ(Call(reception, "POST", "/api/v1/reception/shelters", {{"place_id", gym_}}).first, 403);
  auto [opened, shelter] = Call(hq, "POST", "/api/v1/reception/shelters", {{"place_id", gym_}, {"capacity", 50}});
  ASSERT_EQ(opened, 201) << shelter.dump();
  json parent = CardItem("R1");
  parent["care"] = {{"pets", true}, {"consent", true}};
  auto [s1, first] = Call(Kiosk(), "POST", "/api/v1/reception/checkins", {{"checkins", {parent}}});
  ASSERT_EQ(s1, 200);
  const std::string household = first["results"][0]["household_id"];
  json child = {{"id", NewId(clock_)},
                {"household_id", household},
                {"walk_in", {{"name_kana", "サトウ ユイ"}, {"district", "桜町"}, {"age_band", "0-9"}}},
                {"care", {{"allergy", "卵"}, {"consent", true}}}};
  ASSERT_EQ(Call(Kiosk(), "POST", "/api/v1/reception/checkins", {{"checkins", {child}}}).first, 200);

  auto [live, dashboard] = Call(hq, "GET", "/api/v1/reception/shelters");
  ASSERT_EQ(live, 200);
  EXPECT_EQ(dashboard["shelters"][0]["present"], 2);
  EXPECT_EQ(dashboard["shelters"][0]["households"], 1);
  EXPECT_EQ(dashboard["totals"]["pets"], 1);
  EXPECT_EQ(dashboard["totals"]["allergy"], 1);

  auto [pub_status, pub] = Call({}, "GET", "/api/v1/public/shelters");
  ASSERT_EQ(pub_status, 200);
  ASSERT_EQ(pub["shelters"].size(), 1u);
  EXPECT_EQ(pub["shelters"][0]["occupancy"], 2);
  EXPECT_EQ(pub["shelters"][0]["capacity"], 50);
  const std::string text = pub.dump();
  for (const char* personal : {"サトウ", "カード R1", "桜町", "name_kana", "district", "卵", "household", "R1"}) {
    EXPECT_EQ(text.find(personal), std::string::npos) << personal << " in " << text;
  }

  const std::string opening = shelter["shelter"]["opening_id"];
  EXPECT_EQ(Call(reception, "GET", "/api/v1/reception/shelters/" + opening + "/roster").first, 403);
  http::Response csv =
      Raw(hq, "GET", "/api/v1/reception/shelters/" + opening + "/roster", nullptr, {{"format", "csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("サトウ ユイ"), std::string::npos);
  EXPECT_NE(csv.body.find("アレルギー: 卵"), std::string::npos);
  http::Response xlsx =
      Raw(hq, "GET", "/api/v1/reception/shelters/" + opening + "/roster", nullptr, {{"format", "xlsx"}});
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST_F(ReceptionApiTest, IndividualRowsNeedAdminAggregatesDoNot) {
  ASSERT_EQ(Call(Kiosk(), "POST", "/api/v1/reception/checkins", {{"checkins", {CardItem("R1")}}}).first, 200);
  const Caller reception = Staff("reception1");
  auto [ok, analytics] =
      Call(reception, "GET", "/api/v1/reception/analytics", nullptr, {{"from", "2026-11-01"}, {"to", "2026-11-30"}});
  ASSERT_EQ(ok, 200) << analytics.dump();
  EXPECT_EQ(analytics["current"]["total"], 1);
  EXPECT_EQ(analytics["current"]["card_share"], 1.0);
  EXPECT_EQ(analytics.dump().find("カード R1"), std::string::npos);
  http::Response table = Raw(reception, "GET", "/api/v1/reception/analytics", nullptr,
                             {{"from", "2026-11-01"}, {"to", "2026-11-30"}, {"format", "csv"}, {"table", "hour"}});
  ASSERT_EQ(table.status, 200);
  EXPECT_NE(table.body.find("10時台,1,0"), std::string::npos) << table.body;

  EXPECT_EQ(Call(reception, "GET", "/api/v1/reception/visits/export", nullptr, {{"format", "csv"}}).first, 403);
  http::Response rows = Raw(Staff("admin1"), "GET", "/api/v1/reception/visits/export", nullptr,
                            {{"from", "2026-11-27"}, {"to", "2026-11-27"}, {"format", "csv"}});
  ASSERT_EQ(rows.status, 200);
  EXPECT_NE(rows.body.find("カード R1"), std::string::npos);
  auto audit = Must(db_->Query("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ? AND action = ?",
                               {store::Text("062090"), store::Text("reception.visits.export")}));
  EXPECT_EQ(audit[0].Int(0), 1);

  auto [kpi_status, kpi] = Call(reception, "GET", "/api/v1/reception/kpi");
  ASSERT_EQ(kpi_status, 200) << kpi.dump();
  EXPECT_EQ(kpi["fiscal_year"], 2026);
  EXPECT_EQ(kpi["card_share"]["by_card"], 1);
}

TEST_F(ReceptionApiTest, ImportThroughTheApiIsIdempotent) {
  const Caller reception = Staff("reception1");
  const json body = {
      {"csv", "ID,イベント名,開始日,場所名称,定員,参加申込方法\nE9,講座,2026-12-01,長井市立図書館,10,窓口\n"}};
  auto [s1, first] = Call(reception, "POST", "/api/v1/reception/events/import", body);
  ASSERT_EQ(s1, 200) << first.dump();
  EXPECT_EQ(first["import"]["inserted"], 1);
  auto [s2, second] = Call(reception, "POST", "/api/v1/reception/events/import", body);
  EXPECT_EQ(second["import"]["unchanged"], 1);
  auto [s3, bad] = Call(reception, "POST", "/api/v1/reception/places/import", {{"csv", "ID,名称\nX,Y\n"}});
  EXPECT_EQ(s3, 400);
  EXPECT_EQ(bad["error"]["code"], "csv_column_missing");
}

}  // namespace
}  // namespace denen::reception
