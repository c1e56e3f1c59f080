#include "core/fiscal_year.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(FiscalYear, AprilStartsTheYear) {
  EXPECT_EQ(FiscalYearOf("2026-04"), 2026);
  EXPECT_EQ(FiscalYearOf("2027-03-31"), 2026);
  EXPECT_EQ(FiscalYearOf("2026-03"), 2025);
  EXPECT_EQ(FiscalYearOf("bad"), 0);
  const auto months = FiscalYearMonths(2026);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front(), "2026-04");
  EXPECT_EQ(months.back(), "2027-03");
  EXPECT_EQ(FiscalYearFirstDay(2026), "2026-04-01");
  EXPECT_EQ(FiscalYearLastDay(2026), "2027-03-31");
}

TEST(FiscalYear, MonthsInJapanTime) {
  EXPECT_EQ(MonthLastDay("2028-02"), "2028-02-29");
  EXPECT_EQ(AddMonths("2026-12", 1), "2027-01");
  EXPECT_EQ(AddMonths("2026-01", -1), "2025-12");
  const int64_t start = JapanMonthStartMillis("2026-04");
  EXPECT_EQ(JapanMonthOf(start), "2026-04");
  EXPECT_EQ(JapanMonthOf(start - 1), "2026-03");
  EXPECT_EQ(FiscalYearOfMillis(start), 2026);
  EXPECT_EQ(FiscalYearOfMillis(start - 1), 2025);
}

}  // namespace
}  // namespace denen
