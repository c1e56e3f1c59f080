// Engine constructors behind OpenDatabase(); internal to the store module.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/database.h"

namespace denen::store::detail {

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, int pool_size);
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, int pool_size);

// A fixed set of connections handed out one at a time. Thread-safe.
template <typename Conn>
class ConnectionPool {
 public:
  void Add(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }
  // Blocks until a connection is free.
  std::unique_ptr<Conn> Take() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty(); });
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  void Return(std::unique_ptr<Conn> conn) { Add(std::move(conn)); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace denen::store::detail
