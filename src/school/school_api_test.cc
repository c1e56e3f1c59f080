// The Schools API through the real router and sessions: a teacher of one
// school cannot read another school's data, and the public survey counts a
// retried answer once.
#include "school/school_api.h"

#include <gtest/gtest.h>

#include "auth/staff_auth.h"
#include "http/testing.h"
#include "school/school_test_support.h"

namespace denen::school {
namespace {

using nlohmann::json;

class SchoolApiTest : public testing::SchoolDbTest {
 protected:
  void SetUp() override {
    SchoolDbTest::SetUp();
    auth_ = std::make_unique<auth::StaffAuth>(*db_, clock_, auth::AuthSettings{}, *accounts_);
    router_ = std::make_unique<http::Router>([this](std::string_view c) { return auth_->Authenticate(c); });
    ctx_ = std::make_unique<SchoolApiContext>(SchoolApiContext{*db_, clock_});
    RegisterSchoolRoutes(*router_, *ctx_);
  }

  struct Login {
    std::string cookie, csrf;
  };
  Login LogIn(const std::string& username) {
    auto outcome = auth_->Login(testing::kCode, username, testing::kPassword, "test");
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

  std::unique_ptr<auth::StaffAuth> auth_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<SchoolApiContext> ctx_;
};

TEST_F(SchoolApiTest, ATeacherOfOneSchoolCannotReadAnotherSchoolsData) {
  const Login a = LogIn("teacher_a");
  const Login b = LogIn("teacher_b");
  // A session of school A alone (two of its classes) and its ICT record with a child note.
  auto [planned, plan_body] = Call(a, "POST", "/api/v1/school/sessions",
                                   {{"date", "2026-11-20"},
                                    {"period_from", 2},
                                    {"period_to", 3},
                                    {"subject", "国語"},
                                    {"class_ids", {class_a_, class_a_sn_}}});
  ASSERT_EQ(planned, 201) << plan_body.dump();
  const std::string id = plan_body["session"]["id"];
  auto [ict, ict_body] = Call(a, "POST", "/api/v1/school/ict-uses",
                              {{"class_id", class_a_sn_},
                               {"date", "2026-11-20"},
                               {"period", 2},
                               {"minutes", 45},
                               {"tools", {"タブレット"}},
                               {"aim", "読み取りを補う"},
                               {"child_notes", "Aさん: よく集中できた"}});
  ASSERT_EQ(ict, 201) << ict_body.dump();
  ASSERT_EQ(
      Call(a, "POST", "/api/v1/school/sessions/" + id + "/record", {{"status", "held"}, {"actual_minutes", 90}}).first,
      200);

  auto [get_status, get_body] = Call(b, "GET", "/api/v1/school/sessions/" + id);
  EXPECT_EQ(get_status, 404);
  EXPECT_EQ(get_body["error"]["code"], "school_session_not_found");
  EXPECT_EQ(get_body.dump().find("国語"), std::string::npos);

  auto [list_status, list_body] =
      Call(b, "GET", "/api/v1/school/sessions", nullptr, {{"from", "2026-11-01"}, {"to", "2026-11-30"}});
  EXPECT_EQ(list_status, 200);
  EXPECT_TRUE(list_body["sessions"].empty()) << list_body.dump();
  EXPECT_EQ(Call(b, "GET", "/api/v1/school/sessions", nullptr,
                 {{"from", "2026-11-01"}, {"to", "2026-11-30"}, {"school_id", school_a_}})
                .first,
            403);

  auto [ict_status, ict_list] =
      Call(b, "GET", "/api/v1/school/ict-uses", nullptr, {{"from", "2026-11-01"}, {"to", "2026-11-30"}});
  EXPECT_EQ(ict_status, 200);
  EXPECT_TRUE(ict_list["ict_uses"].empty()) << ict_list.dump();

  EXPECT_EQ(Call(b, "GET", "/api/v1/school/kpi", nullptr, {{"fiscal_year", "2026"}, {"school_id", school_a_}}).first,
            403);
  auto [kpi_status, kpi] = Call(b, "GET", "/api/v1/school/kpi", nullptr, {{"fiscal_year", "2026"}});
  EXPECT_EQ(kpi_status, 200);
  EXPECT_EQ(kpi["online_hours"]["total_minutes"], 0);
  EXPECT_EQ(kpi["ict_hours"]["total_minutes"], 0);

  EXPECT_EQ(Call(b, "POST", "/api/v1/school/sessions/" + id + "/record", {{"status", "cancelled"}}).first, 404);
  EXPECT_EQ(Call(b, "POST", "/api/v1/school/sessions/" + id + "/confirm", json::object()).first, 404);

  // The board sees it all, but never the child notes.
  const Login board = LogIn("board");
  EXPECT_EQ(Call(board, "GET", "/api/v1/school/sessions/" + id).first, 200);
  auto [board_ict_status, board_ict] =
      Call(board, "GET", "/api/v1/school/ict-uses", nullptr, {{"from", "2026-11-01"}, {"to", "2026-11-30"}});
  EXPECT_EQ(board_ict_status, 200);
  ASSERT_EQ(board_ict["ict_uses"].size(), 1u);
  EXPECT_EQ(board_ict["ict_uses"][0]["child_notes"], "");
  auto [board_kpi_status, board_kpi] = Call(board, "GET", "/api/v1/school/kpi", nullptr, {{"fiscal_year", "2026"}});
  EXPECT_EQ(board_kpi_status, 200);
  EXPECT_EQ(board_kpi["online_hours"]["total_minutes"], 90);
  EXPECT_EQ(board_kpi["ict_hours"]["total_minutes"], 45);
  EXPECT_EQ(board_kpi.dump().find("Aさん"), std::string::npos);
}

TEST_F(SchoolApiTest, AnUnlinkedSchoolUserIsToldToAskForALink) {
  auto [status, body] = Call(LogIn("unlinked"), "GET", "/api/v1/school/directory");
  EXPECT_EQ(status, 403);
  EXPECT_EQ(body["error"]["code"], "school_not_assigned");
}

TEST_F(SchoolApiTest, StrictBodiesNameTheField) {
  const Login a = LogIn("teacher_a");
  auto [status, body] = Call(a, "POST", "/api/v1/school/sessions",
                             {{"date", "2026-11-20"},
                              {"period_from", 2},
                              {"period_to", 3},
                              {"subject", "国語"},
                              {"class_ids", {class_a_, class_b_}},
                              {"teacher_name", "x"}});
  EXPECT_EQ(status, 400);
  EXPECT_NE(body["error"]["message"].get<std::string>().find("teacher_name"), std::string::npos) << body.dump();
  std::tie(status, body) = Call(a, "POST", "/api/v1/school/sessions",
                                {{"date", "2026/11/20"},
                                 {"period_from", 2},
                                 {"period_to", 3},
                                 {"subject", "国語"},
                                 {"class_ids", {class_a_, class_b_}}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["error"]["code"], "invalid_date");
}

TEST_F(SchoolApiTest, ThePublicSurveyCountsARetryOnce) {
  const Login a = LogIn("teacher_a");
  auto [planned, plan_body] = Call(a, "POST", "/api/v1/school/sessions",
                                   {{"date", "2026-11-27"},
                                    {"period_from", 5},
                                    {"period_to", 5},
                                    {"subject", "外国語"},
                                    {"class_ids", {class_a_, class_b_}}});
  ASSERT_EQ(planned, 201) << plan_body.dump();
  const std::string token = plan_body["session"]["survey"]["token"];
  const Login nobody;
  auto [info_status, info] = Call(nobody, "GET", "/api/v1/school/survey/" + token);
  ASSERT_EQ(info_status, 200) << info.dump();
  EXPECT_EQ(info["subject"], "外国語");
  EXPECT_TRUE(info["open"]);
  const json answer = {{"device_id", "dev_0123456789abcdefXYZ"},
                       {"school_id", school_b_},
                       {"respondent", "pupil"},
                       {"grade_band", "upper"},
                       {"rating", 4},
                       {"comment", "またやりたい"}};
  auto [first, first_body] = Call(nobody, "POST", "/api/v1/school/survey/" + token + "/answers", answer);
  EXPECT_EQ(first, 201) << first_body.dump();
  auto [again, again_body] = Call(nobody, "POST", "/api/v1/school/survey/" + token + "/answers", answer);
  EXPECT_EQ(again, 200);
  EXPECT_EQ(again_body["status"], "already_answered");
  auto [s_status, s] = Call(a, "GET", "/api/v1/school/sessions/" + plan_body["session"]["id"].get<std::string>());
  EXPECT_EQ(s["session"]["satisfaction"]["count"], 1);
  EXPECT_EQ(Call(nobody, "GET", "/api/v1/school/survey/062090-nosuchtoken").first, 404);
}

}  // namespace
}  // namespace denen::school
