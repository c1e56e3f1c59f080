#include "care/care_kpi.h"

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/fiscal_year.h"

namespace denen::care {
namespace {

using nlohmann::json;
using store::Int;
using store::Text;

constexpr int kMaxMonths = 120;
// A month given in a query: exactly "YYYY-MM" (core's parser also takes a date).
std::optional<std::pair<int, int>> ParseMonth(std::string_view month) {
  if (month.size() != 7) return std::nullopt;
  return ParseYearMonth(month);
}

json StatsJson(const DurationStats& s) {
  const bool any = s.count > 0;
  return {{"count", s.count},
          {"average_days", any ? json(s.average) : json(nullptr)},
          {"median_days", any ? json(s.median) : json(nullptr)},
          {"over_30_days", s.over_target},
          {"share_over_30_days", any ? json(s.share_over_target) : json(nullptr)}};
}

json ByTypeJson(const std::map<ApplicationType, DurationStats>& by_type) {
  json out = json::object();
  for (auto t : {ApplicationType::kNew, ApplicationType::kRenewal, ApplicationType::kChange}) {
    auto it = by_type.find(t);
    json stats = StatsJson(it == by_type.end() ? DurationStats{} : it->second);
    stats["label"] = ApplicationTypeLabel(t);
    out[std::string(ApplicationTypeId(t))] = std::move(stats);
  }
  return out;
}

json CountsJson(const CheckCounts& c) { return {{"checks", c.checks}, {"forms", c.forms}}; }

}  // namespace

DurationStats SummarizeDurations(std::vector<int64_t> days) {
  DurationStats s;
  s.count = static_cast<int64_t>(days.size());
  if (days.empty()) return s;
  std::sort(days.begin(), days.end());
  int64_t sum = 0;
  for (int64_t d : days) {
    sum += d;
    if (d > kLegalTargetDays) ++s.over_target;
  }
  s.average = static_cast<double>(sum) / static_cast<double>(s.count);
  const size_t n = days.size();
  s.median = n % 2 == 1 ? static_cast<double>(days[n / 2]) : static_cast<double>(days[n / 2 - 1] + days[n / 2]) / 2.0;
  s.share_over_target = static_cast<double>(s.over_target) / static_cast<double>(s.count);
  return s;
}

Result<std::pair<std::string, std::string>> KpiMonthRange(std::string_view from, std::string_view to,
                                                          std::string_view today) {
  const std::string this_month(today.substr(0, 7));
  const int fiscal_year = FiscalYearOf(this_month);
  std::string f = from.empty() ? YearMonthKey(fiscal_year, 4) : std::string(from);
  std::string t = to.empty() ? this_month : std::string(to);
  auto pf = ParseMonth(f);
  auto pt = ParseMonth(t);
  if (!pf) return Fail(Error::Invalid("invalid_query", "クエリの \"from\": YYYY-MM（例: 2026-04）で指定してください"));
  if (!pt) return Fail(Error::Invalid("invalid_query", "クエリの \"to\": YYYY-MM（例: 2027-03）で指定してください"));
  const int span = (pt->first - pf->first) * 12 + (pt->second - pf->second) + 1;
  if (span < 1) return Fail(Error::Invalid("invalid_query", "クエリの \"from\" は \"to\" より前の月にしてください"));
  if (span > kMaxMonths) return Fail(Error::Invalid("invalid_query", "期間は120か月までにしてください"));
  return std::pair{f, t};
}

CareKpi SummarizeCareKpi(const std::string& from, const std::string& to, const std::vector<DecidedCase>& cases,
                         const std::vector<FormCheck>& checks) {
  CareKpi kpi;
  kpi.from = from;
  kpi.to = to;
  std::map<std::string, size_t> index;
  for (std::string key = from; !key.empty() && key <= to; key = AddMonths(key, 1)) {
    index[key] = kpi.months.size();
    kpi.months.push_back({key, {}, {}, {}});
    kpi.by_fiscal_year.try_emplace(FiscalYearOf(key));
  }

  std::map<std::string, std::set<std::string>> forms_by_month;
  std::map<int, std::set<std::string>> forms_by_year;
  std::set<std::string> forms;
  for (const FormCheck& c : checks) {
    const std::string key = JapanDateOf(c.checked_at_ms).substr(0, 7);
    auto it = index.find(key);
    if (it == index.end()) continue;
    ++kpi.months[it->second].checked.checks;
    forms_by_month[key].insert(c.form_id);
    const int fy = FiscalYearOf(key);
    ++kpi.by_fiscal_year[fy].checks;
    forms_by_year[fy].insert(c.form_id);
    ++kpi.checked.checks;
    forms.insert(c.form_id);
  }
  for (auto& m : kpi.months) m.checked.forms = static_cast<int64_t>(forms_by_month[m.month].size());
  for (auto& [fy, counts] : kpi.by_fiscal_year) counts.forms = static_cast<int64_t>(forms_by_year[fy].size());
  kpi.checked.forms = static_cast<int64_t>(forms.size());

  std::vector<std::vector<int64_t>> month_days(kpi.months.size());
  std::vector<std::map<ApplicationType, std::vector<int64_t>>> month_type_days(kpi.months.size());
  std::vector<int64_t> all;
  std::map<ApplicationType, std::vector<int64_t>> by_type;
  for (const DecidedCase& c : cases) {
    auto it = index.find(c.certified_on.substr(0, 7));
    auto applied = DaysOfIsoDate(c.applied_on);
    auto certified = DaysOfIsoDate(c.certified_on);
    if (it == index.end() || !applied || !certified) continue;
    const int64_t days = *certified - *applied;
    month_days[it->second].push_back(days);
    month_type_days[it->second][c.type].push_back(days);
    all.push_back(days);
    by_type[c.type].push_back(days);
  }
  for (size_t i = 0; i < kpi.months.size(); ++i) {
    kpi.months[i].days = SummarizeDurations(month_days[i]);
    for (auto& [type, days] : month_type_days[i]) kpi.months[i].days_by_type[type] = SummarizeDurations(days);
  }
  kpi.days = SummarizeDurations(all);
  for (auto& [type, days] : by_type) kpi.days_by_type[type] = SummarizeDurations(days);
  return kpi;
}

Result<CareKpi> LoadCareKpi(store::Database& db, const std::string& code, const std::string& from,
                            const std::string& to) {
  const std::string after_to = AddMonths(to, 1);
  DENEN_TRY(decided, db.Query("SELECT applied_on, certified_on, application_type FROM care_cases "
                              "WHERE municipality_code = ? AND certified_on >= ? AND certified_on < ?",
                              {Text(code), Text(from + "-01"), Text(after_to + "-01")}));
  std::vector<DecidedCase> cases;
  for (const auto& r : decided) {
    cases.push_back({r.Text(0), r.Text(1), ApplicationTypeFromId(r.Text(2)).value_or(ApplicationType::kNew)});
  }
  DENEN_TRY(checked, db.Query("SELECT form_id, checked_at_ms FROM care_checks WHERE municipality_code = ? "
                              "AND checked_at_ms >= ? AND checked_at_ms < ?",
                              {Text(code), Int(JapanMonthStartMillis(from)), Int(JapanMonthStartMillis(after_to))}));
  std::vector<FormCheck> checks;
  for (const auto& r : checked) checks.push_back({r.Text(0), r.Int(1)});
  return SummarizeCareKpi(from, to, cases, checks);
}

json CareKpiJson(const CareKpi& kpi) {
  json months = json::array();
  for (const MonthKpi& m : kpi.months) {
    json days = StatsJson(m.days);
    days["by_type"] = ByTypeJson(m.days_by_type);
    months.push_back({{"month", m.month}, {"forms_checked", CountsJson(m.checked)}, {"days_to_decision", days}});
  }
  json years = json::array();
  for (const auto& [fy, counts] : kpi.by_fiscal_year) {
    json y = CountsJson(counts);
    y["fiscal_year"] = fy;
    years.push_back(std::move(y));
  }
  json days = StatsJson(kpi.days);
  days["by_type"] = ByTypeJson(kpi.days_by_type);
  return {{"from", kpi.from},
          {"to", kpi.to},
          {"target_days", kLegalTargetDays},
          {"forms_checked", {{"total", CountsJson(kpi.checked)}, {"by_fiscal_year", years}}},
          {"days_to_decision", days},
          {"months", months}};
}

}  // namespace denen::care
