#include "library/library_repository.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "audit/audit_log.h"
#include "core/json_input.h"
#include "core/random.h"

namespace denen::library {
namespace {

using store::Int;
using store::Text;

constexpr std::string_view kLinkColumns =
    "id, library_system_id, resident_id, card_number, linked_at_ms, linked_by, unlinked_at_ms, unlink_reason";

CardLink LinkFromRow(const store::Row& r) {
  CardLink l{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), std::nullopt, r.Text(7)};
  if (!r.IsNull(6)) l.unlinked_at_ms = r.Int(6);
  return l;
}

Result<LibrarySystem> SystemFromRow(const store::Row& r) {
  DENEN_TRY(profile, ParseBarcodeProfileText(r.Text(2)));
  return LibrarySystem{r.Text(0), r.Text(1), profile, static_cast<int>(r.Int(3)), r.Int(4)};
}

Error SystemNotFound() {
  return Error::NotFound("library_system_not_found", "図書館システムが見つかりません。管理者に登録を依頼してください");
}

Result<void> Audit(store::Database& tx, const Clock& clock, std::string_view code, std::string_view actor,
                   std::string action, std::string type, std::string_view id, const nlohmann::json& detail) {
  return audit::Record(tx, clock, code,
                       {std::string(actor), std::move(action), std::move(type), std::string(id), detail.dump()});
}

bool ValidSystemId(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// Splits one CSV line; fields may be double-quoted ("" inside for a quote).
Result<std::vector<std::string>> SplitCsvLine(std::string_view line, int line_number) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) {
    return Fail(Error::Invalid("invalid_csv", std::to_string(line_number) + "行目: 引用符(\")が閉じていません"));
  }
  for (auto& f : fields) {
    while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) f.pop_back();
    while (!f.empty() && f.front() == ' ') f.erase(0, 1);
  }
  return fields;
}

// "2026-04", "2026/4", "2026/04" -> "2026-04".
std::optional<std::string> ParseMonth(std::string_view text) {
  const size_t sep = text.find_first_of("-/");
  if (sep != 4) return std::nullopt;
  int year = 0, month = 0;
  auto [ye, yec] = std::from_chars(text.data(), text.data() + 4, year);
  auto [me, mec] = std::from_chars(text.data() + 5, text.data() + text.size(), month);
  if (yec != std::errc() || mec != std::errc() || me != text.data() + text.size() || year < 2000 || year > 2199 ||
      month < 1 || month > 12 || text.size() > 7) {
    return std::nullopt;
  }
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

}  // namespace

Result<std::vector<LoanRow>> ParseLoansCsv(std::string_view csv) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<LoanRow> rows;
  int line_number = 0;
  bool header_seen = false;
  std::set<std::pair<std::string, std::string>> seen;
  while (!csv.empty()) {
    const size_t end = csv.find('\n');
    std::string_view line = csv.substr(0, end);
    csv = end == std::string_view::npos ? std::string_view() : csv.substr(end + 1);
    ++line_number;
    if (line.empty() || line == "\r") continue;
    DENEN_TRY(fields, SplitCsvLine(line, line_number));
    if (!header_seen) {
      const bool english = fields == std::vector<std::string>{"month", "branch", "loans"};
      const bool japanese = fields == std::vector<std::string>{"年月", "館名", "貸出冊数"};
      if (!english && !japanese) {
        return Fail(Error::Invalid("invalid_csv",
                                   "1行目は見出し「month,branch,loans」または「年月,館名,貸出冊数」にしてください"));
      }
      header_seen = true;
      continue;
    }
    const std::string where = std::to_string(line_number) + "行目: ";
    if (fields.size() != 3) {
      return Fail(Error::Invalid("invalid_csv", where + "列は3つ(年月,館名,貸出冊数)です"));
    }
    auto month = ParseMonth(fields[0]);
    if (!month) return Fail(Error::Invalid("invalid_csv", where + "年月は 2026-04 の形で書いてください"));
    if (fields[1].empty() || fields[1].size() > 200) {
      return Fail(Error::Invalid("invalid_csv", where + "館名がありません"));
    }
    std::string digits;
    for (char c : fields[2]) {
      if (c != ',') digits += c;
    }
    int64_t loans = -1;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), loans);
    if (ec != std::errc() || p != digits.data() + digits.size() || loans < 0 || digits.empty()) {
      return Fail(Error::Invalid("invalid_csv", where + "貸出冊数は0以上の整数です"));
    }
    if (!seen.insert({*month, fields[1]}).second) {
      return Fail(Error::Invalid("invalid_csv", where + *month + " の「" + fields[1] + "」が2回あります"));
    }
    rows.push_back({*month, fields[1], loans});
  }
  if (!header_seen) return Fail(Error::Invalid("invalid_csv", "CSVが空です"));
  return rows;
}

Result<LibrarySystem> LibraryRepository::SaveSystem(std::string_view code, const LibrarySystem& system,
                                                    std::string_view actor) {
  if (!ValidSystemId(system.id)) {
    return Fail(Error::Invalid("invalid_library_system_id",
                               "図書館システムのID(id)は英小文字・数字・ハイフンの40文字以内です"));
  }
  if (system.name.empty()) return Fail(Error::Invalid("invalid_name", "図書館システムの名前(name)を入力してください"));
  if (system.clear_after_seconds < 3 || system.clear_after_seconds > 120) {
    return Fail(Error::Invalid("invalid_clear_after_seconds", "表示を消すまでの秒数(clear_after_seconds)は3〜120です"));
  }
  const std::string profile = BarcodeProfileJson(system.profile).dump();
  const int64_t now = clock_.NowMillis();
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(changed, tx.Exec("UPDATE library_systems SET name = ?, profile_json = ?, clear_after_seconds = ?, "
                               "updated_at_ms = ?, updated_by = ? WHERE municipality_code = ? AND id = ?",
                               {Text(system.name), Text(profile), Int(system.clear_after_seconds), Int(now),
                                Text(std::string(actor)), Text(std::string(code)), Text(system.id)}));
    if (changed == 0) {
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO library_systems (municipality_code, id, name, profile_json, "
                  "clear_after_seconds, created_at_ms, updated_at_ms, updated_by) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  {Text(std::string(code)), Text(system.id), Text(system.name), Text(profile),
                   Int(system.clear_after_seconds), Int(now), Int(now), Text(std::string(actor))}));
    }
    return Audit(tx, clock_, code, actor, changed == 0 ? "library.system.create" : "library.system.update",
                 "library_system", system.id, {{"profile", nlohmann::json::parse(profile)}});
  }));
  return GetSystem(code, system.id);
}

Result<std::vector<LibrarySystem>> LibraryRepository::ListSystems(std::string_view code) {
  DENEN_TRY(rows, db_.Query("SELECT id, name, profile_json, clear_after_seconds, updated_at_ms FROM library_systems "
                            "WHERE municipality_code = ? ORDER BY id",
                            {Text(std::string(code))}));
  std::vector<LibrarySystem> out;
  for (const auto& r : rows) {
    DENEN_TRY(system, SystemFromRow(r));
    out.push_back(std::move(system));
  }
  return out;
}

Result<LibrarySystem> LibraryRepository::GetSystem(std::string_view code, std::string_view id) {
  DENEN_TRY(row, db_.QueryOne("SELECT id, name, profile_json, clear_after_seconds, updated_at_ms FROM "
                              "library_systems WHERE municipality_code = ? AND id = ?",
                              {Text(std::string(code)), Text(std::string(id))}));
  if (!row) return Fail(SystemNotFound());
  return SystemFromRow(*row);
}

Result<LibrarySystem> LibraryRepository::SystemForCounter(std::string_view code, std::string_view place_id) {
  if (!place_id.empty()) return GetSystem(code, place_id);
  DENEN_TRY(systems, ListSystems(code));
  if (systems.size() != 1) {
    return Fail(
        Error::NotFound("library_system_not_found",
                        "この端末の図書館システムが決まっていません。端末の登録で場所(place_id)を設定してください"));
  }
  return systems.front();
}

Result<CardLink> LibraryRepository::Link(std::string_view code, std::string_view system_id,
                                         std::string_view resident_id, std::string_view card_number,
                                         std::string_view actor) {
  DENEN_TRY(system, GetSystem(code, system_id));
  DENEN_TRY(number, NormalizeCardNumber(system.profile, card_number));
  const std::string c(code), sid(system_id), rid(resident_id);
  CardLink link;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(resident,
              tx.QueryOne("SELECT status FROM residents WHERE municipality_code = ? AND id = ?", {Text(c), Text(rid)}));
    if (!resident) return Fail(Error::NotFound("resident_not_found", "住民が見つかりません"));
    if (resident->Text(0) != "active") {
      return Fail(Error::Conflict("resident_withdrawn", "この住民はサービスの利用をやめています"));
    }
    // The consent's current state (identity module, resident_consents).
    DENEN_TRY(consent, tx.QueryOne("SELECT granted FROM resident_consents WHERE municipality_code = ? AND "
                                   "resident_id = ? AND service = 'library'",
                                   {Text(c), Text(rid)}));
    if (!consent || consent->Int(0) == 0) {
      return Fail(Error{ErrorKind::kForbidden, "consent_missing",
                        "図書館サービスへの同意がありません。本人の同意を得て登録してから連携してください"});
    }
    DENEN_TRY(mine, tx.QueryOne("SELECT " + std::string(kLinkColumns) +
                                    " FROM library_card_links WHERE municipality_code = ? AND library_system_id = ? "
                                    "AND resident_id = ? AND unlinked_at_ms IS NULL",
                                {Text(c), Text(sid), Text(rid)}));
    if (mine) {
      link = LinkFromRow(*mine);
      if (link.card_number == number) return {};
      return Fail(Error::Conflict("library_link_exists",
                                  "この住民はすでに別の図書館カード番号と連携しています。カードを作り直した場合は、"
                                  "先に今の連携を解除してください"));
    }
    DENEN_TRY(taken, tx.QueryOne("SELECT 1 FROM library_card_links WHERE municipality_code = ? AND "
                                 "library_system_id = ? AND card_number = ? AND unlinked_at_ms IS NULL",
                                 {Text(c), Text(sid), Text(number)}));
    if (taken) {
      return Fail(Error::Conflict("library_number_taken",
                                  "この図書館カード番号はすでに別の住民と連携しています。番号を確かめてください"));
    }
    link = {NewId(clock_), sid, rid, number, clock_.NowMillis(), std::string(actor), std::nullopt, ""};
    auto inserted = tx.Exec(
        "INSERT INTO library_card_links (municipality_code, id, library_system_id, resident_id, "
        "card_number, linked_at_ms, linked_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {Text(c), Text(link.id), Text(sid), Text(rid), Text(number), Int(link.linked_at_ms), Text(link.linked_by)});
    if (!inserted) {
      if (inserted.error().code == store::kUniqueViolation) {
        return Fail(
            Error::Conflict("library_number_taken", "同時に同じ番号の連携が行われました。もう一度確かめてください"));
      }
      return Fail(inserted.error());
    }
    return Audit(tx, clock_, c, actor, "library.link", "library_card_link", link.id,
                 {{"library_system_id", sid}, {"resident_id", rid}});
  }));
  return link;
}

Result<CardLink> LibraryRepository::Unlink(std::string_view code, std::string_view link_id, std::string_view reason,
                                           std::string_view actor) {
  const std::string c(code), id(link_id);
  CardLink link;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    const int64_t now = clock_.NowMillis();
    DENEN_TRY(changed, tx.Exec("UPDATE library_card_links SET unlinked_at_ms = ?, unlinked_by = ?, unlink_reason = ? "
                               "WHERE municipality_code = ? AND id = ? AND unlinked_at_ms IS NULL",
                               {Int(now), Text(std::string(actor)), Text(std::string(reason)), Text(c), Text(id)}));
    if (changed == 0) {
      return Fail(
          Error::NotFound("library_link_not_found", "解除できる連携が見つかりません（すでに解除済みかもしれません）"));
    }
    DENEN_TRY(row, tx.QueryOne("SELECT " + std::string(kLinkColumns) +
                                   " FROM library_card_links WHERE municipality_code = ? AND id = ?",
                               {Text(c), Text(id)}));
    link = LinkFromRow(*row);
    return Audit(tx, clock_, c, actor, "library.unlink", "library_card_link", id,
                 {{"library_system_id", link.library_system_id},
                  {"resident_id", link.resident_id},
                  {"reason", std::string(reason)}});
  }));
  return link;
}

Result<std::optional<CardLink>> LibraryRepository::OpenLink(std::string_view code, std::string_view system_id,
                                                            std::string_view resident_id) {
  DENEN_TRY(row, db_.QueryOne("SELECT " + std::string(kLinkColumns) +
                                  " FROM library_card_links WHERE municipality_code = ? AND library_system_id = ? "
                                  "AND resident_id = ? AND unlinked_at_ms IS NULL",
                              {Text(std::string(code)), Text(std::string(system_id)), Text(std::string(resident_id))}));
  if (!row) return std::optional<CardLink>();
  return std::optional<CardLink>(LinkFromRow(*row));
}

Result<std::vector<CardLink>> LibraryRepository::LinksOfResident(std::string_view code, std::string_view resident_id) {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kLinkColumns) +
                                " FROM library_card_links WHERE municipality_code = ? AND resident_id = ? "
                                "ORDER BY linked_at_ms DESC, id DESC",
                            {Text(std::string(code)), Text(std::string(resident_id))}));
  std::vector<CardLink> out;
  for (const auto& r : rows) out.push_back(LinkFromRow(r));
  return out;
}

Result<std::vector<CardLink>> LibraryRepository::AllLinks(std::string_view code) {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kLinkColumns) +
                                " FROM library_card_links WHERE municipality_code = ? ORDER BY linked_at_ms, id",
                            {Text(std::string(code))}));
  std::vector<CardLink> out;
  for (const auto& r : rows) out.push_back(LinkFromRow(r));
  return out;
}

Result<LoanImportReport> LibraryRepository::ImportLoans(std::string_view code, std::string_view system_id,
                                                        std::string_view csv, std::string_view actor) {
  DENEN_TRY_VOID(GetSystem(code, system_id));
  DENEN_TRY(rows, ParseLoansCsv(csv));
  const std::string c(code), sid(system_id);
  LoanImportReport report;
  report.rows = static_cast<int>(rows.size());
  std::set<std::string> months;
  for (const auto& r : rows) months.insert(r.month);
  report.months.assign(months.begin(), months.end());
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    const int64_t now = clock_.NowMillis();
    for (const auto& r : rows) {
      // Only a new or different count is written, so a re-import changes nothing.
      DENEN_TRY(inserted, tx.Exec("INSERT INTO library_loan_stats (municipality_code, library_system_id, month, "
                                  "branch, loans, imported_at_ms, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (municipality_code, library_system_id, month, branch) DO UPDATE SET "
                                  "loans = excluded.loans, imported_at_ms = excluded.imported_at_ms, "
                                  "imported_by = excluded.imported_by WHERE library_loan_stats.loans <> excluded.loans",
                                  {Text(c), Text(sid), Text(r.month), Text(r.branch), Int(r.loans), Int(now),
                                   Text(std::string(actor))}));
      report.changed += static_cast<int>(inserted);
    }
    return Audit(tx, clock_, c, actor, "library.loans.import", "library_system", sid,
                 {{"rows", report.rows}, {"changed", report.changed}, {"months", report.months}});
  }));
  return report;
}

Result<std::vector<std::pair<std::string, int64_t>>> LibraryRepository::LoansByMonth(std::string_view code) {
  DENEN_TRY(rows, db_.Query("SELECT month, SUM(loans) FROM library_loan_stats WHERE municipality_code = ? "
                            "GROUP BY month ORDER BY month",
                            {Text(std::string(code))}));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

}  // namespace denen::library
