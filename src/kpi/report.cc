#include "kpi/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/fiscal_year.h"
#include "kpi/kpi_sources.h"

namespace denen::kpi {
namespace {

using nlohmann::json;

std::string JapanToday(const Clock& clock) {
  const int64_t days = (clock.NowMillis() + 9LL * 3600 * 1000) / (24LL * 3600 * 1000);
  const CivilDate d = CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Shown Show(const KpiDefinition& d, const Cell& cell, int min_cell_size) {
  if (d.counts_people && IsSmallCell(CellPeople(cell, d.aggregate), min_cell_size)) return {std::nullopt, true};
  return {CellValue(cell, d.aggregate), false};
}

json ValueJson(const std::optional<double>& v, int decimals) { return v ? json(RoundTo(*v, decimals)) : json(nullptr); }

std::string Text(const std::optional<double>& v, int decimals, bool suppressed) {
  if (suppressed) return std::string(kSuppressedMark);
  if (!v) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, RoundTo(*v, decimals));
  return buf;
}

std::string TrendLabel(const std::string& trend) {
  if (trend == "up") return "上昇";
  if (trend == "down") return "下降";
  if (trend == "flat") return "横ばい";
  return "";
}

}  // namespace

double RoundTo(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

bool IsSmallCell(int64_t people, int min_cell_size) { return people > 0 && people < min_cell_size; }

std::string TrendOf(const std::vector<double>& values) {
  const size_t n = values.size();
  if (n < 3) return "";
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) mx += static_cast<double>(i), my += values[i];
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (static_cast<double>(i) - mx) * (values[i] - my);
    sxx += (static_cast<double>(i) - mx) * (static_cast<double>(i) - mx);
  }
  const double change = sxx == 0 ? 0 : sxy / sxx * static_cast<double>(n - 1);
  const double scale = std::fabs(my);
  if (scale == 0 ? change == 0 : std::fabs(change) < 0.05 * scale) return "flat";
  return change > 0 ? "up" : "down";
}

std::optional<double> AchievementRate(const KpiDefinition& d, std::optional<double> actual,
                                      std::optional<double> baseline, std::optional<double> target) {
  if (!actual || !target) return std::nullopt;
  if (d.higher_is_better) {
    if (*target == 0) return std::nullopt;
    return 100.0 * *actual / *target;
  }
  if (baseline && *baseline > *target) return 100.0 * (*baseline - *actual) / (*baseline - *target);
  if (*actual == 0) return std::nullopt;
  return 100.0 * *target / *actual;
}

Result<Report> BuildReport(store::Database& db, const Clock& clock, const Catalogue& catalogue,
                           const ReportRequest& request) {
  Report report;
  report.municipality_code = request.municipality_code;
  report.municipality_name = request.municipality_name;
  report.fiscal_year = request.fiscal_year;
  report.min_cell_size = request.min_cell_size;
  report.catalogue_version = catalogue.version;
  report.created_on = JapanToday(clock);
  const std::string this_month = report.created_on.substr(0, 7);
  for (const std::string& m : FiscalYearMonths(request.fiscal_year)) {
    if (m <= this_month) report.months.push_back(m);
  }
  std::vector<std::string> previous_months;
  for (const auto& m : report.months) previous_months.push_back(AddMonths(m, -12));

  DENEN_TRY(current, ComputeFormulas(db, clock, request.municipality_code, report.months));
  DENEN_TRY(previous, ComputeFormulas(db, clock, request.municipality_code, previous_months));
  DENEN_TRY(goals, LoadGoals(db, request.municipality_code, request.fiscal_year));

  const std::vector<std::string> available = AvailableFormulas();
  for (const KpiDefinition& d : catalogue.kpis) {
    KpiResult r;
    r.definition = &d;
    for (const Goal& g : goals) {
      if (g.kpi_id == d.id) r.goal = g;
    }
    auto cur = current.find(d.formula);
    auto prev = previous.find(d.formula);
    r.available = std::find(available.begin(), available.end(), d.formula) != available.end();
    if (cur != current.end() && !report.months.empty()) {
      std::vector<double> trend_values;
      for (size_t i = 0; i < report.months.size(); ++i) {
        MonthValue mv{report.months[i], Show(d, cur->second.months[i], request.min_cell_size), {}};
        if (prev != previous.end()) mv.previous = Show(d, prev->second.months[i], request.min_cell_size);
        if (mv.value.value) trend_values.push_back(*mv.value.value);
        r.months.push_back(std::move(mv));
      }
      r.actual = Show(d, cur->second.total, request.min_cell_size);
      if (prev != previous.end()) r.previous = Show(d, prev->second.total, request.min_cell_size);
      if (r.actual.value && r.previous.value && *r.previous.value > 0) {
        r.growth = 100.0 * (*r.actual.value / *r.previous.value - 1.0);
      }
      r.achievement = AchievementRate(d, r.actual.value, r.goal ? r.goal->baseline : std::nullopt,
                                      r.goal ? r.goal->target : std::nullopt);
      r.trend = TrendOf(trend_values);
    }
    report.kpis.push_back(std::move(r));
  }
  return report;
}

json ReportJson(const Report& report) {
  json kpis = json::array();
  for (const KpiResult& r : report.kpis) {
    const KpiDefinition& d = *r.definition;
    json months = json::array();
    for (const MonthValue& m : r.months) {
      months.push_back({{"month", m.month},
                        {"value", ValueJson(m.value.value, d.decimals)},
                        {"suppressed", m.value.suppressed},
                        {"previous", ValueJson(m.previous.value, d.decimals)},
                        {"previous_suppressed", m.previous.suppressed}});
    }
    const json goal = r.goal ? GoalJson(*r.goal) : json(nullptr);
    json k = DefinitionJson(d);
    k.update({{"available", r.available},
              {"actual", ValueJson(r.actual.value, d.decimals)},
              {"suppressed", r.actual.suppressed},
              {"previous", ValueJson(r.previous.value, d.decimals)},
              {"previous_suppressed", r.previous.suppressed},
              {"growth_percent", r.growth ? json(RoundTo(*r.growth, 1)) : json(nullptr)},
              {"goal", goal},
              {"achievement_percent", r.achievement ? json(RoundTo(*r.achievement, 1)) : json(nullptr)},
              {"trend", r.trend.empty() ? json(nullptr) : json(r.trend)},
              {"trend_label", TrendLabel(r.trend)},
              {"months", months}});
    kpis.push_back(std::move(k));
  }
  return {{"municipality", {{"code", report.municipality_code}, {"name", report.municipality_name}}},
          {"fiscal_year", report.fiscal_year},
          {"from", report.months.empty() ? json(nullptr) : json(report.months.front())},
          {"to", report.months.empty() ? json(nullptr) : json(report.months.back())},
          {"created_on", report.created_on},
          {"min_cell_size", report.min_cell_size},
          {"catalogue_version", report.catalogue_version},
          {"kpis", kpis}};
}

std::vector<Sheet> ReportSheets(const Report& report) {
  const std::string period = report.months.empty() ? "" : report.months.front() + "〜" + report.months.back();
  const std::string legend =
      std::string(kSuppressedMark) + "：" + std::to_string(report.min_cell_size) + "人未満の集計のため秘匿";
  Sheet summary{"KPI実績", {}};
  summary.rows.push_back({"KPI実績報告（デジタル田園都市国家構想交付金）"});
  summary.rows.push_back(
      {"地方公共団体名", report.municipality_name, "全国地方公共団体コード", report.municipality_code});
  summary.rows.push_back({"年度", std::to_string(report.fiscal_year), "集計期間", period, "作成日", report.created_on});
  summary.rows.push_back({"注", legend});
  summary.rows.push_back({});
  summary.rows.push_back({"KPI", "定義", "区分", "単位", "基準値", "基準年度", "目標値", "実績値", "達成率(%)",
                          "前年度同期", "増加率(%)", "傾向", "KPI ID"});
  for (const KpiResult& r : report.kpis) {
    const KpiDefinition& d = *r.definition;
    const auto baseline = r.goal ? r.goal->baseline : std::nullopt;
    const auto target = r.goal ? r.goal->target : std::nullopt;
    summary.rows.push_back({d.name_ja, d.definition_ja, d.kind == "output" ? "アウトプット" : "アウトカム", d.unit,
                            Text(baseline, d.decimals, false),
                            r.goal && r.goal->baseline_year ? std::to_string(*r.goal->baseline_year) : "",
                            Text(target, d.decimals, false),
                            r.available ? Text(r.actual.value, d.decimals, r.actual.suppressed) : "対象外",
                            Text(r.achievement, 1, false), Text(r.previous.value, d.decimals, r.previous.suppressed),
                            Text(r.growth, 1, false), TrendLabel(r.trend), d.id});
  }
  Sheet monthly{"月別", {}};
  monthly.rows.push_back({"KPI月別実績", report.municipality_name, report.municipality_code,
                          std::to_string(report.fiscal_year) + "年度", "作成日", report.created_on});
  std::vector<std::string> header = {"KPI", "単位"};
  for (const auto& m : report.months) header.push_back(m);
  header.push_back("KPI ID");
  monthly.rows.push_back(header);
  for (const KpiResult& r : report.kpis) {
    const KpiDefinition& d = *r.definition;
    std::vector<std::string> row = {d.name_ja, d.unit};
    for (const auto& m : r.months) row.push_back(Text(m.value.value, d.decimals, m.value.suppressed));
    row.resize(2 + report.months.size());
    row.push_back(d.id);
    monthly.rows.push_back(std::move(row));
  }
  return {summary, monthly};
}

}  // namespace denen::kpi
