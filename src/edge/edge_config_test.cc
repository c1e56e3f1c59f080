#include "edge/edge_config.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "edge/event_feed.h"

namespace denen::edge {
namespace {

TEST(EdgeConfig, TheExampleFileParses) {
  auto c = LoadEdgeConfig(std::string(DENEN_SOURCE_ROOT) + "/config/denen-edge.example.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->role, "kiosk");
  EXPECT_EQ(c->listen_port, 8700);
  EXPECT_EQ(c->server_url, "https://denen.city.example.jp");
}

TEST(EdgeConfig, BadFilesNameTheKey) {
  struct Case {
    const char* toml;
    const char* key;
  };
  for (const Case& c : {Case{"[edge]\nrole = \"printer\"\n", "[edge].role"},
                        Case{"[edge]\nrole = \"desk\"\nlisten_port = \"x\"\n", "[edge].listen_port"},
                        Case{"[edge]\nrole = \"desk\"\ncolour = 1\n", "[edge].colour"},
                        Case{"[edge]\nrole = \"kiosk\"\n", "[server].url"},
                        Case{"[elsewhere]\n", "elsewhere"},
                        Case{"[edge\n", "bad.toml"}}) {
    auto parsed = ParseEdgeConfig(c.toml, "bad.toml");
    ASSERT_FALSE(parsed.has_value()) << c.toml;
    EXPECT_NE(parsed.error().message.find(c.key), std::string::npos) << parsed.error().message;
  }
  EXPECT_TRUE(ParseEdgeConfig("[edge]\nrole = \"desk\"\n", "desk.toml").has_value());
}

TEST(EventFeed, NumbersEventsAndKeepsOnlyTheNewest) {
  EventFeed feed(3);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(feed.Publish({{"n", i}}), i);
  auto all = feed.After(0, std::chrono::milliseconds(0));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.front()["seq"], 3);
  EXPECT_EQ(all.back()["n"], 5);
  EXPECT_EQ(feed.After(5, std::chrono::milliseconds(0)).size(), 0u);
  EXPECT_EQ(feed.After(4, std::chrono::milliseconds(0)).size(), 1u);
}

TEST(EventFeed, AnswersAPageOfAnEarlierRunAtOnce) {
  // A restarted agent numbers from 1 again; a page still open asks after 250.
  EventFeed feed;
  feed.Publish({{"n", 1}});
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(feed.After(250, std::chrono::seconds(20)).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(feed.LastSeq(), 1);
}

TEST(EventFeed, WakeEndsAWaitWithoutAnEvent) {
  EventFeed feed;
  std::atomic<bool> answered = false;
  std::thread waker([&] {
    while (!answered) {
      feed.Wake();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(feed.After(0, std::chrono::seconds(20)).empty());
  answered = true;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  waker.join();
}

TEST(EventFeed, AClosedFeedNeverWaits) {
  EventFeed feed;
  feed.Close();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(feed.After(0, std::chrono::seconds(20)).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace denen::edge
