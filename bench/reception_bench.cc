// Benchmark driver (not a test): check-in throughput of the Reception API over
// HTTP, every acknowledged check-in durable. Builds the real server in-process
// on a fresh database (SQLite by default), registers a kiosk device when the
// edge module is built (else uses the staff walk-in route), and runs client
// threads with keep-alive connections that POST batches of walk-in check-ins,
// each with a fresh ULID. At the end it counts the stored visits and fails
// unless every acknowledged check-in is there. Card taps are left out: they
// add the certificate checks of the identity module, measured by its own bench.
//   reception_bench [--seconds N] [--threads N] [--batch N] [--database URL] [--no-http 1]
// --no-http 1 calls ReceptionRepository::CheckIn from the client threads, with
// no HTTP and no JSON: the ceiling of the storage path alone (group commit and
// the durable write included), to compare with the HTTP runs.
// At the end it times the analytics of the day written (LoadComparison).
// bench/reception_wrk.lua drives the same route with wrk for the comparison with
// nginx the issue asks for.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "core/random.h"
#include "http/server.h"
#include "reception/analytics.h"
#include "reception/reception.h"
#include "reception/reception_repository.h"
#ifdef BENCH_HAVE_EDGE
#include "edge/edge_devices.h"
#endif

namespace {

using nlohmann::json;

struct Options {
  int seconds = 5;
  int threads = 4;
  int batch = 1;
  std::string database;
  bool no_http = false;
};

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--seconds") o.seconds = std::max(1, std::stoi(value));
    if (flag == "--threads") o.threads = std::max(1, std::stoi(value));
    if (flag == "--batch") o.batch = std::clamp(std::stoi(value), 1, 500);
    if (flag == "--database") o.database = value;
    if (flag == "--no-http") o.no_http = value == "1";
  }
  return o;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "reception_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseArgs(argc, argv);
  if (!denen::InitCrypto()) return Fail("libsodium");
  const auto dir = std::filesystem::temp_directory_path() / ("denen-reception-bench-" + denen::RandomHex(4));
  std::filesystem::create_directories(dir);
  denen::SystemClock clock;
  denen::Config config;
  config.municipality_code = "062090";
  config.municipality_name = "長井市";
  config.database_url = options.database.empty() ? "sqlite:" + (dir / "bench.db").string() : options.database;
  config.database_pool_size = options.threads + 2;
  auto app = denen::app::BuildApp(config, clock, denen::auth::HashCost::kInteractive);
  if (!app) return Fail("build app: " + app.error().message);

  denen::reception::ReceptionRepository repo(*(*app)->db, clock);
  auto place =
      repo.SavePlace(config.municipality_code, {"", std::nullopt, "ベンチ会館", "", "", "", {}, {}, 0}, "bench");
  if (!place) return Fail("place: " + place.error().message);

  httplib::Headers headers;
  std::string path;
  json envelope = json::object();
#ifdef BENCH_HAVE_EDGE
  if ((*app)->edge_devices != nullptr) {
    auto device = (*app)->edge_devices->Register(config.municipality_code, "bench kiosk", "kiosk", place->id, "bench");
    if (!device) return Fail("device: " + device.error().message);
    headers.emplace("Authorization", "Bearer " + device->credential);
    path = "/api/v1/reception/checkins";
  }
#endif
  if (path.empty()) {
    const std::string password = "bench-password-1";
    auto user = (*app)->accounts->Create(config.municipality_code,
                                         {"bench", "bench", password, {denen::auth::Role::kReception}}, "bench");
    if (!user) return Fail("user: " + user.error().message);
    auto login = (*app)->auth->Login(config.municipality_code, "bench", password, "bench");
    if (!login) return Fail("login: " + login.error().message);
    headers.emplace("Cookie", "denen_session=" + login->cookie_value);
    headers.emplace("X-CSRF-Token", login->session.csrf_token);
    path = "/api/v1/reception/walkins";
    envelope["place_id"] = place->id;
  }

  denen::http::ServerOptions server_options;
  server_options.port = 0;
  server_options.worker_threads = std::max(8, options.threads * 2);
  denen::http::Server server(server_options, *(*app)->router);
  if (auto bound = server.Bind(); !bound) return Fail("bind: " + bound.error().message);
  std::thread serving([&] { (void)server.Serve(); });

  std::atomic<int64_t> acknowledged{0}, requests{0}, failures{0};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(options.threads));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.seconds);
  std::vector<std::thread> clients;
  for (int t = 0; t < options.threads; ++t) {
    clients.emplace_back([&, t] {
      if (options.no_http) {
        const denen::reception::Origin origin{place->id, "", "bench"};
        while (std::chrono::steady_clock::now() < deadline) {
          denen::reception::CheckinRequest request;
          request.id = denen::NewId(clock);
          request.tapped_at_ms = clock.NowMillis();
          request.visitor = {std::nullopt, "ベンチ", "本町", "40-49"};
          const auto start = std::chrono::steady_clock::now();
          auto result = repo.CheckIn(config.municipality_code, origin, request);
          latencies[static_cast<size_t>(t)].push_back(
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
          ++requests;
          if (result && result->outcome == denen::reception::Outcome::kCheckedIn) {
            ++acknowledged;
          } else {
            ++failures;
          }
        }
        return;
      }
      httplib::Client client("127.0.0.1", server.port());
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30, 0);
      while (std::chrono::steady_clock::now() < deadline) {
        json body = envelope;
        body["checkins"] = json::array();
        for (int i = 0; i < options.batch; ++i) {
          body["checkins"].push_back(
              {{"id", denen::NewId(clock)},
               {"walk_in", {{"name_kana", "ベンチ"}, {"district", "本町"}, {"age_band", "40-49"}}}});
        }
        const auto start = std::chrono::steady_clock::now();
        auto res = client.Post(path, headers, body.dump(), "application/json");
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        latencies[static_cast<size_t>(t)].push_back(ms);
        ++requests;
        if (!res || res->status != 200) {
          ++failures;
          continue;
        }
        const json answer = json::parse(res->body);
        for (const auto& r : answer["results"]) {
          if (r.value("outcome", "") == "checked_in") {
            ++acknowledged;
          } else if (failures++ == 0) {
            std::fprintf(stderr, "unexpected result: %s\n", r.dump().c_str());
          }
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  server.Stop();
  serving.join();

  auto stored = (*app)->db->QueryOne("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ?",
                                     {denen::store::Text(config.municipality_code)});
  const int64_t rows = stored && *stored ? (*stored)->Int(0) : -1;
  // The analytics of the day just written, as GET /api/v1/reception/analytics
  // loads them (the same day of the previous year included).
  const std::string today = denen::reception::JapanDate(clock.NowMillis());
  const auto analytics_start = std::chrono::steady_clock::now();
  auto analytics = denen::reception::LoadComparison(repo, config.municipality_code, today, today);
  const double analytics_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - analytics_start).count();
  if (!analytics) return Fail("analytics: " + analytics.error().message);
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<size_t>(p * (all.size() - 1))]; };
  std::printf("route            %s\n", options.no_http ? "ReceptionRepository::CheckIn (no HTTP)" : path.c_str());
  std::printf("database         %s\n", config.database_url.c_str());
  std::printf("threads x batch  %d x %d, %d s\n", options.threads, options.batch, options.seconds);
  std::printf("requests/s       %.1f (failed %lld)\n", static_cast<double>(requests) / options.seconds,
              static_cast<long long>(failures.load()));
  std::printf("check-ins/s      %.1f\n", static_cast<double>(acknowledged) / options.seconds);
  std::printf("latency ms       p50 %.2f  p99 %.2f\n", pct(0.5), pct(0.99));
  std::printf("durable          %lld acknowledged, %lld stored: %s\n", static_cast<long long>(acknowledged.load()),
              static_cast<long long>(rows), rows == acknowledged ? "ok" : "MISMATCH");
  std::printf("analytics        %.1f ms for %lld visits\n", analytics_ms,
              static_cast<long long>(analytics->current.total));
  std::filesystem::remove_all(dir);
  return rows == acknowledged && failures == 0 && analytics->current.total == rows ? 0 : 1;
}
