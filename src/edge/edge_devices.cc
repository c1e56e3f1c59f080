#include "edge/edge_devices.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "audit/audit_log.h"
#include "core/random.h"
#include "http/metrics.h"

namespace denen::edge {
namespace {

using store::Int;
using store::Text;

constexpr std::string_view kColumns =
    "id, name, role, place_id, created_at_ms, revoked_at_ms, last_seen_ms, queued, oldest_queued_at_ms, status_at_ms";

std::optional<int64_t> OptionalInt(const store::Row& row, size_t column) {
  return row.IsNull(column) ? std::nullopt : std::optional<int64_t>(row.Int(column));
}

DeviceRecord FromRow(const store::Row& row) {
  DeviceRecord d;
  d.id = row.Text(0);
  d.name = row.Text(1);
  d.role = row.Text(2);
  d.place_id = row.Text(3);
  d.created_at_ms = row.Int(4);
  d.revoked_at_ms = OptionalInt(row, 5);
  d.last_seen_ms = OptionalInt(row, 6);
  d.queued = OptionalInt(row, 7);
  d.oldest_queued_at_ms = OptionalInt(row, 8);
  d.status_at_ms = OptionalInt(row, 9);
  return d;
}

bool IsDeviceRole(std::string_view role) { return role == "kiosk" || role == "counter" || role == "door"; }

// last_seen_ms is written at most once a minute per device, so that polling
// devices do not turn every read into a write.
constexpr int64_t kLastSeenResolutionMs = 60'000;

}  // namespace

Result<RegisteredDevice> EdgeDevices::Register(std::string_view municipality, std::string_view name,
                                               std::string_view role, std::string_view place_id,
                                               std::string_view actor) {
  if (!IsDeviceRole(role)) {
    return Fail(Error::Invalid("device_role_invalid", "端末の種類は kiosk, counter, door のいずれかにしてください"));
  }
  if (name.empty() || name.size() > 200) {
    return Fail(Error::Invalid("device_name_invalid", "端末名を200バイト以内で入力してください"));
  }
  if (place_id.size() > 100) return Fail(Error::Invalid("device_place_invalid", "設置場所のIDが長すぎます"));
  RegisteredDevice out;
  out.device.id = NewId(clock_);
  out.device.name = std::string(name);
  out.device.role = std::string(role);
  out.device.place_id = std::string(place_id);
  out.device.created_at_ms = clock_.NowMillis();
  out.credential = std::string(municipality) + "." + RandomToken(32);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO edge_devices (municipality_code, id, name, role, place_id, credential_hash, created_at_ms, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(std::string(municipality)), Text(out.device.id), Text(out.device.name), Text(out.device.role),
         Text(out.device.place_id), Text(Sha256Hex(out.credential)), Int(out.device.created_at_ms),
         Text(std::string(actor))}));
    return audit::Record(tx, clock_, municipality,
                         {std::string(actor), "edge_device.register", "edge_device", out.device.id,
                          nlohmann::json{{"role", out.device.role}, {"place_id", out.device.place_id}}.dump()});
  }));
  return out;
}

Result<void> EdgeDevices::Revoke(std::string_view municipality, std::string_view device_id, std::string_view actor) {
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(changed, tx.Exec("UPDATE edge_devices SET revoked_at_ms = ? WHERE municipality_code = ? AND id = ? AND "
                               "revoked_at_ms IS NULL",
                               {Int(clock_.NowMillis()), Text(std::string(municipality)), Text(std::string(device_id))}));
    if (changed == 0) {
      DENEN_TRY(exists, tx.QueryOne("SELECT 1 FROM edge_devices WHERE municipality_code = ? AND id = ?",
                                    {Text(std::string(municipality)), Text(std::string(device_id))}));
      if (!exists) return Fail(Error::NotFound("device_not_found", "該当する端末がありません"));
      return {};  // already revoked
    }
    return audit::Record(tx, clock_, municipality,
                         {std::string(actor), "edge_device.revoke", "edge_device", std::string(device_id), "{}"});
  });
}

Result<std::vector<DeviceRecord>> EdgeDevices::List(std::string_view municipality) const {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kColumns) +
                                " FROM edge_devices WHERE municipality_code = ? ORDER BY role, name, id",
                            {Text(std::string(municipality))}));
  std::vector<DeviceRecord> out;
  for (const auto& row : rows) out.push_back(FromRow(row));
  return out;
}

Result<http::DeviceSession> EdgeDevices::Authenticate(std::string_view credential) {
  if (credential.empty() || credential.size() > 200) {
    return Fail(Error{ErrorKind::kUnauthenticated, "device_unauthenticated", "端末の認証情報が正しくありません"});
  }
  DENEN_TRY(row, db_.QueryOne("SELECT municipality_code, " + std::string(kColumns) +
                                  " FROM edge_devices WHERE credential_hash = ?",
                              {Text(Sha256Hex(credential))}));
  if (!row) {
    return Fail(Error{ErrorKind::kUnauthenticated, "device_unauthenticated", "端末の認証情報が正しくありません"});
  }
  const std::string municipality = row->Text(0);
  // The credential names its municipality; a mismatch means a forged prefix.
  if (!credential.starts_with(municipality + ".")) {
    return Fail(Error{ErrorKind::kUnauthenticated, "device_unauthenticated", "端末の認証情報が正しくありません"});
  }
  if (!row->IsNull(6)) {
    return Fail(Error{ErrorKind::kUnauthenticated, "device_revoked", "この端末は利用停止されています"});
  }
  const int64_t now = clock_.NowMillis();
  const std::string id = row->Text(1);
  if (row->IsNull(7) || now - row->Int(7) >= kLastSeenResolutionMs) {
    DENEN_TRY_VOID(db_.Exec("UPDATE edge_devices SET last_seen_ms = ? WHERE municipality_code = ? AND id = ?",
                            {Int(now), Text(municipality), Text(id)}));
  }
  return http::DeviceSession{municipality, id, row->Text(2), row->Text(3), row->Text(4)};
}

Result<void> EdgeDevices::ReportStatus(const http::DeviceSession& device, const DeviceStatus& status) {
  if (status.queued < 0 || status.oldest_queued_seconds.value_or(0) < 0) {
    return Fail(Error::Invalid("invalid_device_status", "待ちの件数と経過秒は0以上の整数です"));
  }
  const int64_t now = clock_.NowMillis();
  const std::optional<int64_t> oldest_at =
      status.oldest_queued_seconds ? std::optional<int64_t>(now - *status.oldest_queued_seconds * 1000) : std::nullopt;
  DENEN_TRY_VOID(db_.Exec("UPDATE edge_devices SET queued = ?, oldest_queued_at_ms = ?, status_at_ms = ?, "
                          "last_seen_ms = ? WHERE municipality_code = ? AND id = ?",
                          {Int(status.queued),
                           oldest_at ? Int(*oldest_at) : store::Null(), Int(now),
                           Int(now), Text(device.municipality_code), Text(device.id)}));
  return {};
}

Result<std::string> EdgeDevices::MetricsText() const {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kColumns) +
                            ", municipality_code FROM edge_devices WHERE revoked_at_ms IS NULL "
                            "ORDER BY municipality_code, id"));
  const int64_t now = clock_.NowMillis();
  std::string queued, oldest, contact;
  for (const auto& row : rows) {
    const DeviceRecord d = FromRow(row);
    const std::string municipality = row.Text(10);
    const std::string labels = "{municipality=\"" + http::EscapeLabelValue(municipality) + "\",device=\"" +
                               http::EscapeLabelValue(d.id) + "\",role=\"" + http::EscapeLabelValue(d.role) + "\"}";
    auto seconds_since = [now](int64_t ms) { return std::to_string(std::max<int64_t>(0, now - ms) / 1000); };
    if (d.queued) queued += "denen_edge_queued" + labels + " " + std::to_string(*d.queued) + "\n";
    if (d.oldest_queued_at_ms) {
      oldest += "denen_edge_oldest_queued_age_seconds" + labels + " " + seconds_since(*d.oldest_queued_at_ms) + "\n";
    }
    if (d.last_seen_ms) {
      contact += "denen_edge_last_contact_age_seconds" + labels + " " + seconds_since(*d.last_seen_ms) + "\n";
    }
  }
  return "# HELP denen_edge_queued Check-ins waiting in the edge agent's local queue, as it last reported.\n"
         "# TYPE denen_edge_queued gauge\n" +
         queued +
         "# HELP denen_edge_oldest_queued_age_seconds Age of the oldest check-in waiting at the edge agent, as it "
         "last reported.\n"
         "# TYPE denen_edge_oldest_queued_age_seconds gauge\n" +
         oldest +
         "# HELP denen_edge_last_contact_age_seconds Seconds since the edge agent last reached the server (sync "
         "age; resolution one minute).\n"
         "# TYPE denen_edge_last_contact_age_seconds gauge\n" +
         contact;
}

}  // namespace denen::edge
