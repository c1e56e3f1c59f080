// Issue 11: the report routes read from a real PostgreSQL streaming replica
// ([database] read_url), fall back to the primary while it is down, and
// writes never go to it. The test runs its own primary (replication allowed)
// and a hot standby of it, both through scripts/pg-cluster.sh, so the shared
// pg_cluster keeps its settings and the base backup stays small.
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include "core/base64.h"
#include "http/server.h"
#include "tests/functional/app_test_support.h"

namespace denen::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

const std::string kScript = std::string(DENEN_SOURCE_ROOT) + "/scripts/pg-cluster.sh";
const std::string kPrimaryDir = std::string(DENEN_TEST_REPLICA_DIR) + "/primary";
const std::string kReplicaDir = std::string(DENEN_TEST_REPLICA_DIR) + "/replica";
constexpr std::chrono::seconds kReplayWait{20};

// Runs scripts/pg-cluster.sh with `args`; its messages go to the test's output.
::testing::AssertionResult Cluster(const std::string& args, const std::string& env = "") {
  const std::string command = env + " " + kScript + " " + args;
  if (std::system(command.c_str()) != 0) return ::testing::AssertionFailure() << "failed: " << command;
  return ::testing::AssertionSuccess();
}

std::string UrlIn(const std::string& dir) {
  std::ifstream in(dir + "/url");
  std::string url;
  std::getline(in, url);
  return url;
}

// The URL of database `name` on the server of `admin_url` (".../postgres").
std::string WithDatabase(const std::string& admin_url, const std::string& name) {
  return admin_url.substr(0, admin_url.rfind('/') + 1) + name;
}

class ReadReplicaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(Cluster("start " + kPrimaryDir, "DENEN_PG_REPLICATION=1"));
    ASSERT_TRUE(Cluster("replica " + kReplicaDir + " " + kPrimaryDir));
  }
  static void TearDownTestSuite() {
    (void)Cluster("stop " + kReplicaDir);
    (void)Cluster("stop " + kPrimaryDir);
  }

  void SetUp() override {
    ASSERT_TRUE(InitCrypto().has_value());
    auto primary = store::OpenDatabase(UrlIn(kPrimaryDir), 1);
    ASSERT_TRUE(primary) << primary.error().message;
    primary_admin_ = std::move(*primary);
    auto replica = store::OpenDatabase(UrlIn(kReplicaDir), 1);
    ASSERT_TRUE(replica) << replica.error().message;
    replica_admin_ = std::move(*replica);

    const std::string name = "denen_r_" + std::to_string(std::random_device{}() % 1000000000);
    ASSERT_TRUE(primary_admin_->Exec("CREATE DATABASE " + name));
    // The replica must have the database before the server connects to it there.
    WaitForReplay();
    config_.municipality_code = "062090";
    config_.municipality_name = "長井市";
    config_.database_url = WithDatabase(UrlIn(kPrimaryDir), name);
    config_.database_read_url = WithDatabase(UrlIn(kReplicaDir), name);
    config_.database_read_pool_size = 2;
    auto app = app::BuildApp(config_, clock_, auth::HashCost::kInteractive);
    ASSERT_TRUE(app) << app.error().message;
    app_ = std::move(*app);
    ASSERT_NE(app_->read_replica, nullptr);
    for (auto role : {auth::Role::kReception, auth::Role::kPlanner}) {
      const std::string id(auth::RoleId(role));
      ASSERT_TRUE(app_->accounts->Create("062090", {"user_" + id, id, std::string(kTestPassword), {role}}, "test"));
      auto login = app_->auth->Login("062090", "user_" + id, kTestPassword, "test");
      ASSERT_TRUE(login) << login.error().message;
      callers_[role] = {login->cookie_value, login->session.csrf_token, ""};
    }
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (server_thread_.joinable()) server_thread_.join();
  }

  // Waits until the replica has replayed everything the primary has written so far.
  void WaitForReplay() {
    auto lsn = primary_admin_->QueryOne("SELECT CAST(pg_current_wal_lsn() AS TEXT)");
    ASSERT_TRUE(lsn && *lsn) << (lsn ? "no row" : lsn.error().message);
    const auto deadline = steady_clock::now() + kReplayWait;
    while (true) {
      auto replayed =
          replica_admin_->QueryOne("SELECT pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn)", {(*lsn)->Text(0)});
      ASSERT_TRUE(replayed && *replayed) << (replayed ? "no row" : replayed.error().message);
      if ((*replayed)->Int(0) == 1) return;
      ASSERT_LT(steady_clock::now(), deadline) << "the replica did not replay " << (*lsn)->Text(0) << " in time";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  http::Response Call(auth::Role role, const std::string& method, const std::string& path, const json& body = nullptr,
                      const std::map<std::string, std::string>& query = {}) {
    return app_->router->Dispatch(MakeRequest(callers_[role], method, path, body, query));
  }

  // A walk-in at `place` through the reception route (a write).
  void WalkIn(const std::string& place) {
    json item = {{"id", NewId(clock_)}, {"walk_in", {{"name_kana", "サトウ"}, {"age_band", "30-39"}}}};
    auto r = Call(auth::Role::kReception, "POST", "/api/v1/reception/walkins",
                  {{"place_id", place}, {"checkins", json::array({item})}});
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(json::parse(r.body)["results"][0]["outcome"], "checked_in") << r.body;
  }

  // Visits of this fiscal year in the reception analytics report.
  int64_t ReportedVisits() {
    auto r = Call(auth::Role::kReception, "GET", "/api/v1/reception/analytics");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["current"]["total"].get<int64_t>() : -1;
  }

  int64_t VisitsOnPrimary() {
    auto row = app_->db->QueryOne("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = '062090'");
    EXPECT_TRUE(row && *row);
    return row && *row ? (*row)->Int(0) : -1;
  }

  // A sample of GET /metrics served over HTTP, as the server's operator scrapes it.
  int64_t Metric(const std::string& name) {
    if (!server_) {
      http::ServerOptions options;
      options.port = 0;
      options.more_metrics = app::MoreMetrics(*app_);
      server_ = std::make_unique<http::Server>(options, *app_->router);
      EXPECT_TRUE(server_->Bind());
      server_thread_ = std::thread([this] { (void)server_->Serve(); });
    }
    httplib::Client client("127.0.0.1", server_->port());
    auto res = client.Get("/metrics");
    EXPECT_TRUE(res && res->status == 200);
    if (!res) return -1;
    const size_t at = res->body.find("\n" + name + " ");
    EXPECT_NE(at, std::string::npos) << res->body;
    return at == std::string::npos ? -1 : std::stoll(res->body.substr(at + name.size() + 2));
  }

  FakeClock clock_{1790000000000};
  Config config_;
  std::unique_ptr<store::Database> primary_admin_;
  std::unique_ptr<store::Database> replica_admin_;
  std::unique_ptr<app::App> app_;
  std::map<auth::Role, Caller> callers_;
  std::unique_ptr<http::Server> server_;
  std::thread server_thread_;
};

TEST_F(ReadReplicaTest, ReportsReadTheReplicaFallBackWhileItIsDownAndWritesGoToThePrimary) {
  // Writes through the primary while reports read the replica; the replica is
  // read-only, so a write sent there would fail.
  auto place = Call(auth::Role::kReception, "POST", "/api/v1/reception/places", {{"name", "長井市 公民館"}});
  ASSERT_EQ(place.status, 201) << place.body;
  const std::string place_id = json::parse(place.body)["place"]["id"];
  WalkIn(place_id);
  WaitForReplay();
  EXPECT_EQ(ReportedVisits(), 1);
  EXPECT_EQ(Call(auth::Role::kReception, "GET", "/api/v1/reception/kpi").status, 200);
  auto report = Call(auth::Role::kPlanner, "GET", "/api/v1/kpi/report");
  EXPECT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(Call(auth::Role::kPlanner, "GET", "/api/v1/kpi/export", nullptr, {{"format", "csv"}}).status, 200);
  auto datasets = Call(auth::Role::kPlanner, "GET", "/api/v1/open/datasets");
  ASSERT_EQ(datasets.status, 200) << datasets.body;
  const std::string dataset = json::parse(datasets.body)["datasets"][0]["id"];
  EXPECT_EQ(Call(auth::Role::kPlanner, "GET", "/api/v1/open/" + dataset + ".json").status, 200);

  // The report comes from the replica: with its replay paused, a visit the
  // primary has stored (written meanwhile) is not in it yet.
  ASSERT_TRUE(replica_admin_->Query("SELECT pg_wal_replay_pause()"));
  WalkIn(place_id);
  EXPECT_EQ(VisitsOnPrimary(), 2);
  EXPECT_EQ(ReportedVisits(), 1);
  // An uploaded table is read from the primary, so its uploader can join it at once.
  const std::string csv = "地区,人口\n本町,2400\n";
  auto table =
      Call(auth::Role::kPlanner, "POST", "/api/v1/kpi/tables",
           {{"name", "地区別人口"}, {"content_base64", Base64Encode(std::vector<uint8_t>(csv.begin(), csv.end()))}});
  ASSERT_EQ(table.status, 201) << table.body;
  const std::string table_id = json::parse(table.body)["table_id"];
  auto joined = Call(auth::Role::kPlanner, "GET", "/api/v1/kpi/join", nullptr, {{"table", table_id}});
  EXPECT_EQ(joined.status, 200) << joined.body;
  ASSERT_TRUE(replica_admin_->Query("SELECT pg_wal_replay_resume()"));
  WaitForReplay();
  EXPECT_EQ(ReportedVisits(), 2);
  EXPECT_EQ(Metric("denen_read_replica_fallbacks_total"), 0);
  EXPECT_EQ(Metric("denen_read_replica_up"), 1);

  // The replica stops: reports are answered by the primary, counted and logged,
  // and writes go on.
  replica_admin_.reset();
  ASSERT_TRUE(Cluster("down " + kReplicaDir));
  ::testing::internal::CaptureStderr();
  WalkIn(place_id);
  EXPECT_EQ(ReportedVisits(), 3);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("read replica: unavailable, report reads go to the primary"), std::string::npos) << log;
  EXPECT_EQ(Call(auth::Role::kPlanner, "GET", "/api/v1/kpi/report").status, 200);
  const int64_t fallbacks = Metric("denen_read_replica_fallbacks_total");
  EXPECT_GE(fallbacks, 2);
  EXPECT_EQ(Metric("denen_read_replica_up"), 0);

  // Back up: after the retry interval reports read the replica again (its
  // replay paused once more, the newest visit is not in them).
  ASSERT_TRUE(Cluster("up " + kReplicaDir));
  auto replica = store::OpenDatabase(UrlIn(kReplicaDir), 1);
  ASSERT_TRUE(replica) << replica.error().message;
  replica_admin_ = std::move(*replica);
  WaitForReplay();
  clock_.Advance(store::ReadReplica::kRetryAfterMillis);
  ASSERT_TRUE(replica_admin_->Query("SELECT pg_wal_replay_pause()"));
  WalkIn(place_id);
  EXPECT_EQ(VisitsOnPrimary(), 4);
  EXPECT_EQ(ReportedVisits(), 3);
  EXPECT_EQ(Metric("denen_read_replica_fallbacks_total"), fallbacks);
  EXPECT_EQ(Metric("denen_read_replica_up"), 1);
  ASSERT_TRUE(replica_admin_->Query("SELECT pg_wal_replay_resume()"));
}

}  // namespace
}  // namespace denen::testing
