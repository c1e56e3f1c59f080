#include "core/fiscal_year.h"

#include <cstdio>

#include "core/clock.h"

namespace denen {
namespace {

constexpr int64_t kJapanOffsetMs = 9LL * 3600 * 1000;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::optional<std::pair<int, int>> ParseYearMonth(std::string_view month) {
  if (month.size() < 7 || month[4] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (month[i] < '0' || month[i] > '9') return std::nullopt;
  }
  const int year = (month[0] - '0') * 1000 + (month[1] - '0') * 100 + (month[2] - '0') * 10 + (month[3] - '0');
  const int m = (month[5] - '0') * 10 + (month[6] - '0');
  if (year < 1900 || m < 1 || m > 12) return std::nullopt;
  return std::pair{year, m};
}

std::string YearMonthKey(int year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string AddMonths(std::string_view month, int delta) {
  auto p = ParseYearMonth(month);
  if (!p) return "";
  const int index = p->first * 12 + (p->second - 1) + delta;
  return YearMonthKey(index / 12, index % 12 + 1);
}

int FiscalYearOf(std::string_view month_or_date) {
  auto p = ParseYearMonth(month_or_date);
  if (!p) return 0;
  return p->second >= 4 ? p->first : p->first - 1;
}

int FiscalYearOfMillis(int64_t epoch_millis) { return FiscalYearOf(JapanMonthOf(epoch_millis)); }

std::vector<std::string> FiscalYearMonths(int fiscal_year) {
  std::vector<std::string> months;
  for (int i = 0; i < 12; ++i) months.push_back(AddMonths(YearMonthKey(fiscal_year, 4), i));
  return months;
}

std::string FiscalYearFirstDay(int fiscal_year) { return YearMonthKey(fiscal_year, 4) + "-01"; }
std::string FiscalYearLastDay(int fiscal_year) { return YearMonthKey(fiscal_year + 1, 3) + "-31"; }

std::string MonthLastDay(std::string_view month) {
  auto p = ParseYearMonth(month);
  if (!p) return "";
  const int64_t next = DaysFromCivil(p->second == 12 ? p->first + 1 : p->first, p->second == 12 ? 1 : p->second + 1, 1);
  const CivilDate last = CivilFromDays(next - 1);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", last.year, last.month, last.day);
  return buf;
}

std::string JapanMonthOf(int64_t epoch_millis) {
  const CivilDate d = CivilFromDays(FloorDiv(epoch_millis + kJapanOffsetMs, kDayMs));
  return YearMonthKey(d.year, d.month);
}

int64_t JapanMonthStartMillis(std::string_view month) {
  auto p = ParseYearMonth(month);
  if (!p) return 0;
  return DaysFromCivil(p->first, p->second, 1) * kDayMs - kJapanOffsetMs;
}

}  // namespace denen
