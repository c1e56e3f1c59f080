// Test helper: one CareChecker per test binary, loaded from the source tree.
#pragma once

#include <gtest/gtest.h>

#include "care/checker.h"

namespace denen::care::testing {

inline const CareChecker &Checker() {
  static const CareChecker *checker = [] {
    auto c = CareChecker::Load(CareChecker::DefaultOptions());
    if (!c) {
      ADD_FAILURE() << c.error().message;
      std::abort();
    }
    return c->release();
  }();
  return *checker;
}

// The same, with the rules alone (no learned model): for the tests of one
// rule family, which must not pass or fail by what the model has learned.
inline const CareChecker &RulesChecker() {
  static const CareChecker *checker = [] {
    CareChecker::Options options = CareChecker::DefaultOptions();
    options.use_model = false;
    auto c = CareChecker::Load(options);
    if (!c) {
      ADD_FAILURE() << c.error().message;
      std::abort();
    }
    return c->release();
  }();
  return *checker;
}

// A form with the given answers (and notes), parsed strictly.
inline CareForm Form(const nlohmann::json &answers, const nlohmann::json &notes = nlohmann::json::object()) {
  auto f = Checker().ParseForm({{"answers", answers}, {"notes", notes}});
  EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().message);
  return f ? *f : CareForm{};
}

inline bool HasFinding(const std::vector<Finding> &fs, const std::string &kind, const std::string &code) {
  for (const Finding &f : fs) {
    if (f.kind == kind && f.code == code) return true;
  }
  return false;
}

}  // namespace denen::care::testing
