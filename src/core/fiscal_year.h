// The Japanese fiscal year (年度, April to March) and months in Japan time,
// shared by every module that reports per month and 年度. A month is
// "YYYY-MM", a date "YYYY-MM-DD"; fiscal year 2026 runs 2026-04 .. 2027-03.
// Pure functions; safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace denen {

// (year, month) of "YYYY-MM" (or the first 7 characters of a date); nullopt
// when malformed.
std::optional<std::pair<int, int>> ParseYearMonth(std::string_view month);
std::string YearMonthKey(int year, int month);
// The month `delta` months after `month` (negative: before).
std::string AddMonths(std::string_view month, int delta);

// Fiscal year of a month or date (0 when malformed).
int FiscalYearOf(std::string_view month_or_date);
// The fiscal year of an instant, in Japan time.
int FiscalYearOfMillis(int64_t epoch_millis);
// "2026-04" ... "2027-03".
std::vector<std::string> FiscalYearMonths(int fiscal_year);
// "2026-04-01" and "2027-03-31".
std::string FiscalYearFirstDay(int fiscal_year);
std::string FiscalYearLastDay(int fiscal_year);
// "2026-02-28" for "2026-02".
std::string MonthLastDay(std::string_view month);
// The Japan-time month ("YYYY-MM") and date of an instant.
std::string JapanMonthOf(int64_t epoch_millis);
// The first instant of a Japan-time month (UTC epoch ms).
int64_t JapanMonthStartMillis(std::string_view month);

}  // namespace denen
