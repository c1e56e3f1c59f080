#include "kpi/kpi_sources.h"

#include <cmath>

#include "core/fiscal_year.h"

#ifdef DENEN_KPI_HAVE_CARE
#include "care/care_kpi.h"
#endif
#ifdef DENEN_KPI_HAVE_SCHOOL
#include "school/kpi.h"
#endif
#ifdef DENEN_KPI_HAVE_LIBRARY
#include "library/library_kpi.h"
#endif
#ifdef DENEN_KPI_HAVE_RECEPTION
#include "reception/reception_repository.h"
#endif
#ifdef DENEN_KPI_HAVE_LOCK
#include "lock/lock_repository.h"
#endif

namespace denen::kpi {
namespace {

using store::Text;

[[maybe_unused]] Series EmptySeries(size_t n) { return Series{std::vector<Cell>(n), Cell{}}; }

[[maybe_unused]] std::map<std::string, size_t> MonthIndex(const std::vector<std::string>& months) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < months.size(); ++i) index[months[i]] = i;
  return index;
}

[[maybe_unused]] void SumTotal(Series& s) {
  s.total = {};
  for (const Cell& c : s.months) s.total.num += c.num, s.total.den += c.den;
}

#ifdef DENEN_KPI_HAVE_CARE
Result<void> Care(store::Database& db, const std::string& code, const std::vector<std::string>& months,
                  FormulaValues& out) {
  DENEN_TRY(kpi, care::LoadCareKpi(db, code, months.front(), months.back()));
  Series forms = EmptySeries(months.size()), days = EmptySeries(months.size());
  auto index = MonthIndex(months);
  for (const auto& m : kpi.months) {
    auto it = index.find(m.month);
    if (it == index.end()) continue;
    forms.months[it->second].num = static_cast<double>(m.checked.forms);
    days.months[it->second] = {std::round(m.days.average * static_cast<double>(m.days.count)),
                               static_cast<double>(m.days.count)};
  }
  forms.total.num = static_cast<double>(kpi.checked.forms);
  SumTotal(days);
  out["care.forms_checked"] = std::move(forms);
  out["care.days_to_certification"] = std::move(days);
  return {};
}
#endif

#ifdef DENEN_KPI_HAVE_SCHOOL
Result<void> School(store::Database& db, const std::string& code, const std::vector<std::string>& months,
                    FormulaValues& out) {
  DENEN_TRY(kpi, school::LoadSchoolKpi(db, code, FiscalYearOf(months.front()), std::nullopt));
  auto index = MonthIndex(months);
  auto hours = [&](const school::HoursSummary& h) {
    Series s = EmptySeries(months.size());
    for (const auto& [month, minutes] : h.by_month) {
      auto it = index.find(month);
      if (it != index.end()) s.months[it->second].num = static_cast<double>(minutes) / 60.0;
    }
    SumTotal(s);
    return s;
  };
  out["school.online_hours"] = hours(kpi.online);
  out["school.ict_hours"] = hours(kpi.ict);
  // The module summarises satisfaction per year; the report needs months, so
  // the answers are read with the same filter and summed per month here.
  DENEN_TRY(answers, db.Query("SELECT s.session_date, a.rating FROM school_survey_answers a "
                              "JOIN school_sessions s ON s.municipality_code = a.municipality_code AND "
                              "s.id = a.session_id JOIN school_schools k ON k.municipality_code = "
                              "a.municipality_code AND k.id = a.school_id WHERE a.municipality_code = ? AND "
                              "s.session_date >= ? AND s.session_date <= ?",
                              {Text(code), Text(months.front() + "-01"), Text(MonthLastDay(months.back()))}));
  Series satisfaction = EmptySeries(months.size());
  for (const auto& r : answers) {
    auto it = index.find(r.Text(0).substr(0, 7));
    if (it == index.end()) continue;
    satisfaction.months[it->second].num += static_cast<double>(r.Int(1));
    satisfaction.months[it->second].den += 1;
  }
  SumTotal(satisfaction);
  out["school.satisfaction"] = std::move(satisfaction);
  return {};
}
#endif

#ifdef DENEN_KPI_HAVE_LIBRARY
Result<void> Library(store::Database& db, const Clock& clock, const std::string& code,
                     const std::vector<std::string>& months, FormulaValues& out) {
  library::LibraryRepository repo(db, clock);
  DENEN_TRY(kpi, library::LoadLibraryKpi(repo, code, FiscalYearOf(months.front()), clock.NowMillis()));
  auto index = MonthIndex(months);
  Series linked = EmptySeries(months.size()), loans = EmptySeries(months.size());
  for (const auto& [month, n] : kpi.linked_residents) {
    if (auto it = index.find(month); it != index.end()) linked.months[it->second].num = static_cast<double>(n);
  }
  for (const auto& [month, n] : kpi.loans) {
    if (auto it = index.find(month); it != index.end()) loans.months[it->second].num = static_cast<double>(n);
  }
  linked.total = linked.months.back();
  SumTotal(loans);
  out["library.linked_residents"] = std::move(linked);
  out["library.loans"] = std::move(loans);
  return {};
}
#endif

#ifdef DENEN_KPI_HAVE_RECEPTION
Result<void> Reception(store::Database& db, const Clock& clock, const std::string& code,
                       const std::vector<std::string>& months, FormulaValues& out) {
  reception::ReceptionRepository repo(db, clock);
  Series share = EmptySeries(months.size()), events = EmptySeries(months.size()),
         facilities = EmptySeries(months.size());
  DENEN_TRY(counts, repo.CountVisitsByMonth(code, months.front() + "-01", MonthLastDay(months.back())));
  auto index = MonthIndex(months);
  for (const reception::MonthVisits& c : counts) {
    auto it = index.find(c.month);
    if (it == index.end()) continue;
    const size_t i = it->second;
    const auto n = static_cast<double>(c.visits);
    share.months[i].den += n;
    if (c.source == "card") share.months[i].num += n;
    // Facility use is every visit that is neither an event nor a shelter stay.
    if (c.kind == "event") {
      events.months[i].num += n;
    } else if (c.kind != "shelter") {
      facilities.months[i].num += n;
    }
  }
  SumTotal(share);
  SumTotal(events);
  SumTotal(facilities);
  out["reception.card_share"] = std::move(share);
  out["reception.event_participants"] = std::move(events);
  out["reception.facility_users"] = std::move(facilities);
  return {};
}
#endif

#ifdef DENEN_KPI_HAVE_LOCK
Result<void> Lock(store::Database& db, const Clock& clock, const std::string& code,
                  const std::vector<std::string>& months, FormulaValues& out) {
  lock::LockRepository repo(db, clock);
  Series share = EmptySeries(months.size());
  for (size_t i = 0; i < months.size(); ++i) {
    DENEN_TRY(k, repo.Kpi(code, months[i] + "-01", MonthLastDay(months[i])));
    share.months[i] = {static_cast<double>(k.entered_with_lock), static_cast<double>(k.reservations)};
  }
  SumTotal(share);
  out["lock.share"] = std::move(share);
  return {};
}
#endif

}  // namespace

std::optional<double> CellValue(const Cell& cell, Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kMean:
      if (cell.den <= 0) return std::nullopt;
      return cell.num / cell.den;
    case Aggregate::kRatio:
      if (cell.den <= 0) return std::nullopt;
      return 100.0 * cell.num / cell.den;
    default:
      return cell.num;
  }
}

int64_t CellPeople(const Cell& cell, Aggregate aggregate) {
  const double people = (aggregate == Aggregate::kMean || aggregate == Aggregate::kRatio) ? cell.den : cell.num;
  return static_cast<int64_t>(std::llround(people));
}

std::vector<std::string> AvailableFormulas() {
  std::vector<std::string> out;
#ifdef DENEN_KPI_HAVE_CARE
  out.insert(out.end(), {"care.forms_checked", "care.days_to_certification"});
#endif
#ifdef DENEN_KPI_HAVE_SCHOOL
  out.insert(out.end(), {"school.online_hours", "school.ict_hours", "school.satisfaction"});
#endif
#ifdef DENEN_KPI_HAVE_LIBRARY
  out.insert(out.end(), {"library.linked_residents", "library.loans"});
#endif
#ifdef DENEN_KPI_HAVE_RECEPTION
  out.insert(out.end(), {"reception.card_share", "reception.event_participants", "reception.facility_users"});
#endif
#ifdef DENEN_KPI_HAVE_LOCK
  out.insert(out.end(), {"lock.share"});
#endif
  return out;
}

Result<FormulaValues> ComputeFormulas([[maybe_unused]] store::Database& db, [[maybe_unused]] const Clock& clock,
                                      [[maybe_unused]] const std::string& code,
                                      const std::vector<std::string>& months) {
  FormulaValues out;
  if (months.empty()) return out;
#ifdef DENEN_KPI_HAVE_CARE
  DENEN_TRY_VOID(Care(db, code, months, out));
#endif
#ifdef DENEN_KPI_HAVE_SCHOOL
  DENEN_TRY_VOID(School(db, code, months, out));
#endif
#ifdef DENEN_KPI_HAVE_LIBRARY
  DENEN_TRY_VOID(Library(db, clock, code, months, out));
#endif
#ifdef DENEN_KPI_HAVE_RECEPTION
  DENEN_TRY_VOID(Reception(db, clock, code, months, out));
#endif
#ifdef DENEN_KPI_HAVE_LOCK
  DENEN_TRY_VOID(Lock(db, clock, code, months, out));
#endif
  return out;
}

}  // namespace denen::kpi
