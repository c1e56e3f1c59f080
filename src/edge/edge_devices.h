// The server's registry of edge agents (denen-edge on a kiosk PC, library
// counter PC or door controller): staff register a device for a role and a
// place and hand its one-time credential to the installer; the device sends it
// as `Authorization: Bearer <credential>`; staff can revoke it at once. Only
// the credential's SHA-256 is stored. Safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "http/router.h"
#include "store/database.h"

namespace denen::edge {

struct DeviceRecord {
  std::string id;
  std::string name;
  std::string role;      // kiosk | counter | door
  std::string place_id;  // '' when none
  int64_t created_at_ms = 0;
  std::optional<int64_t> revoked_at_ms;
  std::optional<int64_t> last_seen_ms;
  // What the agent last reported (ReportStatus); unset until it first does.
  std::optional<int64_t> queued;
  std::optional<int64_t> oldest_queued_at_ms;
  std::optional<int64_t> status_at_ms;
};

// An agent's report of itself: check-ins waiting in its local queue, and for
// how long the oldest has waited by the agent's own measure (unset when none
// waits), so that the kiosk's clock need not agree with the server's.
struct DeviceStatus {
  int64_t queued = 0;
  std::optional<int64_t> oldest_queued_seconds;
};

struct RegisteredDevice {
  DeviceRecord device;
  std::string credential;  // shown once; "<municipality>.<random>"
};

class EdgeDevices {
 public:
  EdgeDevices(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Refuses an unknown role ("device_role_invalid") or an empty name.
  Result<RegisteredDevice> Register(std::string_view municipality, std::string_view name, std::string_view role,
                                    std::string_view place_id, std::string_view actor);
  Result<void> Revoke(std::string_view municipality, std::string_view device_id, std::string_view actor);
  Result<std::vector<DeviceRecord>> List(std::string_view municipality) const;

  // For http::Router: "device_unauthenticated" for an unknown credential,
  // "device_revoked" for a revoked one. Updates last_seen_ms.
  Result<http::DeviceSession> Authenticate(std::string_view credential);

  // Stores what the authenticated device reports of itself; also counts as
  // contact (last_seen_ms).
  Result<void> ReportStatus(const http::DeviceSession& device, const DeviceStatus& status);

  // Prometheus text (gauges) for every device not revoked, of every
  // municipality: denen_edge_queued, denen_edge_oldest_queued_age_seconds and
  // denen_edge_last_contact_age_seconds (the sync age: since the device last
  // reached the server), labelled by municipality, device id and role.
  Result<std::string> MetricsText() const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace denen::edge
