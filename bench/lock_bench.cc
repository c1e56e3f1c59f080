// Benchmark (not a test): how a door controller's work grows with its access
// list (10, 1,000, 100,000 grants): the local decision alone, the decision
// with its log entry written, verifying a signed full list, applying a full
// list (verify + persist + index), applying a one-change delta, and the
// server's side of a one-change sync on SQLite. Prints the 100,000/10 ratio
// of each.
//   lock_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/random.h"
#include "lock/door_controller.h"
#include "lock/door_policy.h"
#include "lock/lock_repository.h"
#include "store/migrations.h"
#include "store/tenants.h"

namespace {

using namespace denen::lock;

constexpr int64_t kT0 = 1790000000000;
constexpr int64_t kHour = 3600 * 1000;

std::vector<Grant> Grants(int64_t n) {
  std::vector<Grant> out;
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    std::string key = denen::Sha256Hex("card-" + std::to_string(i));
    auto kind = i % 50 == 0 ? GrantKind::kStanding : GrantKind::kWindow;
    out.push_back(
        {"right" + std::to_string(i) + ":" + key, key, kind, kT0 + (i % 24) * kHour, kT0 + (i % 24 + 2) * kHour});
  }
  return out;
}

struct Fixture {
  explicit Fixture(int64_t n) : keys(NewSigningKeyPair()), grants(Grants(n)) {}
  std::string SignedFull(uint64_t version) const {
    ListMessage m{"062090", "door-1", true, 0, version, kT0, grants, {}, {}};
    return *SignListMessage(m, keys.secret_key);
  }
  SigningKeyPair keys;
  std::vector<Grant> grants;
};

class NoServer final : public DoorServer {
 public:
  denen::Result<SyncReply> Sync(const SyncRequest&) override {
    return denen::Fail(denen::Error::Unavailable("server_unreachable", "bench"));
  }
  denen::Result<std::vector<std::string>> UploadEvents(const std::vector<AccessEvent>&) override {
    return denen::Fail(denen::Error::Unavailable("server_unreachable", "bench"));
  }
};

std::string StatePath() {
  auto dir = std::filesystem::temp_directory_path() / "denen-lock-bench";
  std::filesystem::create_directories(dir);
  return (dir / (denen::RandomHex(8) + ".sqlite")).string();
}

// A door controller with its own state file, a simulated lock and no server.
struct BenchDoor {
  explicit BenchDoor(const Fixture& f)
      : door(std::move(
            *DoorController::Open({"062090", "door-1", f.keys.public_key, StatePath()}, clock, driver, server))) {}
  denen::FakeClock clock{kT0};
  SimulatedLockDriver driver;
  NoServer server;
  std::unique_ptr<DoorController> door;
};

void BM_Decide(benchmark::State& state) {
  Fixture f(state.range(0));
  DoorList list;
  for (const auto& g : f.grants) list.Upsert(g);
  list.SetVersion(1, kT0);
  DoorConditions c{kT0 + kHour, true, true, std::nullopt};
  size_t i = 0;
  for (auto _ : state) {
    const Grant& g = f.grants[i++ % f.grants.size()];
    benchmark::DoNotOptimize(Evaluate(list, g.identity_key, c));
  }
}

void BM_DecideLogged(benchmark::State& state) {
  Fixture f(state.range(0));
  BenchDoor bench(f);
  auto& door = bench.door;
  (void)door->ApplySigned(f.SignedFull(1), kT0);
  door->NoteTrustedTime(kT0);
  size_t i = 0;
  for (auto _ : state) {
    const Grant& g = f.grants[i++ % f.grants.size()];
    benchmark::DoNotOptimize(door->Decide(g.identity_key, kT0 + kHour));
  }
}

void BM_VerifyFull(benchmark::State& state) {
  Fixture f(state.range(0));
  std::string bytes = f.SignedFull(1);
  for (auto _ : state) benchmark::DoNotOptimize(VerifyListMessage(bytes, f.keys.public_key));
  state.counters["bytes"] = static_cast<double>(bytes.size());
}

void BM_ApplyFull(benchmark::State& state) {
  Fixture f(state.range(0));
  BenchDoor bench(f);
  auto& door = bench.door;
  uint64_t version = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::string bytes = f.SignedFull(++version);
    state.ResumeTiming();
    if (!door->ApplySigned(bytes, kT0)) state.SkipWithError("apply failed");
  }
}

void BM_ApplyDelta(benchmark::State& state) {
  Fixture f(state.range(0));
  BenchDoor bench(f);
  auto& door = bench.door;
  (void)door->ApplySigned(f.SignedFull(1), kT0);
  uint64_t version = 1;
  for (auto _ : state) {
    state.PauseTiming();
    Grant g = f.grants[version % f.grants.size()];
    g.until_ms += 1;  // one changed grant: remove + add
    ListMessage m{"062090", "door-1", false, version, version + 1, kT0, {g}, {g.id}, {}};
    std::string bytes = *SignListMessage(m, f.keys.secret_key);
    ++version;
    state.ResumeTiming();
    if (!door->ApplySigned(bytes, kT0)) state.SkipWithError("apply failed");
  }
}

// The server's side of a sync on SQLite: N rights of N residents at one door;
// each iteration changes one right and syncs the door (refresh + delta + sign).
struct ServerFixture {
  explicit ServerFixture(int64_t n) : clock(kT0) {
    db = std::move(*denen::store::OpenDatabase("sqlite:" + StatePath(), 2));
    (void)denen::store::Migrate(*db, clock);
    (void)denen::store::EnsureMunicipality(*db, clock, {"062090", "長井市"});
    repo = std::make_unique<LockRepository>(*db, clock);
    facility = repo->AddFacility("062090", {"", "公民館", "community_centre", false}, "bench")->id;
    door = repo->AddDoor("062090", facility, std::nullopt, "玄関", "bench")->id;
    using denen::store::Int;
    using denen::store::Text;
    auto filled = db->Transact([&](denen::store::Database& tx) -> denen::Result<void> {
      for (int64_t i = 0; i < n; ++i) {
        const std::string id = "res" + std::to_string(i);
        DENEN_TRY_VOID(tx.Exec(
            "INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, contact, "
            "status, created_at_ms, created_by, updated_at_ms) VALUES ('062090', ?, 'ア', 'ア', '', 0, '', 'active', "
            "0, 'bench', 0)",
            {Text(id)}));
        DENEN_TRY_VOID(tx.Exec(
            "INSERT INTO card_identities (municipality_code, identity_key, resident_id, cert_serial, cert_issuer, "
            "cert_not_after_ms, linked_at_ms, linked_by, pin_verified_at_ms, revision) VALUES ('062090', ?, ?, '', "
            "'', 0, 0, 'bench', 0, 1)",
            {Text(denen::Sha256Hex(id)), Text(id)}));
        DENEN_TRY_VOID(
            tx.Exec("INSERT INTO lock_rights (municipality_code, id, resident_id, facility_id, room_id, kind, from_ms, "
                    "until_ms, reservation_id, note, created_at_ms, created_by, revision) VALUES ('062090', ?, ?, ?, "
                    "NULL, 'standing', ?, ?, NULL, '', 0, 'bench', 0)",
                    {Text("right" + std::to_string(i)), Text(id), Text(facility), Int(kT0), Int(kT0 + 1000 * kHour)}));
      }
      return {};
    });
    if (!filled) std::fprintf(stderr, "bench setup failed: %s\n", filled.error().message.c_str());
    auto first = repo->SyncDoor("062090", door, {});
    version = first ? first->version : 0;
  }
  denen::FakeClock clock;
  std::unique_ptr<denen::store::Database> db;
  std::unique_ptr<LockRepository> repo;
  std::string facility, door;
  uint64_t version = 0;
};

void BM_ServerSyncDelta(benchmark::State& state) {
  ServerFixture f(state.range(0));
  int64_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    (void)f.repo->GrantRight(
        "062090", {"res0", f.facility, std::nullopt, GrantKind::kStanding, kT0, kT0 + 2000 * kHour + ++i, ""}, "bench");
    state.ResumeTiming();
    auto synced = f.repo->SyncDoor("062090", f.door, {f.version, {}, "locked", std::nullopt});
    if (!synced || synced->full) state.SkipWithError("sync failed or not a delta");
    if (synced) f.version = synced->version;
  }
}

BENCHMARK(BM_Decide)->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(BM_DecideLogged)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_VerifyFull)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ApplyFull)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ApplyDelta)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ServerSyncDelta)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(5);

// Keeps each run's time per iteration so that main can print the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.iterations == 0) continue;
      std::string name = r.benchmark_name();
      auto slash = name.find('/');
      auto size_end = name.find('/', slash + 1);
      times[name.substr(0, slash)][name.substr(slash + 1, size_end - slash - 1)] =
          r.real_accumulated_time / static_cast<double>(r.iterations);
    }
  }
  std::map<std::string, std::map<std::string, double>> times;
};

}  // namespace

int main(int argc, char** argv) {
  if (!denen::InitCrypto()) return 1;
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nGrowth from 10 to 100,000 grants (time per operation, 100000/10):\n");
  for (const auto& [name, by_size] : reporter.times) {
    auto small = by_size.find("10");
    auto large = by_size.find("100000");
    if (small == by_size.end() || large == by_size.end() || small->second <= 0) continue;
    std::printf("  %-16s %10.3f us -> %12.3f us   x%.1f\n", name.c_str(), small->second * 1e6, large->second * 1e6,
                large->second / small->second);
  }
  benchmark::Shutdown();
  return 0;
}
