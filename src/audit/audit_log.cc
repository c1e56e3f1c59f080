#include "audit/audit_log.h"

#include <nlohmann/json.hpp>

#include "core/random.h"

namespace denen::audit {
namespace {

using store::Int;
using store::Text;

constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

AuditEntry EntryFromRow(const store::Row& r) {
  AuditEntry e;
  e.seq = r.Int(0);
  e.at_ms = r.Int(1);
  e.event = {r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
  e.prev_hash = r.Text(7);
  e.hash = r.Text(8);
  return e;
}

constexpr std::string_view kPurgeAction = "audit.purge";
constexpr std::string_view kEntryColumns = "seq, at_ms, actor, action, target_type, target_id, detail, prev_hash, hash";

}  // namespace

std::string EntryHash(std::string_view municipality_code, const AuditEntry& e) {
  // Fields are length-prefixed so that no two different entries serialise alike.
  std::string canonical;
  auto put = [&](std::string_view field) {
    canonical += std::to_string(field.size());
    canonical += ':';
    canonical += field;
  };
  put(municipality_code);
  put(std::to_string(e.seq));
  put(std::to_string(e.at_ms));
  put(e.event.actor);
  put(e.event.action);
  put(e.event.target_type);
  put(e.event.target_id);
  put(e.event.detail);
  put(e.prev_hash);
  return Sha256Hex(canonical);
}

Result<AuditEntry> Append(store::Database& db, const Clock& clock, std::string_view municipality_code,
                          const AuditEvent& event) {
  AuditEntry entry;
  entry.event = event;
  entry.at_ms = clock.NowMillis();
  const std::string code(municipality_code);
  DENEN_TRY_VOID(db.Transact([&](store::Database& tx) -> Result<void> {
    // Creating the head row first (if missing) makes the UPDATE below the lock
    // that orders concurrent appends.
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO audit_head (municipality_code, last_seq, last_hash) VALUES (?, 0, ?) "
                "ON CONFLICT (municipality_code) DO NOTHING",
                {Text(code), Text(std::string(kGenesisHash))}));
    DENEN_TRY(head, tx.QueryOne("UPDATE audit_head SET last_seq = last_seq + 1 WHERE municipality_code = ? "
                                "RETURNING last_seq, last_hash",
                                {Text(code)}));
    if (!head) return Fail(Error::Internal("audit_head_missing", "audit head row missing"));
    entry.seq = head->Int(0);
    entry.prev_hash = head->Text(1);
    entry.hash = EntryHash(code, entry);
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO audit_log (municipality_code, seq, at_ms, actor, action, target_type, target_id, "
        "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(code), Int(entry.seq), Int(entry.at_ms), Text(event.actor), Text(event.action), Text(event.target_type),
         Text(event.target_id), Text(event.detail), Text(entry.prev_hash), Text(entry.hash)}));
    DENEN_TRY_VOID(
        tx.Exec("UPDATE audit_head SET last_hash = ? WHERE municipality_code = ?", {Text(entry.hash), Text(code)}));
    return {};
  }));
  return entry;
}

Result<void> Record(store::Database& db, const Clock& clock, std::string_view municipality_code,
                    const AuditEvent& event) {
  DENEN_TRY_VOID(Append(db, clock, municipality_code, event));
  return {};
}

Result<std::vector<AuditEntry>> Recent(store::Database& db, std::string_view municipality_code, int limit) {
  DENEN_TRY(rows, db.Query("SELECT " + std::string(kEntryColumns) +
                               " FROM audit_log WHERE municipality_code = ? ORDER BY seq DESC LIMIT ?",
                           {Text(std::string(municipality_code)), Int(limit)}));
  std::vector<AuditEntry> out;
  for (const auto& r : rows) out.push_back(EntryFromRow(r));
  return out;
}

Result<VerifyReport> Verify(store::Database& db, std::string_view municipality_code) {
  VerifyReport report;
  const std::string code(municipality_code);
  std::string expected_prev;
  int64_t expected_seq = 0;
  int64_t first_seq = 0;
  int64_t kept_from_seq = 1;  // of the newest audit.purge entry; 1 before any purge
  constexpr int64_t kPage = 5000;
  for (int64_t after = 0;;) {
    DENEN_TRY(rows, db.Query("SELECT " + std::string(kEntryColumns) +
                                 " FROM audit_log WHERE municipality_code = ? AND seq > ? ORDER BY seq LIMIT ?",
                             {Text(code), Int(after), Int(kPage)}));
    for (const auto& r : rows) {
      const AuditEntry e = EntryFromRow(r);
      ++report.entries;
      if (report.entries == 1) first_seq = e.seq;
      if (e.event.action == kPurgeAction) {
        const auto detail = nlohmann::json::parse(e.event.detail, nullptr, false);
        const auto kept = detail.is_object() ? detail.find("kept_from_seq") : detail.end();
        kept_from_seq = kept != detail.end() && kept->is_number_integer() ? kept->get<int64_t>() : -1;
      }
      // The first remaining entry anchors the chain (older ones may have been
      // removed by retention); after it, sequence and links must be unbroken.
      if (expected_seq != 0 && e.seq != expected_seq) {
        report.first_broken_seq = e.seq;
        report.problem = "sequence gap: expected " + std::to_string(expected_seq);
        return report;
      }
      if (expected_seq != 0 && e.prev_hash != expected_prev) {
        report.first_broken_seq = e.seq;
        report.problem = "prev_hash does not match the previous entry";
        return report;
      }
      if (e.seq == 1 && e.prev_hash != kGenesisHash) {
        report.first_broken_seq = e.seq;
        report.problem = "first entry does not start from the genesis hash";
        return report;
      }
      if (EntryHash(code, e) != e.hash) {
        report.first_broken_seq = e.seq;
        report.problem = "hash does not match the entry's content";
        return report;
      }
      expected_prev = e.hash;
      expected_seq = e.seq + 1;
      after = e.seq;
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  if (first_seq > 1 && first_seq != kept_from_seq) {
    report.first_broken_seq = first_seq;
    report.problem = "entries before " + std::to_string(first_seq) + " were removed without a recorded purge";
    return report;
  }
  // The head must point at the last entry, or entries were removed from the end.
  DENEN_TRY(head, db.QueryOne("SELECT last_seq, last_hash FROM audit_head WHERE municipality_code = ?", {Text(code)}));
  const int64_t head_seq = head ? head->Int(0) : 0;
  const int64_t last_seq = report.entries == 0 ? 0 : expected_seq - 1;
  if (head_seq != last_seq || (head_seq != 0 && head->Text(1) != expected_prev)) {
    report.first_broken_seq = last_seq + 1;
    report.problem = "the chain ends before the recorded head (entries removed at the end)";
  }
  return report;
}

Result<int64_t> PurgeBefore(store::Database& db, const Clock& clock, std::string_view municipality_code,
                            int64_t before_ms, std::string_view actor) {
  const std::string code(municipality_code);
  int64_t removed = 0;
  DENEN_TRY_VOID(db.Transact([&](store::Database& tx) -> Result<void> {
    removed = 0;
    // The first entry to keep: the oldest made at or after before_ms, else
    // the purge entry itself (every earlier one goes).
    DENEN_TRY(keep, tx.QueryOne("SELECT MIN(seq) FROM audit_log WHERE municipality_code = ? AND at_ms >= ?",
                                {Text(code), Int(before_ms)}));
    DENEN_TRY(head, tx.QueryOne("SELECT last_seq FROM audit_head WHERE municipality_code = ?", {Text(code)}));
    const int64_t kept_from = keep && !keep->IsNull(0) ? keep->Int(0) : (head ? head->Int(0) : 0) + 1;
    DENEN_TRY(count, tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE municipality_code = ? AND seq < ?",
                                 {Text(code), Int(kept_from)}));
    if (!count || count->Int(0) == 0) return {};
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO audit_purges (municipality_code, before_seq, purged_at_ms) VALUES (?, ?, ?) "
        "ON CONFLICT (municipality_code) DO UPDATE SET before_seq = excluded.before_seq, "
        "purged_at_ms = excluded.purged_at_ms",
        {Text(code), Int(kept_from), Int(clock.NowMillis())}));
    DENEN_TRY(deleted,
              tx.Exec("DELETE FROM audit_log WHERE municipality_code = ? AND seq < ?", {Text(code), Int(kept_from)}));
    removed = deleted;
    const nlohmann::json detail = {{"removed", removed}, {"kept_from_seq", kept_from}, {"before_ms", before_ms}};
    DENEN_TRY_VOID(Record(tx, clock, code, {std::string(actor), std::string(kPurgeAction), "audit_log", "", detail.dump()}));
    return {};
  }));
  return removed;
}

}  // namespace denen::audit
