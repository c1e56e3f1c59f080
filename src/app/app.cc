#include "app/app.h"

#include "store/migrations.h"
#include "store/tenants.h"
#ifdef DENEN_HAVE_CARE
#include "care/care_api.h"
#endif
#ifdef DENEN_HAVE_SCHOOL
#include "school/school_api.h"
#endif

#ifndef DENEN_SOURCE_ROOT
#define DENEN_SOURCE_ROOT "."
#endif

namespace denen::app {

std::string WebRoot(const Config& config) {
  return config.web_root.empty() ? std::string(DENEN_SOURCE_ROOT) + "/web" : config.web_root;
}

Result<std::unique_ptr<store::Database>> OpenMigratedDatabase(const Config& config, const Clock& clock) {
  DENEN_TRY(db, store::OpenDatabase(config.database_url, config.database_pool_size));
  DENEN_TRY_VOID(store::Migrate(*db, clock));
  DENEN_TRY_VOID(store::EnsureMunicipality(*db, clock, {config.municipality_code, config.municipality_name}));
  return std::move(db);
}

Result<std::unique_ptr<App>> BuildApp(const Config& config, const Clock& clock, auth::HashCost hash_cost) {
  auto app = std::make_unique<App>();
  app->config = config;
  app->clock = &clock;
  DENEN_TRY(db, OpenMigratedDatabase(config, clock));
  app->db = std::move(db);
  app->accounts = std::make_unique<auth::StaffAccounts>(*app->db, clock, hash_cost);
  auth::AuthSettings settings{config.session_idle_minutes, config.login_slow_after_failures,
                              config.login_lock_after_failures, config.login_lock_minutes,
                              config.retention_session_days};
  app->auth = std::make_unique<auth::StaffAuth>(*app->db, clock, settings, *app->accounts);
  store::Database* database = app->db.get();
  app->staff_api = std::make_unique<http::StaffApiContext>(
      http::StaffApiContext{*app->accounts, *app->auth, config.municipality_code, config.municipality_name, config.tls,
                            [database] { return database->Query("SELECT 1").has_value(); }});
  auth::StaffAuth* staff_auth = app->auth.get();
  app->router = std::make_unique<http::Router>(
      [staff_auth](std::string_view cookie) { return staff_auth->Authenticate(cookie); });
  http::RegisterStaffRoutes(*app->router, *app->staff_api);
#ifdef DENEN_HAVE_CARE
  DENEN_TRY(care_checker, care::SharedCareChecker());
  care::RegisterCareRoutes(*app->router, {*app->db, clock, *care_checker});
#endif
#ifdef DENEN_HAVE_SCHOOL
  school::SchoolApiContext school_api{*app->db, clock};
  school::RegisterSchoolRoutes(*app->router, school_api);
#endif
  return app;
}

}  // namespace denen::app
