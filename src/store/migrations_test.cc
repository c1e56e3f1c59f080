// Schema migrations on both engines: the embedded set and hand-made lists.
#include "store/migrations.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/testing.h"

namespace denen::store {

namespace {

constexpr int64_t kStartMillis = 1795000000000;  // 2026-11-18

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = testing::OpenTestDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }

  bool TableExists(const std::string& table) { return db_->Query("SELECT COUNT(*) FROM " + table).has_value(); }

  // Versions and names recorded in schema_migrations, oldest first.
  std::vector<std::pair<int64_t, std::string>> Recorded() {
    std::vector<std::pair<int64_t, std::string>> out;
    auto rows = db_->Query("SELECT version, name FROM schema_migrations ORDER BY version");
    EXPECT_TRUE(rows) << rows.error().message;
    if (rows) {
      for (const auto& row : *rows) out.emplace_back(row.Int(0), row.Text(1));
    }
    return out;
  }

  Result<void> InsertAuditRow(int64_t seq) {
    DENEN_TRY_VOID(
        db_->Exec("INSERT INTO audit_log (municipality_code, seq, at_ms, actor, action, target_type, target_id,"
                  " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {Text("011002"), Int(seq), Int(kStartMillis), Text("staff:u1"), Text("login"), Text("staff_user"),
                   Text("u1"), Text("{}"), Text("prev"), Text("hash" + std::to_string(seq))}));
    return {};
  }

  FakeClock clock_{kStartMillis};
  std::unique_ptr<Database> db_;
};

// The versions among the embedded files, e.g. {1: "0001_foundation"}.
std::map<int, std::string> EmbeddedVersions() {
  std::map<int, std::string> versions;
  for (const auto& f : EmbeddedMigrations()) {
    const std::string name(f.name);
    if (name.ends_with(".sqlite.sql") || name.ends_with(".pg.sql")) continue;
    versions[std::stoi(name.substr(0, 4))] = name.substr(0, name.size() - 4);
  }
  return versions;
}

// The layout docs/operations.md promises for distributing the schema by
// municipality (Citus): every table's primary key starts with municipality_code,
// and no other unique key leaves it out, except the one named there.
TEST_F(MigrationsTest, EveryTableIsKeyedByMunicipalityFirst) {
  ASSERT_TRUE(Migrate(*db_, clock_));
  const bool pg = db_->engine() == Engine::kPostgres;
  auto tables = db_->Query(pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
                              : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "ORDER BY name");
  ASSERT_TRUE(tables) << tables.error().message;
  ASSERT_GT(tables->size(), 40u);
  std::vector<std::string> not_keyed;
  for (const auto& row : *tables) {
    const std::string table = row.Text(0);
    if (table == "schema_migrations") continue;
    // The first column of the primary key, and of every other unique key.
    auto firsts = db_->Query(
        pg ? "SELECT k.column_name, c.constraint_type FROM information_schema.table_constraints c JOIN "
             "information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_name = "
             "c.table_name AND k.table_schema = c.table_schema WHERE c.table_schema = current_schema() AND "
             "c.table_name = ? AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND k.ordinal_position = 1"
           : "SELECT ii.name, il.origin FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii "
             "WHERE il.[unique] = 1 AND ii.seqno = 0",
        {Text(table)});
    ASSERT_TRUE(firsts) << firsts.error().message;
    bool has_primary = false;
    for (const auto& first : *firsts) {
      const std::string kind = first.Text(1);
      has_primary = has_primary || kind == "PRIMARY KEY" || kind == "pk";
      if (first.Text(0) != "municipality_code" && table + "." + first.Text(0) != "edge_devices.credential_hash") {
        not_keyed.push_back(table + " (" + kind + " on " + first.Text(0) + ")");
      }
    }
    // A SQLite table whose key is one INTEGER column has no index for it; none of ours does.
    if (!has_primary) not_keyed.push_back(table + " (no primary key)");
  }
  EXPECT_TRUE(not_keyed.empty()) << ::testing::PrintToString(not_keyed);
}

TEST_F(MigrationsTest, MigrateAppliesEveryEmbeddedMigrationOnce) {
  const auto versions = EmbeddedVersions();
  ASSERT_FALSE(versions.empty());
  ASSERT_EQ(versions.begin()->second, "0001_foundation");
  EXPECT_EQ(LatestSchemaVersion(), versions.rbegin()->first);

  auto first = Migrate(*db_, clock_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, LatestSchemaVersion());
  std::vector<std::string> expected_names;
  std::vector<std::pair<int64_t, std::string>> expected_records;
  for (const auto& [number, name] : versions) {
    expected_names.push_back(name);
    expected_records.emplace_back(number, name);
  }
  EXPECT_EQ(first->applied, expected_names);
  EXPECT_EQ(Recorded(), expected_records);

  clock_.Advance(60000);
  auto second = Migrate(*db_, clock_);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->from_version, LatestSchemaVersion());
  EXPECT_EQ(second->to_version, LatestSchemaVersion());
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(Recorded(), expected_records);

  // Applied at the injected clock's time, once.
  auto times = db_->Query("SELECT DISTINCT applied_at_ms FROM schema_migrations");
  ASSERT_TRUE(times) << times.error().message;
  ASSERT_EQ(times->size(), 1u);
  EXPECT_EQ((*times)[0].Int(0), kStartMillis);
}

TEST_F(MigrationsTest, FoundationSchemaHoldsTenantScopedRows) {
  ASSERT_TRUE(Migrate(*db_, clock_));
  for (const char* table :
       {"municipalities", "staff_users", "staff_sessions", "login_throttle", "audit_head", "audit_log"}) {
    EXPECT_TRUE(TableExists(table)) << table;
  }
  ASSERT_TRUE(db_->Exec("INSERT INTO municipalities (municipality_code, name, created_at_ms) VALUES (?, ?, ?)",
                        {Text("011002"), Text("札幌市"), Int(kStartMillis)}));
  const std::string insert_user =
      "INSERT INTO staff_users (municipality_code, id, username, display_name, password_hash, roles,"
      " created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  ASSERT_TRUE(db_->Exec(insert_user, {Text("011002"), Text("u1"), Text("sato"), Text("佐藤"), Text("h"), Text("admin"),
                                      Int(kStartMillis), Int(kStartMillis)}));
  auto twin = db_->Exec(insert_user, {Text("011002"), Text("u2"), Text("sato"), Text("佐藤"), Text("h"), Text("admin"),
                                      Int(kStartMillis), Int(kStartMillis)});
  ASSERT_FALSE(twin);
  EXPECT_EQ(twin.error().code, kUniqueViolation);
  // Foreign keys hold on both engines.
  auto orphan = db_->Exec(insert_user, {Text("999999"), Text("u1"), Text("kato"), Text("加藤"), Text("h"),
                                        Text("admin"), Int(kStartMillis), Int(kStartMillis)});
  EXPECT_FALSE(orphan);
}

TEST_F(MigrationsTest, AuditLogIsAppendOnly) {
  ASSERT_TRUE(Migrate(*db_, clock_));
  ASSERT_TRUE(InsertAuditRow(1));

  auto updated = db_->Exec("UPDATE audit_log SET actor = ? WHERE seq = ?", {Text("intruder"), Int(1)});
  ASSERT_FALSE(updated) << "UPDATE of audit_log succeeded";
  EXPECT_NE(updated.error().message.find("append-only"), std::string::npos) << updated.error().message;

  auto deleted = db_->Exec("DELETE FROM audit_log WHERE seq = ?", {Int(1)});
  ASSERT_FALSE(deleted) << "DELETE from audit_log succeeded";
  EXPECT_NE(deleted.error().message.find("append-only"), std::string::npos) << deleted.error().message;

  // Also refused inside a transaction, which then rolls back as a whole.
  auto in_tx = db_->Transact([](Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec("DELETE FROM audit_log"));
    return {};
  });
  EXPECT_FALSE(in_tx);

  auto rows = db_->Query("SELECT seq, actor FROM audit_log");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(1), "staff:u1");
  // Appending still works.
  EXPECT_TRUE(InsertAuditRow(2));
}

// An upgrade from any earlier release's schema: the database is made with the
// migrations up to version k, holds rows, and the current binary's Migrate()
// brings it to the latest version with the rows intact.
TEST_F(MigrationsTest, UpgradesFromEveryEarlierSchemaKeepingRows) {
  const auto& all = EmbeddedMigrations();
  std::vector<int> versions;
  for (const auto& f : all) {
    const int v = std::stoi(std::string(f.name.substr(0, 4)));
    if (versions.empty() || versions.back() != v) versions.push_back(v);
  }
  ASSERT_GE(versions.size(), 2u);
  FakeClock clock(kStartMillis);
  for (size_t k = 1; k < versions.size(); ++k) {
    auto opened = testing::OpenTestDatabase();
    ASSERT_TRUE(opened) << opened.error().message;
    Database& db = **opened;
    std::vector<EmbeddedFile> earlier;
    for (const auto& f : all) {
      if (std::stoi(std::string(f.name.substr(0, 4))) <= versions[k - 1]) earlier.push_back(f);
    }
    auto old = MigrateWith(db, clock, earlier);
    ASSERT_TRUE(old) << old.error().message;
    ASSERT_EQ(old->to_version, versions[k - 1]);
    ASSERT_TRUE(db.Exec("INSERT INTO municipalities (municipality_code, name, created_at_ms) VALUES ('062090', "
                        "'長井市', ?)",
                        {Int(kStartMillis)}));
    ASSERT_TRUE(db.Exec("INSERT INTO staff_users (municipality_code, id, username, display_name, password_hash, roles, "
                        "created_at_ms, updated_at_ms) VALUES ('062090', 'u1', 'sato', '佐藤', 'h', 'admin', ?, ?)",
                        {Int(kStartMillis), Int(kStartMillis)}));

    auto upgraded = Migrate(db, clock);
    ASSERT_TRUE(upgraded) << "from version " << versions[k - 1] << ": " << upgraded.error().message;
    EXPECT_EQ(upgraded->from_version, versions[k - 1]);
    EXPECT_EQ(upgraded->to_version, LatestSchemaVersion());
    auto user = db.QueryOne("SELECT display_name FROM staff_users WHERE municipality_code = '062090' AND id = 'u1'");
    ASSERT_TRUE(user && *user);
    EXPECT_EQ((*user)->Text(0), "佐藤");
  }
}

TEST_F(MigrationsTest, MigrateWithAppliesOnlyNewVersionsAndEngineParts) {
  const std::vector<EmbeddedFile> v1 = {
      {"0001_first.sql", "CREATE TABLE first_t (x INTEGER NOT NULL);"},
      {"0001_first.sqlite.sql", "CREATE TABLE only_sqlite (x INTEGER);"},
      {"0001_first.pg.sql", "CREATE TABLE only_pg (x INTEGER);"},
  };
  auto first = MigrateWith(*db_, clock_, v1);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, 1);
  EXPECT_EQ(first->applied, std::vector<std::string>{"0001_first"});
  EXPECT_TRUE(TableExists("first_t"));
  const bool pg = db_->engine() == Engine::kPostgres;
  EXPECT_EQ(TableExists("only_pg"), pg);
  EXPECT_EQ(TableExists("only_sqlite"), !pg);

  // Files may come in any order; version 2 is new, version 1 is not rerun.
  std::vector<EmbeddedFile> v2 = {{"0002_second.sql", "CREATE TABLE second_t (y TEXT);"}};
  v2.insert(v2.end(), v1.begin(), v1.end());
  auto second = MigrateWith(*db_, clock_, v2);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->from_version, 1);
  EXPECT_EQ(second->to_version, 2);
  EXPECT_EQ(second->applied, std::vector<std::string>{"0002_second"});
  EXPECT_TRUE(TableExists("second_t"));
  EXPECT_EQ(Recorded(), (std::vector<std::pair<int64_t, std::string>>{{1, "0001_first"}, {2, "0002_second"}}));
}

TEST_F(MigrationsTest, FailingMigrationIsRolledBackAndStopsLaterOnes) {
  const std::vector<EmbeddedFile> files = {
      {"0001_ok.sql", "CREATE TABLE ok_t (x INTEGER);"},
      {"0002_broken.sql", "CREATE TABLE half_t (x INTEGER);\nTHIS IS NOT SQL;"},
      {"0003_later.sql", "CREATE TABLE later_t (x INTEGER);"},
  };
  auto report = MigrateWith(*db_, clock_, files);
  ASSERT_FALSE(report);
  EXPECT_TRUE(TableExists("ok_t"));
  EXPECT_FALSE(TableExists("half_t"));
  EXPECT_FALSE(TableExists("later_t"));
  EXPECT_EQ(Recorded(), (std::vector<std::pair<int64_t, std::string>>{{1, "0001_ok"}}));

  // Once fixed, the rest applies.
  auto fixed = files;
  fixed[1].content = "CREATE TABLE half_t (x INTEGER);";
  auto again = MigrateWith(*db_, clock_, fixed);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->applied, (std::vector<std::string>{"0002_broken", "0003_later"}));
  EXPECT_TRUE(TableExists("half_t"));
  EXPECT_TRUE(TableExists("later_t"));
}

TEST_F(MigrationsTest, BadFileNamesAreRejectedBeforeAnythingRuns) {
  for (const char* bad : {"1_short.sql", "abcd_name.sql", "0001-name.sql", "0002_notes.txt"}) {
    const std::vector<EmbeddedFile> files = {
        {"0001_ok.sql", "CREATE TABLE ok_t (x INTEGER);"},
        {bad, "CREATE TABLE bad_t (x INTEGER);"},
    };
    auto report = MigrateWith(*db_, clock_, files);
    ASSERT_FALSE(report) << bad << " accepted";
    EXPECT_EQ(report.error().code, "bad_migration_name") << bad;
    EXPECT_NE(report.error().message.find(bad), std::string::npos) << report.error().message;
  }
  // An engine part without its common file.
  auto orphan = MigrateWith(*db_, clock_, {{"0001_ok.sql", "SELECT 1;"}, {"0002_x.pg.sql", "SELECT 1;"}});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, "bad_migration_name");
  EXPECT_FALSE(TableExists("ok_t"));
  EXPECT_FALSE(TableExists("schema_migrations"));
}

}  // namespace
}  // namespace denen::store
