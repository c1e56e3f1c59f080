#include "tenant/onboarding.h"

#include "audit/audit_log.h"
#include "auth/staff_accounts.h"

namespace denen::tenant {

Result<void> AddMunicipality(store::Database& db, const Clock& clock, const NewMunicipality& request,
                             std::string_view actor, auth::HashCost cost) {
  const std::string& code = request.municipality.code;
  DENEN_TRY(admin_roles, auth::RoleSet::Parse({"admin"}));
  for (const auto& change : request.settings) DENEN_TRY_VOID(settings::ValidateSettingChange(change));
  return db.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(existing, tx.QueryOne("SELECT name FROM municipalities WHERE municipality_code = ?", {store::Text(code)}));
    if (existing) {
      return Fail(Error::Conflict("municipality_exists",
                                  "団体コード " + code + " (" + existing->Text(0) + ") はすでに登録されています"));
    }
    DENEN_TRY_VOID(store::EnsureMunicipality(tx, clock, request.municipality));
    DENEN_TRY_VOID(audit::Record(tx, clock, code,
                                 {std::string(actor), "tenant.add", "municipality", code,
                                  "{}"}));
    auth::StaffAccounts accounts(tx, clock, cost);
    DENEN_TRY_VOID(accounts.Create(
        code, {request.admin_username, request.admin_display_name, request.admin_password, admin_roles}, actor));
    for (const auto& change : request.settings) {
      DENEN_TRY_VOID(settings::ApplySettingChange(tx, clock, code, change, actor));
    }
    return {};
  });
}

}  // namespace denen::tenant
