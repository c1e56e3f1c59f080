// Report reads from a PostgreSQL streaming replica ([database] read_url): a
// Database whose reads run on the replica, or on the primary whenever the
// replica cannot answer (unreachable, shutting down, a query cancelled by
// replay). Each read the primary answers instead is counted, and each outage
// is logged once per retry interval. A hot standby is behind the primary by
// its replay lag, so only reads that need not see the caller's own writes
// belong here; writes (Exec, ExecScript, Transact) are refused, they belong on
// the primary. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace denen::store {

class ReadReplica final : public Database {
 public:
  // Opens the replica: at the first read (or Connect()), and again at the
  // first read after the retry interval that follows a failure (the failed
  // one's connections are dropped, so none broken by an outage stays pooled).
  using Opener = std::function<Result<std::unique_ptr<Database>>()>;

  // After the replica fails, reads go straight to the primary for this long,
  // so that an outage costs one failed attempt per interval, not one per read.
  static constexpr int64_t kRetryAfterMillis = 10'000;

  ReadReplica(Database& primary, Opener open_replica, const Clock& clock);

  // The replica at `url` ("postgresql://..."), with `pool_size` connections.
  static std::unique_ptr<ReadReplica> ForUrl(Database& primary, std::string url, int pool_size, const Clock& clock);

  // Opens the replica now rather than at the first read, so that a replica
  // that cannot be reached shows in the log when the server starts.
  void Connect();

  Engine engine() const override { return primary_.engine(); }
  Result<int64_t> Exec(std::string_view sql, const Params& params = {}) override;
  Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) override;
  Result<void> ExecScript(std::string_view sql) override;
  Result<void> Transact(const std::function<Result<void>(Database& tx)>& body) override;
  // Falls back only when the replica fails before `body` starts: a body that
  // began may have kept part of what it read, so it is never run twice (its
  // caller gets the replica's error; the next reads go to the primary).
  Result<void> ReadSnapshot(const std::function<Result<void>(Database& snapshot)>& body) override;

  // Reads the primary answered because the replica could not.
  int64_t fallbacks() const { return fallbacks_.load(); }

  // Prometheus text: denen_read_replica_fallbacks_total and denen_read_replica_up.
  std::string MetricsText() const;

 private:
  // The replica when reads should try it now; null while it is known to be down.
  std::shared_ptr<Database> Replica();
  void Answered();
  // Drops `failed` (if it is still the current replica) and starts a retry interval.
  void Failed(const Error& error, const Database* failed);
  Database& Primary();

  Database& primary_;
  const Opener open_replica_;
  const Clock& clock_;
  std::mutex mu_;
  // Guarded by mu_. Reads hold their own reference, so dropping it after a
  // failure closes its connections once the reads still on it are done.
  std::shared_ptr<Database> replica_;
  bool opening_ = false;         // guarded by mu_
  int64_t retry_at_ms_ = 0;      // guarded by mu_; the replica is not tried before this
  std::atomic<bool> up_{false};  // the last attempt on the replica succeeded
  std::atomic<int64_t> fallbacks_{0};
};

}  // namespace denen::store
