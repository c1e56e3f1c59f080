#include "edge/event_feed.h"

namespace denen::edge {

int64_t EventFeed::Publish(nlohmann::json event) {
  std::lock_guard lock(mutex_);
  event["seq"] = ++last_seq_;
  events_.push_back(std::move(event));
  while (events_.size() > capacity_) events_.pop_front();
  changed_.notify_all();
  return last_seq_;
}

std::vector<nlohmann::json> EventFeed::After(int64_t after, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  const int64_t wakes = wakes_;
  changed_.wait_for(lock, wait, [&] { return closed_ || last_seq_ != after || wakes_ != wakes; });
  std::vector<nlohmann::json> out;
  for (const auto& e : events_) {
    if (e["seq"].get<int64_t>() > after) out.push_back(e);
  }
  return out;
}

void EventFeed::Wake() {
  std::lock_guard lock(mutex_);
  ++wakes_;
  changed_.notify_all();
}

void EventFeed::Close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

int64_t EventFeed::LastSeq() const {
  std::lock_guard lock(mutex_);
  return last_seq_;
}

}  // namespace denen::edge
