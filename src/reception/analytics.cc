#include "reception/analytics.h"

#include <cmath>
#include <set>

#include "reception/reception.h"

namespace denen::reception {
namespace {

using nlohmann::json;

json CountList(const std::map<std::string, int64_t>& counts, const std::map<std::string, std::string>* names) {
  json out = json::array();
  for (const auto& [key, count] : counts) {
    json item = {{"key", key}, {"count", count}};
    if (names) {
      auto it = names->find(key);
      item["name"] = it == names->end() ? key : it->second;
    }
    out.push_back(item);
  }
  return out;
}

std::string FiscalYearStart(int fiscal_year) { return std::to_string(fiscal_year) + "-04-01"; }
std::string FiscalYearEnd(int fiscal_year) { return std::to_string(fiscal_year + 1) + "-03-31"; }

}  // namespace

VisitSummary Summarize(const VisitTally& tally) {
  VisitSummary s;
  for (const auto& g : tally.groups) {
    s.total += g.visits;
    (g.source == "card" ? s.by_card : s.walk_in) += g.visits;
    if (g.kind == "event") {
      s.by_event[g.event_id] += g.visits;
    } else if (g.kind == "shelter") {
      s.by_shelter_place[g.place_id] += g.visits;
    } else {
      s.by_place[g.place_id] += g.visits;
    }
  }
  s.by_hour = tally.by_hour;
  for (const auto& [date, n] : tally.by_date) {
    if (auto midnight = JapanMidnight(date)) s.by_weekday[static_cast<size_t>(JapanWeekday(*midnight))] += n;
  }
  for (const auto& [district, n] : tally.by_district) s.by_district[district.empty() ? "不明" : district] += n;
  for (const auto& [band, n] : tally.by_age_band) s.by_age_band[band.empty() ? "unknown" : band] += n;
  s.residents = tally.residents;
  s.repeat_residents = tally.repeat_residents;
  return s;
}

Result<PeriodComparison> LoadComparison(ReceptionRepository& repo, const std::string& code, const std::string& from,
                                        const std::string& to) {
  if (!IsDate(from) || !IsDate(to) || to < from) {
    return Fail(Error::Invalid("invalid_period", "期間(from, to)は YYYY-MM-DD で、to は from 以降にしてください"));
  }
  PeriodComparison c;
  c.from = from;
  c.to = to;
  c.previous_from = SameDayPreviousYear(from);
  c.previous_to = SameDayPreviousYear(to);
  DENEN_TRY(current, repo.TallyVisits(code, from, to));
  DENEN_TRY(previous, repo.TallyVisits(code, c.previous_from, c.previous_to));
  c.current = Summarize(current);
  c.previous = Summarize(previous);
  return c;
}

Result<NameBook> LoadNames(ReceptionRepository& repo, const std::string& code) {
  NameBook names;
  DENEN_TRY(places, repo.ListPlaces(code));
  for (const auto& p : places) names.places[p.id] = p.name;
  DENEN_TRY(events, repo.ListEvents(code, "0000-01-01", "9999-12-31"));
  for (const auto& e : events) names.events[e.id] = e.name + " (" + e.start_date + ")";
  return names;
}

json SummaryJson(const VisitSummary& s, const NameBook& names) {
  return {{"total", s.total},
          {"by_card", s.by_card},
          {"walk_in", s.walk_in},
          {"card_share", s.total == 0 ? json(nullptr) : json(std::round(1000.0 * s.by_card / s.total) / 1000.0)},
          {"by_place", CountList(s.by_place, &names.places)},
          {"by_event", CountList(s.by_event, &names.events)},
          {"by_shelter", CountList(s.by_shelter_place, &names.places)},
          {"by_hour", s.by_hour},
          {"by_weekday", s.by_weekday},
          {"by_district", CountList(s.by_district, nullptr)},
          {"by_age_band", CountList(s.by_age_band, nullptr)},
          {"residents", s.residents},
          {"repeat_residents", s.repeat_residents}};
}

json ComparisonJson(const PeriodComparison& c, const NameBook& names) {
  return {{"period", {{"from", c.from}, {"to", c.to}}},
          {"previous_period", {{"from", c.previous_from}, {"to", c.previous_to}}},
          {"current", SummaryJson(c.current, names)},
          {"previous", SummaryJson(c.previous, names)},
          {"growth", Growth(c.current.total, c.previous.total)}};
}

json Growth(int64_t current, int64_t previous) {
  if (previous == 0) return nullptr;
  return std::round(1000.0 * (static_cast<double>(current) / static_cast<double>(previous) - 1.0)) / 1000.0;
}

Result<json> LoadKpi(ReceptionRepository& repo, const std::string& code, int fiscal_year, const std::string& as_of) {
  std::string to = FiscalYearEnd(fiscal_year);
  if (IsDate(as_of) && as_of < to) to = as_of;
  const std::string from = FiscalYearStart(fiscal_year);
  if (to < from) to = from;
  DENEN_TRY(c, LoadComparison(repo, code, from, to));
  DENEN_TRY(names, LoadNames(repo, code));

  json events = json::array();
  for (const auto& [event_id, count] : c.current.by_event) {
    auto it = names.events.find(event_id);
    events.push_back(
        {{"event_id", event_id}, {"name", it == names.events.end() ? event_id : it->second}, {"participants", count}});
  }
  int64_t participants = 0, previous_participants = 0;
  for (const auto& [id, n] : c.current.by_event) participants += n;
  for (const auto& [id, n] : c.previous.by_event) previous_participants += n;

  json facilities = json::array();
  std::set<std::string> place_ids;
  for (const auto& [id, n] : c.current.by_place) place_ids.insert(id);
  for (const auto& [id, n] : c.previous.by_place) place_ids.insert(id);
  int64_t users = 0, previous_users = 0;
  for (const auto& id : place_ids) {
    const int64_t now = c.current.by_place.contains(id) ? c.current.by_place.at(id) : 0;
    const int64_t before = c.previous.by_place.contains(id) ? c.previous.by_place.at(id) : 0;
    users += now;
    previous_users += before;
    auto it = names.places.find(id);
    facilities.push_back({{"place_id", id},
                          {"name", it == names.places.end() ? id : it->second},
                          {"users", now},
                          {"previous_users", before},
                          {"growth", Growth(now, before)}});
  }
  const double share = c.current.total == 0 ? 0 : static_cast<double>(c.current.by_card) / c.current.total;
  return json{
      {"fiscal_year", fiscal_year},
      {"period", {{"from", c.from}, {"to", c.to}}},
      {"previous_period", {{"from", c.previous_from}, {"to", c.previous_to}}},
      {"card_share",
       {{"receptions", c.current.total},
        {"by_card", c.current.by_card},
        {"share", c.current.total == 0 ? json(nullptr) : json(std::round(share * 1000.0) / 1000.0)}}},
      {"event_participants",
       {{"total", participants},
        {"previous_total", previous_participants},
        {"growth", Growth(participants, previous_participants)},
        {"by_event", events}}},
      {"facility_users",
       {{"total", users},
        {"previous_total", previous_users},
        {"growth", Growth(users, previous_users)},
        {"by_place", facilities}}},
  };
}

}  // namespace denen::reception
