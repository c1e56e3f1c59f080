#include "core/clock.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(Clock, FormatsUtcInstants) {
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoUtc(1795000000123), "2026-11-18T11:06:40.123Z");
  EXPECT_EQ(FormatIsoUtc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Clock, CivilDaysRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2024, 2, 29) + 1, DaysFromCivil(2024, 3, 1));
  for (int64_t d = -800000; d < 800000; d += 997) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
}

TEST(Clock, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(1000);
  EXPECT_EQ(clock.NowMillis(), 1000);
  clock.Advance(500);
  EXPECT_EQ(clock.NowMillis(), 1500);
  clock.Set(7);
  EXPECT_EQ(clock.NowMillis(), 7);
}

}  // namespace
}  // namespace denen
