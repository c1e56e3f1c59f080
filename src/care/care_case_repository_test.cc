// Certification cases on SQLite and PostgreSQL: a generated import's KPIs equal
// an independent calculation and a re-import changes nothing; bad files write
// nothing; the batch check checks each waiting form version once and the case
// view shows what changed between versions; purge removes only expired cases.
#include "care/care_case_repository.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

#include "care/care_api.h"
#include "care/care_case_cli.h"
#include "care/care_kpi.h"
#include "store/migrated_db_test.h"

namespace denen::care {
namespace {

using nlohmann::json;
using store::Text;

constexpr char kCode[] = "062090";
constexpr char kActor[] = "tester";
constexpr char kHeader[] =
    "申請番号,被保険者参照,申請区分,申請日,認定調査日,意見書依頼日,意見書受領日,一次判定日,審査会開催日,認定日,"
    "通知日,調査票ID\n";

// 2-1 answered 見守り等 while the note says the wife supports the body, and 6-5
// present with no note: a note_contradiction and a missing_note.
constexpr char kFormCsv[] =
    "調査票ID,項目番号,選択肢,特記事項\n"
    "F-1,2-1,2,ベッドから移る時は妻が体を支えている。\n"
    "F-1,6-5,2,\n"
    "F-2,2-1,2,ベッドから移る時は妻が体を支えている。\n";
// F-1 corrected: 2-1 now 一部介助, so only the missing note remains.
constexpr char kCorrectedFormCsv[] =
    "調査票ID,項目番号,選択肢,特記事項\n"
    "F-1,2-1,3,ベッドから移る時は妻が体を支えている。\n"
    "F-1,6-5,2,\n";

class CareCaseRepositoryTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    repo_ = std::make_unique<CareCaseRepository>(*db_, clock_);
    today_ = JapanDateOf(clock_.NowMillis());
  }

  std::string DaysAgo(int64_t n) const { return IsoDateOfDays(*DaysOfIsoDate(today_) - n); }

  int64_t Count(const std::string& sql, store::Params params = {Text(kCode)}) {
    auto row = db_->QueryOne(sql, params);
    EXPECT_TRUE(row.has_value()) << row.error().message;
    return row && *row ? (*row)->Int(0) : -1;
  }
  int64_t AuditCount(const std::string& action) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ? AND action = ?",
                 {Text(kCode), Text(action)});
  }
  int64_t CaseCount() { return Count("SELECT COUNT(*) FROM care_cases WHERE municipality_code = ?"); }

  const CareChecker& Checker() {
    auto checker = SharedCareChecker();
    EXPECT_TRUE(checker.has_value()) << checker.error().message;
    return **checker;
  }

  std::unique_ptr<CareCaseRepository> repo_;
  std::string today_;
};

struct Generated {
  std::string csv;
  std::vector<DecidedCase> decided;
};

// A few hundred cases with random but lawful dates (fixed seed); a fifth is undecided.
Generated GenerateCases(const std::string& today, int n) {
  std::mt19937 rng(20261127);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int64_t base = *DaysOfIsoDate(today);
  const char* types[] = {"新規", "更新", "区分変更"};
  const ApplicationType type_values[] = {ApplicationType::kNew, ApplicationType::kRenewal, ApplicationType::kChange};
  Generated g;
  g.csv = kHeader;
  for (int i = 0; i < n; ++i) {
    const int t = uniform(0, 2);
    const int64_t applied = base - uniform(60, 700);
    const int64_t surveyed = applied + uniform(1, 14);
    const int64_t requested = applied + uniform(0, 5);
    const int64_t received = requested + uniform(3, 25);
    const int64_t primary = std::max(surveyed, received) + uniform(0, 5);
    const int64_t board = primary + uniform(2, 12);
    const int64_t certified = board + uniform(0, 3);
    const int64_t notified = certified + uniform(1, 5);
    const bool decided = uniform(0, 4) != 0;
    auto d = [](int64_t days) { return IsoDateOfDays(days); };
    g.csv += "C-" + std::to_string(1000 + i) + ",P" + std::to_string(5000 + i) + "," + types[t] + "," + d(applied) +
             "," + d(surveyed) + "," + d(requested) + "," + d(received) + "," + d(primary) + "," +
             (decided ? d(board) : "") + "," + (decided ? d(certified) : "") + "," + (decided ? d(notified) : "") +
             ",\n";
    if (decided) g.decided.push_back({d(applied), d(certified), type_values[t]});
  }
  return g;
}

// The straightforward calculation the KPI must match.
struct Expected {
  int64_t count = 0;
  double average = 0;
  double median = 0;
  int64_t over = 0;
};
Expected Calculate(const std::vector<DecidedCase>& cases, const std::string& month,
                   std::optional<ApplicationType> type) {
  std::vector<int64_t> days;
  for (const auto& c : cases) {
    if (!month.empty() && c.certified_on.substr(0, 7) != month) continue;
    if (type && c.type != *type) continue;
    days.push_back(*DaysOfIsoDate(c.certified_on) - *DaysOfIsoDate(c.applied_on));
  }
  Expected e;
  e.count = static_cast<int64_t>(days.size());
  if (days.empty()) return e;
  std::sort(days.begin(), days.end());
  e.average = static_cast<double>(std::accumulate(days.begin(), days.end(), int64_t{0})) / e.count;
  e.median = days.size() % 2 ? days[days.size() / 2] : (days[days.size() / 2 - 1] + days[days.size() / 2]) / 2.0;
  for (int64_t x : days) e.over += x > 30 ? 1 : 0;
  return e;
}

void ExpectStats(const json& stats, const Expected& e, const std::string& where) {
  ASSERT_EQ(stats["count"], e.count) << where;
  EXPECT_EQ(stats["over_30_days"], e.over) << where;
  if (e.count == 0) {
    EXPECT_TRUE(stats["average_days"].is_null()) << where;
    return;
  }
  EXPECT_NEAR(stats["average_days"].get<double>(), e.average, 1e-9) << where;
  EXPECT_DOUBLE_EQ(stats["median_days"].get<double>(), e.median) << where;
  EXPECT_NEAR(stats["share_over_30_days"].get<double>(), static_cast<double>(e.over) / e.count, 1e-12) << where;
}

TEST_F(CareCaseRepositoryTest, GeneratedImportMatchesAnIndependentCalculationAndReimportChangesNothing) {
  const Generated g = GenerateCases(today_, 300);
  auto first = repo_->ImportCases(kCode, g.csv, kActor);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->created, 300);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(CaseCount(), 300);
  EXPECT_EQ(AuditCount("care.case.create"), 300);

  auto range = KpiMonthRange(DaysAgo(760).substr(0, 7), today_.substr(0, 7), today_);
  ASSERT_TRUE(range.has_value()) << range.error().message;
  auto kpi = LoadCareKpi(*db_, kCode, range->first, range->second);
  ASSERT_TRUE(kpi.has_value()) << kpi.error().message;
  const json out = CareKpiJson(*kpi);

  ExpectStats(out["days_to_decision"], Calculate(g.decided, "", std::nullopt), "total");
  ASSERT_GT(out["days_to_decision"]["count"].get<int64_t>(), 200);
  ASSERT_GT(out["days_to_decision"]["over_30_days"].get<int64_t>(), 0);
  for (auto [id, type] : {std::pair{"new", ApplicationType::kNew}, std::pair{"renewal", ApplicationType::kRenewal},
                          std::pair{"change", ApplicationType::kChange}}) {
    ExpectStats(out["days_to_decision"]["by_type"][id], Calculate(g.decided, "", type), id);
  }
  int64_t months_with_cases = 0;
  for (const json& m : out["months"]) {
    const std::string month = m["month"];
    ExpectStats(m["days_to_decision"], Calculate(g.decided, month, std::nullopt), month);
    ExpectStats(m["days_to_decision"]["by_type"]["renewal"], Calculate(g.decided, month, ApplicationType::kRenewal),
                month + " renewal");
    months_with_cases += m["days_to_decision"]["count"].get<int64_t>() > 0 ? 1 : 0;
  }
  EXPECT_GT(months_with_cases, 12);

  // The same file again: no row, no audited change, the same KPI.
  const int64_t audit_before = Count("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ?");
  auto again = repo_->ImportCases(kCode, g.csv, kActor);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 300);
  EXPECT_EQ(CaseCount(), 300);
  EXPECT_EQ(AuditCount("care.case.create"), 300);
  EXPECT_EQ(AuditCount("care.case.update"), 0);
  // Only the import's own summary entry was added.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ?"), audit_before + 1);
  auto kpi_again = LoadCareKpi(*db_, kCode, range->first, range->second);
  ASSERT_TRUE(kpi_again.has_value());
  EXPECT_EQ(CareKpiJson(*kpi_again), out);

  // A changed row is updated and its audit entry names the field.
  std::string changed = g.csv;
  const std::string line_start = "C-1000,";
  const size_t at = changed.find(line_start);
  ASSERT_NE(at, std::string::npos);
  const size_t end = changed.find('\n', at);
  std::string line = changed.substr(at, end - at);
  line.replace(line.find("P5000"), 5, "P9999");
  changed.replace(at, end - at, line);
  auto updated = repo_->ImportCases(kCode, changed, kActor);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->updated, 1);
  EXPECT_EQ(updated->unchanged, 299);
  EXPECT_EQ(AuditCount("care.case.update"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ? AND action = 'care.case.update' "
                  "AND detail LIKE '%insured_ref%'"),
            1);
}

TEST_F(CareCaseRepositoryTest, BadFilesNameTheProblemAndWriteNothing) {
  const std::string good = std::string("C-1,P1,新規,") + DaysAgo(20) + "," + DaysAgo(10) + ",,,,,,,\n";
  struct Bad {
    std::string csv;
    std::string code;
    std::vector<std::string> named;
  };
  const std::vector<Bad> cases = {
      {"申請番号,被保険者参照,申請区分,申請日,電話番号,備考\n",
       "unknown_care_case_columns",
       {"「電話番号」", "「備考」"}},
      {kHeader + good + "C-2,P2,更新," + DaysAgo(20) + "," + DaysAgo(25) + ",,,,,,,\n",
       "invalid_care_case_csv",
       {"3 行目", "「認定調査日」", "申請日"}},
      {kHeader + good + "C-2,P2,更新," + DaysAgo(20) + ",,,,,," + DaysAgo(-1) + ",,\n",
       "invalid_care_case_csv",
       {"3 行目", "「認定日」", "今日"}},
      {kHeader + good + "C-2,123456789012,新規," + DaysAgo(20) + ",,,,,,,,\n",
       "individual_number_refused",
       {"3 行目", "「被保険者参照」", "12桁"}},
      {kHeader + good + "C-2,P2,新規," + DaysAgo(20) + ",,,,,,,,1234 5678 9012\n",
       "individual_number_refused",
       {"3 行目", "「調査票ID」"}},
      {kHeader + good + "C-2,P2,新規," + DaysAgo(20) + "," + DaysAgo(5) + ",,," + DaysAgo(10) + ",,,,\n",
       "invalid_care_case_csv",
       {"3 行目", "「一次判定日」", "認定調査日"}},
      {std::string("申請番号,被保険者参照,被保険者番号,申請区分,申請日\nC-3,P3,0000012345,新規,") + DaysAgo(3) + "\n",
       "invalid_care_case_csv",
       {"2 行目", "「被保険者番号」", "保存しない設定"}},
  };
  for (const Bad& bad : cases) {
    auto result = repo_->ImportCases(kCode, bad.csv, kActor);
    ASSERT_FALSE(result.has_value()) << bad.csv;
    EXPECT_EQ(result.error().code, bad.code) << result.error().message;
    for (const auto& word : bad.named) {
      EXPECT_NE(result.error().message.find(word), std::string::npos) << result.error().message << " lacks " << word;
    }
  }
  auto form =
      repo_->ImportForms(kCode, "調査票ID,項目番号,選択肢,特記事項\nF-1,2-1,2,123456789012\n", Checker(), kActor);
  ASSERT_FALSE(form.has_value());
  EXPECT_EQ(form.error().code, "individual_number_refused");
  EXPECT_NE(form.error().message.find("2 行目"), std::string::npos) << form.error().message;
  auto orphan = repo_->ImportForms(kCode, kFormCsv, Checker(), kActor);
  ASSERT_FALSE(orphan.has_value());
  EXPECT_EQ(orphan.error().code, "care_form_without_case");

  EXPECT_EQ(CaseCount(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_case_forms WHERE municipality_code = ?"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ? AND action LIKE 'care.%'"), 0);

  // Once the office stores the 被保険者番号, the same file goes in; a 12-digit one never does.
  ASSERT_TRUE(repo_->SetStoresInsuredNumber(kCode, true, kActor).has_value());
  EXPECT_TRUE(repo_->ImportCases(kCode, cases.back().csv, kActor).has_value());
  auto stored = db_->QueryOne("SELECT insured_number FROM care_cases WHERE municipality_code = ?", {Text(kCode)});
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  EXPECT_EQ((*stored)->Text(0), "0000012345");
}

TEST_F(CareCaseRepositoryTest, BatchChecksEachWaitingVersionOnceAndTheCaseShowsWhatChanged) {
  const std::string cases = std::string(kHeader) + "C-1,P1,新規," + DaysAgo(20) + "," + DaysAgo(10) + ",,,,,,,F-1\n" +
                            "C-2,P2,更新," + DaysAgo(40) + "," + DaysAgo(30) + "," + DaysAgo(30) + "," + DaysAgo(25) +
                            "," + DaysAgo(20) + "," + DaysAgo(10) + ",,,F-2\n";
  ASSERT_TRUE(repo_->ImportCases(kCode, cases, kActor).has_value());
  auto imported = repo_->ImportForms(kCode, kFormCsv, Checker(), kActor);
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(imported->added, 2);

  // F-2's case has met the 審査会: only F-1 waits.
  auto batch = repo_->BatchCheck(kCode, Checker(), kActor);
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_EQ(batch->checked, 1);
  EXPECT_EQ(batch->forms[0]["form_id"], "F-1");
  EXPECT_GE(batch->findings, 2);
  EXPECT_EQ(repo_->BatchCheck(kCode, Checker(), kActor)->checked, 0);
  EXPECT_EQ(repo_->ImportForms(kCode, kFormCsv, Checker(), kActor)->unchanged, 2);
  EXPECT_EQ(repo_->BatchCheck(kCode, Checker(), kActor)->checked, 0);

  // The corrected form is a new version and is checked again.
  auto corrected = repo_->ImportForms(kCode, kCorrectedFormCsv, Checker(), kActor);
  ASSERT_TRUE(corrected.has_value());
  EXPECT_EQ(corrected->added, 1);
  auto second = repo_->BatchCheck(kCode, Checker(), kActor);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->checked, 1);
  EXPECT_EQ(second->forms[0]["version"], 2);

  auto list = repo_->ListCases(kCode, "open", kActor);
  ASSERT_TRUE(list.has_value()) << list.error().message;
  ASSERT_EQ((*list)["cases"].size(), 2u);
  EXPECT_EQ((*list)["cases"][0]["case_no"], "C-1") << "open findings first";
  EXPECT_GT((*list)["cases"][0]["form"]["open_findings"].get<int64_t>(), 0);
  EXPECT_EQ((*list)["cases"][1]["stage"], "decision");

  const std::string id = (*list)["cases"][0]["id"];
  auto one = repo_->ReadCase(kCode, id, Checker().rules().catalog(), kActor);
  ASSERT_TRUE(one.has_value()) << one.error().message;
  EXPECT_EQ((*one)["stage"], "opinion");
  EXPECT_EQ((*one)["target"]["days"], 20);
  EXPECT_EQ((*one)["target"]["overdue"], false);
  EXPECT_EQ((*one)["target"]["due_on"], DaysAgo(-10));
  ASSERT_EQ((*one)["versions"].size(), 2u) << one->dump();
  EXPECT_FALSE((*one)["versions"][0].contains("changes"));
  const json& changes = (*one)["versions"][1]["changes"];
  ASSERT_EQ(changes["removed"].size(), 1u) << changes.dump();
  EXPECT_EQ(changes["removed"][0]["kind"], "note_contradiction");
  EXPECT_EQ(changes["added"].size(), 0u);
  EXPECT_EQ((*one)["check"]["form_version"], 2);
  bool missing_note = false;
  for (const auto& f : (*one)["check"]["findings"]) missing_note = missing_note || f["kind"] == "missing_note";
  EXPECT_TRUE(missing_note) << (*one)["check"].dump();
  EXPECT_EQ(AuditCount("care.case.read"), 1);
  EXPECT_EQ(AuditCount("care.case.list"), 1);

  // Another municipality sees none of it.
  auto other = repo_->ReadCase("131016", id, Checker().rules().catalog(), kActor);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, "care_case_not_found");
}

TEST_F(CareCaseRepositoryTest, PurgeDeletesExpiredCasesWithTheirFormsAndKeepsTheOthers) {
  const std::string cases = std::string(kHeader) + "OLD-1,P1,新規," + DaysAgo(420) + "," + DaysAgo(410) +
                            ",,,,,,,F-1\n" + "NEW-1,P2,新規," + DaysAgo(100) + "," + DaysAgo(90) + ",,,,,,,F-2\n";
  ASSERT_TRUE(repo_->ImportCases(kCode, cases, kActor).has_value());
  ASSERT_TRUE(repo_->ImportForms(kCode, kFormCsv, Checker(), kActor).has_value());
  ASSERT_EQ(repo_->BatchCheck(kCode, Checker(), kActor)->checked, 2);
  const int64_t f2_findings = Count(
      "SELECT COUNT(*) FROM care_findings f JOIN care_checks k ON k.municipality_code = f.municipality_code AND "
      "k.id = f.check_id WHERE f.municipality_code = ? AND k.form_id = 'F-2'");

  auto nothing = repo_->Purge(kCode, 0, "cli");
  ASSERT_TRUE(nothing.has_value());
  EXPECT_EQ(nothing->cases, 0);

  auto report = repo_->Purge(kCode, 365, "cli");
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->cases, 1);
  EXPECT_EQ(report->form_versions, 1);
  EXPECT_EQ(report->checks, 1);
  EXPECT_GE(report->findings, 2);
  EXPECT_EQ(CaseCount(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_cases WHERE municipality_code = ? AND case_no = 'NEW-1'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_case_forms WHERE municipality_code = ? AND form_id = 'F-1'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_checks WHERE municipality_code = ? AND form_id = 'F-1'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_checks WHERE municipality_code = ? AND form_id = 'F-2'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_findings WHERE municipality_code = ?"), f2_findings);
  EXPECT_EQ(AuditCount("care.case.purge"), 1);
  EXPECT_EQ(repo_->Purge(kCode, 365, "cli")->cases, 0);
  EXPECT_EQ(AuditCount("care.case.purge"), 2);
}

TEST_F(CareCaseRepositoryTest, CliImportsOnceAndPurgesPrintingTheCounts) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("denen-care-cases-" + store::testing::TestEngineName() + ".csv");
  {
    std::ofstream out(file);
    out << kHeader << "OLD-1,P1,新規," << DaysAgo(30) << ",,,,,,,,\n"
        << "NEW-1,P2,更新," << DaysAgo(3) << ",,,,,,,,\n";
  }
  auto run = [&](std::string_view command, std::vector<std::string> positional, const std::string& code,
                 std::string& printed) {
    std::ostringstream out, err;
    const int rc = RunCareCaseCommand(command, positional, code, 10, *db_, clock_, out, err);
    printed = out.str() + err.str();
    return rc;
  };
  std::string printed;
  EXPECT_EQ(run("import-cases", {file.string()}, kCode, printed), 0) << printed;
  EXPECT_NE(printed.find("新規 2 件"), std::string::npos) << printed;
  EXPECT_EQ(run("import-cases", {file.string()}, kCode, printed), 0) << printed;
  EXPECT_NE(printed.find("変更なし 2 件"), std::string::npos) << printed;
  EXPECT_EQ(run("import-cases", {file.string()}, "999999", printed), 1);
  EXPECT_NE(printed.find("999999"), std::string::npos) << printed;
  EXPECT_EQ(run("import-cases", {}, kCode, printed), 2);
  EXPECT_EQ(run("purge", {}, kCode, printed), 0) << printed;
  EXPECT_NE(printed.find("申請 1 件"), std::string::npos) << printed;
  EXPECT_EQ(CaseCount(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM care_cases WHERE municipality_code = ? AND case_no = 'NEW-1'"), 1);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace denen::care
