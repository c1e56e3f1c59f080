// The edge agent (denen-edge) against the whole server on a loopback port:
// the real HTTP server with every module's routes, a registered device and its
// credential, the agent's local queue in a temporary SQLite file, and a reader
// holding a virtual JPKI card that tests swap. Header-only.
#pragma once

#include <httplib.h>

#include <thread>

#include "edge/agent.h"
#include "edge/card_reader.h"
#include "edge/edge_devices.h"
#include "edge/local_api.h"
#include "http/server.h"
#include "tests/functional/card_app_test_support.h"

namespace denen::testing {

class EdgeAgentTest : public CardAppTest {
 protected:
  void TearDown() override {
    if (local_) local_->Stop();
    StopServer();
    CardAppTest::TearDown();
  }

  // Starts the server; `port` 0 picks one, later calls reuse the first port.
  void StartServer() {
    http::ServerOptions options;
    options.port = port_;
    options.worker_threads = 4;
    options.more_metrics = app::MoreMetrics(*app_);  // as `denen serve` does
    server_ = std::make_unique<http::Server>(options, *app_->router);
    auto bound = server_->Bind();
    ASSERT_TRUE(bound.has_value()) << bound.error().message;
    port_ = server_->port();
    server_thread_ = std::thread([this] { (void)server_->Serve(); });
  }
  void StopServer() {
    if (server_) server_->Stop();
    if (server_thread_.joinable()) server_thread_.join();
    server_.reset();
  }

  // Registers a device of `role` at `place_id` and builds the agent for it;
  // `configure` may add options (it can use link_ and queue_).
  void MakeAgent(const std::string& role, const std::string& place_id = "",
                 std::function<void(edge::AgentOptions&)> configure = nullptr) {
    std::string credential = "unused";
    if (role != "desk") {
      auto device = app_->edge_devices->Register("062090", role + " のテスト端末", role, place_id, "test");
      ASSERT_TRUE(device.has_value()) << device.error().message;
      credential = device->credential;
    }
    auto link = edge::MakeHttpServerLink({"http://127.0.0.1:" + std::to_string(port_), credential, "", 5});
    ASSERT_TRUE(link.has_value());
    link_ = std::move(*link);
    auto queue = store::OpenDatabase("sqlite:" + (dir_ / "edge-queue.db").string(), 2);
    ASSERT_TRUE(queue.has_value()) << queue.error().message;
    queue_ = std::move(*queue);
    reader_ = std::make_unique<edge::TransportCardReader>(
        "virtual reader",
        [this]() -> Result<std::unique_ptr<card::CardTransport>> {
          if (!card_) return Fail(Error::Unavailable("card_absent", "no card"));
          return std::unique_ptr<card::CardTransport>(std::make_unique<card::InProcessTransport>(*card_));
        },
        [](std::chrono::milliseconds, bool) -> Result<void> { return {}; });
    edge::AgentOptions options{role};
    if (configure) configure(options);
    agent_ =
        std::make_unique<edge::EdgeAgent>(options, *reader_, role == "desk" ? nullptr : link_.get(), *queue_, clock_);
    auto init = agent_->Init();
    ASSERT_TRUE(init.has_value()) << init.error().message;
  }

  // Puts a virtual card holding `user` (PIN 1234) in the reader.
  void Insert(const card::KeyAndCertificate& user) {
    card_ = std::make_unique<card::VirtualJpkiCard>(card::testing::CardSpec(user));
  }

  int StartLocalApi() {
    local_ = std::make_unique<edge::LocalApi>(*agent_, edge::LocalApiOptions{0, "", ""});
    auto port = local_->Start();
    EXPECT_TRUE(port.has_value());
    return port.value_or(0);
  }

  int port_ = 0;
  std::unique_ptr<http::Server> server_;
  std::thread server_thread_;
  std::unique_ptr<edge::ServerLink> link_;
  std::unique_ptr<store::Database> queue_;
  std::unique_ptr<card::VirtualJpkiCard> card_;
  std::unique_ptr<edge::CardReader> reader_;
  std::unique_ptr<edge::EdgeAgent> agent_;
  std::unique_ptr<edge::LocalApi> local_;
};

}  // namespace denen::testing
