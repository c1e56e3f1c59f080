// The pure domain of Reception: Japanese days, hours and fiscal years, age
// bands, walk-in validation and check-in ids.
#include "reception/reception.h"

#include <gtest/gtest.h>

namespace denen::reception {
namespace {

// 2026-11-27T15:30:00Z is 2026-11-28 00:30 in Japan, a Saturday.
constexpr int64_t kLateFriday = 1795793400000;

TEST(JapanTimeTest, DayHourAndWeekdayAreJapanese) {
  EXPECT_EQ(JapanDate(kLateFriday), "2026-11-28");
  EXPECT_EQ(JapanHour(kLateFriday), 0);
  EXPECT_EQ(JapanWeekday(kLateFriday), 6);
  EXPECT_EQ(JapanDate(kLateFriday - 3600 * 1000), "2026-11-27");
  EXPECT_EQ(JapanHour(kLateFriday - 3600 * 1000), 23);
  EXPECT_EQ(*JapanMidnight("2026-11-28"), kLateFriday - 30 * 60 * 1000);
}

TEST(FiscalYearTest, StartsInApril) {
  EXPECT_EQ(FiscalYearOf("2026-03-31"), 2025);
  EXPECT_EQ(FiscalYearOf("2026-04-01"), 2026);
  EXPECT_EQ(SameDayPreviousYear("2028-02-29"), "2027-02-28");
  EXPECT_EQ(SameDayPreviousYear("2026-11-27"), "2025-11-27");
}

TEST(DateTest, NormalizesOpenDataDates) {
  EXPECT_EQ(NormalizeDate("2026/12/6"), "2026-12-06");
  EXPECT_EQ(NormalizeDate("20261206"), "2026-12-06");
  EXPECT_EQ(NormalizeDate(" 2026-12-06 "), "2026-12-06");
  EXPECT_FALSE(NormalizeDate("2026-02-30"));
  EXPECT_FALSE(NormalizeDate("令和8年12月6日"));
  EXPECT_TRUE(IsDate("2028-02-29"));
  EXPECT_FALSE(IsDate("2027-02-29"));
}

TEST(AgeBandTest, BandsByDecadeWithUnknown) {
  EXPECT_EQ(AgeBandOf(2020, "2026-11-27"), "0-9");
  EXPECT_EQ(AgeBandOf(1990, "2026-11-27"), "30-39");
  EXPECT_EQ(AgeBandOf(1940, "2026-11-27"), "80+");
  EXPECT_EQ(AgeBandOf(0, "2026-11-27"), "unknown");
  EXPECT_TRUE(IsAgeBand("70-79"));
  EXPECT_FALSE(IsAgeBand("70代"));
}

TEST(WalkInTest, NamesTheWrongField) {
  EXPECT_TRUE(WalkInVisitor("ヤマダ ハナコ", "本町", "30-39").has_value());
  auto no_name = WalkInVisitor("", "本町", "30-39");
  ASSERT_FALSE(no_name.has_value());
  EXPECT_EQ(no_name.error().code, "invalid_name_kana");
  auto band = WalkInVisitor("ヤマダ", "本町", "30代");
  ASSERT_FALSE(band.has_value());
  EXPECT_EQ(band.error().code, "invalid_age_band");
  EXPECT_EQ(WalkInVisitor("ヤマダ", "", "")->age_band, "unknown");
}

TEST(UlidTest, AcceptsCrockfordBase32Only) {
  EXPECT_TRUE(IsUlid("01JDZ6Q4N8X3V5W7Y9A1B2C3D4"));
  EXPECT_FALSE(IsUlid("01JDZ6Q4N8X3V5W7Y9A1B2C3D"));   // 25
  EXPECT_FALSE(IsUlid("01JDZ6Q4N8X3V5W7Y9A1B2C3DI"));  // I is not Crockford
  EXPECT_FALSE(IsUlid("01jdz6q4n8x3v5w7y9a1b2c3d4"));
  EXPECT_FALSE(IsUlid("81JDZ6Q4N8X3V5W7Y9A1B2C3D4"));  // beyond 48-bit time
}

TEST(OutcomeTest, IdsRoundTrip) {
  for (Outcome o : {Outcome::kCheckedIn, Outcome::kCheckedOut, Outcome::kAlreadyCheckedIn, Outcome::kAlreadyCheckedOut,
                    Outcome::kRefused}) {
    EXPECT_EQ(OutcomeFromId(OutcomeId(o)), o);
  }
  EXPECT_FALSE(OutcomeFromId("maybe"));
}

}  // namespace
}  // namespace denen::reception
