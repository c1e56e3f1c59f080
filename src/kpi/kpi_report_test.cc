// The report's numbers against counts made straight from the seeded raw
// tables, month by month and for the fiscal year, with small cells
// suppressed; and the demo loads once.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/clock.h"
#include "kpi/catalogue.h"
#include "kpi/kpi_test_support.h"
#include "kpi/report.h"

namespace denen::kpi {
namespace {

using nlohmann::json;
using store::Int;
using store::Text;
using testing::kCode;
using testing::MonthStartMs;
using testing::NextMonth;

// A month's (or the year's) raw figures as the test counts them.
struct Raw {
  double num = 0;
  double den = 0;
};

class KpiReportTest : public testing::KpiDbTest {
 protected:
  int64_t Days(const std::string& date) {
    return DaysFromCivil(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)), std::stoi(date.substr(8, 2)));
  }

  // Raw figures over [from, to) months for one KPI, counted with plain SQL.
  Raw Expected(const std::string& id, const std::string& from, const std::string& to_exclusive) {
    const std::string d0 = from + "-01", d1 = to_exclusive + "-01";
    const int64_t t0 = MonthStartMs(from), t1 = MonthStartMs(to_exclusive);
    const store::Params dates{Text(kCode), Text(d0), Text(d1)};
    if (id == "care_forms_checked") {
      return {double(Count("SELECT COUNT(DISTINCT form_id) FROM care_checks WHERE municipality_code = ? AND "
                           "checked_at_ms >= ? AND checked_at_ms < ?",
                           {Text(kCode), Int(t0), Int(t1)})),
              0};
    }
    if (id == "care_days_to_certification") {
      auto rows = db_->Query(
          "SELECT applied_on, certified_on FROM care_cases WHERE municipality_code = ? AND "
          "certified_on >= ? AND certified_on < ?",
          dates);
      Raw r;
      for (const auto& row : *rows) r.num += double(Days(row.Text(1)) - Days(row.Text(0))), r.den += 1;
      return r;
    }
    if (id == "school_online_hours") {
      return {Count("SELECT SUM(actual_minutes) FROM school_sessions WHERE municipality_code = ? AND status IN "
                    "('held', 'cut_short') AND session_date >= ? AND session_date < ?",
                    dates) /
                  60.0,
              0};
    }
    if (id == "school_ict_hours") {
      return {Count("SELECT SUM(minutes) FROM school_ict_uses WHERE municipality_code = ? AND use_date >= ? AND "
                    "use_date < ?",
                    dates) /
                  60.0,
              0};
    }
    if (id == "school_satisfaction") {
      const std::string where =
          " FROM school_survey_answers a JOIN school_sessions s ON s.municipality_code = a.municipality_code AND "
          "s.id = a.session_id WHERE a.municipality_code = ? AND s.session_date >= ? AND s.session_date < ?";
      return {double(Count("SELECT SUM(a.rating)" + where, dates)), double(Count("SELECT COUNT(*)" + where, dates))};
    }
    if (id == "card_reception_share") {
      const std::string where =
          " FROM reception_visits WHERE municipality_code = ? AND visit_date >= ? AND "
          "visit_date < ?";
      return {double(Count("SELECT COUNT(*)" + where + " AND source = 'card'", dates)),
              double(Count("SELECT COUNT(*)" + where, dates))};
    }
    if (id == "event_participants" || id == "facility_users") {
      return {double(Count("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND visit_date >= ? "
                           "AND visit_date < ? AND kind = '" +
                               std::string(id == "event_participants" ? "event" : "facility") + "'",
                           dates)),
              0};
    }
    if (id == "library_loans") {
      return {double(Count("SELECT SUM(loans) FROM library_loan_stats WHERE municipality_code = ? AND month >= ? AND "
                           "month < ?",
                           {Text(kCode), Text(from), Text(to_exclusive)})),
              0};
    }
    if (id == "library_linked_residents") {
      // Residents linked at the end of the last month.
      return {double(Count("SELECT COUNT(DISTINCT resident_id) FROM library_card_links WHERE municipality_code = ? "
                           "AND linked_at_ms < ? AND (unlinked_at_ms IS NULL OR unlinked_at_ms >= ?)",
                           {Text(kCode), Int(t1), Int(t1)})),
              0};
    }
    if (id == "lock_share") {
      const store::Params p{Text(kCode), Text(d0), Text(d1)};
      const double reservations =
          double(Count("SELECT COUNT(*) FROM lock_reservations WHERE municipality_code = ? AND status = 'approved' AND "
                       "reserved_on >= ? AND reserved_on < ?",
                       p));
      const double opened = double(Count(
          "SELECT COUNT(DISTINCT r.id) FROM lock_reservations r JOIN lock_rights g ON g.municipality_code = "
          "r.municipality_code AND g.reservation_id = r.id JOIN card_identities c ON c.municipality_code = "
          "r.municipality_code AND c.resident_id = r.resident_id JOIN lock_access_events e ON e.municipality_code = "
          "r.municipality_code AND e.identity_key = c.identity_key AND e.outcome = 'granted' AND e.at_ms >= "
          "g.from_ms AND e.at_ms < g.until_ms WHERE r.municipality_code = ? AND r.status = 'approved' AND "
          "r.reserved_on >= ? AND r.reserved_on < ?",
          p));
      return {opened, reservations};
    }
    ADD_FAILURE() << "no expectation for " << id;
    return {};
  }

  static std::optional<double> ValueOf(const Raw& r, const std::string& aggregate) {
    if (aggregate == "mean") return r.den > 0 ? std::optional(r.num / r.den) : std::nullopt;
    if (aggregate == "ratio") return r.den > 0 ? std::optional(100 * r.num / r.den) : std::nullopt;
    return r.num;
  }
  static int64_t PeopleOf(const Raw& r, const std::string& aggregate) {
    return std::llround(aggregate == "mean" || aggregate == "ratio" ? r.den : r.num);
  }
  static double Round(double v, int decimals) {
    const double s = std::pow(10.0, decimals);
    return std::round(v * s) / s;
  }

  // Checks one shown value against the raw figures.
  void ExpectShown(const json& kpi, const json& value, bool suppressed, const Raw& raw, const std::string& where) {
    const std::string aggregate = kpi["aggregate"];
    const bool people =
        kpi["id"] != "school_online_hours" && kpi["id"] != "school_ict_hours" && kpi["id"] != "library_loans";
    const int64_t n = PeopleOf(raw, aggregate);
    if (people && n > 0 && n < 5) {
      EXPECT_TRUE(suppressed) << where;
      EXPECT_TRUE(value.is_null()) << where;
      ++suppressed_seen_;
      return;
    }
    EXPECT_FALSE(suppressed) << where;
    auto expected = ValueOf(raw, aggregate);
    if (!expected) {
      EXPECT_TRUE(value.is_null()) << where;
      return;
    }
    ASSERT_TRUE(value.is_number()) << where << ": " << value.dump();
    EXPECT_DOUBLE_EQ(value.get<double>(), Round(*expected, kpi["decimals"].get<int>())) << where;
  }

  int suppressed_seen_ = 0;
};

TEST_F(KpiReportTest, EveryValueEqualsACountFromTheRawTables) {
  auto catalogue = BuiltInCatalogue();
  ASSERT_TRUE(catalogue.has_value());
  auto report = BuildReport(*db_, clock_, **catalogue, {kCode, "長井市", 2026, 5});
  ASSERT_TRUE(report.has_value()) << report.error().message;
  const json j = ReportJson(*report);
  const auto months = testing::Fy2026Months();
  ASSERT_EQ(j["kpis"].size(), (*catalogue)->kpis.size());
  for (const json& kpi : j["kpis"]) {
    const std::string id = kpi["id"];
    ASSERT_TRUE(kpi["available"].get<bool>()) << id;
    ASSERT_EQ(kpi["months"].size(), 12u) << id;
    for (size_t i = 0; i < 12; ++i) {
      const json& m = kpi["months"][i];
      EXPECT_EQ(m["month"], months[i]);
      ExpectShown(kpi, m["value"], m["suppressed"], Expected(id, months[i], NextMonth(months[i])),
                  id + " " + months[i]);
    }
    ExpectShown(kpi, kpi["actual"], kpi["suppressed"], Expected(id, months.front(), "2027-04"), id + " FY2026");
    // The previous fiscal year's same months (the demo starts in 2025-05).
    ExpectShown(kpi, kpi["previous"], kpi["previous_suppressed"], Expected(id, "2025-04", "2026-04"), id + " FY2025");
  }
  // The demo's quiet month (2026-10) has cells under the minimum.
  EXPECT_GT(suppressed_seen_, 3);
}

TEST_F(KpiReportTest, GoalsGiveAchievementAndGrowth) {
  auto catalogue = BuiltInCatalogue();
  ASSERT_TRUE(catalogue.has_value());
  auto report = BuildReport(*db_, clock_, **catalogue, {kCode, "長井市", 2026, 5});
  ASSERT_TRUE(report.has_value());
  const json j = ReportJson(*report);
  for (const json& kpi : j["kpis"]) {
    if (kpi["id"] != "facility_users") continue;
    const double actual = kpi["actual"], previous = kpi["previous"];
    ASSERT_TRUE(kpi["goal"].is_object());
    EXPECT_EQ(kpi["goal"]["target"], 700.0);
    EXPECT_DOUBLE_EQ(kpi["achievement_percent"].get<double>(), Round(100 * actual / 700.0, 1));
    EXPECT_DOUBLE_EQ(kpi["growth_percent"].get<double>(), Round(100 * (actual / previous - 1), 1));
    EXPECT_EQ(kpi["trend"], "up");
  }
}

TEST_F(KpiReportTest, ALargerMinimumSuppressesMore) {
  auto catalogue = BuiltInCatalogue();
  ASSERT_TRUE(catalogue.has_value());
  auto report = BuildReport(*db_, clock_, **catalogue, {kCode, "長井市", 2026, 100000});
  ASSERT_TRUE(report.has_value());
  for (const auto& k : report->kpis) {
    if (!k.definition->counts_people) continue;
    EXPECT_TRUE(k.actual.suppressed) << k.definition->id;
    for (const auto& m : k.months) EXPECT_FALSE(m.value.value.has_value() && m.value.value != 0.0) << k.definition->id;
  }
}

TEST_F(KpiReportTest, DemoLoadsOnce) {
  auto again = LoadKpiDemo(*db_, clock_, kCode);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);
}

}  // namespace
}  // namespace denen::kpi
