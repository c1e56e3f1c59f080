#include "kpi/analysis.h"

#include <cmath>
#include <map>

#include "core/fiscal_year.h"
#include "kpi/report.h"

#ifdef DENEN_KPI_HAVE_RECEPTION
#include "reception/reception_repository.h"
#endif

namespace denen::kpi {
namespace {

using nlohmann::json;

struct Period {
  std::string from, to;
};

json Count(int64_t n, int min_cell_size) { return IsSmallCell(n, min_cell_size) ? json(nullptr) : json(n); }

}  // namespace

json JoinTable(const StoredTable& table, const std::vector<JoinFact>& facts, const std::string& from,
               const std::string& to, int min_cell_size) {
  int district = -1, age_band = -1, fiscal_year = -1, month = -1, population = -1;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const auto& col = table.columns[c];
    const int i = static_cast<int>(c);
    if (col.role == "district") district = i;
    if (col.role == "age_band") age_band = i;
    if (col.role == "fiscal_year") fiscal_year = i;
    if (col.role == "month") month = i;
    if (population < 0 && col.role == "value" && col.type != "text" &&
        (col.name.find("人口") != std::string::npos || col.name == "population")) {
      population = i;
    }
  }
  json rows = json::array();
  struct DistrictSum {
    int64_t visits = 0;
    double population = 0;
  };
  std::map<std::string, DistrictSum> by_district;
  for (const auto& cells : table.rows) {
    Period p{from, to};
    if (month >= 0) {
      p = {cells[month] + "-01", MonthLastDay(cells[month])};
    } else if (fiscal_year >= 0) {
      const int fy = std::stoi(cells[fiscal_year]);
      p = {FiscalYearFirstDay(fy), FiscalYearLastDay(fy)};
    }
    VisitCounts n;
    for (const JoinFact& f : facts) {
      if (f.date < p.from || f.date > p.to || f.district != cells[district]) continue;
      if (age_band >= 0 && f.age_band != cells[age_band]) continue;
      ++n.total;
      n.by_card += f.by_card;
      n.facility += f.kind == "facility";
      n.event += f.kind == "event";
    }
    json row = {{"cells", cells},
                {"period", {{"from", p.from}, {"to", p.to}}},
                {"facility_visits", Count(n.facility, min_cell_size)},
                {"facility_visits_suppressed", IsSmallCell(n.facility, min_cell_size)},
                {"event_participants", Count(n.event, min_cell_size)},
                {"event_participants_suppressed", IsSmallCell(n.event, min_cell_size)},
                {"card_share_percent", nullptr},
                {"card_share_suppressed", IsSmallCell(n.total, min_cell_size)},
                {"facility_visits_per_1000", nullptr}};
    if (n.total > 0 && !IsSmallCell(n.total, min_cell_size)) {
      row["card_share_percent"] = RoundTo(100.0 * static_cast<double>(n.by_card) / static_cast<double>(n.total), 1);
    }
    if (population >= 0 && !cells[population].empty()) {
      const double pop = std::stod(cells[population]);
      if (pop > 0 && !IsSmallCell(n.facility, min_cell_size)) {
        row["facility_visits_per_1000"] = RoundTo(1000.0 * static_cast<double>(n.facility) / pop, 1);
      }
      auto& sum = by_district[cells[district]];
      sum.visits += n.facility;
      sum.population += pop;
    }
    rows.push_back(std::move(row));
  }
  json bars = json::array();
  for (const auto& [name, sum] : by_district) {
    const bool small = IsSmallCell(sum.visits, min_cell_size);
    json value = nullptr;
    if (!small && sum.population > 0) value = RoundTo(1000.0 * static_cast<double>(sum.visits) / sum.population, 1);
    bars.push_back({{"label", name}, {"value", value}, {"suppressed", small}});
  }
  return {{"table", VersionJson(table.info)},
          {"columns", ColumnsJson(table.columns)},
          {"period", {{"from", from}, {"to", to}}},
          {"min_cell_size", min_cell_size},
          {"population_column", population >= 0 ? json(table.columns[population].name) : json(nullptr)},
          {"rows", rows},
          {"chart",
           {{"title", "人口1,000人あたりの施設利用（地区別）"},
            {"unit", "件/千人"},
            {"bars", population >= 0 ? bars : json::array()}}}};
}

Result<json> JoinWithVisits([[maybe_unused]] store::Database& db, [[maybe_unused]] const Clock& clock,
                            [[maybe_unused]] const std::string& code, [[maybe_unused]] const StoredTable& table,
                            [[maybe_unused]] const std::string& from, [[maybe_unused]] const std::string& to,
                            [[maybe_unused]] int min_cell_size) {
#ifdef DENEN_KPI_HAVE_RECEPTION
  std::string lo = from, hi = to;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    for (const auto& cells : table.rows) {
      if (table.columns[c].role == "month") {
        lo = std::min(lo, cells[c] + "-01");
        hi = std::max(hi, MonthLastDay(cells[c]));
      } else if (table.columns[c].role == "fiscal_year") {
        const int fy = std::stoi(cells[c]);
        lo = std::min(lo, FiscalYearFirstDay(fy));
        hi = std::max(hi, FiscalYearLastDay(fy));
      }
    }
  }
  reception::ReceptionRepository repo(db, clock);
  DENEN_TRY(visits, repo.VisitFacts(code, lo, hi));
  std::vector<JoinFact> facts;
  facts.reserve(visits.size());
  for (const auto& v : visits) facts.push_back({v.visit_date, v.district, v.age_band, v.kind, v.source == "card"});
  return JoinTable(table, facts, from, to, min_cell_size);
#else
  return Fail(Error::Unavailable("reception_not_built", "受付（来訪記録）のモジュールがないため結合できません"));
#endif
}

}  // namespace denen::kpi
