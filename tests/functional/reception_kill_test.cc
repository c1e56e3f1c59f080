// Issue 6's durability proof against the real binary: a burst of kiosk
// check-ins from several client threads, `denen serve` killed with SIGKILL in
// the middle of it, restarted on the same database. Every check-in that was
// answered "checked_in" must be stored exactly once, and sending every id of
// the burst again (answered or not) must not count anyone twice. Runs on the
// engine under test (SQLite, or the pg_cluster fixture's PostgreSQL).
// Needs DENEN_BIN (the built `denen`) and DENEN_SOURCE_ROOT at compile time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "audit/audit_log.h"
#include "core/random.h"
#include "edge/edge_devices.h"
#include "reception/reception_repository.h"
#include "store/testing.h"

namespace denen {
namespace {

using nlohmann::json;
using Deadline = std::chrono::steady_clock::time_point;

constexpr int kClients = 4;
// Acknowledged check-ins to wait for before the kill, so it lands mid-burst.
constexpr size_t kAcknowledgedBeforeKill = 60;
constexpr auto kPatience = std::chrono::seconds(60);  // a busy 2-core CI machine

Deadline After(std::chrono::seconds s) { return std::chrono::steady_clock::now() + s; }

// A port of 127.0.0.1 that was free a moment ago.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// One `denen serve` child process, its output appended to a log file. The
// destructor kills it, so a failing test leaves nothing running.
class ServerProcess {
 public:
  ServerProcess(std::string config, std::string log) : config_(std::move(config)), log_(std::move(log)) {}
  ~ServerProcess() { Kill(); }

  bool Start() {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<std::string> args = {DENEN_BIN, "serve", "--config", config_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, DENEN_BIN, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = 0;
    return rc == 0;
  }

  // SIGKILL and reap; no-op when not running.
  void Kill() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

  bool Exited() {
    if (pid_ == 0) return true;
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = 0;
    return pid_ == 0;
  }

  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string config_;
  std::string log_;
  pid_t pid_ = 0;
};

class ReceptionKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().has_value());
    auto url = store::testing::NewTestDatabaseUrl();
    ASSERT_TRUE(url.has_value()) << url.error().message;
    config_.municipality_code = "062090";
    config_.municipality_name = "長井市";
    config_.database_url = *url;
    auto app = app::BuildApp(config_, clock_, auth::HashCost::kInteractive);
    ASSERT_TRUE(app.has_value()) << app.error().message;
    app_ = std::move(*app);

    reception::ReceptionRepository repo(*app_->db, clock_);
    auto place = repo.SavePlace("062090", {"", std::nullopt, "中央公民館", "", "", "", {}, {}, 0}, "test");
    ASSERT_TRUE(place.has_value()) << place.error().message;
    place_id_ = place->id;
    ASSERT_NE(app_->edge_devices, nullptr);
    auto device = app_->edge_devices->Register("062090", "kiosk", "kiosk", place_id_, "test");
    ASSERT_TRUE(device.has_value()) << device.error().message;
    credential_ = device->credential;

    dir_ = std::filesystem::temp_directory_path() / ("denen_kill_test_" + RandomHex(6));
    std::filesystem::create_directories(dir_);
    port_ = FreePort();
    ASSERT_NE(port_, 0);
    std::ofstream(dir_ / "denen.toml") << "[municipality]\ncode = \"062090\"\nname = \"長井市\"\n"
                                       << "[database]\nurl = \"" << config_.database_url << "\"\n"
                                       << "[server]\nlisten = \"127.0.0.1:" << port_ << "\"\n"
                                       << "web_root = \"" << DENEN_SOURCE_ROOT << "/web\"\n";
    server_ = std::make_unique<ServerProcess>((dir_ / "denen.toml").string(), (dir_ / "denen.log").string());
  }

  void TearDown() override {
    if (server_) server_->Kill();
    if (HasFailure() && server_) std::cerr << "denen's log:\n" << server_->Log();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Starts the server and polls /healthz until it answers 200.
  ::testing::AssertionResult StartServer() {
    if (!server_->Start()) return ::testing::AssertionFailure() << "cannot start " << DENEN_BIN;
    const Deadline deadline = After(kPatience);
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1, 0);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto res = client.Get("/healthz"); res && res->status == 200) return ::testing::AssertionSuccess();
      if (server_->Exited()) return ::testing::AssertionFailure() << "denen serve exited:\n" << server_->Log();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ::testing::AssertionFailure() << "no 200 from /healthz within the deadline:\n" << server_->Log();
  }

  httplib::Client KioskClient() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(30, 0);
    client.set_default_headers({{"Authorization", "Bearer " + credential_}});
    return client;
  }

  static json WalkIn(const std::string& id) {
    return {{"id", id}, {"walk_in", {{"name_kana", "テスト"}, {"district", "本町"}, {"age_band", "40-49"}}}};
  }

  int64_t Count(const std::string& sql, std::vector<store::Value> params = {}) {
    auto row = app_->db->QueryOne(sql, params);
    EXPECT_TRUE(row && *row) << (row ? "no row" : row.error().message);
    return row && *row ? (*row)->Int(0) : -1;
  }

  // Visits stored for the check-in `id` (through its tap record).
  int64_t VisitsOf(const std::string& id) {
    return Count(
        "SELECT COUNT(*) FROM reception_taps t JOIN reception_visits v ON v.municipality_code = t.municipality_code "
        "AND v.id = t.visit_id WHERE t.municipality_code = ? AND t.id = ? AND t.outcome = 'checked_in'",
        {store::Text("062090"), store::Text(id)});
  }

  SystemClock clock_;
  Config config_;
  std::unique_ptr<app::App> app_;
  std::string place_id_;
  std::string credential_;
  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ReceptionKillTest, SigkillMidBurstLosesNoAcknowledgedCheckinAndResendingCountsNobodyTwice) {
  ASSERT_TRUE(StartServer());

  std::mutex mu;
  std::condition_variable progress;
  std::vector<std::string> sent;          // every id of the burst, answered or not
  std::vector<std::string> acknowledged;  // ids answered "checked_in"
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      httplib::Client client = KioskClient();
      while (!stop) {
        const std::string id = NewId(clock_);
        {
          std::lock_guard lock(mu);
          sent.push_back(id);
        }
        auto res =
            client.Post("/api/v1/reception/checkins", json{{"checkins", {WalkIn(id)}}}.dump(), "application/json");
        if (!res || res->status != 200) continue;  // unanswered: the server is gone
        const json answer = json::parse(res->body, nullptr, false);
        const json results = answer.is_object() ? answer.value("results", json::array()) : json::array();
        if (results.size() == 1 && results[0].value("outcome", "") == "checked_in") {
          std::lock_guard lock(mu);
          acknowledged.push_back(id);
          progress.notify_all();
        }
      }
    });
  }

  {
    std::unique_lock lock(mu);
    const bool enough =
        progress.wait_until(lock, After(kPatience), [&] { return acknowledged.size() >= kAcknowledgedBeforeKill; });
    lock.unlock();
    server_->Kill();  // SIGKILL while the clients still send
    stop = true;
    for (auto& t : clients) t.join();
    ASSERT_TRUE(enough) << "only " << acknowledged.size() << " check-ins acknowledged before the deadline";
  }
  ASSERT_GT(sent.size(), acknowledged.size()) << "the kill should leave some check-ins unanswered";

  ASSERT_TRUE(StartServer());
  for (const auto& id : acknowledged) EXPECT_EQ(VisitsOf(id), 1) << "acknowledged check-in " << id;
  const int64_t stored_after_kill = Count("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = '062090'");
  EXPECT_GE(stored_after_kill, static_cast<int64_t>(acknowledged.size()));
  EXPECT_LE(stored_after_kill, static_cast<int64_t>(sent.size()));
  std::cout << "sent " << sent.size() << ", acknowledged " << acknowledged.size() << ", stored after the kill "
            << stored_after_kill << "\n";

  // The kiosk's retry: every id again, in batches; acknowledged ones are replays.
  const std::set<std::string> was_acknowledged(acknowledged.begin(), acknowledged.end());
  httplib::Client client = KioskClient();
  for (size_t from = 0; from < sent.size(); from += 100) {
    json batch = json::array();
    for (size_t i = from; i < std::min(sent.size(), from + 100); ++i) batch.push_back(WalkIn(sent[i]));
    auto res = client.Post("/api/v1/reception/checkins", json{{"checkins", batch}}.dump(), "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 200) << res->body;
    const json answer = json::parse(res->body);  // kept alive: the loop walks into it
    ASSERT_EQ(answer["results"].size(), batch.size()) << res->body;
    for (const auto& r : answer["results"]) {
      const std::string id = r.value("id", "");
      EXPECT_EQ(r.value("outcome", ""), "checked_in") << r.dump();
      if (was_acknowledged.contains(id)) {
        EXPECT_TRUE(r.value("replayed", false)) << r.dump();
      }
    }
  }
  for (const auto& id : sent) EXPECT_EQ(VisitsOf(id), 1) << "check-in " << id;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = '062090'"),
            static_cast<int64_t>(sent.size()));
  // The audit chain survived the kill: every entry and the head agree.
  auto chain = audit::Verify(*app_->db, "062090");
  ASSERT_TRUE(chain.has_value()) << chain.error().message;
  EXPECT_FALSE(chain->first_broken_seq.has_value()) << chain->problem;
  EXPECT_GT(chain->entries, 0);
}

}  // namespace
}  // namespace denen
