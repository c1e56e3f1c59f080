// The `denen` command line, run in-process: configuration errors, user
// management, and audit verification that finds tampering.
#include "app/cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "store/database.h"
#include "store/tenants.h"

namespace denen::app {
namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::path(::testing::TempDir()) / ("denen_cli_" + std::to_string(getpid()) + "_" +
                                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    WriteConfig("062090");
  }

  void WriteConfig(const std::string& code) {
    std::ofstream(dir_ / "denen.toml") << "[municipality]\ncode = \"" << code
                                       << "\"\nname = \"長井市\"\n[database]\nurl = \"sqlite:"
                                       << (dir_ / "d.db").string() << "\"\n";
  }

  int Run(std::vector<std::string> args, const std::string& input = "") {
    args.push_back("--config");
    args.push_back((dir_ / "denen.toml").string());
    std::istringstream in(input);
    out_.str("");
    err_.str("");
    return RunCli(args, in, out_, err_);
  }

  std::filesystem::path dir_;
  std::ostringstream out_, err_;
};

TEST_F(CliTest, InvalidConfigIsRefusedNamingTheKey) {
  WriteConfig("062099");
  EXPECT_EQ(Run({"migrate"}), 1);
  EXPECT_NE(err_.str().find("[municipality].code"), std::string::npos) << err_.str();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "d.db"));
}

TEST_F(CliTest, UserAddListDisable) {
  ASSERT_EQ(Run({"migrate"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("schema version"), std::string::npos);
  ASSERT_EQ(Run({"user", "add", "--username", "sato", "--display-name", "佐藤", "--role", "admin", "--role", "school",
                 "--password-stdin"},
                "sato-password-1\n"),
            0)
      << err_.str();
  ASSERT_EQ(Run({"user", "add", "--username", "ito", "--display-name", "伊藤", "--role", "reception"}), 0);
  EXPECT_NE(out_.str().find("初期パスワード: "), std::string::npos);
  ASSERT_EQ(Run({"user", "list"}), 0);
  EXPECT_NE(out_.str().find("sato\t佐藤\tadmin,school\t有効"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"user", "disable", "--username", "ito"}), 0) << err_.str();
  ASSERT_EQ(Run({"user", "list"}), 0);
  EXPECT_NE(out_.str().find("ito\t伊藤\treception\t無効"), std::string::npos) << out_.str();
  EXPECT_EQ(Run({"user", "disable", "--username", "nobody"}), 1);
  EXPECT_EQ(Run({"user", "add", "--username", "x1x", "--display-name", "x", "--role", "wizard"}), 1);
  EXPECT_NE(err_.str().find("wizard"), std::string::npos);
}

TEST_F(CliTest, DeviceAddListRevoke) {
  ASSERT_EQ(Run({"device", "add", "--name", "北部小 体育館 扉", "--role", "door", "--place", "door-1",
                 "--credential-file", (dir_ / "cred").string()}),
            0)
      << err_.str();
  std::ifstream in(dir_ / "cred");
  std::string credential((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(credential.starts_with("062090.")) << credential;
  EXPECT_EQ(out_.str().find(credential), std::string::npos);  // written to the file, not shown
  EXPECT_EQ(std::filesystem::status(dir_ / "cred").permissions() & std::filesystem::perms::group_read,
            std::filesystem::perms::none);
  const std::string id = out_.str().substr(out_.str().find(": ") + 2, 26);
  ASSERT_EQ(Run({"device", "list"}), 0);
  EXPECT_NE(out_.str().find(id + "\tdoor\t北部小 体育館 扉\tdoor-1\t未接続"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"device", "revoke", "--id", id}), 0) << err_.str();
  ASSERT_EQ(Run({"device", "list"}), 0);
  EXPECT_NE(out_.str().find("利用停止"), std::string::npos);
  EXPECT_EQ(Run({"device", "add", "--name", "x", "--role", "printer"}), 1);
  EXPECT_NE(err_.str().find("kiosk, counter, door"), std::string::npos) << err_.str();
}

TEST_F(CliTest, AuditVerifyReportsTheFirstBrokenEntry) {
  ASSERT_EQ(Run({"demo", "--password-file", (dir_ / "pw").string()}), 0) << err_.str();
  ASSERT_EQ(Run({"audit", "verify"}), 0) << err_.str();
  // The demo audits at least the creation of its seven staff accounts.
  ASSERT_TRUE(out_.str().starts_with("OK: ")) << out_.str();
  EXPECT_GE(std::stoi(out_.str().substr(4)), 7) << out_.str();
  {
    auto db = store::OpenDatabase("sqlite:" + (dir_ / "d.db").string(), 1);
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE((*db)->ExecScript("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'x' WHERE seq = 3;"));
  }
  EXPECT_EQ(Run({"audit", "verify"}), 1);
  EXPECT_NE(out_.str().find("#3"), std::string::npos) << out_.str();
}

TEST_F(CliTest, DemoIsIdempotentAndKeepsThePassword) {
  ASSERT_EQ(Run({"demo", "--password-file", (dir_ / "pw").string()}), 0) << err_.str();
  const std::string first = out_.str();
  ASSERT_EQ(Run({"demo", "--password-file", (dir_ / "pw").string()}), 0);
  EXPECT_EQ(out_.str(), first);
  EXPECT_EQ(std::filesystem::status(dir_ / "pw").permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
}

#ifdef DENEN_TEST_HAVE_TENANT
TEST_F(CliTest, TenantAddExportImportAndBackupRestore) {
  ASSERT_EQ(Run({"demo", "--password-file", (dir_ / "pw").string()}), 0) << err_.str();
  ASSERT_EQ(Run({"tenant", "add", "--code", "062049", "--name", "米沢市", "--admin-username", "y-admin"}), 0)
      << err_.str();
  EXPECT_NE(out_.str().find("初期パスワード: "), std::string::npos);
  EXPECT_EQ(Run({"tenant", "add", "--code", "062049", "--name", "米沢市", "--admin-username", "y2"}), 1);
  EXPECT_NE(err_.str().find("062049"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"tenant", "add", "--code", "062048", "--name", "誤り", "--admin-username", "y3"}), 1);
  ASSERT_EQ(Run({"tenant", "list"}), 0);
  EXPECT_NE(out_.str().find("062049\t米沢市"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("062090\t長井市"), std::string::npos) << out_.str();

  const auto dump = dir_ / "nagai.dump";
  ASSERT_EQ(Run({"tenant", "export", "--code", "062090", "--out", dump.string()}), 0) << err_.str();
  EXPECT_EQ(std::filesystem::status(dump).permissions() & (std::filesystem::perms::group_all |
                                                            std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "nagai.dump.partial"));
  const auto backup = dir_ / "all.backup";
  ASSERT_EQ(Run({"backup", "--out", backup.string()}), 0) << err_.str();
  ASSERT_EQ(Run({"user", "list"}), 0);
  const std::string users = out_.str();

  // Another deployment: the one municipality moves, the backup restores both.
  const auto moved = dir_ / "moved";
  std::filesystem::create_directories(moved);
  std::ofstream(moved / "denen.toml") << "[municipality]\ncode = \"062090\"\nname = \"長井市\"\n[database]\nurl = "
                                         "\"sqlite:"
                                      << (moved / "d.db").string() << "\"\n";
  auto run_moved = [&](std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back((moved / "denen.toml").string());
    std::istringstream in;
    out_.str("");
    err_.str("");
    return RunCli(args, in, out_, err_);
  };
  ASSERT_EQ(run_moved({"tenant", "import", "--in", dump.string()}), 0) << err_.str();
  ASSERT_EQ(run_moved({"user", "list"}), 0);
  EXPECT_EQ(out_.str(), users);
  ASSERT_EQ(run_moved({"tenant", "list"}), 0);
  EXPECT_EQ(out_.str(), "062090\t長井市\n");
  ASSERT_EQ(run_moved({"audit", "verify"}), 0) << out_.str();
  EXPECT_EQ(run_moved({"tenant", "import", "--in", dump.string()}), 1);
  EXPECT_NE(err_.str().find("municipality_exists"), std::string::npos) << err_.str();

  std::filesystem::remove(moved / "d.db");
  ASSERT_EQ(run_moved({"restore", "--in", backup.string()}), 0) << err_.str();
  ASSERT_EQ(run_moved({"tenant", "list"}), 0);
  EXPECT_NE(out_.str().find("062049\t米沢市"), std::string::npos) << out_.str();
  ASSERT_EQ(run_moved({"user", "list"}), 0);
  EXPECT_EQ(out_.str(), users);
  EXPECT_EQ(run_moved({"restore", "--in", (dir_ / "missing").string()}), 1);
}
// In a hosted database, --municipality picks another municipality than the
// config's; each sees only its own users and devices.
TEST_F(CliTest, UserAndDeviceCommandsActOnTheMunicipalityGiven) {
  ASSERT_EQ(Run({"migrate"}), 0) << err_.str();
  ASSERT_EQ(Run({"tenant", "add", "--code", "062049", "--name", "米沢市", "--admin-username", "y-admin"}), 0)
      << err_.str();
  ASSERT_EQ(Run({"user", "add", "--username", "y-staff", "--display-name", "米沢 職員", "--role", "reception",
                 "--municipality", "062049"}),
            0)
      << err_.str();
  ASSERT_EQ(Run({"user", "list", "--municipality", "062049"}), 0);
  EXPECT_NE(out_.str().find("y-staff	米沢 職員	reception	有効"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("y-admin"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"user", "list"}), 0);  // the config's municipality, 062090
  EXPECT_EQ(out_.str().find("y-"), std::string::npos) << out_.str();
  EXPECT_EQ(Run({"user", "disable", "--username", "y-staff"}), 1);  // not a user of 062090
  ASSERT_EQ(Run({"user", "disable", "--username", "y-staff", "--municipality", "062049"}), 0) << err_.str();

  ASSERT_EQ(Run({"device", "add", "--name", "米沢 受付機", "--role", "kiosk", "--municipality", "062049",
                 "--credential-file", (dir_ / "cred").string()}),
            0)
      << err_.str();
  std::ifstream in(dir_ / "cred");
  std::string credential((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(credential.starts_with("062049.")) << credential;
  ASSERT_EQ(Run({"device", "list"}), 0);
  EXPECT_EQ(out_.str().find("米沢 受付機"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"device", "list", "--municipality", "062049"}), 0);
  EXPECT_NE(out_.str().find("米沢 受付機"), std::string::npos) << out_.str();

  // A municipality that is not in the database is named, and nothing is made.
  EXPECT_EQ(Run({"user", "add", "--username", "ghost", "--display-name", "x", "--role", "admin", "--municipality",
                 "131016"}),
            1);
  EXPECT_NE(err_.str().find("131016"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"device", "list", "--municipality", "131016"}), 1);
  ASSERT_EQ(Run({"tenant", "list"}), 0);
  EXPECT_EQ(out_.str().find("131016"), std::string::npos) << out_.str();
}

// The nightly run's last step with the real clock: entries older than
// audit_days go, the purge is itself recorded, and the chain still verifies.
TEST_F(CliTest, TheRetentionRunDeletesOldAuditEntriesAndTheChainStillVerifies) {
  ASSERT_EQ(Run({"migrate"}), 0) << err_.str();
  {
    auto db = store::OpenDatabase("sqlite:" + (dir_ / "d.db").string(), 1);
    ASSERT_TRUE(db) << db.error().message;
    const FakeClock long_ago(SystemClock().NowMillis() - 800LL * 86'400'000);
    ASSERT_TRUE(store::EnsureMunicipality(**db, long_ago, {"062090", "長井市"}));  // as `denen serve` does
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(audit::Record(**db, long_ago, "062090", {"test", "test.old", "thing", std::to_string(i), "{}"}));
    }
  }
  ASSERT_EQ(Run({"tenant", "settings", "--code", "062090", "--set", "retention.audit_days=365"}), 0) << err_.str();
  ASSERT_EQ(Run({"retention", "run", "--municipality", "062090"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("監査ログ 削除 3\n"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"audit", "verify"}), 0) << out_.str() << err_.str();
  {
    auto db = store::OpenDatabase("sqlite:" + (dir_ / "d.db").string(), 1);
    ASSERT_TRUE(db) << db.error().message;
    auto left = (*db)->Query("SELECT action FROM audit_log WHERE municipality_code = '062090' ORDER BY seq");
    ASSERT_TRUE(left) << left.error().message;
    std::string actions;
    for (const auto& row : *left) actions += row.Text(0) + " ";
    // The old entries are gone; what the run did today stays, the purge last.
    EXPECT_EQ(actions.find("test.old"), std::string::npos) << actions;
    EXPECT_TRUE(actions.starts_with("settings.change ")) << actions;
    EXPECT_TRUE(actions.ends_with(" audit.purge ")) << actions;
  }
  ASSERT_EQ(Run({"retention", "run", "--municipality", "062090"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("監査ログ 削除 0\n"), std::string::npos) << out_.str();
  ASSERT_EQ(Run({"audit", "verify"}), 0) << out_.str() << err_.str();
}

TEST_F(CliTest, TenantSettingsAndTheRetentionRun) {
  ASSERT_EQ(Run({"demo", "--password-file", (dir_ / "pw").string()}), 0) << err_.str();
  ASSERT_EQ(Run({"tenant", "add", "--code", "062049", "--name", "米沢市", "--admin-username", "y-admin", "--set",
                 "kpi.min_cell_size=10"}),
            0)
      << err_.str();
  ASSERT_EQ(Run({"tenant", "settings", "--code", "062049"}), 0) << err_.str();
  EXPECT_NE(out_.str().find("kpi.min_cell_size\t10\t団体の設定"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("retention.visit_days\t1825\tサーバーの既定"), std::string::npos) << out_.str();

  // A bad change names itself and changes nothing.
  EXPECT_EQ(Run({"tenant", "settings", "--code", "062090", "--set", "retention.visit_days=365", "--set",
                 "retention.audit_days=-5"}),
            1);
  EXPECT_NE(err_.str().find("retention.audit_days"), std::string::npos) << err_.str();
  EXPECT_EQ(Run({"tenant", "settings", "--code", "011002"}), 1);
  EXPECT_NE(err_.str().find("011002"), std::string::npos) << err_.str();
  ASSERT_EQ(Run({"tenant", "settings", "--code", "062090"}), 0);
  EXPECT_NE(out_.str().find("retention.visit_days\t1825\tサーバーの既定"), std::string::npos) << out_.str();

  // The demo's check-ins reach back two fiscal years: with 365 days, the
  // older ones of 長井市 lose their names; 米沢市 has none.
  ASSERT_EQ(Run({"tenant", "settings", "--code", "062090", "--set", "retention.visit_days=365"}), 0) << err_.str();
  ASSERT_EQ(Run({"retention", "run"}), 0) << err_.str();
  const std::string first = out_.str();
  EXPECT_NE(first.find("062049\t要介護認定の申請 削除 0\t受付記録 匿名化 0"), std::string::npos) << first;
  const size_t nagai = first.find("062090\t要介護認定の申請 削除 0\t受付記録 匿名化 ");
  ASSERT_NE(nagai, std::string::npos) << first;
  EXPECT_EQ(first.find("受付記録 匿名化 0\t", nagai), std::string::npos) << first;  // some were made anonymous
  ASSERT_EQ(Run({"retention", "run", "--municipality", "062090"}), 0) << err_.str();
  EXPECT_EQ(out_.str(), "062090\t要介護認定の申請 削除 0\t受付記録 匿名化 0\tログイン 削除 0\t監査ログ 削除 0\n");
  ASSERT_EQ(Run({"audit", "verify"}), 0) << out_.str();
  EXPECT_EQ(Run({"retention", "run", "--municipality", "011002"}), 1);
}
#endif

TEST_F(CliTest, HelpAndUsageErrors) {
  std::istringstream in;
  EXPECT_EQ(RunCli({"--help"}, in, out_, err_), 0);
  EXPECT_NE(out_.str().find("serve"), std::string::npos);
  EXPECT_EQ(RunCli({"user", "add", "--help"}, in, out_, err_), 0);
  EXPECT_NE(out_.str().find("--password-stdin"), std::string::npos);
  EXPECT_EQ(RunCli({"frobnicate"}, in, out_, err_), 2);
  EXPECT_EQ(RunCli({}, in, out_, err_), 2);
}

}  // namespace
}  // namespace denen::app
