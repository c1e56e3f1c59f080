// libFuzzer target for logical dumps (`denen tenant import`, `denen restore`):
// ReadDump into a migrated in-memory SQLite database, inside an outer
// transaction that is always rolled back so every input meets the same empty
// database. Invariants: a dump that loads names its municipalities, sorted and
// distinct; errors carry a code and a message; nothing is left behind.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "core/clock.h"
#include "store/database.h"
#include "store/migrations.h"
#include "tenant/dump.h"

namespace {

denen::store::Database& Db() {
  static denen::store::Database* db = [] {
    auto opened = denen::store::OpenDatabase("sqlite::memory:", /*pool_size=*/1);
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.error().message.c_str());
      std::abort();
    }
    denen::SystemClock clock;
    if (auto migrated = denen::store::Migrate(**opened, clock); !migrated) {
      std::fprintf(stderr, "%s\n", migrated.error().message.c_str());
      std::abort();
    }
    return opened->release();
  }();
  return *db;
}

int64_t Municipalities(denen::store::Database& db) {
  auto row = db.QueryOne("SELECT COUNT(*) FROM municipalities");
  if (!row || !*row) std::abort();
  return (*row)->Int(0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  denen::store::Database& db = Db();
  static const int64_t kBefore = Municipalities(db);
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto outcome = db.Transact([&](denen::store::Database& tx) -> denen::Result<void> {
    auto summary = denen::tenant::ReadDump(tx, in);
    if (summary) {
      const auto& codes = summary->municipalities;
      if (codes.empty() || summary->tables < 0 || summary->rows < 0) std::abort();
      for (size_t i = 1; i < codes.size(); ++i) {
        if (codes[i - 1] >= codes[i]) std::abort();
      }
    } else if (summary.error().code.empty() || summary.error().message.empty()) {
      std::abort();
    }
    return denen::Fail(denen::Error::Invalid("fuzz_rollback", "always rolled back"));
  });
  if (outcome || outcome.error().code != "fuzz_rollback") std::abort();
  if (Municipalities(db) != kBefore) std::abort();
  return 0;
}
