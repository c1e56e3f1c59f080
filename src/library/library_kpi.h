// The library module's KPIs: residents with a linked library card at the end
// of each month (output ②) and library loans per month from the ILS's
// statistics (outcome ②), over a fiscal year (年度, April to March, months in
// Japan time). Pure functions plus one loader; safe for concurrent use.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "library/library_repository.h"

namespace denen::library {

// "2026-04" ... "2027-03".
std::vector<std::string> FiscalYearMonths(int fiscal_year);
// The fiscal year of an instant, in Japan time.
int FiscalYearOf(int64_t epoch_millis);
// The first instant of `month` ("YYYY-MM") and the first after it, in Japan time.
int64_t MonthStartMillis(const std::string& month);
int64_t MonthEndMillis(const std::string& month);

// Distinct residents with an open link at the end of each month; a month not
// yet ended counts the links open at `now_ms`.
std::vector<std::pair<std::string, int64_t>> LinkedResidentsByMonth(const std::vector<CardLink>& links,
                                                                    const std::vector<std::string>& months,
                                                                    int64_t now_ms);

struct LibraryKpi {
  int fiscal_year = 0;
  std::vector<std::pair<std::string, int64_t>> linked_residents;  // every month of the year
  std::vector<std::pair<std::string, int64_t>> loans;             // every month; 0 when not imported
  int64_t linked_residents_now = 0;
};

Result<LibraryKpi> LoadLibraryKpi(LibraryRepository& repo, std::string_view code, int fiscal_year, int64_t now_ms);
nlohmann::json LibraryKpiJson(const LibraryKpi& kpi);

}  // namespace denen::library
