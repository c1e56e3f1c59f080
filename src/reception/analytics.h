// Who came from where and when (issue 6): visits by facility, event, hour,
// weekday, district and age band, card share, repeat visitors, and the same
// period of the previous fiscal year; and the KPI feed for the KPI module
// (card share = output ①, participants per event = outcome ①, facility
// users = outcome ③). Summarize and the *Json functions are pure; the Load
// functions have the database count the visits (ReceptionRepository::TallyVisits). Safe for concurrent use.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reception/reception_repository.h"

namespace denen::reception {

struct VisitSummary {
  int64_t total = 0;
  int64_t by_card = 0;
  int64_t walk_in = 0;
  std::map<std::string, int64_t> by_place;  // facility visits, place id -> count
  std::map<std::string, int64_t> by_event;  // event id -> participants
  std::map<std::string, int64_t> by_shelter_place;
  std::array<int64_t, 24> by_hour{};    // Japan time
  std::array<int64_t, 7> by_weekday{};  // 0 = Sunday
  std::map<std::string, int64_t> by_district;
  std::map<std::string, int64_t> by_age_band;
  int64_t residents = 0;         // distinct card visitors
  int64_t repeat_residents = 0;  // card visitors seen on two or more days
};

// The summary of a tally: visits by kind of place, weekdays from the dates,
// "不明" for no district and "unknown" for no age band.
VisitSummary Summarize(const VisitTally& tally);

// A period and the same period one fiscal year earlier.
struct PeriodComparison {
  std::string from, to;
  std::string previous_from, previous_to;
  VisitSummary current;
  VisitSummary previous;
};

Result<PeriodComparison> LoadComparison(ReceptionRepository& repo, const std::string& code, const std::string& from,
                                        const std::string& to);

// Names for the ids in a summary.
struct NameBook {
  std::map<std::string, std::string> places;
  std::map<std::string, std::string> events;
};
Result<NameBook> LoadNames(ReceptionRepository& repo, const std::string& code);

nlohmann::json SummaryJson(const VisitSummary& s, const NameBook& names);
nlohmann::json ComparisonJson(const PeriodComparison& c, const NameBook& names);

// The KPI feed for fiscal year `fiscal_year`, up to `as_of` (YYYY-MM-DD), with
// the same period of the previous fiscal year for growth.
Result<nlohmann::json> LoadKpi(ReceptionRepository& repo, const std::string& code, int fiscal_year,
                               const std::string& as_of);

// growth = current / previous - 1, rounded to 0.001; null when previous is 0.
nlohmann::json Growth(int64_t current, int64_t previous);

}  // namespace denen::reception
