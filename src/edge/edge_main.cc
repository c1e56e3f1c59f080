// denen-edge: the agent next to a card reader (kiosk, library counter, staff
// desk). Usage: denen-edge CONFIG.toml
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/clock.h"
#include "core/random.h"
#include "edge/agent.h"
#include "edge/edge_config.h"
#include "edge/local_api.h"

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
  edge::EdgeAgent agent({config->role}, **reader, server.get(), **queue, clock);
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
      for (int i = 0; i < config->upload_interval_seconds * 10 && !g_stop; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  while (!g_stop) {
    if (config->role == "desk") {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    if (!(*reader)->WaitForCard(std::chrono::milliseconds(500))) continue;
    agent.HandleTap();
    while (!g_stop && !(*reader)->WaitForRemoval(std::chrono::milliseconds(500))) {
    }
  }
  uploader.join();
  local.Stop();
  return 0;
}
