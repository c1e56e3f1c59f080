// The agent's HTTP endpoint for the page in front of the reader, on
// 127.0.0.1 only: the page's files (web/kiosk, web/counter), the event feeds
// the pages long-poll (contracts in docs/reception.md and docs/library.md),
// kiosk walk-ins, and the card routes staff pages use for enrolment and
// linking (status with PIN tries left, read, tap + PIN over a server
// challenge). Cross-origin calls are allowed only from `allowed_origin`
// (the Denen server's console). Start/Stop from one thread.
#pragma once

#include <memory>
#include <string>

#include "edge/agent.h"

namespace denen::edge {

struct LocalApiOptions {
  int port = 8700;  // 0: any free port (tests)
  std::string web_root;
  std::string allowed_origin;  // e.g. "https://denen.city.example.jp"; '' allows none
};

class LocalApi {
 public:
  LocalApi(EdgeAgent& agent, LocalApiOptions options);
  ~LocalApi();
  // Binds 127.0.0.1 and serves in a background thread; returns the port.
  Result<int> Start();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace denen::edge
