// A shelter surge over real HTTP: 50 kiosks at 5 shelters send 30,000 evacuee
// check-ins (600 each, spread over 10 minutes of tap times). A third of the
// kiosks are offline for the first half: they keep their items and upload them
// in large batches when they come back. Every kiosk also loses the answer to
// some of its uploads and sends the same items again, as a kiosk does after a
// timeout. Every check-in must arrive once, and the HQ counts must be exact.
#include <httplib.h>

#include <atomic>
#include <thread>

#include "http/server.h"
#include "tests/functional/app_test_support.h"

namespace denen::testing {
namespace {

using nlohmann::json;

constexpr int kShelters = 5;
constexpr int kKiosksPerShelter = 10;
constexpr int kKiosks = kShelters * kKiosksPerShelter;
constexpr int kCheckinsPerKiosk = 600;
constexpr int kOnlineBatch = 20;
constexpr int kReconnectBatch = 300;

class ShelterSurgeTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    const Caller admin = StaffCaller(auth::Role::kAdmin);
    const Caller hq = StaffCaller(auth::Role::kDisasterHq);
    for (int s = 0; s < kShelters; ++s) {
      auto place = Call(admin, "POST", "/api/v1/reception/places",
                        {{"name", "避難所" + std::to_string(s)}, {"category", "避難所"}, {"shelter_capacity", 7000}});
      ASSERT_EQ(place.status, 201) << place.body;
      const std::string place_id = json::parse(place.body)["place"]["id"];
      ASSERT_EQ(Call(hq, "POST", "/api/v1/reception/shelters", {{"place_id", place_id}}).status, 201);
      places_.push_back(place_id);
      for (int k = 0; k < kKiosksPerShelter; ++k) {
        auto device = Call(admin, "POST", "/api/v1/edge/devices",
                           {{"name", "受付機" + std::to_string(s) + "-" + std::to_string(k)},
                            {"role", "kiosk"},
                            {"place_id", place_id}});
        ASSERT_EQ(device.status, 201) << device.body;
        credentials_.push_back(json::parse(device.body)["credential"]);
      }
    }
    http::ServerOptions options;
    options.port = 0;
    options.worker_threads = 16;
    options.max_body_bytes = 4 << 20;
    server_ = std::make_unique<http::Server>(options, *app_->router);
    ASSERT_TRUE(server_->Bind().has_value());
    thread_ = std::thread([this] { (void)server_->Serve(); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  // One kiosk's check-in items: ids made at the kiosk, tap times over 10 minutes.
  std::vector<json> KioskItems(int kiosk) {
    std::vector<json> items;
    for (int i = 0; i < kCheckinsPerKiosk; ++i) {
      char id[27];
      std::snprintf(id, sizeof id, "01KSK%02d%019d", kiosk, i);
      items.push_back({{"id", id},
                       {"tapped_at_ms", clock_.NowMillis() - 600000 + i * 1000},
                       {"walk_in",
                        {{"name_kana", "ヒナン タロウ"}, {"district", "栄町"}, {"age_band", i % 2 ? "70-79" : "30-39"}}}});
    }
    return items;
  }

  // Sends items [from, to) in batches; with `lose_every`, every such batch is
  // sent twice (the first answer "lost"). Returns false on any unexpected answer.
  bool Upload(httplib::Client& client, const std::vector<json>& items, size_t from, size_t to, size_t batch,
              int lose_every, std::atomic<int>& replayed) {
    int batches = 0;
    for (size_t start = from; start < to; start += batch) {
      json body = {{"checkins", json::array()}};
      for (size_t i = start; i < std::min(to, start + batch); ++i) body["checkins"].push_back(items[i]);
      const int sends = (lose_every > 0 && ++batches % lose_every == 0) ? 2 : 1;
      for (int attempt = 0; attempt < sends; ++attempt) {
        // A refused connection (the listen backlog is full) is retried like a timeout.
        auto res = client.Post("/api/v1/reception/checkins", body.dump(), "application/json");
        for (int tries = 1; tries < 5 && !res; ++tries) {
          res = client.Post("/api/v1/reception/checkins", body.dump(), "application/json");
        }
        if (!res || res->status != 200) {
          ADD_FAILURE() << (res ? res->body : "no answer");
          return false;
        }
        const json answer = json::parse(res->body);
        if (answer["results"].size() != body["checkins"].size()) {
          ADD_FAILURE() << res->body;
          return false;
        }
        for (const auto& r : answer["results"]) {
          if (r["outcome"] != "checked_in") {
            ADD_FAILURE() << r.dump();
            return false;
          }
          if (r.value("replayed", false)) ++replayed;
        }
      }
    }
    return true;
  }

  int64_t Count(const std::string& sql) {
    auto row = app_->db->QueryOne(sql);
    EXPECT_TRUE(row.has_value() && row->has_value());
    return row && *row ? (*row)->Int(0) : -1;
  }

  std::vector<std::string> places_;
  std::vector<std::string> credentials_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST_F(ShelterSurgeTest, ThirtyThousandCheckInsFromFiftyKiosksArriveOnceEach) {
  std::atomic<int> replayed{0};
  std::atomic<int> failed{0};
  std::atomic<int> online_done{0};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < kKiosks; ++k) {
    kiosks.emplace_back([&, k] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_bearer_token_auth(credentials_[k]);
      client.set_read_timeout(60);
      const std::vector<json> items = KioskItems(k);
      const bool offline_first_half = k % 3 == 0;
      const size_t half = items.size() / 2;
      bool ok = true;
      if (!offline_first_half) ok = Upload(client, items, 0, half, kOnlineBatch, 4, replayed);
      ++online_done;
      // The network returns for the offline third once the others are through the first half.
      while (offline_first_half && online_done.load() < kKiosks) std::this_thread::yield();
      if (ok && offline_first_half) ok = Upload(client, items, 0, half, kReconnectBatch, 1, replayed);
      if (ok) ok = Upload(client, items, half, items.size(), kOnlineBatch, 4, replayed);
      if (!ok) ++failed;
    });
  }
  for (auto& t : kiosks) t.join();
  ASSERT_EQ(failed.load(), 0);
  EXPECT_GT(replayed.load(), 0) << "no upload was repeated; the test lost its point";

  constexpr int64_t kTotal = int64_t{kKiosks} * kCheckinsPerKiosk;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_taps WHERE municipality_code = '062090'"), kTotal);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = '062090'"), kTotal);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT visit_id) FROM reception_taps WHERE municipality_code = '062090'"), kTotal);

  auto shelters = Call(StaffCaller(auth::Role::kDisasterHq), "GET", "/api/v1/reception/shelters");
  ASSERT_EQ(shelters.status, 200) << shelters.body;
  const json board = json::parse(shelters.body);
  int seen = 0;
  for (const auto& s : board["shelters"]) {
    if (std::find(places_.begin(), places_.end(), s["place_id"].get<std::string>()) == places_.end()) continue;
    ++seen;
    EXPECT_EQ(s["present"], kKiosksPerShelter * kCheckinsPerKiosk) << s.dump();
    EXPECT_EQ(s["households"], kKiosksPerShelter * kCheckinsPerKiosk) << s.dump();
  }
  EXPECT_EQ(seen, kShelters);
  EXPECT_EQ(board["totals"]["present"], kTotal);
}

}  // namespace
}  // namespace denen::testing
