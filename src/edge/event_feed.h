// What the agent tells the page in front of the reader: a numbered list of
// recent events (a tap's outcome) that the page long-polls. Keeps the last
// `capacity` events. Safe for concurrent use.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

namespace denen::edge {

class EventFeed {
 public:
  explicit EventFeed(size_t capacity = 100) : capacity_(capacity) {}

  // Adds an event; its "seq" field is set to the new sequence number.
  int64_t Publish(nlohmann::json event);

  // Events with seq > after, waiting up to `wait` for one when there are none.
  // Answers at once when `after` is beyond the last event (a page that saw an
  // earlier run of the agent: the answer's LastSeq lets it catch up) and when
  // Wake is called.
  std::vector<nlohmann::json> After(int64_t after, std::chrono::milliseconds wait);

  // Ends every waiting After without an event: what the page shows besides
  // events (the agent's status) has changed.
  void Wake();

  // From now on After never waits, so that the local HTTP server can stop
  // without holding on to long-polls for their whole wait.
  void Close();

  int64_t LastSeq() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int64_t last_seq_ = 0;               // guarded by mutex_
  int64_t wakes_ = 0;                  // guarded by mutex_
  bool closed_ = false;                // guarded by mutex_
  std::deque<nlohmann::json> events_;  // guarded by mutex_
};

}  // namespace denen::edge
