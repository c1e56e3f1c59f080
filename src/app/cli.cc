#include "app/cli.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

#include "app/app.h"
#include "app/demo.h"
#include "app/retention.h"
#include "audit/audit_log.h"
#include "core/config.h"
#include "core/random.h"
#include "http/server.h"
#include "settings/municipality_settings.h"
#include "store/migrations.h"
#include "store/tenants.h"
#ifdef DENEN_HAVE_TENANT
#include <fcntl.h>
#include <unistd.h>

#include "tenant/dump.h"
#include "tenant/onboarding.h"
#endif
#ifdef DENEN_HAVE_CARE
#include "care/care_case_cli.h"
#include "care/care_cli.h"
#endif
#ifdef DENEN_HAVE_CARD
#include "card/card_cli.h"
#endif
#ifdef DENEN_HAVE_EDGE
#include <fcntl.h>
#include <unistd.h>

#include "edge/edge_devices.h"
#endif

namespace denen::app {
namespace {

constexpr std::string_view kUsage =
    "使い方: denen <コマンド> [オプション]\n"
    "\n"
    "コマンド:\n"
    "  serve          サーバーを起動する\n"
    "  migrate        データベースを最新のスキーマにする\n"
    "  user add       職員アカウントを追加する\n"
    "  user list      職員アカウントの一覧\n"
    "  user disable   職員アカウントを無効にする (user enable で戻す)\n"
    "  audit verify   監査ログのハッシュチェーンを検証する\n"
    "  device add     端末(受付機・図書館カウンター・扉)を登録し、認証情報を表示する\n"
    "  device list    端末の一覧 (device revoke で利用停止)\n"
    "  demo           デモ用の団体(長井市)とデータを読み込む\n"
    "  tenant add     団体(自治体)を追加し、最初の管理者を作る (tenant list で一覧)\n"
    "  tenant export  一つの団体のデータをファイルに書き出す (tenant import で別の環境へ読み込む)\n"
    "  tenant settings 団体ごとの設定(秘匿の最小人数・保存期間)を表示・変更する\n"
    "  backup         稼働中のデータベース全体を一貫した状態でファイルに書き出す (restore で戻す)\n"
    "  retention run  保存期間を過ぎた記録を団体ごとの設定に従って削除・匿名化する(毎晩の実行用)\n"
    "  care           要介護認定 調査票チェック (denen care --help)\n"
    "  card           マイナンバーカード: 読み取り機の一覧・証明書の読み取り・テスト用カードの作成 (denen card --help)\n"
    "\n"
    "共通オプション:\n"
    "  --config FILE  設定ファイル(TOML)。省略時は環境変数 DENEN_CONFIG、なければ ./denen.toml\n"
    "  --help         各コマンドの説明\n";

const std::map<std::string, std::string, std::less<>> kCommandHelp = {
    {"serve",
     "denen serve [--config FILE]\n  "
     "設定ファイルに従ってHTTPサーバーを起動します。起動時にマイグレーションも行います。\n"
     "  SIGINT/SIGTERM で停止します。\n"},
    {"migrate",
     "denen migrate [--config FILE]\n  未適用のマイグレーションを適用し、スキーマのバージョンを表示します。\n"},
    {"user add",
     "denen user add --username NAME --display-name 表示名 --role ROLE [--role ROLE ...] [--password-stdin]\n"
     "               [--municipality 団体コード]\n"
     "  ROLE: admin, reception, librarian, facility_manager, care_reviewer, school, disaster_hq, planner\n"
     "  --password-stdin がなければ、ランダムな初期パスワードを作って表示します。\n"},
    {"device add",
     "denen device add --name 端末名 --role kiosk|counter|door [--place ID] [--credential-file FILE]\n"
     "                 [--municipality 団体コード]\n"
     "  認証情報は一度だけ表示します(--credential-file があればそのファイルに書き、表示しません)。\n"},
    {"device list", "denen device list [--municipality 団体コード] [--config FILE]\n  端末の一覧(最後に接続した日時)を表示します。\n"},
    {"device revoke", "denen device revoke --id ID [--municipality 団体コード]\n  端末をすぐに使えなくします。\n"},
    {"user list", "denen user list [--municipality 団体コード] [--config FILE]\n  職員アカウントを一覧表示します(パスワードは表示しません)。\n"},
    {"user disable",
     "denen user disable --username NAME [--municipality 団体コード]\n  アカウントを無効にし、ログイン中のセッションも終了します。\n"},
    {"user enable", "denen user enable --username NAME [--municipality 団体コード]\n  無効にしたアカウントを有効に戻します。\n"},
    {"audit verify",
     "denen audit verify [--config FILE]\n  "
     "監査ログのハッシュチェーンを先頭から検証し、最初に壊れている記録を報告します。\n"
     "  壊れていれば終了コード 1。\n"},
    {"tenant add",
     "denen tenant add --code 団体コード --name 団体名 --admin-username NAME [--admin-display-name 表示名]\n"
     "                 [--password-stdin] [--set 設定名=値 ...]\n"
     "  団体を追加し、最初の管理者(admin)を作ります。団体コードは6桁(検査数字つき)。\n"
     "  --password-stdin がなければ、ランダムな初期パスワードを作って表示します。\n"
     "  --set でその団体の設定を最初から決められます(設定名は tenant settings の一覧)。\n"},
    {"tenant settings",
     "denen tenant settings --code 団体コード [--set 設定名=値 ...]\n"
     "  団体の設定を表示します。--set で変更します(全部まとめて、一つでも誤りがあれば何も変えません)。\n"
     "  「設定名=」(値なし)はサーバーの設定ファイルの値に戻します。\n"
     "  設定名: kpi.min_cell_size, retention.audit_days, retention.care_case_days, retention.visit_days\n"},
    {"retention run",
     "denen retention run [--municipality 団体コード] [--config FILE]\n"
     "  保存期間(団体ごとの設定、なければ設定ファイルの [retention])を過ぎた記録を処理します:\n"
     "  要介護認定の申請を削除、受付記録の氏名・住民・要配慮情報を消して件数だけ残す、\n"
     "  使われていないログインを削除、最後に古い監査ログを削除(削除したこと自体を監査ログに記録)。\n"
     "  --municipality がなければ全団体。毎晩の実行用です (deploy/systemd/denen-retention.timer)。\n"},
    {"tenant list", "denen tenant list [--config FILE]\n  このデータベースの団体の一覧を表示します。\n"},
    {"tenant export",
     "denen tenant export --code 団体コード --out FILE\n"
     "  一つの団体の全データを、稼働中のまま一貫した状態で FILE に書き出します(権限 0600)。\n"
     "  SQLite と PostgreSQL のどちらへも tenant import で読み込めます。\n"},
    {"tenant import",
     "denen tenant import --in FILE\n"
     "  tenant export / backup のファイルを読み込みます。すでにある団体は読み込みません。\n"
     "  ファイルのハッシュと行数を確かめ、全部が正しいときだけ書き込みます。\n"},
    {"backup",
     "denen backup --out FILE\n"
     "  全団体のデータを、稼働中のまま一貫した状態で FILE に書き出します(権限 0600)。\n"},
    {"restore",
     "denen restore --in FILE\n"
     "  backup のファイルを、その団体がまだないデータベース(新しいものなど)に戻します。\n"},
    {"demo",
     "denen demo [--config FILE] [--password-file FILE]\n  "
     "デモ団体とデモデータを読み込み(何度実行しても同じ)、最初の管理者ログインを表示します。\n"},
};

// Options after the command words: --name value pairs, repeatable, and flags.
struct Options {
  std::multimap<std::string, std::string> values;
  std::vector<std::string> flags;
  std::vector<std::string> positional;

  std::optional<std::string> Get(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional(it->second);
  }
  std::vector<std::string> All(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [it, end] = values.equal_range(name); it != end; ++it) out.push_back(it->second);
    return out;
  }
  bool Flag(std::string_view name) const { return std::find(flags.begin(), flags.end(), name) != flags.end(); }
};

const std::vector<std::string> kFlagOptions = {"--help", "--password-stdin"};

// The --set NAME=VALUE options, each checked.
Result<std::vector<settings::SettingChange>> SettingChanges(const Options& o) {
  std::vector<settings::SettingChange> out;
  for (const auto& text : o.All("--set")) {
    DENEN_TRY(change, settings::ParseSettingChange(text));
    out.push_back(std::move(change));
  }
  return out;
}

Result<Options> ParseOptions(const std::vector<std::string>& args, size_t start) {
  Options o;
  for (size_t i = start; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (std::find(kFlagOptions.begin(), kFlagOptions.end(), a) != kFlagOptions.end()) {
      o.flags.push_back(a);
    } else if (a.starts_with("--")) {
      if (i + 1 >= args.size()) return Fail(Error::Invalid("usage", a + " には値が必要です"));
      o.values.emplace(a, args[++i]);
    } else {
      o.positional.push_back(a);
    }
  }
  return o;
}

Result<Config> LoadConfig(const Options& o) {
  std::string path = "denen.toml";
  if (const char* env = std::getenv("DENEN_CONFIG"); env && *env) path = env;
  if (auto given = o.Get("--config")) path = *given;
  return LoadConfigFile(path);
}

// What a command that works on the data starts from: the config it was given
// and the migrated database that config names.
struct CommandSetup {
  Config config;
  std::unique_ptr<store::Database> db;
};

Result<CommandSetup> OpenCommandSetup(const Options& o, const Clock& clock) {
  DENEN_TRY(config, LoadConfig(o));
  DENEN_TRY(db, OpenMigratedDatabase(config, clock));
  return CommandSetup{std::move(config), std::move(db)};
}

int Report(const Error& e, std::ostream& err) {
  err << "エラー: " << e.message << " (" << e.code << ")\n";
  return 1;
}

int CmdMigrate(const Options& o, std::ostream& out, std::ostream& err) {
  auto config = LoadConfig(o);
  if (!config) return Report(config.error(), err);
  SystemClock clock;
  auto db = store::OpenDatabase(config->database_url, 1);
  if (!db) return Report(db.error(), err);
  auto report = store::Migrate(**db, clock);
  if (!report) return Report(report.error(), err);
  for (const auto& name : report->applied) out << "applied " << name << "\n";
  out << "schema version " << report->to_version << "\n";
  return 0;
}

Result<std::string> ReadPasswordLine(std::istream& in) {
  std::string password;
  if (!std::getline(in, password)) return Fail(Error::Invalid("usage", "標準入力からパスワードを読めません"));
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// The municipality a command acts on: --municipality when given (it must be in
// the database), else the one of the config.
Result<std::string> TargetMunicipality(const Options& o, const Config& config, store::Database& db) {
  auto code = o.Get("--municipality");
  if (!code) return config.municipality_code;
  DENEN_TRY(found, store::FindMunicipality(db, *code));
  if (!found) {
    return Fail(Error::NotFound("municipality_not_found", "団体コード " + *code + " はこのデータベースにありません"));
  }
  return *code;
}

int CmdUser(const std::string& sub, const Options& o, std::istream& in, std::ostream& out, std::ostream& err) {
  SystemClock clock;
  auto setup = OpenCommandSetup(o, clock);
  if (!setup) return Report(setup.error(), err);
  const Config& config = setup->config;
  store::Database& db = *setup->db;
  auth::StaffAccounts accounts(db, clock, auth::HashCost::kModerate);
  auto target = TargetMunicipality(o, config, db);
  if (!target) return Report(target.error(), err);
  const std::string& code = *target;

  if (sub == "add") {
    auto username = o.Get("--username");
    auto display = o.Get("--display-name");
    if (!username || !display || o.All("--role").empty()) {
      err << kCommandHelp.at("user add");
      return 2;
    }
    auto roles = auth::RoleSet::Parse(o.All("--role"));
    if (!roles) return Report(roles.error(), err);
    std::string password;
    bool generated = false;
    if (o.Flag("--password-stdin")) {
      auto line = ReadPasswordLine(in);
      if (!line) return Report(line.error(), err);
      password = *line;
    } else {
      password = RandomToken(12);
      generated = true;
    }
    auto user = accounts.Create(code, {*username, *display, password, *roles}, "cli");
    if (!user) return Report(user.error(), err);
    out << "作成しました: " << user->username << " (" << user->roles.Serialize() << ")\n";
    if (generated) out << "初期パスワード: " << password << "\n";
    return 0;
  }
  if (sub == "list") {
    auto users = accounts.List(code);
    if (!users) return Report(users.error(), err);
    for (const auto& u : *users) {
      out << u.username << "\t" << u.display_name << "\t" << u.roles.Serialize() << "\t"
          << (u.disabled ? "無効" : "有効") << "\n";
    }
    return 0;
  }
  if (sub == "disable" || sub == "enable") {
    auto username = o.Get("--username");
    if (!username) {
      err << kCommandHelp.at("user " + sub);
      return 2;
    }
    auto user = accounts.FindByUsername(code, *username);
    if (!user) return Report(user.error(), err);
    if (!*user) return Report(Error::NotFound("user_not_found", "ユーザー「" + *username + "」はいません"), err);
    auth::StaffUserChanges changes;
    changes.disabled = sub == "disable";
    auto updated = accounts.Update(code, (*user)->id, changes, "cli");
    if (!updated) return Report(updated.error(), err);
    out << (sub == "disable" ? "無効にしました: " : "有効にしました: ") << *username << "\n";
    return 0;
  }
  err << kUsage;
  return 2;
}

int CmdAuditVerify(const Options& o, std::ostream& out, std::ostream& err) {
  auto config = LoadConfig(o);
  if (!config) return Report(config.error(), err);
  SystemClock clock;
  auto db = store::OpenDatabase(config->database_url, 1);
  if (!db) return Report(db.error(), err);
  auto report = audit::Verify(**db, config->municipality_code);
  if (!report) return Report(report.error(), err);
  if (report->first_broken_seq) {
    out << "NG: 監査ログの記録 #" << *report->first_broken_seq << " でチェーンが壊れています: " << report->problem
        << "\n";
    return 1;
  }
  out << "OK: " << report->entries << " 件の記録を検証しました\n";
  return 0;
}

int CmdServe(const Options& o, std::ostream& out, std::ostream& err) {
  auto config = LoadConfig(o);
  if (!config) return Report(config.error(), err);
  // Signals are taken by one thread with sigwait, so no handler runs in the middle of a request.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SystemClock clock;
  auto app = BuildApp(*config, clock);
  if (!app) return Report(app.error(), err);
  http::ServerOptions options{config->listen_host,
                              config->listen_port,
                              config->tls,
                              config->tls_cert_file,
                              config->tls_key_file,
                              WebRoot(*config),
                              static_cast<size_t>(config->max_body_bytes),
                              config->request_timeout_seconds,
                              config->worker_threads,
                              config->metrics_token,
                              config->access_log};
  options.more_metrics = MoreMetrics(**app);
  options.trusted_proxies = config->trusted_proxies;
  http::Server server(options, *(*app)->router);
  if (auto bound = server.Bind(); !bound) return Report(bound.error(), err);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.Stop();
  });
  out << "Denen (" << config->municipality_name << " " << config->municipality_code
      << ") を起動しました: " << (config->tls ? "https://" : "http://") << config->listen_host << ":" << server.port()
      << "/" << std::endl;
  auto served = server.Serve();
  // If the server stopped on its own, wake the signal thread.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!served) return Report(served.error(), err);
  return 0;
}

#ifdef DENEN_HAVE_CARE
// `denen care import-cases | import-forms | purge`: the care commands that need the config and the database.
int CmdCareCases(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto options = ParseOptions(args, 2);
  if (!options) return Report(options.error(), err);
  if (options->Flag("--help")) {
    out << care::kCareCaseCliHelp;
    return 0;
  }
  SystemClock clock;
  auto setup = OpenCommandSetup(*options, clock);
  if (!setup) return Report(setup.error(), err);
  const Config& config = setup->config;
  store::Database& db = *setup->db;
  auto code = TargetMunicipality(*options, config, db);
  if (!code) return Report(code.error(), err);
  return care::RunCareCaseCommand(args[1], options->positional, *code, config.retention_care_case_days, db, clock,
                                  out, err);
}
#endif

int CmdRetention(const Options& o, std::ostream& out, std::ostream& err) {
  SystemClock clock;
  auto setup = OpenCommandSetup(o, clock);
  if (!setup) return Report(setup.error(), err);
  const Config& config = setup->config;
  store::Database& db = *setup->db;
  auto outcomes = RunRetention(db, clock, config, o.Get("--municipality"));
  if (!outcomes) return Report(outcomes.error(), err);
  for (const auto& r : *outcomes) {
    out << r.municipality_code << "\t要介護認定の申請 削除 " << r.care_cases << "\t受付記録 匿名化 " << r.visits
        << "\tログイン 削除 " << r.sessions << "\t監査ログ 削除 " << r.audit_entries << "\n";
  }
  return 0;
}

int CmdDemo(const Options& o, std::ostream& out, std::ostream& err) {
  SystemClock clock;
  auto setup = OpenCommandSetup(o, clock);
  if (!setup) return Report(setup.error(), err);
  const Config& config = setup->config;
  store::Database& db = *setup->db;
  const std::string password_file = o.Get("--password-file").value_or("var/initial-admin-password");
  auto login = LoadDemo(db, clock, config, password_file);
  if (!login) return Report(login.error(), err);
  out << "デモデータを読み込みました: " << config.municipality_name << " (" << config.municipality_code << ")\n";
  out << "最初のログイン: ユーザー名 " << login->username << " / パスワード " << login->password << "\n";
  return 0;
}

#ifdef DENEN_HAVE_EDGE
int CmdDevice(const std::string& sub, const Options& o, std::ostream& out, std::ostream& err) {
  SystemClock clock;
  auto setup = OpenCommandSetup(o, clock);
  if (!setup) return Report(setup.error(), err);
  const Config& config = setup->config;
  store::Database& db = *setup->db;
  edge::EdgeDevices devices(db, clock);
  auto target = TargetMunicipality(o, config, db);
  if (!target) return Report(target.error(), err);
  const std::string& code = *target;
  if (sub == "add") {
    auto name = o.Get("--name");
    auto role = o.Get("--role");
    if (!name || !role) {
      err << kCommandHelp.at("device add");
      return 2;
    }
    auto made = devices.Register(code, *name, *role, o.Get("--place").value_or(""), "cli");
    if (!made) return Report(made.error(), err);
    out << "登録しました: " << made->device.id << " (" << made->device.role << ")\n";
    if (auto file = o.Get("--credential-file")) {
      const int fd = ::open(file->c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd < 0 || ::write(fd, made->credential.data(), made->credential.size()) < 0) {
        if (fd >= 0) ::close(fd);
        return Report(Error::Unavailable("write_failed", *file + " に書けません"), err);
      }
      ::close(fd);
      out << "認証情報を書きました: " << *file << "\n";
    } else {
      out << "認証情報(一度だけ表示します): " << made->credential << "\n";
    }
    return 0;
  }
  if (sub == "list") {
    auto list = devices.List(code);
    if (!list) return Report(list.error(), err);
    for (const auto& d : *list) {
      out << d.id << "\t" << d.role << "\t" << d.name << "\t" << d.place_id << "\t"
          << (d.revoked_at_ms ? "利用停止" : d.last_seen_ms ? "最終接続 " + FormatIsoUtc(*d.last_seen_ms) : "未接続")
          << "\n";
    }
    return 0;
  }
  if (sub == "revoke") {
    auto id = o.Get("--id");
    if (!id) {
      err << kCommandHelp.at("device revoke");
      return 2;
    }
    if (auto done = devices.Revoke(code, *id, "cli"); !done) return Report(done.error(), err);
    out << "利用停止にしました: " << *id << "\n";
    return 0;
  }
  err << kUsage;
  return 2;
}
#endif


#ifdef DENEN_HAVE_TENANT
// Writes a dump to `path` through a temporary file readable by the owner only,
// synced and renamed into place, so a failed run leaves no partial file.
Result<tenant::DumpSummary> WriteDumpFile(store::Database& db, const std::vector<std::string>& codes,
                                          const Clock& clock, const std::string& path) {
  const std::string temp = path + ".partial";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Error::Unavailable("write_failed", temp + " を作れません"));
  ::close(fd);
  Result<tenant::DumpSummary> summary;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    summary = tenant::WriteDump(db, codes, FormatIsoUtc(clock.NowMillis()), out);
  }
  const int sync_fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = sync_fd >= 0 && ::fsync(sync_fd) == 0;
  if (sync_fd >= 0) ::close(sync_fd);
  if (!summary || !synced || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp);
    if (!summary) return summary;
    return Fail(Error::Unavailable("write_failed", path + " に書けません"));
  }
  return summary;
}

// Records one audit entry per municipality a dump covered.
void AuditDump(store::Database& db, const Clock& clock, const tenant::DumpSummary& summary, const std::string& action) {
  for (const auto& code : summary.municipalities) {
    (void)audit::Record(db, clock, code,
                        {"cli", action, "municipality", code, "{\"rows\":" + std::to_string(summary.rows) + "}"});
  }
}

int CmdTenant(const std::string& full, const Options& o, std::istream& in, std::ostream& out, std::ostream& err) {
  auto config = LoadConfig(o);
  if (!config) return Report(config.error(), err);
  SystemClock clock;
  // Not OpenMigratedDatabase: it would create the configured municipality,
  // and an import must find the database without the municipalities it brings.
  auto db = store::OpenDatabase(config->database_url, config->database_pool_size);
  if (!db) return Report(db.error(), err);
  if (auto migrated = store::Migrate(**db, clock); !migrated) return Report(migrated.error(), err);

  if (full == "tenant add") {
    auto code = o.Get("--code");
    auto name = o.Get("--name");
    auto admin = o.Get("--admin-username");
    if (!code || !name || !admin) {
      err << kCommandHelp.at(full);
      return 2;
    }
    std::string password;
    const bool generated = !o.Flag("--password-stdin");
    if (generated) {
      password = RandomToken(12);
    } else {
      auto line = ReadPasswordLine(in);
      if (!line) return Report(line.error(), err);
      password = *line;
    }
    auto changes = SettingChanges(o);
    if (!changes) return Report(changes.error(), err);
    tenant::NewMunicipality request{{*code, *name}, *admin, o.Get("--admin-display-name").value_or(*admin), password,
                                    *changes};
    if (auto added = tenant::AddMunicipality(**db, clock, request, "cli", auth::HashCost::kModerate); !added) {
      return Report(added.error(), err);
    }
    out << "団体を追加しました: " << *code << " " << *name << "\n管理者: " << *admin << "\n";
    if (generated) out << "初期パスワード: " << password << "\n";
    return 0;
  }
  if (full == "tenant settings") {
    auto code = o.Get("--code");
    if (!code) {
      err << kCommandHelp.at(full);
      return 2;
    }
    auto changes = SettingChanges(o);
    if (!changes) return Report(changes.error(), err);
    settings::MunicipalitySettings all(**db, clock, settings::ServerDefaults(*config));
    if (!changes->empty()) {
      if (auto changed = all.Change(*code, *changes, "cli"); !changed) return Report(changed.error(), err);
    }
    auto list = all.List(*code);
    if (!list) return Report(list.error(), err);
    for (const auto& v : *list) {
      out << v.info->name << "\t" << v.value << "\t" << (v.own ? "団体の設定" : "サーバーの既定") << "\t" << v.info->label
          << "\n";
    }
    return 0;
  }
  if (full == "tenant list") {
    auto list = store::ListMunicipalities(**db);
    if (!list) return Report(list.error(), err);
    for (const auto& m : *list) out << m.code << "\t" << m.name << "\n";
    return 0;
  }
  if (full == "tenant export" || full == "backup") {
    auto path = o.Get("--out");
    auto code = o.Get("--code");
    if (!path || (full == "tenant export" && !code)) {
      err << kCommandHelp.at(full);
      return 2;
    }
    std::vector<std::string> codes;
    if (full == "tenant export") codes.push_back(*code);
    auto summary = WriteDumpFile(**db, codes, clock, *path);
    if (!summary) return Report(summary.error(), err);
    AuditDump(**db, clock, *summary, full == "backup" ? "backup.create" : "tenant.export");
    out << "書き出しました: " << *path << " (団体 " << summary->municipalities.size() << "、表 " << summary->tables
        << "、行 " << summary->rows << ")\n";
    return 0;
  }
  // tenant import, restore
  auto path = o.Get("--in");
  if (!path) {
    err << kCommandHelp.at(full);
    return 2;
  }
  std::ifstream file(*path, std::ios::binary);
  if (!file) return Report(Error::NotFound("file_not_found", *path + " を開けません"), err);
  auto summary = tenant::ReadDump(**db, file);
  if (!summary) return Report(summary.error(), err);
  AuditDump(**db, clock, *summary, full == "restore" ? "backup.restore" : "tenant.import");
  out << "読み込みました: 団体 " << summary->municipalities.size() << "、表 " << summary->tables << "、行 "
      << summary->rows << "\n";
  return 0;
}
#endif

}  // namespace

int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (auto crypto = InitCrypto(); !crypto) return Report(crypto.error(), err);
  if (args.empty() || args[0] == "--help" || args[0] == "help" || args[0] == "-h") {
    (args.empty() ? err : out) << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string& command = args[0];
#ifdef DENEN_HAVE_CARD
  if (command == "card") {
    return card::RunCardCommand(std::vector<std::string>(args.begin() + 1, args.end()), in, out, err);
  }
#endif
#ifdef DENEN_HAVE_CARE
  if (command == "care") {
    if (args.size() >= 2 && care::IsCareCaseCommand(args[1])) return CmdCareCases(args, out, err);
    return care::RunCareCommand(std::vector<std::string>(args.begin() + 1, args.end()), in, out, err);
  }
#endif
  const bool two_words =
      command == "user" || command == "audit" || command == "device" || command == "tenant" || command == "retention";
  if (two_words && args.size() < 2) {
    err << kUsage;
    return 2;
  }
  const std::string full = two_words ? command + " " + args[1] : command;
  auto options = ParseOptions(args, two_words ? 2 : 1);
  if (!options) return Report(options.error(), err);
  if (options->Flag("--help")) {
    auto help = kCommandHelp.find(full);
    out << (help == kCommandHelp.end() ? std::string(kUsage) : help->second);
    return 0;
  }
  if (!kCommandHelp.contains(full)) {
    err << "不明なコマンドです: " << full << "\n\n" << kUsage;
    return 2;
  }
  if (!options->positional.empty()) {
    err << "余分な引数があります: " << options->positional.front() << "\n";
    return 2;
  }
  if (command == "serve") return CmdServe(*options, out, err);
  if (command == "migrate") return CmdMigrate(*options, out, err);
  if (command == "user") return CmdUser(args[1], *options, in, out, err);
  if (full == "audit verify") return CmdAuditVerify(*options, out, err);
  if (full == "retention run") return CmdRetention(*options, out, err);
#ifdef DENEN_HAVE_EDGE
  if (command == "device") return CmdDevice(args[1], *options, out, err);
#endif
  if (command == "demo") return CmdDemo(*options, out, err);
#ifdef DENEN_HAVE_TENANT
  if (command == "tenant" || command == "backup" || command == "restore") return CmdTenant(full, *options, in, out, err);
#endif
  err << kUsage;
  return 2;
}

}  // namespace denen::app
