#include "tenant/dump.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include "audit/audit_log.h"
#include "auth/staff_accounts.h"
#include "core/random.h"
#include "store/migrated_db_test.h"

namespace denen::tenant {
namespace {

using store::Database;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The table and row lines: what must be equal between two databases with the
// same content, whatever engine wrote them.
std::vector<std::string> Body(const std::string& dump) {
  auto lines = Lines(dump);
  EXPECT_GE(lines.size(), 2u);
  if (lines.size() < 2) return {};
  return std::vector<std::string>(lines.begin() + 1, lines.end() - 1);
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// Rebuilds the end line so an edited dump carries a matching hash.
std::string Reseal(std::vector<std::string> lines, int64_t tables, int64_t rows) {
  lines.pop_back();
  const std::string body = Join(lines);
  return body + "{\"end\":true,\"rows\":" + std::to_string(rows) + ",\"sha256\":\"" + Sha256Hex(body) +
         "\",\"tables\":" + std::to_string(tables) + "}\n";
}

class DumpTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    auth::StaffAccounts accounts(*db_, clock_);
    auto roles = auth::RoleSet::Parse({"admin", "reception"});
    ASSERT_TRUE(roles.has_value());
    ASSERT_TRUE(accounts.Create("062090", {"sato", "佐藤 花子", "password-0001", *roles}, "test").has_value());
    ASSERT_TRUE(accounts.Create("131016", {"tanaka", "田中 一", "password-0002", *roles}, "test").has_value());
    // A row with a real, NULLs and text that sorts differently under a locale.
    for (const auto& [id, name, lat] : std::vector<std::tuple<std::string, std::string, double>>{
             {"p-b", "長井市民文化会館", 38.1072114}, {"p-a", "Ａｂｃ会館", -0.1}, {"p-c", "abc会館", 0.0}}) {
      ASSERT_TRUE(db_->Exec("INSERT INTO reception_places (municipality_code, id, source_id, name, name_kana, category, "
                            "address, latitude, longitude, shelter_capacity, created_at_ms, updated_at_ms) "
                            "VALUES ('062090', ?, NULL, ?, 'カイカン', 'hall', '長井市ままの上5-1', ?, NULL, 120, ?, ?)",
                            {store::Text(id), store::Text(name), lat, store::Int(clock_.NowMillis()),
                             store::Int(clock_.NowMillis())})
                      .has_value());
    }
    ASSERT_TRUE(audit::Record(*db_, clock_, "062090", {"test", "place.create", "place", "p-a", "{}"}).has_value());
  }

  std::string Dump(Database& db, const std::vector<std::string>& codes) {
    std::ostringstream out;
    auto summary = WriteDump(db, codes, "2026-11-27T00:00:00Z", out);
    EXPECT_TRUE(summary.has_value()) << summary.error().message;
    return out.str();
  }

  std::unique_ptr<Database> FreshDatabase(const std::string& url) {
    auto db = store::OpenDatabase(url);
    EXPECT_TRUE(db.has_value()) << db.error().message;
    if (!db) return nullptr;
    EXPECT_TRUE(store::Migrate(**db, clock_).has_value());
    return std::move(*db);
  }

  std::unique_ptr<Database> FreshSameEngine() {
    auto url = store::testing::NewTestDatabaseUrl();
    EXPECT_TRUE(url.has_value());
    return url ? FreshDatabase(*url) : nullptr;
  }

  std::unique_ptr<Database> FreshSqlite() {
    const auto dir = std::filesystem::path(::testing::TempDir()) / ("dump_" + RandomToken(6));
    std::filesystem::create_directories(dir);
    return FreshDatabase("sqlite:" + (dir / "target.db").string());
  }

  int64_t Count(Database& db, const std::string& sql) {
    auto row = db.QueryOne(sql);
    EXPECT_TRUE(row.has_value() && row->has_value());
    return row && *row ? (*row)->Int(0) : -1;
  }
};

TEST_F(DumpTest, TablesComeInCreationOrderAndAllCarryTheMunicipality) {
  auto tables = SchemaTables();
  ASSERT_FALSE(tables.empty());
  EXPECT_EQ(tables.front(), "municipalities");
  auto pos = [&](const std::string& t) { return std::find(tables.begin(), tables.end(), t) - tables.begin(); };
  EXPECT_LT(pos("staff_users"), pos("staff_sessions"));
  EXPECT_LT(pos("reception_places"), static_cast<long>(tables.size()));
}

TEST_F(DumpTest, OneMunicipalityMovesWithEveryRowAndNothingOfAnother) {
  const std::string dump = Dump(*db_, {"062090"});
  EXPECT_EQ(dump.find("131016"), std::string::npos) << "another municipality's rows leaked into the dump";
  EXPECT_EQ(dump.find("tanaka"), std::string::npos);

  auto target = FreshSameEngine();
  ASSERT_TRUE(target);
  std::istringstream in(dump);
  auto loaded = ReadDump(*target, in);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->municipalities, std::vector<std::string>{"062090"});
  EXPECT_EQ(Count(*target, "SELECT COUNT(*) FROM staff_users"),
            Count(*db_, "SELECT COUNT(*) FROM staff_users WHERE municipality_code = '062090'"));
  EXPECT_EQ(Count(*target, "SELECT COUNT(*) FROM municipalities"), 1);

  // Written again from the copy, the content is line for line the same.
  EXPECT_EQ(Body(Dump(*target, {"062090"})), Body(dump));
  auto chain = audit::Verify(*target, "062090");
  ASSERT_TRUE(chain.has_value());
  EXPECT_FALSE(chain->first_broken_seq.has_value()) << chain->problem;
  EXPECT_GT(chain->entries, 0);
}

TEST_F(DumpTest, ContentIsIdenticalAcrossEngines) {
  // Engine under test -> SQLite -> engine under test: the same lines each way.
  const std::string original = Dump(*db_, {});
  auto sqlite = FreshSqlite();
  ASSERT_TRUE(sqlite);
  std::istringstream first(original);
  ASSERT_TRUE(ReadDump(*sqlite, first).has_value());
  const std::string via_sqlite = Dump(*sqlite, {});
  EXPECT_EQ(Body(via_sqlite), Body(original));

  auto back = FreshSameEngine();
  ASSERT_TRUE(back);
  std::istringstream second(via_sqlite);
  ASSERT_TRUE(ReadDump(*back, second).has_value());
  EXPECT_EQ(Body(Dump(*back, {})), Body(original));
  auto lat = back->QueryOne("SELECT latitude FROM reception_places WHERE id = 'p-b'");
  ASSERT_TRUE(lat.has_value() && lat->has_value());
  EXPECT_DOUBLE_EQ((*lat)->Real(0), 38.1072114);
}

TEST_F(DumpTest, ADamagedDumpWritesNothing) {
  const std::string dump = Dump(*db_, {"062090"});
  auto lines = Lines(dump);
  auto target = FreshSameEngine();
  ASSERT_TRUE(target);
  auto expect_refused = [&](const std::string& text, const std::string& code, const std::string& words) {
    std::istringstream in(text);
    auto loaded = ReadDump(*target, in);
    ASSERT_FALSE(loaded.has_value()) << words;
    EXPECT_EQ(loaded.error().code, code) << words << ": " << loaded.error().message;
    EXPECT_EQ(Count(*target, "SELECT COUNT(*) FROM municipalities"), 0) << words;
    EXPECT_EQ(Count(*target, "SELECT COUNT(*) FROM staff_users"), 0) << words;
  };

  std::string edited = dump;
  edited.replace(edited.find("佐藤 花子"), std::string("佐藤 花子").size(), "佐藤 花男");
  expect_refused(edited, "invalid_dump", "an edited row");

  expect_refused(Join(std::vector<std::string>(lines.begin(), lines.end() - 1)), "invalid_dump", "no end line");
  expect_refused(Join(std::vector<std::string>(lines.begin(), lines.begin() + lines.size() / 2)), "invalid_dump",
                 "cut in the middle");
  expect_refused("", "invalid_dump", "empty");
  expect_refused("not json\n", "invalid_dump", "not a dump");

  // A row of a municipality the header does not name, with a valid hash.
  int64_t tables = 0;
  int64_t rows = 0;
  std::vector<std::string> smuggled;
  for (const auto& line : lines) {
    std::string l = line;
    if (l.starts_with("[\"062090\",\"p-a\"")) l.replace(2, 6, "131016");
    smuggled.push_back(l);
    if (l.starts_with("{\"columns\"")) ++tables;
    if (l.starts_with("[")) ++rows;
  }
  expect_refused(Reseal(smuggled, tables, rows), "invalid_dump", "a row of another municipality");

  // The same rows resealed with a wrong count.
  expect_refused(Reseal(lines, tables, rows + 1), "invalid_dump", "a wrong row count");
}

TEST_F(DumpTest, AMunicipalityThatExistsIsNotLoadedAgain) {
  const std::string dump = Dump(*db_, {"062090"});
  const int64_t users = Count(*db_, "SELECT COUNT(*) FROM staff_users");
  std::istringstream in(dump);
  auto loaded = ReadDump(*db_, in);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, "municipality_exists");
  EXPECT_EQ(Count(*db_, "SELECT COUNT(*) FROM staff_users"), users);
}

TEST_F(DumpTest, UnknownMunicipalityIsAnError) {
  std::ostringstream out;
  auto summary = WriteDump(*db_, {"062049"}, "2026-11-27T00:00:00Z", out);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, "municipality_not_found");
}

TEST_F(DumpTest, ABackupTakenDuringWritesIsOneConsistentState) {
  // A writer appends audit entries (each a row plus the chain head, in one
  // transaction) while backups are taken; every backup must restore to a
  // chain that verifies and whose head matches its rows.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop) {
      if (audit::Record(*db_, clock_, "062090", {"test", "load.write", "row", std::to_string(written.load()), "{}"})) {
        ++written;
      }
    }
  });
  std::vector<std::string> backups;
  for (int i = 0; i < 4; ++i) backups.push_back(Dump(*db_, {}));
  stop = true;
  writer.join();
  EXPECT_GT(written.load(), 0);

  for (const auto& backup : backups) {
    auto target = FreshSameEngine();
    ASSERT_TRUE(target);
    std::istringstream in(backup);
    auto loaded = ReadDump(*target, in);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    auto chain = audit::Verify(*target, "062090");
    ASSERT_TRUE(chain.has_value());
    EXPECT_FALSE(chain->first_broken_seq.has_value()) << chain->problem;
    EXPECT_EQ(chain->entries, Count(*target, "SELECT last_seq FROM audit_head WHERE municipality_code = '062090'"));
  }
}

}  // namespace
}  // namespace denen::tenant
