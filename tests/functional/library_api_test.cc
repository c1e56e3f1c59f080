// The library module through the whole in-process server with real card
// evidence from a virtual JPKI card (issue 7): a resident enrolled at the city
// hall links their library card at the counter by tap + PIN; the counter
// device's tap then returns the barcode; wrong check digits, duplicate links,
// unlinked cards, missing PINs and the wrong roles or devices are refused.
#include "identity/card_resolver.h"
#include "tests/functional/card_app_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using card::testing::TestPki;
using nlohmann::json;

// 7DR: 123456 mod 7 = 4.
constexpr std::string_view kNumber = "1234564";

class LibraryApiTest : public CardAppTest {
 protected:
  using Session = Caller;

  void SetUp() override {
    CardAppTest::SetUp();
    if (HasFatalFailure()) return;
    std::tie(admin_.cookie, admin_.csrf) = LoginAs(Role::kAdmin);
    std::tie(librarian_.cookie, librarian_.csrf) = LoginAs(Role::kLibrarian);
    std::tie(reception_.cookie, reception_.csrf) = LoginAs(Role::kReception);
    auto system = Call(admin_, "PUT", "/api/v1/library/systems/nagai",
                       {{"name", "長井市立図書館"},
                        {"clear_after_seconds", 12},
                        {"profile", {{"symbology", "codabar"}, {"length", 7}, {"check_digit", "7dr"}}}});
    ASSERT_EQ(system.status, 200) << system.body;
    auto enrolled = Call(reception_, "POST", "/api/v1/residents",
                         {{"card", TapWithPinJson(TestPki::Get().good)},
                          {"name_kana", "ナガイ タロウ"},
                          {"name_kanji", "長井 太郎"},
                          {"district", "本町"},
                          {"birth_year", 1948},
                          {"consents", {"reception", "library"}},
                          {"identity_confirmed", true}});
    ASSERT_EQ(enrolled.status, 201) << enrolled.body;
    resident_id_ = json::parse(enrolled.body)["resident"]["id"];
    auto device = Call(admin_, "POST", "/api/v1/edge/devices",
                       {{"name", "中央図書館 カウンター1"}, {"role", "counter"}, {"place_id", "nagai"}});
    ASSERT_EQ(device.status, 201) << device.body;
    counter_credential_ = json::parse(device.body)["credential"];
  }

  http::Response CounterTap(const std::string& credential, const json& card) {
    return Call({"", "", credential}, "POST", "/api/v1/library/counter/tap", {{"card", card}});
  }

  Session admin_, librarian_, reception_;
  std::string resident_id_;
  std::string counter_credential_;
};

TEST_F(LibraryApiTest, LinkByTapAndPinThenTheCounterShowsTheBarcode) {
  // Before linking, the counter explains and points to the linking flow.
  auto before = CounterTap(counter_credential_, TapJson(TestPki::Get().good));
  ASSERT_EQ(before.status, 200) << before.body;
  const json refused = json::parse(before.body);
  EXPECT_EQ(refused["status"], "refused");
  EXPECT_EQ(refused["code"], "library_not_linked");
  EXPECT_EQ(refused["link_path"], "/console/library.html#link");

  // A tap without the PIN cannot link.
  auto no_pin =
      Call(librarian_, "POST", "/api/v1/library/links",
           {{"library_system_id", "nagai"}, {"card_number", kNumber}, {"card", TapJson(TestPki::Get().good)}});
  EXPECT_EQ(no_pin.status, 400) << no_pin.body;
  EXPECT_EQ(ErrorCode(no_pin), "pin_required");

  auto wrong =
      Call(librarian_, "POST", "/api/v1/library/links",
           {{"library_system_id", "nagai"}, {"card_number", "1234565"}, {"card", TapWithPinJson(TestPki::Get().good)}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(ErrorCode(wrong), "card_number_check_digit");
  EXPECT_NE(wrong.body.find("7DR"), std::string::npos) << wrong.body;

  auto linked =
      Call(librarian_, "POST", "/api/v1/library/links",
           {{"library_system_id", "nagai"}, {"card_number", kNumber}, {"card", TapWithPinJson(TestPki::Get().good)}});
  ASSERT_EQ(linked.status, 201) << linked.body;
  EXPECT_EQ(json::parse(linked.body)["resident"]["id"], resident_id_);

  auto shown = CounterTap(counter_credential_, TapJson(TestPki::Get().good));
  ASSERT_EQ(shown.status, 200) << shown.body;
  const json display = json::parse(shown.body);
  EXPECT_EQ(display["status"], "show");
  EXPECT_EQ(display["number"], kNumber);
  EXPECT_EQ(display["clear_after_seconds"], 12);
  EXPECT_EQ(display["name_kana"], "ナガイ タロウ");
  EXPECT_NE(display["barcode_svg"].get<std::string>().find("crispEdges"), std::string::npos);

  // A suspended card (lost) is refused at the counter with its own message.
  ASSERT_TRUE(app_->db->Exec("UPDATE card_identities SET suspended_at_ms = 1, suspended_reason = 'lost'").has_value());
  auto suspended = CounterTap(counter_credential_, TapJson(TestPki::Get().good));
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_EQ(json::parse(suspended.body)["code"], "identity_suspended");
}

TEST_F(LibraryApiTest, DuplicatesUnlinkAndRelink) {
  ASSERT_EQ(Call(reception_, "POST", "/api/v1/library/residents/" + resident_id_ + "/links",
                 {{"library_system_id", "nagai"}, {"card_number", kNumber}})
                .status,
            201);
  // A second resident (enrolled with consent) cannot take the same number.
  ASSERT_TRUE(app_->db
                  ->Exec("INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, "
                         "contact, status, created_at_ms, created_by, updated_at_ms) VALUES ('062090', 'r2', "
                         "'ナガイ ハナコ', '長井 花子', '本町', 1950, '', 'active', 0, 'test', 0)")
                  .has_value());
  ASSERT_TRUE(app_->db
                  ->Exec("INSERT INTO resident_consents (municipality_code, resident_id, service, granted, "
                         "changed_at_ms, changed_by) VALUES ('062090', 'r2', 'library', 1, 0, 'test')")
                  .has_value());
  auto taken = Call(librarian_, "POST", "/api/v1/library/residents/r2/links",
                    {{"library_system_id", "nagai"}, {"card_number", kNumber}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(ErrorCode(taken), "library_number_taken");
  auto second = Call(librarian_, "POST", "/api/v1/library/residents/" + resident_id_ + "/links",
                     {{"library_system_id", "nagai"}, {"card_number", "2345674"}});
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(ErrorCode(second), "library_link_exists");

  auto history = Call(librarian_, "GET", "/api/v1/library/residents/" + resident_id_ + "/links");
  ASSERT_EQ(history.status, 200);
  const std::string link_id = json::parse(history.body)["links"][0]["id"];
  auto unlinked = Call(librarian_, "POST", "/api/v1/library/links/" + link_id + "/unlink", {{"reason", "紛失"}});
  ASSERT_EQ(unlinked.status, 200) << unlinked.body;
  EXPECT_EQ(Call(librarian_, "POST", "/api/v1/library/residents/r2/links",
                 {{"library_system_id", "nagai"}, {"card_number", kNumber}})
                .status,
            201);

  auto kpi = Call(librarian_, "GET", "/api/v1/library/kpi");
  ASSERT_EQ(kpi.status, 200) << kpi.body;
  EXPECT_EQ(json::parse(kpi.body)["linked_residents_now"], 1);
  auto loans = Call(librarian_, "POST", "/api/v1/library/systems/nagai/loans",
                    {{"csv", "month,branch,loans\n2026-10,中央館,1200\n"}});
  ASSERT_EQ(loans.status, 200) << loans.body;
  EXPECT_EQ(json::parse(loans.body)["changed"], 1);
}

TEST_F(LibraryApiTest, RolesAndDevicesAreChecked) {
  Session care;
  std::tie(care.cookie, care.csrf) = LoginAs(Role::kCareReviewer);
  EXPECT_EQ(Call(care, "GET", "/api/v1/library/systems").status, 403);
  EXPECT_EQ(Call(care, "POST", "/api/v1/library/residents/" + resident_id_ + "/links",
                 {{"library_system_id", "nagai"}, {"card_number", kNumber}})
                .status,
            403);
  // Librarians read systems but only admins change them.
  EXPECT_EQ(Call(librarian_, "GET", "/api/v1/library/systems").status, 200);
  EXPECT_EQ(Call(librarian_, "PUT", "/api/v1/library/systems/nagai",
                 {{"name", "x"}, {"profile", {{"symbology", "codabar"}, {"length", 7}}}})
                .status,
            403);
  auto unknown_key = Call(admin_, "PUT", "/api/v1/library/systems/nagai",
                          {{"name", "x"}, {"profile", {{"symbology", "codabar"}, {"length", 7}, {"colour", "red"}}}});
  EXPECT_EQ(unknown_key.status, 400);
  EXPECT_NE(unknown_key.body.find("colour"), std::string::npos);

  // The counter route takes a counter device's credential only.
  auto kiosk = Call(admin_, "POST", "/api/v1/edge/devices", {{"name", "本庁舎 受付"}, {"role", "kiosk"}});
  ASSERT_EQ(kiosk.status, 201);
  auto as_kiosk = CounterTap(json::parse(kiosk.body)["credential"], TapJson(TestPki::Get().good));
  EXPECT_EQ(as_kiosk.status, 403);
  EXPECT_EQ(ErrorCode(as_kiosk), "device_forbidden");
  http::Request staff_tap;
  staff_tap.method = "POST";
  staff_tap.path = "/api/v1/library/counter/tap";
  staff_tap.headers["cookie"] = "denen_session=" + librarian_.cookie;
  staff_tap.headers["x-csrf-token"] = librarian_.csrf;
  staff_tap.headers["content-type"] = "application/json";
  staff_tap.body = json{{"card", TapJson(TestPki::Get().good)}}.dump();
  EXPECT_EQ(app_->router->Dispatch(staff_tap).status, 401);
}

}  // namespace
}  // namespace denen::testing
