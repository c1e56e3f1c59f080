// The KPI routes through the real router and sessions: who may call what, the
// goals, the exports (CSV, and XLSX read back by LibreOffice), uploads in
// Shift_JIS joined by district, refused uploads that store nothing, and the
// public open data — with small cells suppressed in every one of them.
#include "kpi/kpi_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "core/base64.h"
#include "http/testing.h"
#include "kpi/kpi_test_support.h"

namespace denen::kpi {
namespace {

using auth::Role;
using http::testing::Caller;
using http::testing::MakeRequest;
using nlohmann::json;
using store::Text;
using testing::kCode;

constexpr std::string_view kPassword = "test-password-1";

std::vector<std::vector<std::string>> ParseCsvLines(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field), field.clear();
    } else if (c == '\n') {
      row.push_back(field), field.clear();
      rows.push_back(row), row.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) row.push_back(field), rows.push_back(row);
  return rows;
}

std::string Base64(const std::string& bytes) {
  return Base64Encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

class KpiApiTest : public testing::KpiDbTest {
 protected:
  void SetUp() override {
    KpiDbTest::SetUp();
    if (HasFatalFailure()) return;
    accounts_ = std::make_unique<auth::StaffAccounts>(*db_, clock_, auth::HashCost::kInteractive);
    auth_ = std::make_unique<auth::StaffAuth>(*db_, clock_, auth::AuthSettings{}, *accounts_);
    for (auto [name, role] : {std::pair{"planner", Role::kPlanner}, std::pair{"reception", Role::kReception}}) {
      auto user = accounts_->Create(kCode, {std::string("user_") + name, name, std::string(kPassword), {role}}, "test");
      ASSERT_TRUE(user.has_value()) << user.error().message;
    }
    router_ = std::make_unique<http::Router>([this](std::string_view c) { return auth_->Authenticate(c); });
    settings_ = std::make_unique<settings::MunicipalitySettings>(*db_, clock_, settings::Settings{});
    ctx_ = std::make_unique<KpiApiContext>(KpiApiContext{*db_, *db_, clock_, kCode, *settings_});
    ASSERT_TRUE(RegisterKpiRoutes(*router_, *ctx_).has_value());
  }

  Caller As(const std::string& user) {
    auto outcome = auth_->Login(kCode, "user_" + user, kPassword, "test");
    EXPECT_TRUE(outcome.has_value());
    return outcome ? Caller{outcome->cookie_value, outcome->session.csrf_token, ""} : Caller{};
  }

  http::Response Call(const Caller& who, const std::string& method, const std::string& path, const json& body = nullptr,
                      const std::map<std::string, std::string>& query = {}) {
    return router_->Dispatch(MakeRequest(who, method, path, body, query));
  }

  json Report(const Caller& who) {
    auto r = Call(who, "GET", "/api/v1/kpi/report", nullptr, {{"fiscal_year", "2026"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  // LibreOffice's reading of an XLSX file's first sheet, as CSV rows; empty
  // when soffice is not installed.
  std::optional<std::vector<std::vector<std::string>>> ViaLibreOffice(const std::string& xlsx) {
    if (std::system("command -v soffice > /dev/null 2>&1") != 0) return std::nullopt;
    char tmpl[] = "/tmp/denen-kpi-soffice-XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    std::ofstream(dir + "/report.xlsx", std::ios::binary) << xlsx;
    const std::string cmd = "cd " + dir + " && HOME=" + dir + " timeout 180 soffice -env:UserInstallation=file://" +
                            dir + "/profile --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' " +
                            "--outdir " + dir + " " + dir + "/report.xlsx > " + dir + "/log 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(dir + "/report.csv", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::filesystem::remove_all(dir);
    return ParseCsvLines(text.str());
  }

  std::unique_ptr<auth::StaffAccounts> accounts_;
  std::unique_ptr<auth::StaffAuth> auth_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<settings::MunicipalitySettings> settings_;
  std::unique_ptr<KpiApiContext> ctx_;
};

TEST_F(KpiApiTest, OnlyThePlannerRoleReadsAndWrites) {
  const Caller planner = As("planner"), reception = As("reception");
  for (const auto& path : {"/api/v1/kpi/report", "/api/v1/kpi/catalogue", "/api/v1/kpi/export", "/api/v1/kpi/tables",
                           "/api/v1/kpi/join"}) {
    EXPECT_EQ(Call(reception, "GET", path).status, 403) << path;
    EXPECT_EQ(Call(Caller{}, "GET", path).status, 401) << path;
  }
  EXPECT_EQ(Call(reception, "PUT", "/api/v1/kpi/goals", json{{"fiscal_year", 2026}, {"goals", json::array()}}).status,
            403);
  EXPECT_EQ(Call(reception, "POST", "/api/v1/kpi/tables", json{{"name", "x"}}).status, 403);
  EXPECT_EQ(Call(planner, "GET", "/api/v1/kpi/catalogue").status, 200);
  // A state change needs the CSRF token.
  Caller no_csrf = planner;
  no_csrf.csrf.clear();
  EXPECT_EQ(Call(no_csrf, "PUT", "/api/v1/kpi/goals", json{{"fiscal_year", 2026}, {"goals", json::array()}}).status,
            403);
}

TEST_F(KpiApiTest, GoalsAreSavedAndAudited) {
  const Caller planner = As("planner");
  auto r = Call(planner, "PUT", "/api/v1/kpi/goals",
                json{{"fiscal_year", 2026},
                     {"goals",
                      {{{"kpi_id", "library_loans"},
                        {"baseline", 50000},
                        {"baseline_year", 2022},
                        {"target", 80000},
                        {"note", "第2期総合戦略"}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json report = Report(planner);
  for (const json& k : report["kpis"]) {
    if (k["id"] != "library_loans") continue;
    EXPECT_EQ(k["goal"]["target"], 80000.0);
    EXPECT_EQ(k["goal"]["baseline_year"], 2022);
    EXPECT_DOUBLE_EQ(k["achievement_percent"].get<double>(),
                     std::round(1000.0 * k["actual"].get<double>() / 80000.0) / 10.0);
  }
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ? AND action = 'kpi.goals.save'", {Text(kCode)}),
      1);
  auto bad = Call(planner, "PUT", "/api/v1/kpi/goals",
                  json{{"fiscal_year", 2026}, {"goals", {{{"kpi_id", "no_such_kpi"}, {"target", 1}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(http::testing::ErrorCode(bad), "unknown_kpi");
}

TEST_F(KpiApiTest, CsvAndXlsxCarryTheReportsNumbersWithSmallCellsSuppressed) {
  const Caller planner = As("planner");
  const json report = Report(planner);
  std::map<std::string, json> by_id;
  for (const json& k : report["kpis"]) by_id[k["id"]] = k;

  auto csv = Call(planner, "GET", "/api/v1/kpi/export", nullptr, {{"fiscal_year", "2026"}, {"format", "csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  const auto rows = ParseCsvLines(csv.body);
  ASSERT_GT(rows.size(), 6u);
  EXPECT_EQ(rows[1][1], "長井市");
  EXPECT_EQ(rows[1][3], "062090");
  EXPECT_EQ(rows[2][1], "2026");
  EXPECT_EQ(rows[2][5], "2027-04-10");
  const std::vector<std::string> header = {"KPI",       "定義",   "区分",   "単位",      "基準値",
                                           "基準年度",  "目標値", "実績値", "達成率(%)", "前年度同期",
                                           "増加率(%)", "傾向",   "KPI ID"};
  EXPECT_EQ(rows[5], header);
  size_t checked = 0, suppressed = 0;
  bool monthly = false;
  for (const auto& row : rows) {
    if (row.size() < 3) continue;
    if (row[0] == "KPI" && row[1] == "単位") {
      monthly = true;
      continue;
    }
    const std::string id = row.back();
    if (!by_id.contains(id)) continue;
    const json& k = by_id[id];
    if (!monthly) {
      EXPECT_DOUBLE_EQ(std::stod(row[7]), k["actual"].get<double>()) << id;
      ++checked;
    } else {
      for (size_t i = 0; i < 12; ++i) {
        const json& m = k["months"][i];
        if (m["suppressed"].get<bool>()) {
          EXPECT_EQ(row[2 + i], "X") << id << " " << m["month"];
          ++suppressed;
        } else if (m["value"].is_number()) {
          EXPECT_DOUBLE_EQ(std::stod(row[2 + i]), m["value"].get<double>()) << id << " " << m["month"];
        }
      }
    }
  }
  EXPECT_EQ(checked, by_id.size());
  EXPECT_GT(suppressed, 0u);

  auto xlsx = Call(planner, "GET", "/api/v1/kpi/export", nullptr, {{"fiscal_year", "2026"}, {"format", "xlsx"}});
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_TRUE(xlsx.body.starts_with("PK"));
  auto sheet = ViaLibreOffice(xlsx.body);
  if (!sheet) GTEST_SKIP() << "soffice is not installed";
  size_t read_back = 0;
  for (const auto& row : *sheet) {
    if (row.empty() || !by_id.contains(row.back())) continue;
    const json& k = by_id[row.back()];
    EXPECT_DOUBLE_EQ(std::stod(row[7]), k["actual"].get<double>()) << row.back();
    if (k["goal"].is_object() && k["goal"]["target"].is_number()) {
      EXPECT_DOUBLE_EQ(std::stod(row[6]), k["goal"]["target"].get<double>()) << row.back();
    }
    if (k["achievement_percent"].is_number()) {
      EXPECT_DOUBLE_EQ(std::stod(row[8]), k["achievement_percent"].get<double>()) << row.back();
    }
    ++read_back;
  }
  EXPECT_EQ(read_back, by_id.size());
}

TEST_F(KpiApiTest, ShiftJisTableJoinsByDistrict) {
  const Caller planner = As("planner");
  // 地区,人口 / 本町,2400 / 小出,1800 / 平野,900 in Shift_JIS.
  std::string sjis =
      "\x92\x6e\x8b\xe6,\x90\x6c\x8c\xfb\r\n\x96\x7b\x92\xac,2400\r\n\x8f\xac\x8f\x6f,1800\r\n"
      "\x95\xbd\x96\xec,900\r\n";
  auto up = Call(planner, "POST", "/api/v1/kpi/tables",
                 json{{"name", "地区別人口"}, {"encoding", "auto"}, {"content_base64", Base64(sjis)}});
  ASSERT_EQ(up.status, 201) << up.body;
  const json stored = json::parse(up.body);
  EXPECT_EQ(stored["encoding"], "shift_jis");
  EXPECT_EQ(stored["version"], 1);
  const std::string table_id = stored["table_id"];

  auto joined = Call(planner, "GET", "/api/v1/kpi/join", nullptr,
                     {{"table", table_id}, {"from", "2026-04-01"}, {"to", "2027-03-31"}});
  ASSERT_EQ(joined.status, 200) << joined.body;
  const json j = json::parse(joined.body);
  ASSERT_EQ(j["rows"].size(), 3u);
  for (const json& row : j["rows"]) {
    const std::string district = row["cells"][0];
    const int64_t visits = Count(
        "SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND kind = "
        "'facility' AND district = ? AND visit_date >= '2026-04-01' AND visit_date <= "
        "'2027-03-31'",
        {Text(kCode), Text(district)});
    ASSERT_GE(visits, 5) << district;
    EXPECT_EQ(row["facility_visits"], visits) << district;
    const double population = std::stod(row["cells"][1].get<std::string>());
    EXPECT_DOUBLE_EQ(row["facility_visits_per_1000"].get<double>(), std::round(10000.0 * visits / population) / 10.0);
  }
  ASSERT_EQ(j["chart"]["bars"].size(), 3u);

  // One day: the counts are small and suppressed, in the rows and the chart.
  auto day = Call(planner, "GET", "/api/v1/kpi/join", nullptr,
                  {{"table", table_id}, {"from", "2026-10-01"}, {"to", "2026-10-01"}});
  ASSERT_EQ(day.status, 200);
  const json d = json::parse(day.body);
  size_t small = 0;
  for (const json& row : d["rows"]) {
    const int64_t n = Count(
        "SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND kind = "
        "'facility' AND district = ? AND visit_date = '2026-10-01'",
        {Text(kCode), Text(row["cells"][0].get<std::string>())});
    if (n > 0 && n < 5) {
      ++small;
      EXPECT_TRUE(row["facility_visits"].is_null());
      EXPECT_TRUE(row["facility_visits_per_1000"].is_null());
    } else {
      EXPECT_EQ(row["facility_visits"], n);
    }
  }
  EXPECT_GT(small, 0u);

  // A second upload under the same name is version 2; both are listed.
  ASSERT_EQ(Call(planner, "POST", "/api/v1/kpi/tables",
                 json{{"name", "地区別人口"}, {"content_base64", Base64("地区,人口\n本町,2500\n")}})
                .status,
            201);
  const json list = json::parse(Call(planner, "GET", "/api/v1/kpi/tables").body);
  ASSERT_EQ(list["versions"].size(), 2u);
  EXPECT_EQ(list["versions"][0]["version"], 2);
  auto v1 = Call(planner, "GET", "/api/v1/kpi/tables/" + table_id, nullptr, {{"version", "1"}});
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(json::parse(v1.body)["rows"].size(), 3u);
}

TEST_F(KpiApiTest, ABadTableNamesRowAndColumnAndStoresNothing) {
  const Caller planner = As("planner");
  auto r = Call(
      planner, "POST", "/api/v1/kpi/tables",
      json{{"name", "満足度調査"}, {"content_base64", Base64("地区,年齢層,回答数\n本町,30-39,12\n小出,30-39,十二\n")}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["message"],
            "3行目「回答数」列: 数値ではありません（\"十二\"。この列は最初の行が数値なので数値の列です）");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM kpi_tables WHERE municipality_code = ?", {Text(kCode)}), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM kpi_table_versions WHERE municipality_code = ?", {Text(kCode)}), 0);
}

TEST_F(KpiApiTest, OpenDataIsPublicCountsOnlyAndSuppressed) {
  const Caller anyone;
  auto list = Call(anyone, "GET", "/api/v1/open/datasets");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["datasets"].size(), 3u);

  auto facility = Call(anyone, "GET", "/api/v1/open/facility-use.json", nullptr, {{"fiscal_year", "2026"}});
  ASSERT_EQ(facility.status, 200) << facility.body;
  const json f = json::parse(facility.body);
  ASSERT_FALSE(f["rows"].empty());
  for (const json& row : f["rows"]) {
    EXPECT_EQ(row["全国地方公共団体コード"], kCode);
    const std::string month = row["年月"];
    const int64_t n = Count(
        "SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND kind = 'facility' "
        "AND place_id = ? AND visit_date >= ? AND visit_date <= ?",
        {Text(kCode), Text(row["施設ID"].get<std::string>()), Text(month + "-01"), Text(month + "-31")});
    if (n < 5) {
      EXPECT_TRUE(row["利用者数"].is_null());
    } else {
      EXPECT_EQ(row["利用者数"], n);
    }
  }

  // Events of the quiet month have three participants: X in CSV, null in JSON.
  auto events_csv = Call(anyone, "GET", "/api/v1/open/event-participation.csv", nullptr, {{"fiscal_year", "2026"}});
  ASSERT_EQ(events_csv.status, 200);
  const auto rows = ParseCsvLines(events_csv.body);
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "全国地方公共団体コード");
  size_t hidden = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const int64_t n = Count(
        "SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? AND kind = 'event' AND "
        "event_id = ?",
        {Text(kCode), Text(rows[i][1])});
    if (n < 5) {
      ++hidden;
      EXPECT_EQ(rows[i].back(), "X");
    } else {
      EXPECT_EQ(rows[i].back(), std::to_string(n));
    }
  }
  EXPECT_GT(hidden, 0u);

  auto shelters = Call(anyone, "GET", "/api/v1/open/shelter-occupancy.json", nullptr, {{"fiscal_year", "2026"}});
  ASSERT_EQ(shelters.status, 200);
  const json s = json::parse(shelters.body);
  ASSERT_FALSE(s["rows"].empty());
  bool any_null = false;
  for (const json& row : s["rows"]) {
    any_null = any_null || row["受付人数"].is_null();
    EXPECT_FALSE(row.contains("resident_id"));
  }
  EXPECT_TRUE(any_null);
  EXPECT_EQ(Call(anyone, "GET", "/api/v1/open/residents.json").status, 404);
}

TEST_F(KpiApiTest, EachMunicipalitySuppressesBelowItsOwnMinimumCellSize) {
  const Caller anyone;
  auto facility = [&] {
    auto r = Call(anyone, "GET", "/api/v1/open/facility-use.json", nullptr, {{"fiscal_year", "2026"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  };
  auto shown = [](const json& table) {
    int n = 0;
    for (const json& row : table["rows"]) n += row["利用者数"].is_null() ? 0 : 1;
    return n;
  };
  const json before = facility();
  EXPECT_EQ(before["min_cell_size"], 5);
  ASSERT_GT(shown(before), 0);

  ASSERT_TRUE(settings_->Change(kCode, {{"kpi.min_cell_size", 1000}}, "test"));
  const json strict = facility();
  EXPECT_EQ(strict["min_cell_size"], 1000);
  EXPECT_EQ(shown(strict), 0);  // every month of every facility rests on fewer than 1,000 people
  EXPECT_EQ(json::parse(Call(As("planner"), "GET", "/api/v1/kpi/report", nullptr, {{"fiscal_year", "2026"}}).body)
                ["min_cell_size"],
            1000);

  ASSERT_TRUE(settings_->Change(kCode, {{"kpi.min_cell_size", std::nullopt}}, "test"));
  EXPECT_EQ(shown(facility()), shown(before));
}

}  // namespace
}  // namespace denen::kpi
