// Staff roles. A staff user holds one or more; routes name the roles they
// admit. Admin is admitted everywhere a route does not exclude it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::auth {

enum class Role {
  kAdmin,
  kReception,
  kLibrarian,
  kFacilityManager,
  kCareReviewer,
  kSchool,
  kDisasterHq,
  kPlanner,
};

struct RoleInfo {
  Role role;
  std::string_view id;     // stable name in the database and the API
  std::string_view label;  // Japanese label for the console
};

const std::vector<RoleInfo>& AllRoles();
std::string_view RoleId(Role role);
std::optional<Role> RoleFromId(std::string_view id);

// A set of roles as a bit mask.
class RoleSet {
 public:
  RoleSet() = default;
  RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) Add(r);
  }
  void Add(Role r) { bits_ |= Bit(r); }
  bool Has(Role r) const { return bits_ & Bit(r); }
  bool Intersects(RoleSet other) const { return bits_ & other.bits_; }
  bool empty() const { return bits_ == 0; }
  std::vector<std::string> Ids() const;
  // "admin,reception" as stored.
  std::string Serialize() const;
  // Parses stored or API role ids; an unknown id is an error naming it.
  static Result<RoleSet> Parse(const std::vector<std::string>& ids);
  static Result<RoleSet> Deserialize(std::string_view comma_separated);
  bool operator==(const RoleSet&) const = default;

 private:
  static unsigned Bit(Role r) { return 1u << static_cast<unsigned>(r); }
  unsigned bits_ = 0;
};

}  // namespace denen::auth
