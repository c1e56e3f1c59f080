// The lock API through the real router and sessions (who may call what), and
// a door controller talking to the real HTTP server over its device
// credential: the server stopped, the door still decides and logs; after the
// restart the log arrives once.
#include "lock/lock_api.h"

#include <gtest/gtest.h>

#include <thread>

#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "http/server.h"
#include "http/testing.h"
#include "lock/http_door_server.h"
#include "lock/lock_test_support.h"

namespace denen::lock {
namespace {

using auth::Role;
using nlohmann::json;
using testing::kCode;

constexpr std::string_view kPassword = "test-password-1";

class LockApiTest : public testing::LockDbTest {
 protected:
  void SetUp() override {
    LockDbTest::SetUp();
    if (HasFatalFailure()) return;
    accounts_ = std::make_unique<auth::StaffAccounts>(*db_, clock_, auth::HashCost::kInteractive);
    auth_ = std::make_unique<auth::StaffAuth>(*db_, clock_, auth::AuthSettings{}, *accounts_);
    for (auto [name, role] : {std::pair{"facility", Role::kFacilityManager}, std::pair{"hq", Role::kDisasterHq},
                              std::pair{"librarian", Role::kLibrarian}}) {
      auto user = accounts_->Create(kCode, {std::string("user_") + name, name, std::string(kPassword), {role}}, "test");
      ASSERT_TRUE(user.has_value()) << user.error().message;
    }
    // Devices as edge::EdgeDevices would authenticate them.
    router_ = std::make_unique<http::Router>(
        [this](std::string_view c) { return auth_->Authenticate(c); },
        [this](std::string_view credential) -> Result<http::DeviceSession> {
          if (credential == "door-cred") return http::DeviceSession{kCode, "dev-1", "扉", "door", gym_door_};
          if (credential == "kiosk-cred") return http::DeviceSession{kCode, "dev-2", "受付", "kiosk", ""};
          return Fail(Error{ErrorKind::kUnauthenticated, "device_unauthenticated", "unknown"});
        });
    ctx_ = std::make_unique<LockApiContext>(LockApiContext{*db_, clock_, LockSettings{}});
    RegisterLockRoutes(*router_, *ctx_);
  }

  struct Who {
    std::string cookie, csrf, bearer;
  };
  Who As(const std::string& user) {
    auto outcome = auth_->Login(kCode, "user_" + user, kPassword, "test");
    EXPECT_TRUE(outcome.has_value());
    return outcome ? Who{outcome->cookie_value, outcome->session.csrf_token, ""} : Who{};
  }
  static Who Device(std::string bearer) { return {"", "", std::move(bearer)}; }

  std::pair<int, json> Call(const Who& who, const std::string& method, const std::string& path,
                            const json& body = nullptr, std::map<std::string, std::string> query = {}) {
    http::Response response =
        router_->Dispatch(http::testing::MakeRequest({who.cookie, who.csrf, who.bearer}, method, path, body, query));
    return {response.status, response.body.empty() ? json(nullptr) : json::parse(response.body)};
  }

  std::unique_ptr<auth::StaffAccounts> accounts_;
  std::unique_ptr<auth::StaffAuth> auth_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<LockApiContext> ctx_;
};

TEST_F(LockApiTest, EachRouteAdmitsItsRolesOnly) {
  const Who facility = As("facility");
  const Who hq = As("hq");
  const Who librarian = As("librarian");
  const json booking = {
      {"resident_id", "res-alice"}, {"facility_id", centre_}, {"room_id", hall_}, {"date", "2026-12-01"},
      {"start", "19:00"},           {"end", "21:00"},         {"fee_yen", 1200},  {"payment", "paid"},
      {"status", "approved"}};
  EXPECT_EQ(Call(librarian, "POST", "/api/v1/lock/reservations", booking).first, 403);
  EXPECT_EQ(Call(hq, "POST", "/api/v1/lock/reservations", booking).first, 403);
  auto [created, body] = Call(facility, "POST", "/api/v1/lock/reservations", booking);
  ASSERT_EQ(created, 201) << body.dump();
  EXPECT_EQ(body["reservation"]["unlock_right"]["from"], "2026-12-01T09:45:00.000Z");

  const json open = {{"facility_ids", {gym_}}, {"reason", "避難所開設"}};
  EXPECT_EQ(Call(facility, "POST", "/api/v1/lock/emergency/open", open).first, 403);
  EXPECT_EQ(Call(librarian, "POST", "/api/v1/lock/emergency/open", open).first, 403);
  auto [opened, actions] = Call(hq, "POST", "/api/v1/lock/emergency/open", open);
  ASSERT_EQ(opened, 201) << actions.dump();
  EXPECT_EQ(actions["actions"].size(), 1u);
  EXPECT_EQ(Call(facility, "GET", "/api/v1/lock/emergency").first, 200);
  EXPECT_EQ(Call(hq, "GET", "/api/v1/lock/facilities").first, 200);
  EXPECT_EQ(Call(librarian, "GET", "/api/v1/lock/facilities").first, 403);

  // Standing rights are facility staff's; the HQ may give shelter rights only.
  const json standing = {
      {"resident_id", "res-bob"}, {"facility_id", centre_}, {"kind", "standing"}, {"until_ms", kNow + 24 * kHour}};
  EXPECT_EQ(Call(hq, "POST", "/api/v1/lock/rights", standing).first, 403);
  EXPECT_EQ(Call(facility, "POST", "/api/v1/lock/rights", standing).first, 201);
  json shelter = standing;
  shelter["facility_id"] = gym_;
  shelter["kind"] = "shelter";
  EXPECT_EQ(Call(hq, "POST", "/api/v1/lock/rights", shelter).first, 201);

  // Door routes take a door's device credential only, never a staff session.
  const json sync = {{"version", 0}};
  EXPECT_EQ(Call(facility, "POST", "/api/v1/lock/door/sync", sync).first, 401);
  EXPECT_EQ(Call(Device("kiosk-cred"), "POST", "/api/v1/lock/door/sync", sync).first, 403);
  EXPECT_EQ(Call(Device("wrong"), "POST", "/api/v1/lock/door/sync", sync).first, 401);
  auto [synced, list] = Call(Device("door-cred"), "POST", "/api/v1/lock/door/sync", sync);
  ASSERT_EQ(synced, 200) << list.dump();
  EXPECT_TRUE(list["full"].get<bool>());
  EXPECT_EQ(Call(librarian, "GET", "/api/v1/lock/kpi", nullptr, {{"from", "2026-12-01"}, {"to", "2026-12-31"}}).first,
            200);
}

TEST_F(LockApiTest, ADoorThatLostTheServerKeepsDecidingAndUploadsItsLogOnceAfterTheRestart) {
  ASSERT_TRUE(repo_->GrantRight(
      kCode, {"res-hq", gym_, std::nullopt, GrantKind::kShelter, kNow, kNow + 365 * 24 * kHour, "避難所開設担当"},
      "test"));
  http::ServerOptions options;
  options.port = 0;
  options.worker_threads = 2;
  auto server = std::make_unique<http::Server>(options, *router_);
  ASSERT_TRUE(server->Bind().has_value());
  const int port = server->port();
  std::thread serving([&] { (void)server->Serve(); });

  HttpDoorServer remote({"http://127.0.0.1:" + std::to_string(port), "door-cred", "", 2});
  SimulatedLockDriver driver;
  DoorConfig config{kCode, gym_door_, Must(repo_->PublicKey(kCode)), testing::TempStatePath()};
  auto door = Must(DoorController::Open(config, clock_, driver, remote));
  auto first = door->Sync();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->full);

  server->Stop();
  serving.join();
  server.reset();
  auto failed = door->Sync();
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, "server_unreachable");
  EXPECT_TRUE(door->Decide("key-hq", clock_.NowMillis())->granted);
  EXPECT_FALSE(door->Decide("key-alice", clock_.NowMillis())->granted);
  EXPECT_EQ(door->Status(clock_.NowMillis()).pending_events, 2u);

  options.port = port;
  server = std::make_unique<http::Server>(options, *router_);
  ASSERT_TRUE(server->Bind().has_value());
  serving = std::thread([&] { (void)server->Serve(); });
  auto report = door->Sync();
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->events_uploaded, 2u);
  EXPECT_EQ(door->Sync()->events_uploaded, 0u);
  EXPECT_EQ(Must(repo_->AccessLog(kCode, {})).size(), 2u);
  server->Stop();
  serving.join();
}

}  // namespace
}  // namespace denen::lock
