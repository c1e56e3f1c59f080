#include "store/migrations.h"

#include <algorithm>
#include <map>

namespace denen::store {
namespace {

struct Version {
  std::string name;
  std::string common;
  std::string engine_specific[2];  // indexed by Engine
};

Result<std::map<int, Version>> GroupByVersion(const std::vector<EmbeddedFile>& files) {
  std::map<int, Version> versions;
  for (const auto& f : files) {
    const std::string name(f.name);
    if (name.size() < 6 || name[4] != '_' || !std::all_of(name.begin(), name.begin() + 4, ::isdigit)) {
      return Fail(Error::Internal("bad_migration_name", "migration file name must be NNNN_name.sql: " + name));
    }
    const int number = std::stoi(name.substr(0, 4));
    Version& v = versions[number];
    if (name.ends_with(".sqlite.sql")) {
      v.engine_specific[static_cast<int>(Engine::kSqlite)] = f.content;
    } else if (name.ends_with(".pg.sql")) {
      v.engine_specific[static_cast<int>(Engine::kPostgres)] = f.content;
    } else if (name.ends_with(".sql")) {
      v.common = f.content;
      v.name = name.substr(0, name.size() - 4);
    } else {
      return Fail(Error::Internal("bad_migration_name", "unknown migration file: " + name));
    }
  }
  for (const auto& [number, v] : versions) {
    if (v.name.empty()) {
      return Fail(
          Error::Internal("bad_migration_name", "migration " + std::to_string(number) + " has no common .sql file"));
    }
  }
  return versions;
}

}  // namespace

int LatestSchemaVersion() {
  auto versions = GroupByVersion(EmbeddedMigrations());
  return versions && !versions->empty() ? versions->rbegin()->first : 0;
}

Result<MigrationReport> Migrate(Database& db, const Clock& clock) {
  return MigrateWith(db, clock, EmbeddedMigrations());
}

Result<MigrationReport> MigrateWith(Database& db, const Clock& clock, const std::vector<EmbeddedFile>& files) {
  DENEN_TRY(versions, GroupByVersion(files));
  DENEN_TRY_VOID(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)"));
  MigrationReport report;
  DENEN_TRY(current, db.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  report.from_version = report.to_version = static_cast<int>(current->Int(0));
  for (const auto& [number, v] : versions) {
    if (number <= report.from_version) continue;
    DENEN_TRY_VOID(db.Transact([&](Database& tx) -> Result<void> {
      // Serialise concurrent migrators (SQLite's BEGIN IMMEDIATE already does).
      if (tx.engine() == Engine::kPostgres) {
        DENEN_TRY_VOID(tx.Query("SELECT pg_advisory_xact_lock(4242001)"));
      }
      // A concurrent migrator may have applied it meanwhile.
      DENEN_TRY(done, tx.QueryOne("SELECT 1 FROM schema_migrations WHERE version = ?", {Int(number)}));
      if (done) return {};
      DENEN_TRY_VOID(tx.ExecScript(v.common));
      const std::string& extra = v.engine_specific[static_cast<int>(tx.engine())];
      if (!extra.empty()) DENEN_TRY_VOID(tx.ExecScript(extra));
      DENEN_TRY_VOID(tx.Exec("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)",
                             {Int(number), Text(v.name), Int(clock.NowMillis())}));
      report.applied.push_back(v.name);
      return {};
    }));
    report.to_version = number;
  }
  return report;
}

}  // namespace denen::store
