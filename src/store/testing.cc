#include "store/testing.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <vector>

namespace denen::store::testing {
namespace {

// SQLite test folders are removed when the test process ends.
void RemoveAtExit(const std::filesystem::path& dir) {
  static std::mutex mu;
  static std::vector<std::filesystem::path>* dirs = [] {
    auto* list = new std::vector<std::filesystem::path>();
    std::atexit([] {
      std::lock_guard lock(mu);
      std::error_code ec;
      for (const auto& d : *dirs) std::filesystem::remove_all(d, ec);
    });
    return list;
  }();
  std::lock_guard lock(mu);
  dirs->push_back(dir);
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 1000000);
}

}  // namespace

std::string TestEngineName() {
  const char* engine = std::getenv("DENEN_TEST_DATABASE");
  return engine && std::string(engine) == "pg" ? "pg" : "sqlite";
}

Result<std::string> NewTestDatabaseUrl() {
  if (TestEngineName() == "sqlite") {
    const auto dir = std::filesystem::temp_directory_path() / ("denen_test_" + UniqueSuffix());
    std::filesystem::create_directories(dir);
    RemoveAtExit(dir);
    return "sqlite:" + (dir / "test.db").string();
  }
  const char* url_file = std::getenv("DENEN_TEST_PG_URL_FILE");
  if (url_file == nullptr) {
    return Fail(Error::Unavailable("no_test_cluster", "DENEN_TEST_PG_URL_FILE is not set"));
  }
  std::ifstream in(url_file);
  std::string admin_url;
  if (!std::getline(in, admin_url) || admin_url.empty()) {
    return Fail(Error::Unavailable("no_test_cluster", std::string("no PostgreSQL test cluster URL in ") + url_file));
  }
  DENEN_TRY(admin, OpenDatabase(admin_url, 1));
  const std::string name = "denen_t_" + UniqueSuffix();
  DENEN_TRY_VOID(admin->Exec("CREATE DATABASE " + name));
  // admin_url ends with "/postgres"; swap the database name.
  const size_t slash = admin_url.rfind('/');
  return admin_url.substr(0, slash + 1) + name;
}

Result<std::unique_ptr<Database>> OpenTestDatabase() {
  DENEN_TRY(url, NewTestDatabaseUrl());
  return OpenDatabase(url, 4);
}

}  // namespace denen::store::testing
