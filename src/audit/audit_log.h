// The audit log: an append-only record of who did what to which record and
// when, per municipality. Each entry's hash covers its content and the previous
// entry's hash, so any change or removal breaks the chain; Verify() finds the
// first broken entry. Safe for concurrent use (appends are serialised per
// municipality by a row lock on audit_head).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace denen::audit {

struct AuditEvent {
  std::string actor;        // staff user id, "cli", "system" or a device id
  std::string action;       // dotted verb, e.g. "user.create", "session.login"
  std::string target_type;  // e.g. "staff_user"
  std::string target_id;
  std::string detail;  // compact JSON; ids and codes only, never card numbers
};

struct AuditEntry {
  int64_t seq = 0;
  int64_t at_ms = 0;
  AuditEvent event;
  std::string prev_hash;
  std::string hash;
};

struct VerifyReport {
  int64_t entries = 0;
  // The first entry whose hash or link does not match, if any.
  std::optional<int64_t> first_broken_seq;
  std::string problem;
};

// The hash an entry must carry (hex SHA-256).
std::string EntryHash(std::string_view municipality_code, const AuditEntry& entry);

// Appends one event. Call it inside the Transact() that makes the change, so
// the change and its audit entry commit together.
Result<AuditEntry> Append(store::Database& db, const Clock& clock, std::string_view municipality_code,
                          const AuditEvent& event);

// Append() without the entry, for callers that only need success.
Result<void> Record(store::Database& db, const Clock& clock, std::string_view municipality_code,
                    const AuditEvent& event);

// Reads the newest entries, newest first.
Result<std::vector<AuditEntry>> Recent(store::Database& db, std::string_view municipality_code, int limit);

// Walks the whole chain of one municipality. A chain that no longer starts
// at entry 1 is whole only when its newest audit.purge entry says it keeps
// entries from exactly the first one that remains.
Result<VerifyReport> Verify(store::Database& db, std::string_view municipality_code);

// Retention: deletes the municipality's entries made before `before_ms`, in
// one transaction with an audit.purge entry that records how many went and
// the first sequence number kept (detail {"removed","kept_from_seq",
// "before_ms"}). Returns how many were deleted; with none to delete it writes
// nothing.
Result<int64_t> PurgeBefore(store::Database& db, const Clock& clock, std::string_view municipality_code,
                            int64_t before_ms, std::string_view actor);

}  // namespace denen::audit
