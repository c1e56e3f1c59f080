// denen-edge's behaviour per role, without threads or sockets (edge_main.cc
// and local_api.cc add those): what one card tap does, the kiosk's durable
// check-in queue and its upload, walk-ins entered at the kiosk, and the status
// the page shows.
//   kiosk   — a tap becomes a check-in item (id made here) stored in the local
//             SQLite queue before anything else, then sent to the server; when
//             the server cannot be reached the item stays queued and is sent
//             again, with the same id, until the server has answered it.
//   counter — a tap is sent to the library counter route; the answer (the
//             barcode to show) is published for the counter page.
//   door    — a door controller: the tap is decided here, offline included
//             (door_role.h over the lock module's DoorController).
//   desk    — a staff PC: no tap handling; the console page uses the card
//             routes of local_api.h for enrolment and linking.
// Safe for concurrent use (the card reader is used under one lock).
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "edge/card_reader.h"
#include "edge/card_trust.h"
#include "edge/kiosk_cache.h"
#include "edge/event_feed.h"
#include "edge/server_link.h"
#include "store/database.h"

namespace denen::edge {

struct AgentOptions {
  std::string role;  // kiosk | counter | door | desk
  int upload_batch = 100;
  // The door role's decision for a card's certificate (door_role.h): the
  // event to publish. Required for role door.
  std::function<nlohmann::json(const card::Bytes& certificate)> door_tap;
  // Kiosk, optional: when the server cannot be reached, the card is checked
  // here and the resident greeted by the cached name (refused at once when
  // the certificate or the cached entry says so). Both must outlive the agent.
  const LocalCardCheck* card_check = nullptr;
  KioskCache* kiosk_cache = nullptr;
};

class EdgeAgent {
 public:
  // `queue` is the agent's local SQLite database (kiosk role); `server` may be
  // null for the desk role. All must outlive the agent.
  EdgeAgent(AgentOptions options, CardReader& reader, ServerLink* server, store::Database& queue, const Clock& clock)
      : options_(std::move(options)), reader_(reader), server_(server), queue_(queue), clock_(clock) {}

  // Creates the queue table; checks the role.
  Result<void> Init();

  // Handles the card now in the reader per role and publishes the outcome.
  // Returns the event published.
  nlohmann::json HandleTap();

  // A walk-in entered on the kiosk page: queued like a tap, then sent.
  Result<nlohmann::json> HandleWalkIn(const nlohmann::json& body);

  // Sends queued check-ins (oldest first) until the queue is empty or the
  // server is unreachable; items the server answered leave the queue.
  // Returns how many left the queue.
  Result<int> UploadQueue();
  Result<int64_t> QueuedCount();

  // Tells the server how many check-ins wait here and for how long the oldest
  // has waited (POST /api/v1/edge/status), for the operators' metrics. Nothing
  // for the desk role, which has no device credential.
  Result<void> ReportStatus();

  // Card routes for staff pages (desk role, or a counter linking a card).
  Result<nlohmann::json> ReadCard();
  Result<nlohmann::json> PinEvidence(const std::string& challenge_base64, const std::string& pin,
                                     bool last_try_confirmed);
  Result<nlohmann::json> CardStatus();

  // Kiosk: the place, today's events there and whether it is an open
  // shelter (GET /api/v1/reception/kiosk), kept in the queue database for
  // Status when offline, across restarts too.
  Result<void> RefreshKioskInfo();

  // What the page shows in its bar (docs/reception.md, Status).
  nlohmann::json Status();
  EventFeed& feed() { return feed_; }
  const std::string& role() const { return options_.role; }

 private:
  nlohmann::json KioskTap(const card::Bytes& certificate);
  nlohmann::json CounterTap(const card::Bytes& certificate);
  Result<void> Enqueue(const nlohmann::json& item);
  // Sends `items`; returns per-id results for the items the server answered.
  Result<std::map<std::string, nlohmann::json>> Send(const std::vector<nlohmann::json>& items);
  nlohmann::json KioskEvent(const std::string& kind, const nlohmann::json& item, const nlohmann::json* result);
  // The offline greeting of a card tap, from the local checks.
  nlohmann::json OfflineCardEvent(const nlohmann::json& item, const card::Bytes& certificate);
  // Records the result of the last contact with the server; a change wakes the
  // page's long-poll so that its bar shows it at once.
  void SetOnline(bool online);

  AgentOptions options_;
  CardReader& reader_;
  ServerLink* server_;
  store::Database& queue_;
  const Clock& clock_;
  EventFeed feed_;
  std::mutex reader_mutex_;
  std::mutex upload_mutex_;  // one upload at a time, so an item is never sent twice at once
  std::atomic<bool> online_ = true;  // the last contact with the server succeeded
  std::mutex info_mutex_;
  nlohmann::json kiosk_info_ = nlohmann::json::object();  // guarded by info_mutex_
};

}  // namespace denen::edge
