#include "store/read_replica.h"

#include <iostream>

namespace denen::store {
namespace {

Error WriteRefused() {
  return Error::Internal("read_only_database", "the read replica only reads; writes belong on the primary");
}

}  // namespace

ReadReplica::ReadReplica(Database& primary, Opener open_replica, const Clock& clock)
    : primary_(primary), open_replica_(std::move(open_replica)), clock_(clock) {}

std::unique_ptr<ReadReplica> ReadReplica::ForUrl(Database& primary, std::string url, int pool_size,
                                                 const Clock& clock) {
  return std::make_unique<ReadReplica>(
      primary, [url = std::move(url), pool_size] { return OpenDatabase(url, pool_size); }, clock);
}

void ReadReplica::Connect() { (void)Replica(); }

std::shared_ptr<Database> ReadReplica::Replica() {
  std::unique_lock lock(mu_);
  if (clock_.NowMillis() < retry_at_ms_) return nullptr;
  if (replica_ != nullptr) return replica_;
  // One thread opens it; reads meanwhile go to the primary rather than wait.
  if (opening_) return nullptr;
  opening_ = true;
  lock.unlock();
  auto opened = open_replica_();
  lock.lock();
  opening_ = false;
  if (!opened) {
    lock.unlock();
    Failed(opened.error(), nullptr);
    return nullptr;
  }
  replica_ = std::move(*opened);
  std::shared_ptr<Database> replica = replica_;
  lock.unlock();
  Answered();
  return replica;
}

void ReadReplica::Answered() {
  if (!up_.exchange(true)) std::cerr << "read replica: report reads go to the replica\n";
}

void ReadReplica::Failed(const Error& error, const Database* failed) {
  up_ = false;
  {
    std::lock_guard lock(mu_);
    if (failed != nullptr && replica_.get() == failed) replica_.reset();
    const int64_t now = clock_.NowMillis();
    // Reads that failed together log once.
    if (now < retry_at_ms_) return;
    retry_at_ms_ = now + kRetryAfterMillis;
  }
  std::cerr << "read replica: unavailable, report reads go to the primary for the next " << kRetryAfterMillis / 1000
            << " s: " << error.message << "\n";
}

Database& ReadReplica::Primary() {
  ++fallbacks_;
  return primary_;
}

Result<int64_t> ReadReplica::Exec(std::string_view, const Params&) { return Fail(WriteRefused()); }

Result<void> ReadReplica::ExecScript(std::string_view) { return Fail(WriteRefused()); }

Result<void> ReadReplica::Transact(const std::function<Result<void>(Database&)>&) { return Fail(WriteRefused()); }

Result<std::vector<Row>> ReadReplica::Query(std::string_view sql, const Params& params) {
  if (std::shared_ptr<Database> replica = Replica()) {
    auto rows = replica->Query(sql, params);
    if (rows || rows.error().kind != ErrorKind::kUnavailable) {
      Answered();
      return rows;
    }
    Failed(rows.error(), replica.get());
  }
  return Primary().Query(sql, params);
}

Result<void> ReadReplica::ReadSnapshot(const std::function<Result<void>(Database&)>& body) {
  if (std::shared_ptr<Database> replica = Replica()) {
    bool began = false;
    auto outcome = replica->ReadSnapshot([&](Database& snapshot) {
      began = true;
      return body(snapshot);
    });
    if (outcome || outcome.error().kind != ErrorKind::kUnavailable) {
      Answered();
      return outcome;
    }
    Failed(outcome.error(), replica.get());
    if (began) return outcome;
  }
  return Primary().ReadSnapshot(body);
}

std::string ReadReplica::MetricsText() const {
  return "# HELP denen_read_replica_fallbacks_total Report reads the primary answered because the read replica "
         "could not.\n"
         "# TYPE denen_read_replica_fallbacks_total counter\n"
         "denen_read_replica_fallbacks_total " +
         std::to_string(fallbacks_.load()) +
         "\n"
         "# HELP denen_read_replica_up Whether the last attempt to read from the read replica succeeded.\n"
         "# TYPE denen_read_replica_up gauge\n"
         "denen_read_replica_up " +
         (up_.load() ? "1" : "0") + "\n";
}

}  // namespace denen::store
