// denen-edge in the library counter role against the whole server on a
// loopback port: a linked card tapped at the counter reaches the page's feed
// (GET /counter/events, docs/library.md) as the barcode to show.
#include <httplib.h>

#include "tests/functional/edge_agent_test_support.h"

namespace denen::testing {
namespace {

using auth::Role;
using card::testing::TestPki;
using nlohmann::json;

TEST_F(EdgeAgentTest, TheCounterPageGetsTheLinkedBarcodeOfATap) {
  const Caller admin = StaffCaller(Role::kAdmin);
  ASSERT_EQ(Call(admin, "PUT", "/api/v1/library/systems/nagai",
                 {{"name", "長井市立図書館"},
                  {"clear_after_seconds", 12},
                  {"profile", {{"symbology", "codabar"}, {"length", 7}, {"check_digit", "7dr"}}}})
                .status,
            200);
  ASSERT_EQ(Call(StaffCaller(Role::kReception), "POST", "/api/v1/residents",
                 {{"card", TapWithPinJson(TestPki::Get().good)},
                  {"name_kana", "ナガイ タロウ"},
                  {"district", "本町"},
                  {"consents", {"library"}},
                  {"identity_confirmed", true}})
                .status,
            201);
  const std::string number = "1234564";  // 7DR check digit 4 (docs/library.md)
  ASSERT_EQ(Call(StaffCaller(Role::kLibrarian), "POST", "/api/v1/library/links",
                 {{"library_system_id", "nagai"},
                  {"card_number", number},
                  {"card", TapWithPinJson(TestPki::Get().good)}})
                .status,
            201);

  StartServer();
  MakeAgent("counter", "nagai");
  Insert(TestPki::Get().good);
  httplib::Client page("127.0.0.1", StartLocalApi());
  auto idle = page.Get("/counter/events?after=-1");
  ASSERT_TRUE(idle);
  EXPECT_EQ(json::parse(idle->body)["event"], nullptr);

  json event = agent_->HandleTap();
  EXPECT_EQ(event["result"]["status"], "show") << event.dump();
  auto shown = page.Get("/counter/events?after=0&wait=1");
  ASSERT_TRUE(shown);
  const json feed = json::parse(shown->body);
  EXPECT_EQ(feed["seq"], 1);
  EXPECT_EQ(feed["event"]["result"]["number"], number);
  EXPECT_NE(feed["event"]["result"]["barcode_svg"].get<std::string>().find("<svg"), std::string::npos);

  // The server down: the page is told, not left waiting.
  StopServer();
  json offline = agent_->HandleTap();
  EXPECT_EQ(offline["result"]["status"], "error");
  EXPECT_EQ(json::parse(page.Get("/counter/events?after=1")->body)["seq"], 2);
}

}  // namespace
}  // namespace denen::testing
