#include "auth/roles.h"

#include <gtest/gtest.h>

namespace denen::auth {
namespace {

TEST(Roles, RoundTripThroughStorage) {
  RoleSet roles{Role::kReception, Role::kAdmin};
  EXPECT_EQ(roles.Serialize(), "admin,reception");
  auto back = RoleSet::Deserialize("admin,reception");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, roles);
  EXPECT_TRUE(RoleSet::Deserialize("")->empty());
}

TEST(Roles, UnknownRoleIsNamed) {
  auto r = RoleSet::Parse({"reception", "superuser"});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("superuser"), std::string::npos);
}

TEST(Roles, EveryRoleHasIdAndJapaneseLabel) {
  EXPECT_EQ(AllRoles().size(), 8u);
  for (const auto& info : AllRoles()) {
    EXPECT_EQ(RoleFromId(info.id), info.role);
    EXPECT_FALSE(info.label.empty());
  }
  EXPECT_TRUE((RoleSet{Role::kSchool}).Intersects(RoleSet{Role::kSchool, Role::kLibrarian}));
  EXPECT_FALSE((RoleSet{Role::kSchool}).Intersects(RoleSet{Role::kLibrarian}));
}

}  // namespace
}  // namespace denen::auth
