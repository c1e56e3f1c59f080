// Test support for the KPI module's database tests: a migrated database on
// either engine with the KPI demo loaded at a fixed instant, and helpers that
// count from the raw tables independently of the module's code.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "kpi/kpi_demo.h"
#include "store/migrated_db_test.h"

namespace denen::kpi::testing {

inline const std::string kCode = "062090";

// 2027-04-10T00:00:00Z (09:00 in Japan): fiscal year 2026 is complete.
inline constexpr int64_t kNow = 1807315200000;

inline std::string MonthKey(int year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

// The twelve months of fiscal year 2026, built here rather than with the
// module's helper.
inline std::vector<std::string> Fy2026Months() {
  std::vector<std::string> out;
  for (int i = 0; i < 12; ++i) out.push_back(MonthKey(i < 9 ? 2026 : 2027, (i + 3) % 12 + 1));
  return out;
}

// Japan-time month start in UTC ms.
inline int64_t MonthStartMs(const std::string& month) {
  const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
  return DaysFromCivil(y, m, 1) * 86400000LL - 9LL * 3600 * 1000;
}
inline std::string NextMonth(const std::string& month) {
  const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
  return m == 12 ? MonthKey(y + 1, 1) : MonthKey(y, m + 1);
}

class KpiDbTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    clock_.Set(kNow);
    auto loaded = LoadKpiDemo(*db_, clock_, kCode);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    ASSERT_TRUE(*loaded);
  }

  int64_t Count(const std::string& sql, const store::Params& params) {
    auto row = db_->QueryOne(sql, params);
    EXPECT_TRUE(row.has_value()) << (row ? "" : row.error().message);
    if (!row || !*row || (*row)->IsNull(0)) return 0;
    return (**row).Int(0);
  }
};

}  // namespace denen::kpi::testing
