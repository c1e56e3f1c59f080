#include "auth/staff_accounts.h"

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/random.h"

namespace denen::auth {
namespace {

using store::Int;
using store::Text;

constexpr std::string_view kUserColumns = "id, username, display_name, roles, disabled, created_at_ms";

Result<StaffUser> UserFromRow(const store::Row& r) {
  StaffUser u;
  u.id = r.Text(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  DENEN_TRY(roles, RoleSet::Deserialize(r.Text(3)));
  u.roles = roles;
  u.disabled = r.Int(4) != 0;
  u.created_at_ms = r.Int(5);
  return u;
}

Result<void> CheckDisplayName(std::string_view name) {
  if (name.empty()) return Fail(Error::Invalid("invalid_display_name", "表示名は必須です"));
  if (name.size() > 200) return Fail(Error::Invalid("invalid_display_name", "表示名が長すぎます(最大200バイト)"));
  return {};
}

// Counts enabled admins other than `except_id`.
Result<int64_t> OtherActiveAdmins(store::Database& tx, const std::string& municipality, std::string_view except_id) {
  DENEN_TRY(rows, tx.Query("SELECT roles FROM staff_users WHERE municipality_code = ? AND disabled = 0 AND id <> ?",
                           {Text(municipality), Text(std::string(except_id))}));
  int64_t n = 0;
  for (const auto& r : rows) {
    auto roles = RoleSet::Deserialize(r.Text(0));
    if (roles && roles->Has(Role::kAdmin)) ++n;
  }
  return n;
}

}  // namespace

Result<void> CheckUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) {
    return Fail(Error::Invalid("invalid_username", "ユーザー名は3〜64文字にしてください"));
  }
  for (char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return Fail(Error::Invalid("invalid_username", "ユーザー名に使えるのは半角英小文字・数字・「.」「_」「-」です"));
    }
  }
  return {};
}

Result<StaffUser> StaffAccounts::Create(std::string_view municipality, const NewStaffUser& user,
                                        std::string_view actor) {
  DENEN_TRY_VOID(CheckUsername(user.username));
  DENEN_TRY_VOID(CheckDisplayName(user.display_name));
  if (user.roles.empty()) return Fail(Error::Invalid("invalid_roles", "権限を1つ以上選んでください"));
  DENEN_TRY(hash, HashPassword(user.password, cost_));
  StaffUser created{NewId(clock_), user.username, user.display_name, user.roles, false, clock_.NowMillis()};
  const std::string code(municipality);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    auto inserted = tx.Exec(
        "INSERT INTO staff_users (municipality_code, id, username, display_name, password_hash, roles, disabled, "
        "created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
        {Text(code), Text(created.id), Text(created.username), Text(created.display_name), Text(hash),
         Text(created.roles.Serialize()), Int(created.created_at_ms), Int(created.created_at_ms)});
    if (!inserted) {
      if (inserted.error().code == store::kUniqueViolation) {
        return Fail(Error::Conflict("username_taken", "ユーザー名「" + created.username + "」は既に使われています"));
      }
      return Fail(inserted.error());
    }
    nlohmann::json detail = {{"username", created.username}, {"roles", created.roles.Ids()}};
    return audit::Record(tx, clock_, code,
                         {std::string(actor), "user.create", "staff_user", created.id, detail.dump()});
  }));
  return created;
}

Result<std::vector<StaffUser>> StaffAccounts::List(std::string_view municipality) {
  DENEN_TRY(rows, db_.Query("SELECT " + std::string(kUserColumns) +
                                " FROM staff_users WHERE municipality_code = ? ORDER BY username",
                            {Text(std::string(municipality))}));
  std::vector<StaffUser> out;
  for (const auto& r : rows) {
    DENEN_TRY(u, UserFromRow(r));
    out.push_back(std::move(u));
  }
  return out;
}

Result<StaffUser> StaffAccounts::Get(std::string_view municipality, std::string_view id) {
  DENEN_TRY(row, db_.QueryOne(
                     "SELECT " + std::string(kUserColumns) + " FROM staff_users WHERE municipality_code = ? AND id = ?",
                     {Text(std::string(municipality)), Text(std::string(id))}));
  if (!row) return Fail(Error::NotFound("user_not_found", "職員アカウントが見つかりません"));
  return UserFromRow(*row);
}

Result<std::optional<StaffUser>> StaffAccounts::FindByUsername(std::string_view municipality,
                                                               std::string_view username) {
  DENEN_TRY(row, db_.QueryOne("SELECT " + std::string(kUserColumns) +
                                  " FROM staff_users WHERE municipality_code = ? AND username = ?",
                              {Text(std::string(municipality)), Text(std::string(username))}));
  if (!row) return std::optional<StaffUser>();
  DENEN_TRY(u, UserFromRow(*row));
  return std::optional<StaffUser>(std::move(u));
}

Result<std::optional<std::pair<StaffUser, std::string>>> StaffAccounts::CredentialsFor(std::string_view municipality,
                                                                                       std::string_view username) {
  DENEN_TRY(row, db_.QueryOne("SELECT " + std::string(kUserColumns) +
                                  ", password_hash FROM staff_users WHERE municipality_code = ? AND username = ?",
                              {Text(std::string(municipality)), Text(std::string(username))}));
  using Out = std::optional<std::pair<StaffUser, std::string>>;
  if (!row) return Out();
  DENEN_TRY(u, UserFromRow(*row));
  if (u.disabled) return Out();
  return Out(std::pair{std::move(u), row->Text(6)});
}

Result<StaffUser> StaffAccounts::Update(std::string_view municipality, std::string_view id,
                                        const StaffUserChanges& changes, std::string_view actor) {
  if (changes.display_name) DENEN_TRY_VOID(CheckDisplayName(*changes.display_name));
  if (changes.roles && changes.roles->empty()) {
    return Fail(Error::Invalid("invalid_roles", "権限を1つ以上選んでください"));
  }
  const std::string code(municipality);
  StaffUser updated;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(row, tx.QueryOne("SELECT " + std::string(kUserColumns) +
                                   " FROM staff_users WHERE municipality_code = ? AND id = ?",
                               {Text(code), Text(std::string(id))}));
    if (!row) return Fail(Error::NotFound("user_not_found", "職員アカウントが見つかりません"));
    DENEN_TRY(before, UserFromRow(*row));
    updated = before;
    if (changes.display_name) updated.display_name = *changes.display_name;
    if (changes.roles) updated.roles = *changes.roles;
    if (changes.disabled) updated.disabled = *changes.disabled;
    const bool was_admin = before.roles.Has(Role::kAdmin) && !before.disabled;
    const bool is_admin = updated.roles.Has(Role::kAdmin) && !updated.disabled;
    if (was_admin && !is_admin) {
      DENEN_TRY(others, OtherActiveAdmins(tx, code, id));
      if (others == 0) {
        return Fail(Error::Conflict("last_admin", "最後のシステム管理者は無効にしたり権限を外したりできません"));
      }
    }
    DENEN_TRY_VOID(
        tx.Exec("UPDATE staff_users SET display_name = ?, roles = ?, disabled = ?, updated_at_ms = ? "
                "WHERE municipality_code = ? AND id = ?",
                {Text(updated.display_name), Text(updated.roles.Serialize()), Int(updated.disabled ? 1 : 0),
                 Int(clock_.NowMillis()), Text(code), Text(std::string(id))}));
    if (updated.disabled) {
      DENEN_TRY_VOID(tx.Exec("UPDATE staff_sessions SET revoked = 1 WHERE municipality_code = ? AND user_id = ?",
                             {Text(code), Text(std::string(id))}));
    }
    nlohmann::json detail = {{"roles", updated.roles.Ids()}, {"disabled", updated.disabled}};
    if (changes.display_name) detail["display_name_changed"] = true;
    return audit::Record(tx, clock_, code,
                         {std::string(actor), "user.update", "staff_user", std::string(id), detail.dump()});
  }));
  return updated;
}

Result<void> StaffAccounts::SetPassword(std::string_view municipality, std::string_view id, std::string_view password,
                                        std::string_view actor) {
  DENEN_TRY(hash, HashPassword(password, cost_));
  const std::string code(municipality);
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(changed, tx.Exec("UPDATE staff_users SET password_hash = ?, updated_at_ms = ? "
                               "WHERE municipality_code = ? AND id = ?",
                               {Text(hash), Int(clock_.NowMillis()), Text(code), Text(std::string(id))}));
    if (changed == 0) return Fail(Error::NotFound("user_not_found", "職員アカウントが見つかりません"));
    // A new password ends every existing session of that user.
    DENEN_TRY_VOID(tx.Exec("UPDATE staff_sessions SET revoked = 1 WHERE municipality_code = ? AND user_id = ?",
                           {Text(code), Text(std::string(id))}));
    return audit::Record(tx, clock_, code, {std::string(actor), "user.password", "staff_user", std::string(id), "{}"});
  });
}

}  // namespace denen::auth
