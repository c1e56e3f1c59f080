#include "library/library_kpi.h"

#include <map>
#include <set>

namespace denen::library {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kJapanOffsetMs = 9 * 3'600'000;

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::pair<int, int> YearMonthOf(int64_t epoch_millis) {
  int64_t z = (epoch_millis + kJapanOffsetMs) / kDayMs + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return {y, m};
}

std::string MonthId(int year, int month) {
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

}  // namespace

std::vector<std::string> FiscalYearMonths(int fiscal_year) {
  std::vector<std::string> months;
  for (int i = 0; i < 12; ++i) {
    const int m = (3 + i) % 12 + 1;
    months.push_back(MonthId(m >= 4 ? fiscal_year : fiscal_year + 1, m));
  }
  return months;
}

int FiscalYearOf(int64_t epoch_millis) {
  const auto [y, m] = YearMonthOf(epoch_millis);
  return m >= 4 ? y : y - 1;
}

int64_t MonthStartMillis(const std::string& month) {
  return DaysFromCivil(std::stoi(month.substr(0, 4)), std::stoi(month.substr(5, 2)), 1) * kDayMs - kJapanOffsetMs;
}

int64_t MonthEndMillis(const std::string& month) {
  const int y = std::stoi(month.substr(0, 4));
  const int m = std::stoi(month.substr(5, 2));
  return DaysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) * kDayMs - kJapanOffsetMs;
}

std::vector<std::pair<std::string, int64_t>> LinkedResidentsByMonth(const std::vector<CardLink>& links,
                                                                    const std::vector<std::string>& months,
                                                                    int64_t now_ms) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& month : months) {
    const int64_t at = std::min(MonthEndMillis(month) - 1, now_ms);
    std::set<std::string> residents;
    for (const auto& l : links) {
      if (l.linked_at_ms <= at && (!l.unlinked_at_ms || *l.unlinked_at_ms > at)) residents.insert(l.resident_id);
    }
    // A month not begun yet has no count.
    out.emplace_back(month, at < MonthStartMillis(month) ? 0 : static_cast<int64_t>(residents.size()));
  }
  return out;
}

Result<LibraryKpi> LoadLibraryKpi(LibraryRepository& repo, std::string_view code, int fiscal_year, int64_t now_ms) {
  DENEN_TRY(links, repo.AllLinks(code));
  DENEN_TRY(loans, repo.LoansByMonth(code));
  const auto months = FiscalYearMonths(fiscal_year);
  LibraryKpi kpi;
  kpi.fiscal_year = fiscal_year;
  kpi.linked_residents = LinkedResidentsByMonth(links, months, now_ms);
  std::map<std::string, int64_t> loans_by_month(loans.begin(), loans.end());
  for (const auto& m : months) kpi.loans.emplace_back(m, loans_by_month[m]);
  std::set<std::string> now;
  for (const auto& l : links) {
    if (!l.unlinked_at_ms) now.insert(l.resident_id);
  }
  kpi.linked_residents_now = static_cast<int64_t>(now.size());
  return kpi;
}

nlohmann::json LibraryKpiJson(const LibraryKpi& kpi) {
  nlohmann::json linked = nlohmann::json::array();
  for (const auto& [m, n] : kpi.linked_residents) linked.push_back({{"month", m}, {"residents", n}});
  nlohmann::json loans = nlohmann::json::array();
  int64_t total = 0;
  for (const auto& [m, n] : kpi.loans) {
    loans.push_back({{"month", m}, {"loans", n}});
    total += n;
  }
  return {{"fiscal_year", kpi.fiscal_year},
          {"linked_residents_now", kpi.linked_residents_now},
          {"linked_residents_by_month", linked},
          {"loans_by_month", loans},
          {"loans_total", total}};
}

}  // namespace denen::library
