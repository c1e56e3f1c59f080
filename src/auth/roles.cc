#include "auth/roles.h"

namespace denen::auth {

const std::vector<RoleInfo>& AllRoles() {
  static const std::vector<RoleInfo> roles = {
      {Role::kAdmin, "admin", "システム管理者"},
      {Role::kReception, "reception", "受付"},
      {Role::kLibrarian, "librarian", "図書館司書"},
      {Role::kFacilityManager, "facility_manager", "施設管理"},
      {Role::kCareReviewer, "care_reviewer", "介護認定審査"},
      {Role::kSchool, "school", "学校"},
      {Role::kDisasterHq, "disaster_hq", "災害対策本部"},
      {Role::kPlanner, "planner", "企画（KPI）"},
  };
  return roles;
}

std::string_view RoleId(Role role) {
  for (const auto& info : AllRoles()) {
    if (info.role == role) return info.id;
  }
  return "";
}

std::optional<Role> RoleFromId(std::string_view id) {
  for (const auto& info : AllRoles()) {
    if (info.id == id) return info.role;
  }
  return std::nullopt;
}

std::vector<std::string> RoleSet::Ids() const {
  std::vector<std::string> out;
  for (const auto& info : AllRoles()) {
    if (Has(info.role)) out.emplace_back(info.id);
  }
  return out;
}

std::string RoleSet::Serialize() const {
  std::string out;
  for (const auto& id : Ids()) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

Result<RoleSet> RoleSet::Parse(const std::vector<std::string>& ids) {
  RoleSet set;
  for (const auto& id : ids) {
    auto role = RoleFromId(id);
    if (!role) return Fail(Error::Invalid("unknown_role", "不明な権限です: \"" + id + "\""));
    set.Add(*role);
  }
  return set;
}

Result<RoleSet> RoleSet::Deserialize(std::string_view text) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) ids.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return Parse(ids);
}

}  // namespace denen::auth
