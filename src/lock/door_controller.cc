#include "lock/door_controller.h"

#include <cstdlib>

#include "core/random.h"

namespace denen::lock {
namespace {

using store::Int;
using store::Text;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS door_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS door_grants (
  id TEXT PRIMARY KEY, identity_key TEXT NOT NULL, kind INTEGER NOT NULL, from_ms BIGINT NOT NULL,
  until_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS door_events (
  event_id TEXT PRIMARY KEY, at_ms BIGINT NOT NULL, identity_key TEXT NOT NULL, granted INTEGER NOT NULL,
  reason TEXT NOT NULL, uploaded INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS door_events_pending ON door_events (uploaded, at_ms);
CREATE TABLE IF NOT EXISTS door_commands (
  id TEXT PRIMARY KEY, kind INTEGER NOT NULL, until_ms BIGINT NOT NULL, applied_at_ms BIGINT NOT NULL,
  reported INTEGER NOT NULL)
)sql";

Result<void> SetMeta(store::Database& db, std::string_view name, const std::string& value) {
  DENEN_TRY_VOID(db.Exec("DELETE FROM door_meta WHERE name = ?", {Text(std::string(name))}));
  DENEN_TRY_VOID(db.Exec("INSERT INTO door_meta (name, value) VALUES (?, ?)", {Text(std::string(name)), Text(value)}));
  return {};
}

Error Refused(std::string code, std::string message) { return Error::Invalid(std::move(code), std::move(message)); }

}  // namespace

Result<std::unique_ptr<DoorController>> DoorController::Open(DoorConfig config, const Clock& clock, LockDriver& driver,
                                                             DoorServer& server) {
  if (config.public_key.size() != kPublicKeyBytes) {
    return Fail(Error::Invalid("door_public_key_invalid", "扉の設定の公開鍵は32バイトの Ed25519 公開鍵です"));
  }
  DENEN_TRY(db, store::OpenDatabase("sqlite:" + config.state_path, 1));
  DENEN_TRY_VOID(db->ExecScript(kSchema));
  std::unique_ptr<DoorController> door(new DoorController(std::move(config), clock, driver, server, std::move(db)));
  door->time_trusted_ = door->config_.trust_clock_at_boot;
  DENEN_TRY_VOID(door->Load());
  return door;
}

Result<void> DoorController::Load() {
  DENEN_TRY(meta, db_->Query("SELECT name, value FROM door_meta"));
  uint64_t version = 0;
  int64_t signed_at = 0;
  for (const auto& r : meta) {
    const std::string name = r.Text(0);
    const std::string value = r.Text(1);
    if (name == "version") version = std::strtoull(value.c_str(), nullptr, 10);
    if (name == "signed_at_ms") signed_at = std::strtoll(value.c_str(), nullptr, 10);
    if (name == "emergency_until_ms") emergency_until_ms_ = std::strtoll(value.c_str(), nullptr, 10);
  }
  DENEN_TRY(rows, db_->Query("SELECT id, identity_key, kind, from_ms, until_ms FROM door_grants"));
  for (const auto& r : rows) {
    list_.Upsert({r.Text(0), r.Text(1), static_cast<GrantKind>(r.Int(2)), r.Int(3), r.Int(4)});
  }
  list_.SetVersion(version, signed_at);
  return {};
}

bool DoorController::ClockTrustedLocked(int64_t now_ms) const {
  if (!time_trusted_ || skewed_) return false;
  if (now_ms + config_.max_clock_skew_ms < last_trusted_ms_) return false;  // the clock went back
  if (list_.version() != 0 && now_ms + config_.max_clock_skew_ms < list_.signed_at_ms()) return false;
  return true;
}

bool DoorController::ListFreshLocked(int64_t now_ms) const {
  return list_.version() != 0 && now_ms - list_.signed_at_ms() <= config_.max_list_age_ms;
}

Result<void> DoorController::LogLocked(const AccessEvent& e) {
  DENEN_TRY_VOID(db_->Exec(
      "INSERT INTO door_events (event_id, at_ms, identity_key, granted, reason, uploaded) VALUES (?, ?, ?, ?, ?, 0)",
      {Text(e.event_id), Int(e.at_ms), Text(e.identity_key), Int(e.granted ? 1 : 0), Text(e.reason)}));
  return {};
}

Result<Decision> DoorController::Decide(std::string_view identity_key, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  DoorConditions conditions{now_ms, ClockTrustedLocked(now_ms), ListFreshLocked(now_ms), emergency_until_ms_};
  Decision d = Evaluate(list_, identity_key, conditions);
  AccessEvent event{NewId(clock_), now_ms, std::string(identity_key), d.granted, std::string(ReasonId(d.reason))};
  if (auto logged = LogLocked(event); !logged) return Fail(logged.error());
  if (d.granted) {
    DENEN_TRY_VOID(driver_.Unlock());
    relock_at_ms_ = now_ms + config_.unlock_hold_ms;
  }
  return d;
}

Result<void> DoorController::Tick(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (emergency_until_ms_ && now_ms >= *emergency_until_ms_) {
    emergency_until_ms_.reset();
    DENEN_TRY_VOID(db_->Exec("DELETE FROM door_meta WHERE name = 'emergency_until_ms'"));
    relock_at_ms_ = now_ms;
  }
  if (relock_at_ms_ && now_ms >= *relock_at_ms_ && !emergency_until_ms_) {
    DENEN_TRY_VOID(driver_.Lock());
    relock_at_ms_.reset();
  }
  return {};
}

void DoorController::NoteTrustedTime(int64_t trusted_now_ms) {
  std::lock_guard lock(mutex_);
  NoteTrustedTimeLocked(trusted_now_ms);
}

void DoorController::NoteTrustedTimeLocked(int64_t trusted_now_ms) {
  const int64_t local = clock_.NowMillis();
  skewed_ = std::llabs(local - trusted_now_ms) > config_.max_clock_skew_ms;
  if (!skewed_) {
    time_trusted_ = true;
    last_trusted_ms_ = local;
  }
}

Result<bool> DoorController::ApplySigned(std::string_view signed_list, int64_t now_ms) {
  DENEN_TRY(message, VerifyListMessage(signed_list, config_.public_key));
  std::lock_guard lock(mutex_);
  return ApplyLocked(message, now_ms);
}

Result<bool> DoorController::ApplyLocked(const ListMessage& m, int64_t now_ms) {
  if (m.municipality_code != config_.municipality_code || m.door_id != config_.door_id) {
    return Fail(Refused("list_foreign", "別の扉または別の自治体のアクセスリストです"));
  }
  const uint64_t current = list_.version();
  if (m.version < current || (m.version == current && m.signed_at_ms < list_.signed_at_ms())) {
    return Fail(Refused("list_version_old", "保持しているものより古いアクセスリストです"));
  }
  if (!m.full && m.base_version != current) {
    return Fail(Refused("list_base_mismatch", "差分の基準版が保持している版と一致しません"));
  }
  if (!m.full && m.version == current && (!m.adds.empty() || !m.removes.empty())) {
    return Fail(Refused("list_version_old", "同じ版で内容の異なる差分は受け付けません"));
  }
  const bool changed = m.full || !m.adds.empty() || !m.removes.empty();
  // Commands this door has not applied yet (the server repeats them until reported).
  std::vector<DoorCommand> fresh_commands;
  for (const auto& c : m.commands) {
    auto seen = db_->QueryOne("SELECT 1 FROM door_commands WHERE id = ?", {Text(c.id)});
    if (!seen) return Fail(seen.error());
    if (!*seen) fresh_commands.push_back(c);
  }
  std::optional<int64_t> emergency = emergency_until_ms_;
  DENEN_TRY_VOID(db_->Transact([&](store::Database& tx) -> Result<void> {
    if (m.full) DENEN_TRY_VOID(tx.Exec("DELETE FROM door_grants"));
    for (const auto& id : m.removes) DENEN_TRY_VOID(tx.Exec("DELETE FROM door_grants WHERE id = ?", {Text(id)}));
    for (const auto& g : m.adds) {
      if (!m.full) DENEN_TRY_VOID(tx.Exec("DELETE FROM door_grants WHERE id = ?", {Text(g.id)}));
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO door_grants (id, identity_key, kind, from_ms, until_ms) VALUES (?, ?, ?, ?, ?)",
                  {Text(g.id), Text(g.identity_key), Int(static_cast<int>(g.kind)), Int(g.from_ms), Int(g.until_ms)}));
    }
    DENEN_TRY_VOID(SetMeta(tx, "version", std::to_string(m.version)));
    DENEN_TRY_VOID(SetMeta(tx, "signed_at_ms", std::to_string(m.signed_at_ms)));
    for (const auto& c : fresh_commands) {
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO door_commands (id, kind, until_ms, applied_at_ms, reported) VALUES (?, ?, ?, ?, 0)",
                  {Text(c.id), Int(static_cast<int>(c.kind)), Int(c.until_ms), Int(now_ms)}));
      const bool open = c.kind == CommandKind::kEmergencyOpen;
      emergency = open ? std::optional<int64_t>(c.until_ms) : std::nullopt;
      AccessEvent e{c.id + ":applied", now_ms, "", open, open ? "emergency_open_command" : "emergency_end_command"};
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO door_events (event_id, at_ms, identity_key, granted, reason, uploaded) VALUES (?, ?, "
                  "?, ?, ?, 0)",
                  {Text(e.event_id), Int(e.at_ms), Text(e.identity_key), Int(e.granted ? 1 : 0), Text(e.reason)}));
    }
    if (!fresh_commands.empty()) {
      DENEN_TRY_VOID(SetMeta(tx, "emergency_until_ms", std::to_string(emergency.value_or(0))));
    }
    return {};
  }));
  if (m.full) list_.Clear();
  for (const auto& id : m.removes) list_.Remove(id);
  for (const auto& g : m.adds) list_.Upsert(g);
  list_.SetVersion(m.version, m.signed_at_ms);
  if (!fresh_commands.empty()) {
    emergency_until_ms_ = emergency && *emergency > now_ms ? emergency : std::nullopt;
    if (emergency_until_ms_) {
      DENEN_TRY_VOID(driver_.Unlock());
    } else {
      DENEN_TRY_VOID(driver_.Lock());
    }
  }
  return changed;
}

std::vector<AccessEvent> DoorController::PendingEvents(size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<AccessEvent> out;
  auto rows = db_->Query(
      "SELECT event_id, at_ms, identity_key, granted, reason FROM door_events WHERE uploaded = 0 ORDER BY at_ms, "
      "event_id LIMIT ?",
      {Int(static_cast<int64_t>(limit))});
  if (!rows) return out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Int(1), r.Text(2), r.Int(3) != 0, r.Text(4)});
  return out;
}

Result<SyncReport> DoorController::Sync() {
  SyncReport report;
  // The network calls run without the mutex, so taps are decided meanwhile.
  for (;;) {
    std::vector<AccessEvent> batch = PendingEvents(config_.upload_batch);
    if (batch.empty()) break;
    auto uploaded = server_.UploadEvents(batch);
    if (!uploaded) {
      // The list still syncs: a refused batch must not keep the door on an old list.
      report.upload_error = uploaded.error();
      break;
    }
    const std::vector<std::string>& stored = *uploaded;
    std::lock_guard lock(mutex_);
    size_t marked = 0;
    DENEN_TRY_VOID(db_->Transact([&](store::Database& tx) -> Result<void> {
      for (const auto& id : stored) {
        DENEN_TRY(n, tx.Exec("UPDATE door_events SET uploaded = 1 WHERE event_id = ? AND uploaded = 0", {Text(id)}));
        marked += static_cast<size_t>(n);
      }
      return {};
    }));
    report.events_uploaded += marked;
    if (marked == 0) break;  // the server stored none of them: try again at the next sync
  }
  SyncRequest request;
  std::vector<std::string> reported;
  {
    std::lock_guard lock(mutex_);
    request.version = list_.version();
    DENEN_TRY(rows, db_->Query("SELECT id FROM door_commands WHERE reported = 0"));
    for (const auto& r : rows) reported.push_back(r.Text(0));
    request.applied_commands = reported;
    LockStatus status = driver_.Status();
    request.lock_state = status.state;
    request.battery_percent = status.battery_percent;
  }
  DENEN_TRY(reply, server_.Sync(request));
  DENEN_TRY(message, VerifyListMessage(reply.signed_list, config_.public_key));
  std::lock_guard lock(mutex_);
  for (const auto& id : reported) {
    DENEN_TRY_VOID(db_->Exec("UPDATE door_commands SET reported = 1 WHERE id = ?", {Text(id)}));
  }
  DENEN_TRY(changed, ApplyLocked(message, clock_.NowMillis()));
  // The signing time is covered by the signature and the version check, so a
  // replayed or forged answer cannot set the door's idea of the time.
  NoteTrustedTimeLocked(message.signed_at_ms);
  report.list_changed = changed;
  report.full = message.full;
  report.version = list_.version();
  report.commands_applied = message.commands.size();
  return report;
}

DoorStatus DoorController::Status(int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  DoorStatus s;
  s.version = list_.version();
  s.list_signed_at_ms = list_.signed_at_ms();
  s.grants = list_.size();
  s.clock_trusted = ClockTrustedLocked(now_ms);
  s.list_fresh = ListFreshLocked(now_ms);
  s.emergency_open_until_ms = emergency_until_ms_;
  auto pending = db_->QueryOne("SELECT COUNT(*) FROM door_events WHERE uploaded = 0");
  if (pending && *pending) s.pending_events = static_cast<size_t>((*pending)->Int(0));
  s.lock = driver_.Status();
  return s;
}

}  // namespace denen::lock
