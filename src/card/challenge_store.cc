#include "card/challenge_store.h"

#include <openssl/rand.h>

namespace denen::card {

namespace {

Error Refused(std::string code, std::string message) {
  return Error{ErrorKind::kUnauthenticated, std::move(code), std::move(message)};
}

}  // namespace

void ChallengeStore::PurgeLocked(int64_t now) {
  // Used challenges are remembered until they would have expired anyway, so a
  // replay gets the precise reason; after that "expired" covers them.
  for (auto* map : {&issued_, &used_}) {
    std::erase_if(*map, [&](const auto& entry) { return now - entry.second > ttl_millis_; });
  }
  while (issued_.size() >= max_outstanding_) {
    auto oldest = issued_.begin();
    for (auto it = issued_.begin(); it != issued_.end(); ++it) {
      if (it->second < oldest->second) oldest = it;
    }
    issued_.erase(oldest);
  }
}

Bytes ChallengeStore::Issue() {
  Bytes challenge(kChallengeBytes);
  if (RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1) {
    std::abort();  // no randomness: continuing would issue guessable challenges
  }
  const int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  PurgeLocked(now);
  issued_[std::string(challenge.begin(), challenge.end())] = now;
  return challenge;
}

Result<void> ChallengeStore::Consume(std::span<const uint8_t> challenge) {
  const std::string key(challenge.begin(), challenge.end());
  const int64_t now = clock_.NowMillis();
  std::lock_guard lock(mutex_);
  if (used_.contains(key)) {
    return Fail(Refused("challenge_replayed", "this challenge was already used"));
  }
  auto it = issued_.find(key);
  if (it == issued_.end()) {
    return Fail(Refused("challenge_unknown", "this challenge was not issued here or has expired"));
  }
  const int64_t issued_at = it->second;
  issued_.erase(it);
  if (now - issued_at > ttl_millis_) {
    return Fail(Refused("challenge_expired", "the challenge is too old; tap again"));
  }
  used_[key] = issued_at;
  return {};
}

}  // namespace denen::card
