// denen-edge: the agent next to a card reader (kiosk, library counter, staff
// desk). Usage: denen-edge CONFIG.toml
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "core/clock.h"
#include "core/random.h"
#include "edge/agent.h"
#include "edge/edge_config.h"
#include "edge/local_api.h"
#ifdef DENEN_EDGE_HAVE_DOOR
#include "core/base64.h"
#include "edge/card_trust.h"
#include "edge/door_role.h"
#include "lock/http_door_server.h"
#include "lock/lock_driver.h"
#endif

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int Fatal(const denen::Error& e) {
  std::cerr << "denen-edge: " << e.message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace denen;
  if (argc != 2) {
    std::cerr << "usage: denen-edge CONFIG.toml\n";
    return 2;
  }
  if (auto ok = InitCrypto(); !ok) return Fatal(ok.error());
  auto config = edge::LoadEdgeConfig(argv[1]);
  if (!config) return Fatal(config.error());

  std::unique_ptr<edge::ServerLink> server;
  if (config->role != "desk") {
    std::ifstream in(config->credential_file);
    std::stringstream text;
    text << in.rdbuf();
    std::string credential = text.str();
    while (!credential.empty() && std::isspace(static_cast<unsigned char>(credential.back()))) credential.pop_back();
    auto link = edge::MakeHttpServerLink({config->server_url, credential, config->ca_file, config->timeout_seconds});
    if (!link) return Fatal(link.error());
    server = std::move(*link);
  }
  auto reader = edge::OpenPcscReader(config->reader);
  if (!reader) return Fatal(reader.error());
  auto queue = store::OpenDatabase("sqlite:" + config->queue, 2);
  if (!queue) return Fatal(queue.error());

  SystemClock clock;
  edge::AgentOptions options{config->role};
#ifdef DENEN_EDGE_HAVE_DOOR
  // The door decides locally from its signed list and its cached card trust.
  std::unique_ptr<lock::LockDriver> driver;
  if (config->lock_driver == "gpio") {
    driver = std::make_unique<lock::GpioRelayDriver>(config->gpio_value_path, config->gpio_active_low != 0);
  } else {
    driver = std::make_unique<lock::SimulatedLockDriver>();
  }
  std::unique_ptr<lock::HttpDoorServer> door_server;
  std::unique_ptr<lock::DoorController> door;
  std::optional<edge::LocalCardCheck> card_check;
  if (config->role == "door") {
    auto key = Base64Decode(config->door_public_key, 32, "[door].public_key");
    if (!key || key->size() != 32) return Fatal(Error::Invalid("invalid_config", "[door].public_key が正しくありません"));
    std::ifstream in(config->credential_file);
    std::stringstream text;
    text << in.rdbuf();
    std::string credential = text.str();
    while (!credential.empty() && std::isspace(static_cast<unsigned char>(credential.back()))) credential.pop_back();
    door_server = std::make_unique<lock::HttpDoorServer>(
        lock::HttpDoorServerOptions{config->server_url, credential, config->ca_file, config->timeout_seconds});
    lock::DoorConfig door_config;
    door_config.municipality_code = credential.substr(0, credential.find('.'));  // "CODE.random"
    door_config.door_id = config->door_id;
    door_config.public_key.assign(key->begin(), key->end());
    door_config.state_path = config->door_state;
    door_config.max_list_age_ms = config->max_list_age_hours * 3'600'000LL;
    auto opened = lock::DoorController::Open(door_config, clock, *driver, *door_server);
    if (!opened) return Fatal(opened.error());
    door = std::move(*opened);
    auto trust = edge::LoadCardTrust(*server, config->card_trust_cache);
    if (!trust) return Fatal(trust.error());
    auto check = edge::LocalCardCheck::Create(std::move(*trust), clock);
    if (!check) return Fatal(check.error());
    card_check.emplace(std::move(*check));
    options.door_tap = edge::DoorTapHandler(*door, *card_check, clock);
  }
#endif
  // Kiosk: the offline card check and the encrypted copy of enrolled names.
  std::optional<edge::LocalCardCheck> kiosk_check;
  std::unique_ptr<edge::KioskCache> kiosk_cache;
  if (config->role == "kiosk") {
    auto trust = edge::LoadCardTrust(*server, config->card_trust_cache);
    if (trust) {
      if (auto check = edge::LocalCardCheck::Create(std::move(*trust), clock)) kiosk_check.emplace(std::move(*check));
    }
    auto key = edge::LoadOrCreateCacheKey(config->cache_key_file);
    if (!key) return Fatal(key.error());
    kiosk_cache = std::make_unique<edge::KioskCache>(**queue, *key, clock, config->cache_max_age_hours * 3'600'000LL);
    if (auto ok = kiosk_cache->Init(); !ok) return Fatal(ok.error());
    options.card_check = kiosk_check ? &*kiosk_check : nullptr;
    options.kiosk_cache = kiosk_cache.get();
  }
  edge::EdgeAgent agent(options, **reader, server.get(), **queue, clock);
  if (auto ok = agent.Init(); !ok) return Fatal(ok.error());
  edge::LocalApi local(agent, {config->listen_port, config->web_root, config->allowed_origin});
  auto port = local.Start();
  if (!port) return Fatal(port.error());
  std::cout << "denen-edge: " << config->role << " on http://127.0.0.1:" << *port << "/ reader \""
            << (*reader)->Name() << "\"" << std::endl;

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::thread uploader([&] {
    while (!g_stop) {
      if (auto sent = agent.UploadQueue(); sent && *sent > 0) std::cout << "uploaded " << *sent << std::endl;
      (void)agent.ReportStatus();
      if (kiosk_cache) {
        (void)kiosk_cache->Sync(*server);
        (void)agent.RefreshKioskInfo();
      }
#ifdef DENEN_EDGE_HAVE_DOOR
      if (door) {
        if (auto synced = door->Sync(); !synced) std::cerr << "door sync: " << synced.error().message << std::endl;
      }
#endif
      const int interval = config->role == "door" ? config->sync_interval_seconds : config->upload_interval_seconds;
      for (int i = 0; i < interval * 10 && !g_stop; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  while (!g_stop) {
    if (config->role == "desk") {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
#ifdef DENEN_EDGE_HAVE_DOOR
    if (door) (void)door->Tick(clock.NowMillis());  // relock after the hold time
#endif
    if (!(*reader)->WaitForCard(std::chrono::milliseconds(500))) continue;
    agent.HandleTap();
    while (!g_stop && !(*reader)->WaitForRemoval(std::chrono::milliseconds(500))) {
    }
  }
  uploader.join();
  local.Stop();
  return 0;
}
