// The care checker's API through the whole in-process server, on SQLite and
// PostgreSQL: checks are stored per form version, reads are audited, 採用 /
// 却下 decisions keep their history, the false-alarm report counts them, bad
// forms change nothing, and only care reviewers (and admins) get in.
#include "care/care_api.h"

#include "audit/audit_log.h"
#include "store/tenants.h"
#include "tests/functional/app_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using nlohmann::json;

// 2-1 answered 見守り等 while the note says the wife supports the body (一部介助),
// and 6-5 present with nothing written: one note_contradiction, one missing_note.
json FormWithFindings(const std::string& form_id) {
  return {{"form_id", form_id},
          {"answers", {{"2-1", 2}, {"6-5", 2}}},
          {"notes", {{"2-1", "ベッドから移る時は妻が体を支えている。"}}}};
}

class CareApiTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    std::tie(cookie_, csrf_) = LoginAs(Role::kCareReviewer);
  }

  http::Response Call(const std::string& method, const std::string& path, const json& body = nullptr,
                      const std::map<std::string, std::string>& query = {}) {
    return AppTest::Call({cookie_, csrf_, ""}, method, path, body, query);
  }

  json Ok(const http::Response& r, int status = 200) {
    EXPECT_EQ(r.status, status) << r.body;
    return json::parse(r.body, nullptr, false);
  }

  std::vector<std::string> AuditActions(int n = 50) {
    auto entries = audit::Recent(*app_->db, "062090", n);
    EXPECT_TRUE(entries.has_value());
    std::vector<std::string> out;
    if (entries) {
      for (const auto& e : *entries) out.push_back(e.event.action);
    }
    return out;
  }

  static const json* FindKind(const json& findings, const std::string& kind) {
    for (const auto& f : findings) {
      if (f["kind"] == kind) return &f;
    }
    return nullptr;
  }

  std::string cookie_;
  std::string csrf_;
};

TEST_F(CareApiTest, CheckStoresTheFormAndAnswersFindingsWithIds) {
  json out = Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-001")), 201);
  EXPECT_EQ(out["form_id"], "F-001");
  EXPECT_EQ(out["version"], 1);
  ASSERT_TRUE(out["check_id"].is_string());
  EXPECT_EQ(out["checked_by"]["display_name"], "介護認定審査");
  const json* contradiction = FindKind(out["findings"], "note_contradiction");
  ASSERT_NE(contradiction, nullptr) << out.dump();
  EXPECT_TRUE((*contradiction)["finding_id"].is_string());
  EXPECT_EQ((*contradiction)["items"], json::array({"2-1"}));
  EXPECT_EQ((*contradiction)["suggested"], json::array({3}));
  EXPECT_EQ((*contradiction)["suggested_labels"], json::array({"3.一部介助"}));
  EXPECT_TRUE((*contradiction)["decision"].is_null());
  ASSERT_FALSE((*contradiction)["evidence"].empty());
  EXPECT_EQ((*contradiction)["evidence"][0]["item"], "2-1");
  ASSERT_NE(FindKind(out["findings"], "missing_note"), nullptr);
  // The note beside the findings, with the chosen answer's label.
  ASSERT_EQ(out["items"].size(), 2u);
  EXPECT_EQ(out["items"][0]["id"], "2-1");
  EXPECT_EQ(out["items"][0]["name"], "移乗");
  EXPECT_EQ(out["items"][0]["answer_labels"], json::array({"2.見守り等"}));
  EXPECT_EQ(out["items"][0]["note"], "ベッドから移る時は妻が体を支えている。");
  EXPECT_EQ(out["items"][1]["id"], "6-5");
  EXPECT_EQ(out["items"][1]["note"], "");

  // The same form after a correction is version 2 of the same form id.
  json corrected = FormWithFindings("F-001");
  corrected["answers"]["2-1"] = 3;
  clock_.Advance(1000);
  json second = Ok(Call("POST", "/api/v1/care/check", corrected), 201);
  EXPECT_EQ(second["version"], 2);
  EXPECT_NE(second["check_id"], out["check_id"]);
  EXPECT_EQ(FindKind(second["findings"], "note_contradiction"), nullptr) << second.dump();
  EXPECT_EQ(Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-002")), 201)["version"], 1);
  EXPECT_EQ(AuditActions()[0], "care.check.create");
}

TEST_F(CareApiTest, ATokkiBlockIsSplitAndOffsetsPointIntoTheStoredNote) {
  json form = {
      {"form_id", "F-T"}, {"answers", {{"2-1", 2}}}, {"tokki", "(2-1) ベッドから移る時は妻が体を支えている。"}};
  json out = Ok(Call("POST", "/api/v1/care/check", form), 201);
  const json* f = FindKind(out["findings"], "note_contradiction");
  ASSERT_NE(f, nullptr) << out.dump();
  const std::string note = out["items"][0]["note"];
  const json& ev = (*f)["evidence"][0];
  // Offsets are code points; every character of this note is 3 bytes in UTF-8.
  EXPECT_EQ(note.substr(ev["begin"].get<size_t>() * 3, (ev["end"].get<size_t>() - ev["begin"].get<size_t>()) * 3),
            ev["text"].get<std::string>());
}

TEST_F(CareApiTest, BadFormsAreRefusedNamingTheItemAndStoreNothing) {
  struct Case {
    json form;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{{"form_id", "X"}, {"answers", {{"9-9", 1}}}}, "9-9"},
      {{{"form_id", "X"}, {"answers", {{"2-1", 7}}}}, "2-1"},
      {{{"form_id", "X"}, {"answers", {{"2-1", {1, 2}}}}}, "2-1"},
      {{{"form_id", "X"}, {"answers", json::object()}, {"extra", 1}}, "extra"},
      {{{"answers", {{"2-1", 1}}}}, "form_id"},
  };
  for (const auto& c : cases) {
    http::Response r = Call("POST", "/api/v1/care/check", c.form);
    EXPECT_EQ(r.status, 400) << c.form.dump() << " " << r.body;
    EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find(c.says), std::string::npos) << r.body;
  }
  json list = Ok(Call("GET", "/api/v1/care/checks"));
  EXPECT_EQ(list["total"], 0);
  const std::vector<std::string> actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "care.check.create"), 0);
}

TEST_F(CareApiTest, ListIsNewestFirstPagedAndAudited) {
  for (int i = 1; i <= 3; ++i) {
    Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-" + std::to_string(i))), 201);
    clock_.Advance(1000);
  }
  json page = Ok(Call("GET", "/api/v1/care/checks", nullptr, {{"limit", "2"}}));
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["checks"].size(), 2u);
  EXPECT_EQ(page["checks"][0]["form_id"], "F-3");
  EXPECT_EQ(page["checks"][1]["form_id"], "F-2");
  EXPECT_EQ(page["checks"][0]["finding_count"], page["checks"][0]["undecided_count"]);
  json rest = Ok(Call("GET", "/api/v1/care/checks", nullptr, {{"limit", "2"}, {"offset", "2"}}));
  ASSERT_EQ(rest["checks"].size(), 1u);
  EXPECT_EQ(rest["checks"][0]["form_id"], "F-1");
  json one = Ok(Call("GET", "/api/v1/care/checks", nullptr, {{"form_id", "F-2"}}));
  EXPECT_EQ(one["total"], 1);
  EXPECT_EQ(AuditActions()[0], "care.check.list");

  http::Response bad = Call("GET", "/api/v1/care/checks", nullptr, {{"limit", "1000"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("limit"), std::string::npos) << bad.body;
  EXPECT_EQ(Call("GET", "/api/v1/care/checks", nullptr, {{"offset", "-1"}}).status, 400);
}

TEST_F(CareApiTest, ReadingACheckShowsFormNotesAndDecisionsAndIsAudited) {
  json created = Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-R")), 201);
  const std::string id = created["check_id"];
  json read = Ok(Call("GET", "/api/v1/care/checks/" + id));
  EXPECT_EQ(read["form"], FormWithFindings("F-R"));
  EXPECT_EQ(read["findings"], created["findings"]);
  EXPECT_EQ(read["items"], created["items"]);
  auto entries = audit::Recent(*app_->db, "062090", 1);
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(entries->front().event.action, "care.check.read");
  EXPECT_EQ(entries->front().event.target_id, id);
  EXPECT_EQ(entries->front().event.detail.find("妻"), std::string::npos) << "no note text in the audit log";

  EXPECT_EQ(Call("GET", "/api/v1/care/checks/01NOSUCHCHECK0000000000000").status, 404);
}

TEST_F(CareApiTest, DecisionsKeepHistoryLatestWinsAndFeedTheFalseAlarmReport) {
  json created = Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-D")), 201);
  const json* contradiction = FindKind(created["findings"], "note_contradiction");
  const json* missing = FindKind(created["findings"], "missing_note");
  ASSERT_NE(contradiction, nullptr);
  ASSERT_NE(missing, nullptr);
  const std::string fid = (*contradiction)["finding_id"];
  const std::string path = "/api/v1/care/findings/" + fid + "/decision";

  json first = Ok(Call("POST", path, {{"decision", "dismiss"}, {"comment", "日頃は見守りで足りる"}}));
  EXPECT_EQ(first["finding"]["decision"]["decision"], "dismiss");
  EXPECT_EQ(first["finding"]["decision"]["comment"], "日頃は見守りで足りる");
  EXPECT_EQ(first["finding"]["decision"]["decided_by"]["display_name"], "介護認定審査");
  EXPECT_EQ(first["finding"]["decision"]["decided_at"], FormatIsoUtc(clock_.NowMillis()));
  EXPECT_EQ(AuditActions()[0], "care.finding.decide");

  json report = Ok(Call("GET", "/api/v1/care/reports/false-alarms"));
  ASSERT_FALSE(report["rules"].empty());
  const json& top = report["rules"][0];
  EXPECT_EQ(top["kind"], "note_contradiction");
  EXPECT_EQ(top["rule"], "item 2-1");
  EXPECT_EQ(top["label"], "2-1 移乗 の特記事項と選択");
  EXPECT_EQ(top["raised"], 1);
  EXPECT_EQ(top["dismissed"], 1);
  EXPECT_EQ(top["adopted"], 0);
  EXPECT_EQ(top["dismissal_rate"], 1.0);
  EXPECT_EQ(report["totals"]["dismissed"], 1);
  EXPECT_EQ(AuditActions()[0], "care.report.read");

  clock_.Advance(60'000);
  json second = Ok(Call("POST", path, {{"decision", "adopt"}}));
  EXPECT_EQ(second["finding"]["decision"]["decision"], "adopt");
  EXPECT_EQ(second["finding"]["decision"]["comment"], "");
  ASSERT_EQ(second["finding"]["history"].size(), 2u);
  EXPECT_EQ(second["finding"]["history"][0]["decision"], "dismiss");
  EXPECT_EQ(second["finding"]["history"][1]["decision"], "adopt");
  Ok(Call("POST", "/api/v1/care/findings/" + (*missing)["finding_id"].get<std::string>() + "/decision",
          {{"decision", "adopt"}, {"comment", "記載を依頼"}}));

  json read = Ok(Call("GET", "/api/v1/care/checks/" + created["check_id"].get<std::string>()));
  const json* after = FindKind(read["findings"], "note_contradiction");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ((*after)["decision"]["decision"], "adopt");
  EXPECT_EQ((*after)["history"].size(), 2u);

  report = Ok(Call("GET", "/api/v1/care/reports/false-alarms"));
  EXPECT_EQ(report["totals"]["adopted"], 2);
  EXPECT_EQ(report["totals"]["dismissed"], 0);
  EXPECT_EQ(report["totals"]["dismissal_rate"], 0.0);
  json list = Ok(Call("GET", "/api/v1/care/checks"));
  EXPECT_EQ(list["checks"][0]["undecided_count"], list["checks"][0]["finding_count"].get<int>() - 2);
}

// A contradiction only the learned model found is stored under the rule key
// "model" and has its own row in the false-alarm report, labelled as the
// model's reading, so reviewers can weigh the model apart from the rules.
TEST_F(CareApiTest, TheModelsFindingsHaveTheirOwnRowInTheFalseAlarmReport) {
  auto checker = care::SharedCareChecker();
  ASSERT_TRUE(checker.has_value()) << checker.error().message;
  const json form_json = {{"form_id", "F-MODEL"}, {"answers", {{"2-1", 1}}}, {"notes", {{"2-1", "天気の話をした。"}}}};
  auto form = (*checker)->ParseForm(form_json);
  ASSERT_TRUE(form.has_value()) << form.error().message;
  care::Finding by_model{"note_contradiction", "model", {"2-1"}, "medium", "学習モデルの読みと合わない", {}, {4}};
  std::string check_id;
  ASSERT_TRUE(app_->db->Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(id, care::InsertCheck(tx, clock_, (*checker)->rules(), "062090", "test", form_json, *form, {by_model}));
    check_id = id;
    return {};
  }));
  json read = Ok(Call("GET", "/api/v1/care/checks/" + check_id));
  ASSERT_EQ(read["findings"].size(), 1u) << read.dump();
  Ok(Call("POST", "/api/v1/care/findings/" + read["findings"][0]["finding_id"].get<std::string>() + "/decision",
          {{"decision", "dismiss"}, {"comment", "天気の話にすぎない"}}));
  json report = Ok(Call("GET", "/api/v1/care/reports/false-alarms"));
  ASSERT_EQ(report["rules"].size(), 1u) << report.dump();
  EXPECT_EQ(report["rules"][0]["kind"], "note_contradiction");
  EXPECT_EQ(report["rules"][0]["rule"], "model");
  EXPECT_EQ(report["rules"][0]["label"], "学習モデルの読み（特記事項の言葉から）");
  EXPECT_EQ(report["rules"][0]["dismissed"], 1);
}

TEST_F(CareApiTest, BadDecisionsAreRefusedAndChangeNothing) {
  json created = Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-B")), 201);
  const std::string path =
      "/api/v1/care/findings/" + created["findings"][0]["finding_id"].get<std::string>() + "/decision";
  http::Response r = Call("POST", path, {{"decision", "maybe"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("decision"), std::string::npos) << r.body;
  EXPECT_EQ(Call("POST", path, {{"comment", "x"}}).status, 400);
  EXPECT_EQ(Call("POST", path, {{"decision", "adopt"}, {"why", "x"}}).status, 400);
  EXPECT_EQ(Call("POST", path, {{"decision", "adopt"}, {"comment", std::string(4001, 'a')}}).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/care/findings/01NOSUCHFINDING00000000000/decision", {{"decision", "adopt"}}).status,
            404);
  json read = Ok(Call("GET", "/api/v1/care/checks/" + created["check_id"].get<std::string>()));
  for (const auto& f : read["findings"]) {
    EXPECT_TRUE(f["decision"].is_null());
    EXPECT_TRUE(f["history"].empty());
  }
}

TEST_F(CareApiTest, OnlyCareReviewersAndAdminsGetIn) {
  json created = Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-P")), 201);
  const std::string check = "/api/v1/care/checks/" + created["check_id"].get<std::string>();
  const std::string decide =
      "/api/v1/care/findings/" + created["findings"][0]["finding_id"].get<std::string>() + "/decision";
  const std::vector<std::pair<std::string, std::string>> routes = {{"POST", "/api/v1/care/check"},
                                                                   {"GET", "/api/v1/care/checks"},
                                                                   {"GET", check},
                                                                   {"POST", decide},
                                                                   {"GET", "/api/v1/care/reports/false-alarms"}};
  std::tie(cookie_, csrf_) = LoginAs(Role::kReception);
  for (const auto& [method, path] : routes) {
    json body = method == "POST" ? json{{"decision", "adopt"}} : json(nullptr);
    EXPECT_EQ(Call(method, path, body).status, 403) << method << " " << path;
  }
  std::tie(cookie_, csrf_) = LoginAs(Role::kAdmin);
  EXPECT_EQ(Call("GET", check).status, 200);
}

TEST_F(CareApiTest, AnotherMunicipalitySeesNoneOfIt) {
  json created = Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-M")), 201);
  ASSERT_TRUE(store::EnsureMunicipality(*app_->db, clock_, {"131016", "千代田区"}).has_value());
  ASSERT_TRUE(app_->accounts->Create(
      "131016", {"care_other", "他団体", std::string(kTestPassword), {Role::kCareReviewer}}, "test"));
  auto login = app_->auth->Login("131016", "care_other", kTestPassword, "test");
  ASSERT_TRUE(login.has_value());
  cookie_ = login->cookie_value;
  csrf_ = login->session.csrf_token;
  EXPECT_EQ(Call("GET", "/api/v1/care/checks/" + created["check_id"].get<std::string>()).status, 404);
  EXPECT_EQ(Ok(Call("GET", "/api/v1/care/checks"))["total"], 0);
  EXPECT_EQ(
      Call("POST", "/api/v1/care/findings/" + created["findings"][0]["finding_id"].get<std::string>() + "/decision",
           {{"decision", "dismiss"}})
          .status,
      404);
  EXPECT_TRUE(Ok(Call("GET", "/api/v1/care/reports/false-alarms"))["rules"].empty());
  // The same form id starts at version 1 there.
  EXPECT_EQ(Ok(Call("POST", "/api/v1/care/check", FormWithFindings("F-M")), 201)["version"], 1);
}

}  // namespace
}  // namespace denen::testing
