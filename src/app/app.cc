#include "app/app.h"

#include "settings/settings_api.h"
#include "store/migrations.h"
#include "store/tenants.h"
#ifdef DENEN_HAVE_CARE
#include "care/care_api.h"
#include "care/care_cases_api.h"
#endif
#ifdef DENEN_HAVE_SCHOOL
#include "school/school_api.h"
#endif
#ifdef DENEN_HAVE_IDENTITY
#include "card/certificate.h"
#include "card/challenge_store.h"
#include "identity/card_resolver.h"
#include "identity/identity_api.h"
#include "identity/residents.h"
#endif
#ifdef DENEN_HAVE_EDGE
#include "edge/edge_api.h"
#include "edge/edge_devices.h"
#endif
#ifdef DENEN_HAVE_LIBRARY
#include "library/library_api.h"
#endif
#ifdef DENEN_HAVE_LOCK
#include "lock/lock_api.h"
#endif
#ifdef DENEN_HAVE_KPI
#include "kpi/kpi_api.h"
#endif

#ifdef DENEN_HAVE_RECEPTION
#include "reception/reception_api.h"
#ifdef DENEN_RECEPTION_HAVE_IDENTITY
#include "reception/card_tap.h"
#endif
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
  return db;
}

#ifdef DENEN_HAVE_IDENTITY
// The resident directory, and the card checks when [card] names trust anchors.
// The card checks serve every municipality of the database, each with its own
// identity-key salt (identity::CardResolver).
Result<void> WireIdentity(App& app, const Config& config, const Clock& clock) {
  auto residents = std::make_shared<identity::ResidentDirectory>(*app.db, clock);
  app.residents = residents.get();
  app.owned.push_back(residents);
  identity::IdentityApiContext api{*app.db, clock, *residents, nullptr};
  if (!config.card_trust_anchors_file.empty()) {
    DENEN_TRY(trust, card::TrustOptionsFromFiles(config.card_trust_anchors_file, config.card_crl_file));
    api.trust_anchors_pem = trust.trust_anchors_pem;
    api.crl_pem = trust.crls_pem;
    api.crl_max_age_hours = config.card_crl_max_age_hours;
    api.required_policy_oid = config.card_required_policy_oid;
    if (config.card_crl_max_age_hours > 0) trust.crl_max_age_millis = config.card_crl_max_age_hours * 3'600'000LL;
    trust.required_policy_oid = config.card_required_policy_oid;
    DENEN_TRY(certificates, card::CertificateVerifier::Create(std::move(trust), clock));
    auto challenges = std::make_shared<card::ChallengeStore>(clock);
    auto cards = std::make_shared<identity::CardResolver>(certificates, *challenges, *residents);
    app.cards = cards.get();
    app.owned.push_back(challenges);
    app.owned.push_back(cards);
  }
  api.cards = app.cards;
  identity::RegisterIdentityRoutes(*app.router, api);
  return {};
}
#endif

// The group commit of SQLite's writers (store::Database::WriteStats).
std::string WriteStatsMetricsText(const store::Database& db) {
  const store::Database::WriteStats stats = db.write_stats();
  return "# HELP denen_db_write_groups_total Transactions the SQLite writer queue committed or rolled back.\n"
         "# TYPE denen_db_write_groups_total counter\n"
         "denen_db_write_groups_total " + std::to_string(stats.groups) + "\n"
         "# HELP denen_db_write_bodies_total Writes those transactions ran (bodies / groups: the mean group size).\n"
         "# TYPE denen_db_write_bodies_total counter\n"
         "denen_db_write_bodies_total " + std::to_string(stats.bodies) + "\n"
         "# HELP denen_db_write_queued Writes waiting for the SQLite writer or being committed now.\n"
         "# TYPE denen_db_write_queued gauge\n"
         "denen_db_write_queued " + std::to_string(stats.queued) + "\n";
}

std::function<Result<std::string>()> MoreMetrics(const App& app) {
  std::vector<std::function<Result<std::string>()>> parts;
  if (const store::Database* db = app.db.get(); db != nullptr && db->engine() == store::Engine::kSqlite) {
    parts.push_back([db]() -> Result<std::string> { return WriteStatsMetricsText(*db); });
  }
  if (const store::ReadReplica* replica = app.read_replica.get(); replica != nullptr) {
    parts.push_back([replica]() -> Result<std::string> { return replica->MetricsText(); });
  }
#ifdef DENEN_HAVE_EDGE
  if (const edge::EdgeDevices* devices = app.edge_devices; devices != nullptr) {
    parts.push_back([devices] { return devices->MetricsText(); });
  }
#endif
  if (parts.empty()) return nullptr;
  return [parts]() -> Result<std::string> {
    std::string text;
    for (const auto& part : parts) {
      auto more = part();
      text += more ? *more : "# more metrics unavailable: " + more.error().code + "\n";
    }
    return text;
  };
}

Result<std::unique_ptr<App>> BuildApp(const Config& config, const Clock& clock, auth::HashCost hash_cost) {
  auto app = std::make_unique<App>();
  app->config = config;
  app->clock = &clock;
  DENEN_TRY(db, OpenMigratedDatabase(config, clock));
  app->db = std::move(db);
  if (!config.database_read_url.empty()) {
    app->read_replica =
        store::ReadReplica::ForUrl(*app->db, config.database_read_url, config.database_read_pool_size, clock);
    app->read_replica->Connect();
  }
  app->accounts = std::make_unique<auth::StaffAccounts>(*app->db, clock, hash_cost);
  auth::AuthSettings auth_settings{config.session_idle_minutes, config.login_slow_after_failures,
                                   config.login_lock_after_failures, config.login_lock_minutes,
                                   config.retention_session_days};
  app->auth = std::make_unique<auth::StaffAuth>(*app->db, clock, auth_settings, *app->accounts);
  app->settings = std::make_unique<settings::MunicipalitySettings>(*app->db, clock, settings::ServerDefaults(config));
  store::Database* database = app->db.get();
  // A session shows its own municipality's name: one server serves them all.
  auto municipality_name_of = [database](std::string_view code) -> std::string {
    auto found = store::FindMunicipality(*database, std::string(code));
    return found && *found ? (*found)->name : std::string(code);
  };
  app->staff_api = std::make_unique<http::StaffApiContext>(
      http::StaffApiContext{*app->accounts, *app->auth, config.municipality_code, municipality_name_of, config.tls,
                            [database] { return database->Query("SELECT 1").has_value(); }});
  auth::StaffAuth* staff_auth = app->auth.get();
  http::DeviceAuthenticator authenticate_device;
#ifdef DENEN_HAVE_EDGE
  auto edge_devices = std::make_shared<edge::EdgeDevices>(*app->db, clock);
  app->edge_devices = edge_devices.get();
  app->owned.push_back(edge_devices);
  authenticate_device = [devices = edge_devices.get()](std::string_view credential) {
    return devices->Authenticate(credential);
  };
#endif
  app->router = std::make_unique<http::Router>(
      [staff_auth](std::string_view cookie) { return staff_auth->Authenticate(cookie); }, authenticate_device);
  http::RegisterStaffRoutes(*app->router, *app->staff_api);
  settings::RegisterSettingsRoutes(*app->router, *app->settings);
#ifdef DENEN_HAVE_EDGE
  edge::RegisterEdgeRoutes(*app->router, *edge_devices);
#endif
#ifdef DENEN_HAVE_IDENTITY
  DENEN_TRY_VOID(WireIdentity(*app, config, clock));
#endif
#ifdef DENEN_HAVE_LIBRARY
  library::RegisterLibraryRoutes(*app->router, {*app->db, clock, *app->residents, app->cards});
#endif
#ifdef DENEN_HAVE_CARE
  DENEN_TRY(care_checker, care::SharedCareChecker());
  care::RegisterCareRoutes(*app->router, {*app->db, clock, *care_checker});
  care::RegisterCareCaseRoutes(*app->router, {*app->db, app->ReportsDb(), clock, *care_checker});
#endif
#ifdef DENEN_HAVE_RECEPTION
  reception::ReceptionApiContext reception_api{*app->db, app->ReportsDb(), clock, nullptr, config.municipality_code};
#ifdef DENEN_RECEPTION_HAVE_IDENTITY
  if (app->cards != nullptr) reception_api.resolve_card = reception::CardTapResolverFor(*app->cards);
#endif
  reception::RegisterReceptionRoutes(*app->router, reception_api);
#endif
#ifdef DENEN_HAVE_SCHOOL
  school::SchoolApiContext school_api{*app->db, clock};
  school::RegisterSchoolRoutes(*app->router, school_api);
#endif
#ifdef DENEN_HAVE_LOCK
  lock::RegisterLockRoutes(*app->router, {*app->db, clock, lock::LockSettings{}});
#endif
#ifdef DENEN_HAVE_KPI
  DENEN_TRY_VOID(kpi::RegisterKpiRoutes(*app->router,
                                        {*app->db, app->ReportsDb(), clock, config.municipality_code, *app->settings}));
#endif
  return app;
}

}  // namespace denen::app
