#include "card/challenge_store.h"

#include <gtest/gtest.h>

namespace denen::card {
namespace {

TEST(ChallengeStore, ChallengesAreFreshAndSingleUse) {
  FakeClock clock(1000);
  ChallengeStore store(clock, 60'000);
  const Bytes a = store.Issue();
  const Bytes b = store.Issue();
  EXPECT_EQ(a.size(), ChallengeStore::kChallengeBytes);
  EXPECT_NE(a, b);
  EXPECT_TRUE(store.Consume(a));
  auto replay = store.Consume(a);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, "challenge_replayed");
  EXPECT_EQ(replay.error().kind, ErrorKind::kUnauthenticated);
  EXPECT_TRUE(store.Consume(b));
}

TEST(ChallengeStore, OldChallengesExpire) {
  FakeClock clock(1000);
  ChallengeStore store(clock, 60'000);
  const Bytes a = store.Issue();
  clock.Advance(60'001);
  EXPECT_EQ(store.Consume(a).error().code, "challenge_expired");
  const Bytes b = store.Issue();  // purges a
  EXPECT_EQ(store.Consume(a).error().code, "challenge_unknown");
  clock.Advance(59'999);
  EXPECT_TRUE(store.Consume(b));
}

TEST(ChallengeStore, UnknownChallengesAreRefused) {
  FakeClock clock(1000);
  ChallengeStore store(clock);
  EXPECT_EQ(store.Consume(Bytes(32, 0)).error().code, "challenge_unknown");
  EXPECT_EQ(store.Consume(Bytes{}).error().code, "challenge_unknown");
}

TEST(ChallengeStore, OutstandingChallengesAreBounded) {
  FakeClock clock(1000);
  ChallengeStore store(clock, 60'000, 3);
  const Bytes first = store.Issue();
  for (int i = 0; i < 3; ++i) {
    clock.Advance(1);
    store.Issue();
  }
  EXPECT_EQ(store.Consume(first).error().code, "challenge_unknown");
}

}  // namespace
}  // namespace denen::card
