#include "kpi/goals.h"

#include <cmath>

#include "audit/audit_log.h"

namespace denen::kpi {
namespace {

using nlohmann::json;
using store::Int;
using store::Null;
using store::Text;
using store::Value;

Value OptionalReal(const std::optional<double>& v) { return v ? Value(*v) : Null(); }

Result<std::optional<double>> OptionalNumber(const json& e, const std::string& where, const char* name) {
  if (!e.contains(name) || e[name].is_null()) return std::optional<double>{};
  if (!e[name].is_number())
    return Fail(Error::Invalid("invalid_goal", where + "の \"" + name + "\" は数値か null です"));
  const double v = e[name].get<double>();
  if (!std::isfinite(v) || v < 0 || v > 1e12) {
    return Fail(Error::Invalid("invalid_goal", where + "の \"" + name + "\" は 0 以上の数値です"));
  }
  return std::optional<double>{v};
}

bool ValidYear(int64_t y) { return y >= 2000 && y <= 2198; }

}  // namespace

json GoalJson(const Goal& g) {
  return {{"kpi_id", g.kpi_id},
          {"baseline", g.baseline ? json(*g.baseline) : json(nullptr)},
          {"baseline_year", g.baseline_year ? json(*g.baseline_year) : json(nullptr)},
          {"target", g.target ? json(*g.target) : json(nullptr)},
          {"note", g.note}};
}

Result<std::vector<Goal>> LoadGoals(store::Database& db, const std::string& code, int fiscal_year) {
  DENEN_TRY(rows, db.Query("SELECT kpi_id, baseline, baseline_year, target, note FROM kpi_goals "
                           "WHERE municipality_code = ? AND fiscal_year = ? ORDER BY kpi_id",
                           {Text(code), Int(fiscal_year)}));
  std::vector<Goal> goals;
  for (const auto& r : rows) {
    Goal g{r.Text(0), fiscal_year, std::nullopt, std::nullopt, std::nullopt, r.Text(4)};
    if (!r.IsNull(1)) g.baseline = r.Real(1);
    if (!r.IsNull(2)) g.baseline_year = static_cast<int>(r.Int(2));
    if (!r.IsNull(3)) g.target = r.Real(3);
    goals.push_back(std::move(g));
  }
  return goals;
}

Result<void> SaveGoals(store::Database& db, const Clock& clock, const std::string& code, int fiscal_year,
                       const std::vector<Goal>& goals, const std::string& actor) {
  return db.Transact([&](store::Database& tx) -> Result<void> {
    const int64_t now = clock.NowMillis();
    json ids = json::array();
    for (const Goal& g : goals) {
      DENEN_TRY_VOID(tx.Exec("DELETE FROM kpi_goals WHERE municipality_code = ? AND kpi_id = ? AND fiscal_year = ?",
                             {Text(code), Text(g.kpi_id), Int(fiscal_year)}));
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO kpi_goals (municipality_code, kpi_id, fiscal_year, baseline, baseline_year, "
                  "target, note, updated_by, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {Text(code), Text(g.kpi_id), Int(fiscal_year), OptionalReal(g.baseline),
                   g.baseline_year ? Int(*g.baseline_year) : Null(), OptionalReal(g.target), Text(g.note), Text(actor),
                   Int(now)}));
      ids.push_back(g.kpi_id);
    }
    return audit::Record(
        tx, clock, code,
        {actor, "kpi.goals.save", "kpi_goals", std::to_string(fiscal_year), json{{"kpis", ids}}.dump()});
  });
}

Result<std::pair<int, std::vector<Goal>>> ParseGoals(const json& body, const Catalogue& catalogue) {
  for (const auto& [key, v] : body.items()) {
    if (key != "fiscal_year" && key != "goals") {
      return Fail(Error::Invalid("unknown_field", "不明な項目です: \"" + key + "\""));
    }
  }
  if (!body.contains("fiscal_year") || !body["fiscal_year"].is_number_integer() ||
      !ValidYear(body["fiscal_year"].get<int64_t>())) {
    return Fail(Error::Invalid("invalid_goal", "\"fiscal_year\"（年度）は西暦の年で指定してください"));
  }
  const int fiscal_year = body["fiscal_year"].get<int>();
  if (!body.contains("goals") || !body["goals"].is_array() || body["goals"].size() > 100) {
    return Fail(Error::Invalid("invalid_goal", "\"goals\" は100件までの配列です"));
  }
  std::vector<Goal> goals;
  for (size_t i = 0; i < body["goals"].size(); ++i) {
    const json& e = body["goals"][i];
    const std::string where = "goals の " + std::to_string(i + 1) + " 件目";
    if (!e.is_object()) return Fail(Error::Invalid("invalid_goal", where + "はオブジェクトではありません"));
    for (const auto& [key, v] : e.items()) {
      if (key != "kpi_id" && key != "baseline" && key != "baseline_year" && key != "target" && key != "note") {
        return Fail(Error::Invalid("unknown_field", where + ": 不明な項目です: \"" + key + "\""));
      }
    }
    Goal g;
    g.fiscal_year = fiscal_year;
    if (!e.contains("kpi_id") || !e["kpi_id"].is_string() || !catalogue.Find(e["kpi_id"].get<std::string>())) {
      return Fail(Error::Invalid("unknown_kpi", where + ": \"kpi_id\" がKPIカタログにありません"));
    }
    g.kpi_id = e["kpi_id"].get<std::string>();
    DENEN_TRY(baseline, OptionalNumber(e, where, "baseline"));
    DENEN_TRY(target, OptionalNumber(e, where, "target"));
    g.baseline = baseline;
    g.target = target;
    if (e.contains("baseline_year") && !e["baseline_year"].is_null()) {
      if (!e["baseline_year"].is_number_integer() || !ValidYear(e["baseline_year"].get<int64_t>())) {
        return Fail(Error::Invalid("invalid_goal", where + "の \"baseline_year\" は西暦の年です"));
      }
      g.baseline_year = e["baseline_year"].get<int>();
    }
    if (e.contains("note")) {
      if (!e["note"].is_string() || e["note"].get<std::string>().size() > 1000) {
        return Fail(Error::Invalid("invalid_goal", where + "の \"note\" は1000バイトまでの文字列です"));
      }
      g.note = e["note"].get<std::string>();
    }
    goals.push_back(std::move(g));
  }
  return std::pair{fiscal_year, std::move(goals)};
}

}  // namespace denen::kpi
