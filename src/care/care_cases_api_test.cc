// The certification-case routes through the real router and sessions, on
// SQLite and PostgreSQL: a reviewer imports, batch-checks, reads a case (the
// read audited under their id), decides a finding with the existing decision
// route and reads the KPI; only an admin changes the privacy setting.
#include "care/care_cases_api.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "auth/staff_accounts.h"
#include "auth/staff_auth.h"
#include "care/care_api.h"
#include "care/care_case.h"
#include "http/testing.h"
#include "store/migrated_db_test.h"

namespace denen::care {
namespace {

using nlohmann::json;

constexpr char kCode[] = "062090";
constexpr char kPassword[] = "test-password-1";

class CareCasesApiTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    auto checker = SharedCareChecker();
    ASSERT_TRUE(checker.has_value()) << checker.error().message;
    accounts_ = std::make_unique<auth::StaffAccounts>(*db_, clock_, auth::HashCost::kInteractive);
    auth_ = std::make_unique<auth::StaffAuth>(*db_, clock_, auth::AuthSettings{}, *accounts_);
    router_ = std::make_unique<http::Router>([this](std::string_view c) { return auth_->Authenticate(c); });
    RegisterCareRoutes(*router_, {*db_, clock_, **checker});
    RegisterCareCaseRoutes(*router_, {*db_, *db_, clock_, **checker});
    reviewer_id_ = NewUser("kaigo", {auth::Role::kCareReviewer});
    NewUser("admin1", {auth::Role::kAdmin});
    today_ = JapanDateOf(clock_.NowMillis());
  }

  std::string NewUser(const std::string& username, auth::RoleSet roles) {
    auto user = accounts_->Create(kCode, {username, username, kPassword, roles}, "test");
    EXPECT_TRUE(user.has_value()) << user.error().message;
    return user ? user->id : "";
  }

  struct Login {
    std::string cookie, csrf;
  };
  Login LogIn(const std::string& username) {
    auto outcome = auth_->Login(kCode, username, kPassword, "test");
    EXPECT_TRUE(outcome.has_value());
    if (!outcome) return {};
    return {outcome->cookie_value, outcome->session.csrf_token};
  }

  std::pair<int, json> Call(const Login& who, const std::string& method, const std::string& path,
                            const json& body = nullptr, std::map<std::string, std::string> query = {}) {
    http::Response response =
        router_->Dispatch(http::testing::MakeRequest({who.cookie, who.csrf, ""}, method, path, body, query));
    return {response.status, response.body.empty() ? json(nullptr) : json::parse(response.body)};
  }

  std::string DaysAgo(int64_t n) const { return IsoDateOfDays(*DaysOfIsoDate(today_) - n); }

  std::unique_ptr<auth::StaffAccounts> accounts_;
  std::unique_ptr<auth::StaffAuth> auth_;
  std::unique_ptr<http::Router> router_;
  std::string reviewer_id_;
  std::string today_;
};

TEST_F(CareCasesApiTest, AReviewerImportsChecksReadsDecidesAndReadsTheKpi) {
  const Login reviewer = LogIn("kaigo");
  const std::string cases =
      "申請番号,被保険者参照,申請区分,申請日,認定調査日,審査会開催日,認定日,調査票ID\n"
      "A-1,P1,新規," +
      DaysAgo(40) + "," + DaysAgo(30) + ",,,F-1\n" + "A-2,P2,更新," + DaysAgo(50) + "," + DaysAgo(45) + "," +
      DaysAgo(26) + "," + DaysAgo(25) + ",\n";
  auto [imported, import_body] = Call(reviewer, "POST", "/api/v1/care/cases/import", {{"csv", cases}});
  ASSERT_EQ(imported, 200) << import_body.dump();
  EXPECT_EQ(import_body, json({{"created", 2}, {"updated", 0}, {"unchanged", 0}}));
  auto [forms, forms_body] =
      Call(reviewer, "POST", "/api/v1/care/forms/import",
           {{"csv", "調査票ID,項目番号,選択肢,特記事項\nF-1,2-1,2,ベッドから移る時は妻が体を支えている。\n"}});
  ASSERT_EQ(forms, 200) << forms_body.dump();
  auto [batch, batch_body] = Call(reviewer, "POST", "/api/v1/care/batch-check", json::object());
  ASSERT_EQ(batch, 200) << batch_body.dump();
  EXPECT_EQ(batch_body["checked"], 1);

  auto [listed, list] = Call(reviewer, "GET", "/api/v1/care/cases", nullptr, {{"stage", "all"}});
  ASSERT_EQ(listed, 200) << list.dump();
  ASSERT_EQ(list["total"], 2);
  EXPECT_EQ(list["cases"][0]["case_no"], "A-1");
  EXPECT_EQ(list["cases"][0]["target"]["overdue"], true);
  EXPECT_EQ(Call(reviewer, "GET", "/api/v1/care/cases", nullptr, {{"stage", "later"}}).first, 400);

  const std::string id = list["cases"][0]["id"];
  auto [read, one] = Call(reviewer, "GET", "/api/v1/care/cases/" + id);
  ASSERT_EQ(read, 200) << one.dump();
  EXPECT_EQ(one["milestones"]["surveyed_on"], DaysAgo(30));
  ASSERT_FALSE(one["check"]["findings"].empty()) << one.dump();
  const std::string finding = one["check"]["findings"][0]["finding_id"];
  auto entries = audit::Recent(*db_, kCode, 5);
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ((*entries)[0].event.action, "care.case.read");
  EXPECT_EQ((*entries)[0].event.actor, reviewer_id_);
  EXPECT_EQ((*entries)[0].event.target_id, id);

  auto [decided, decision] =
      Call(reviewer, "POST", "/api/v1/care/findings/" + finding + "/decision", {{"decision", "dismiss"}});
  ASSERT_EQ(decided, 200) << decision.dump();
  auto [reread, again] = Call(reviewer, "GET", "/api/v1/care/cases/" + id);
  ASSERT_EQ(reread, 200);
  EXPECT_EQ(again["check"]["findings"][0]["decision"]["decision"], "dismiss");
  EXPECT_EQ(again["form"]["open_findings"], again["check"]["findings"].size() - 1);

  auto [kpi_status, kpi] = Call(reviewer, "GET", "/api/v1/care/kpi", nullptr,
                                {{"from", DaysAgo(25).substr(0, 7)}, {"to", today_.substr(0, 7)}});
  ASSERT_EQ(kpi_status, 200) << kpi.dump();
  EXPECT_EQ(kpi["forms_checked"]["total"]["checks"], 1);
  EXPECT_EQ(kpi["days_to_decision"]["count"], 1);
  EXPECT_EQ(kpi["days_to_decision"]["by_type"]["renewal"]["median_days"], 25);
  EXPECT_EQ(kpi["days_to_decision"]["by_type"]["new"]["count"], 0);
  auto [bad_kpi, bad_body] = Call(reviewer, "GET", "/api/v1/care/kpi", nullptr, {{"from", "2026/04"}});
  EXPECT_EQ(bad_kpi, 400);
  EXPECT_NE(bad_body["error"]["message"].get<std::string>().find("from"), std::string::npos);
}

TEST_F(CareCasesApiTest, OnlyAnAdminChangesWhetherTheInsuredNumberIsStored) {
  const Login reviewer = LogIn("kaigo");
  const Login admin = LogIn("admin1");
  const std::string csv = "申請番号,被保険者参照,被保険者番号,申請区分,申請日\nB-1,P1,0001234567,新規," + today_ + "\n";
  EXPECT_EQ(Call(reviewer, "POST", "/api/v1/care/cases/import", {{"csv", csv}}).first, 400);
  EXPECT_EQ(Call(reviewer, "POST", "/api/v1/care/settings", {{"store_insured_number", true}}).first, 403);
  auto [changed, body] = Call(admin, "POST", "/api/v1/care/settings", {{"store_insured_number", true}});
  ASSERT_EQ(changed, 200) << body.dump();
  EXPECT_EQ(Call(reviewer, "GET", "/api/v1/care/settings").second["store_insured_number"], true);
  auto [imported, report] = Call(reviewer, "POST", "/api/v1/care/cases/import", {{"csv", csv}});
  ASSERT_EQ(imported, 200) << report.dump();
  EXPECT_EQ(report["created"], 1);
}

}  // namespace
}  // namespace denen::care
