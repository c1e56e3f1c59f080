#include "school/kpi.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "school/school.h"

namespace denen::school {
namespace {

using store::Int;
using store::Text;

void Add(SatisfactionStats& s, int rating) {
  if (rating < 1 || rating > 5) return;
  s.mean = (s.mean * static_cast<double>(s.count) + rating) / static_cast<double>(s.count + 1);
  ++s.count;
  ++s.distribution[rating - 1];
}

double Hours(int64_t minutes) { return std::round(static_cast<double>(minutes) / 6.0) / 10.0; }

nlohmann::json HoursJson(const HoursSummary& h, const std::map<std::string, std::string>& names) {
  nlohmann::json months = nlohmann::json::array();
  for (const auto& [month, minutes] : h.by_month) {
    months.push_back({{"month", month}, {"minutes", minutes}, {"hours", Hours(minutes)}});
  }
  nlohmann::json schools = nlohmann::json::array();
  for (const auto& [id, minutes] : h.by_school) {
    auto name = names.find(id);
    schools.push_back({{"school_id", id},
                       {"school_name", name == names.end() ? id : name->second},
                       {"minutes", minutes},
                       {"hours", Hours(minutes)}});
  }
  return {{"total_minutes", h.total_minutes},
          {"total_hours", Hours(h.total_minutes)},
          {"by_month", months},
          {"by_school", schools}};
}

}  // namespace

HoursSummary SummarizeHours(int fiscal_year, const std::vector<MinutesRow>& rows) {
  HoursSummary out;
  std::map<std::string, int64_t> months;
  for (int i = 0; i < 12; ++i) {
    const int month = (i + 3) % 12 + 1;
    char key[8];
    std::snprintf(key, sizeof key, "%04d-%02d", month >= 4 ? fiscal_year : fiscal_year + 1, month);
    out.by_month.emplace_back(key, 0);
  }
  std::set<std::string> counted;
  for (const auto& row : rows) {
    if (!DaysOfDate(row.date) || FiscalYearOf(row.date) != fiscal_year) continue;
    out.by_school[row.school_id] += row.minutes;
    if (!counted.insert(row.record_id).second) continue;
    out.total_minutes += row.minutes;
    const std::string month = row.date.substr(0, 7);
    for (auto& [key, minutes] : out.by_month) {
      if (key == month) minutes += row.minutes;
    }
  }
  return out;
}

SatisfactionSummary SummarizeSatisfaction(const std::vector<Rating>& ratings) {
  SatisfactionSummary out;
  for (const auto& r : ratings) {
    Add(out.overall, r.rating);
    Add(out.by_school_kind[r.school_kind], r.rating);
    Add(out.by_grade_band[r.grade_band], r.rating);
  }
  return out;
}

Result<SchoolKpi> LoadSchoolKpi(store::Database& db, const std::string& code, int fiscal_year,
                                const std::optional<std::string>& school_id) {
  SchoolKpi kpi;
  kpi.fiscal_year = fiscal_year;
  const auto [from, to] = FiscalYearRange(fiscal_year);
  const store::Value school = store::OptionalText(school_id);

  DENEN_TRY(online, db.Query("SELECT s.id, s.session_date, c.school_id, s.actual_minutes FROM school_sessions s "
                             "JOIN (SELECT DISTINCT municipality_code, session_id, school_id FROM "
                             "school_session_classes WHERE municipality_code = ?) c ON c.session_id = s.id "
                             "WHERE s.municipality_code = ? AND s.status IN ('held', 'cut_short') AND "
                             "s.session_date >= ? AND s.session_date <= ? AND "
                             "(CAST(? AS TEXT) IS NULL OR c.school_id = ?) ORDER BY s.session_date, s.id",
                             {Text(code), Text(code), Text(from), Text(to), school, school}));
  std::vector<MinutesRow> rows;
  for (const auto& r : online) rows.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  kpi.online = SummarizeHours(fiscal_year, rows);

  DENEN_TRY(ict, db.Query("SELECT id, use_date, school_id, minutes FROM school_ict_uses WHERE municipality_code = ? "
                          "AND use_date >= ? AND use_date <= ? AND (CAST(? AS TEXT) IS NULL OR school_id = ?)",
                          {Text(code), Text(from), Text(to), school, school}));
  rows.clear();
  for (const auto& r : ict) rows.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  kpi.ict = SummarizeHours(fiscal_year, rows);

  DENEN_TRY(answers, db.Query("SELECT k.kind, a.respondent, a.grade_band, a.rating FROM school_survey_answers a "
                              "JOIN school_sessions s ON s.municipality_code = a.municipality_code AND "
                              "s.id = a.session_id JOIN school_schools k ON k.municipality_code = "
                              "a.municipality_code AND k.id = a.school_id WHERE a.municipality_code = ? AND "
                              "s.session_date >= ? AND s.session_date <= ? AND "
                              "(CAST(? AS TEXT) IS NULL OR a.school_id = ?)",
                              {Text(code), Text(from), Text(to), school, school}));
  std::vector<Rating> ratings;
  for (const auto& r : answers) {
    ratings.push_back({r.Text(0), r.Text(1) == "teacher" ? "teacher" : r.Text(2), static_cast<int>(r.Int(3))});
  }
  kpi.satisfaction = SummarizeSatisfaction(ratings);

  DENEN_TRY(names, db.Query("SELECT id, name FROM school_schools WHERE municipality_code = ?", {Text(code)}));
  for (const auto& r : names) kpi.school_names[r.Text(0)] = r.Text(1);
  return kpi;
}

nlohmann::json SchoolKpiJson(const SchoolKpi& kpi) {
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& [kind, stats] : kpi.satisfaction.by_school_kind) kinds[kind] = SatisfactionStatsJson(stats);
  nlohmann::json bands = nlohmann::json::object();
  for (const auto& [band, stats] : kpi.satisfaction.by_grade_band) bands[band] = SatisfactionStatsJson(stats);
  return {{"fiscal_year", kpi.fiscal_year},
          {"online_hours", HoursJson(kpi.online, kpi.school_names)},
          {"ict_hours", HoursJson(kpi.ict, kpi.school_names)},
          {"satisfaction",
           {{"overall", SatisfactionStatsJson(kpi.satisfaction.overall)},
            {"by_school_kind", kinds},
            {"by_grade_band", bands}}}};
}

nlohmann::json SatisfactionStatsJson(const SatisfactionStats& s) {
  return {{"count", s.count},
          {"mean", s.count == 0 ? nlohmann::json(nullptr) : nlohmann::json(std::round(s.mean * 100) / 100)},
          {"distribution", s.distribution}};
}

}  // namespace denen::school
