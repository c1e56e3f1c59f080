#include "core/config.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

constexpr std::string_view kMinimal = R"(
[municipality]
code = "062090"
name = "長井市"
)";

TEST(Config, MinimalConfigTakesDefaults) {
  auto c = ParseConfig(kMinimal, "test.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->municipality_code, "062090");
  EXPECT_EQ(c->municipality_name, "長井市");
  EXPECT_EQ(c->database_url, "sqlite:var/denen.db");
  EXPECT_EQ(c->listen_host, "127.0.0.1");
  EXPECT_EQ(c->listen_port, 8080);
  EXPECT_FALSE(c->tls);
}

TEST(Config, KpiMinimumCellSize) {
  EXPECT_EQ(ParseConfig(kMinimal, "test.toml")->kpi_min_cell_size, 5);
  auto c = ParseConfig(std::string(kMinimal) + "[kpi]\nmin_cell_size = 10\n", "test.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->kpi_min_cell_size, 10);
}

TEST(Config, ReadsEverySection) {
  auto c = ParseConfig(R"(
[municipality]
code = "131016"
name = "千代田区"
[database]
url = "postgresql://denen@127.0.0.1:5432/denen"
pool_size = 8
[server]
listen = "0.0.0.0:9000"
tls = true
tls_cert = "/c.pem"
tls_key = "/k.pem"
[auth]
login_lock_minutes = 30
[card]
trust_anchors = "/etc/denen/jpki-ca.pem"
crl = "/var/lib/denen/jpki.crl"
crl_max_age_hours = 48
[retention]
care_case_days = 400
)",
                       "full.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->database_pool_size, 8);
  EXPECT_EQ(c->listen_host, "0.0.0.0");
  EXPECT_EQ(c->listen_port, 9000);
  EXPECT_TRUE(c->tls);
  EXPECT_EQ(c->login_lock_minutes, 30);
  EXPECT_EQ(c->retention_care_case_days, 400);
  EXPECT_EQ(c->card_trust_anchors_file, "/etc/denen/jpki-ca.pem");
  EXPECT_EQ(c->card_crl_file, "/var/lib/denen/jpki.crl");
  EXPECT_EQ(c->card_crl_max_age_hours, 48);
}

TEST(Config, ReadReplicaOnlyBesidePostgres) {
  const std::string pg = std::string(kMinimal) + "[database]\nurl = \"postgresql://denen@db1/denen\"\n";
  auto c = ParseConfig(pg + "read_url = \"postgresql://denen@db2/denen\"\nread_pool_size = 2\n", "r.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->database_read_url, "postgresql://denen@db2/denen");
  EXPECT_EQ(c->database_read_pool_size, 2);
  EXPECT_EQ(ParseConfig(pg, "r.toml")->database_read_url, "");

  auto message = [](const std::string& toml) {
    auto refused = ParseConfig(toml, "r.toml");
    return refused ? std::string("accepted") : refused.error().message;
  };
  EXPECT_EQ(message(pg + "read_url = \"sqlite:/tmp/r.db\"\n"),
            "r.toml: [database].read_url: 読み取り専用レプリカは \"postgresql://...\" で指定してください");
  EXPECT_EQ(message(pg + "read_url = \"\"\n"),
            "r.toml: [database].read_url: 読み取り専用レプリカは \"postgresql://...\" で指定してください");
  EXPECT_EQ(message(std::string(kMinimal) + "[database]\nread_url = \"postgresql://denen@db2/denen\"\n"),
            "r.toml: [database].read_url: url が PostgreSQL のときだけ指定できます");
  EXPECT_EQ(message(pg + "read_pool_size = 2\n"),
            "r.toml: [database].read_pool_size: read_url を指定したときだけ指定できます");
  EXPECT_EQ(message(pg + "read_url = \"postgresql://denen@db2/denen\"\nread_pool_size = 0\n"),
            "r.toml: [database].read_pool_size: 値は 1 から 256 の範囲で指定してください");
}

// Each bad config must be refused with a message naming the key.
struct BadConfig {
  const char* toml;
  const char* expected_in_message;
};

class ConfigRejects : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigRejects, NamesTheKey) {
  auto c = ParseConfig(GetParam().toml, "bad.toml");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, "invalid_config");
  EXPECT_NE(c.error().message.find(GetParam().expected_in_message), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("bad.toml"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigRejects,
    ::testing::Values(
        BadConfig{"[municipality]\nname = \"x\"\n", "[municipality].code"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[card]\ncrl_max_age_hours = -1\n",
                  "[card].crl_max_age_hours"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[card]\ntrust = \"a\"\n", "[card].trust"},
        BadConfig{"[municipality]\ncode = \"062091\"\nname = \"x\"\n", "検査数字"},
        BadConfig{"[municipality]\ncode = 62090\nname = \"x\"\n", "[municipality].code"},
        BadConfig{"[municipality]\ncode = \"062090\"\n", "[municipality].name"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\ncolour = 1\n", "[municipality].colour"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[serverr]\n", "[serverr]"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\nlisten = \"localhost\"\n",
                  "[server].listen"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\nlisten = \"a:70000\"\n",
                  "[server].listen"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\ntls = true\n", "[server].tls"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\ntls = \"yes\"\n", "[server].tls"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[database]\nurl = \"mysql://x\"\n",
                  "[database].url"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[database]\npool_size = 0\n",
                  "[database].pool_size"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[auth]\nlogin_lock_after_failures = 2\n",
                  "login_lock_after_failures"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[kpi]\nmin_cell_size = 0\n", "[kpi].min_cell_size"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\ntrusted_proxies = \"127.0.0.1\"\n",
                  "[server].trusted_proxies"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\ntrusted_proxies = [\"127.0.0.1\", 3]\n",
                  "2 番目"},
        BadConfig{"[municipality]\ncode = \"062090\"\nname = \"x\"\n[server]\ntrusted_proxies = [\"nginx.local\"]\n",
                  "nginx.local"},
        BadConfig{"[municipality\ncode = 1", "TOML"}));

TEST(Config, TrustedProxies) {
  EXPECT_TRUE(ParseConfig(kMinimal, "test.toml")->trusted_proxies.empty());
  auto c = ParseConfig(std::string(kMinimal) + "[server]\ntrusted_proxies = [\"127.0.0.1\", \"::1\"]\n", "test.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
}

TEST(Config, MissingFileIsAnError) {
  auto c = LoadConfigFile("/nonexistent/denen.toml");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("/nonexistent/denen.toml"), std::string::npos);
}

}  // namespace
}  // namespace denen
