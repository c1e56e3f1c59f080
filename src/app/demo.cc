#include "app/demo.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "auth/staff_accounts.h"
#include "core/random.h"
#ifdef DENEN_HAVE_SCHOOL
#include "school/school_demo.h"
#endif
#ifdef DENEN_HAVE_KPI
#include "kpi/kpi_demo.h"
#endif

namespace denen::app {
namespace {

struct DemoStaff {
  const char* username;
  const char* display_name;
  auth::Role role;
};

constexpr DemoStaff kDemoStaff[] = {
    {"admin", "システム管理者", auth::Role::kAdmin},   {"uketsuke", "受付 太郎", auth::Role::kReception},
    {"shisho", "図書館 花子", auth::Role::kLibrarian}, {"shisetsu", "施設 管理", auth::Role::kFacilityManager},
    {"kaigo", "介護 認定", auth::Role::kCareReviewer}, {"gakko", "学校 先生", auth::Role::kSchool},
    {"bosai", "防災 本部", auth::Role::kDisasterHq},   {"kikaku", "企画 調整", auth::Role::kPlanner},
};

Result<std::string> DemoPassword(const std::string& path) {
  if (std::ifstream in(path); in) {
    std::string password;
    std::getline(in, password);
    if (password.size() >= auth::kMinPasswordLength) return password;
  }
  const std::string password = RandomToken(12);
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return Fail(Error::Internal("demo_password_file", "cannot write " + path));
    out << password << "\n";
  }
  chmod(path.c_str(), 0600);
  return password;
}

}  // namespace

Result<DemoLogin> LoadDemo(store::Database& db, const Clock& clock, const Config& config,
                           const std::string& password_file) {
  DENEN_TRY(password, DemoPassword(password_file));
  auth::StaffAccounts accounts(db, clock, auth::HashCost::kInteractive);
  for (const auto& staff : kDemoStaff) {
    DENEN_TRY(existing, accounts.FindByUsername(config.municipality_code, staff.username));
    if (existing) continue;
    DENEN_TRY_VOID(accounts.Create(config.municipality_code,
                                   {staff.username, staff.display_name, password, {staff.role}}, "demo"));
  }
#ifdef DENEN_HAVE_SCHOOL
  DENEN_TRY_VOID(school::LoadSchoolDemo(db, clock, config.municipality_code));
#endif
#ifdef DENEN_HAVE_KPI
  DENEN_TRY_VOID(kpi::LoadKpiDemo(db, clock, config.municipality_code));
#endif
  return DemoLogin{"admin", password};
}

}  // namespace denen::app
