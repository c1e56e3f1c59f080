// Server challenges for tap + PIN: random, single-use, and accepted only
// within a time-to-live measured on the injected clock. Outstanding and
// recently used challenges are bounded in number. Safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>

#include "card/apdu.h"
#include "core/clock.h"
#include "core/error.h"

namespace denen::card {

class ChallengeStore {
 public:
  static constexpr size_t kChallengeBytes = 32;

  explicit ChallengeStore(const Clock& clock, int64_t ttl_millis = 120'000, size_t max_outstanding = 10'000)
      : clock_(clock), ttl_millis_(ttl_millis), max_outstanding_(max_outstanding) {}

  // A fresh random challenge, valid once within the TTL.
  Bytes Issue();

  // Accepts a challenge once. Errors: "challenge_replayed" (already used),
  // "challenge_expired", "challenge_unknown".
  Result<void> Consume(std::span<const uint8_t> challenge);

 private:
  void PurgeLocked(int64_t now);

  const Clock& clock_;
  const int64_t ttl_millis_;
  const size_t max_outstanding_;
  std::mutex mutex_;
  // Keys are the challenge bytes; values the issue time.
  std::map<std::string, int64_t> issued_;  // guarded by mutex_
  std::map<std::string, int64_t> used_;    // guarded by mutex_
};

}  // namespace denen::card
