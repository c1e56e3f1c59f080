// Test support for the Schools module's repository and API tests: the shared
// migrated database (store/migrated_db_test.h) with two schools, their
// classes, and staff accounts: two teachers of the two schools, a board of
// education user, an unlinked school user and an admin.
#pragma once

#include <gtest/gtest.h>

#include "auth/staff_accounts.h"
#include "school/school_repository.h"
#include "store/migrated_db_test.h"

namespace denen::school::testing {

inline constexpr std::string_view kCode = "062090";
inline constexpr std::string_view kPassword = "test-password-1";

class SchoolDbTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    clock_.Set(kNow);
    accounts_ = std::make_unique<auth::StaffAccounts>(*db_, clock_, auth::HashCost::kInteractive);
    repo_ = std::make_unique<SchoolRepository>(*db_, clock_);

    const Scope board{true, ""};
    school_a_ = Must(repo_->AddSchool(code_, board, {"", "長井小学校", SchoolKind::kElementary, true}, "test")).id;
    school_b_ = Must(repo_->AddSchool(code_, board, {"", "豊田小学校", SchoolKind::kElementary, true}, "test")).id;
    class_a_ = Must(repo_->AddClass(code_, board, {"", school_a_, "5年1組", 5, false}, "test")).id;
    class_a_sn_ = Must(repo_->AddClass(code_, board, {"", school_a_, "なかよし学級", 0, true}, "test")).id;
    class_b_ = Must(repo_->AddClass(code_, board, {"", school_b_, "5年1組", 5, false}, "test")).id;

    teacher_a_ = NewUser("teacher_a", {auth::Role::kSchool});
    teacher_b_ = NewUser("teacher_b", {auth::Role::kSchool});
    board_user_ = NewUser("board", {auth::Role::kSchool});
    unlinked_ = NewUser("unlinked", {auth::Role::kSchool});
    admin_ = NewUser("admin1", {auth::Role::kAdmin});
    ASSERT_TRUE(repo_->AssignStaff(code_, teacher_a_, school_a_, false, "test").has_value());
    ASSERT_TRUE(repo_->AssignStaff(code_, teacher_b_, school_b_, false, "test").has_value());
    ASSERT_TRUE(repo_->AssignStaff(code_, board_user_, std::nullopt, true, "test").has_value());
  }

  template <typename T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return r.has_value() ? std::move(*r) : T{};
  }

  std::string NewUser(const std::string& username, auth::RoleSet roles) {
    auto user = accounts_->Create(kCode, {username, username, std::string(kPassword), roles}, "test");
    EXPECT_TRUE(user.has_value()) << user.error().message;
    return user ? user->id : "";
  }

  SessionPlan PlanAB(const std::string& date = "2026-11-20") {
    return {date, 3, 3, "社会", "わたしたちのまち", "https://meet.example.jp/x", {"タブレット"}, {class_a_, class_b_}};
  }

  // 2026-11-27T12:00:00Z (21:00 in Japan).
  static constexpr int64_t kNow = 1795780800000;
  std::string code_{kCode};
  std::unique_ptr<auth::StaffAccounts> accounts_;
  std::unique_ptr<SchoolRepository> repo_;
  std::string school_a_, school_b_, class_a_, class_a_sn_, class_b_;
  std::string teacher_a_, teacher_b_, board_user_, unlinked_, admin_;
};

}  // namespace denen::school::testing
