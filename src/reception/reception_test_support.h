// Test support for the Reception module's repository and API tests: the
// shared migrated database (store/migrated_db_test.h) with three places (a
// hall, a library and a school gym that serves as a shelter), a clock at
// 2026-11-27 10:00 in Japan, and helpers to make check-in requests.
#pragma once

#include <gtest/gtest.h>

#include "core/random.h"
#include "reception/reception_repository.h"
#include "store/migrated_db_test.h"

namespace denen::reception::testing {

inline constexpr std::string_view kCode = "062090";

inline constexpr std::string_view kPlacesCsv =
    "全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,住所,緯度,経度\n"
    "062090,F0001,山形県長井市,長井市民文化会館,ナガイシミンブンカカイカン,長井市ままの上5-1,38.1075,140.0411\n"
    "062090,F0002,山形県長井市,長井市立図書館,ナガイシリツトショカン,長井市高野町2-1-1,,\n"
    "062090,F0003,山形県長井市,長井小学校体育館,ナガイショウガッコウタイイクカン,長井市本町1-1,,\n";

class ReceptionDbTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    clock_.Set(kNow);
    repo_ = std::make_unique<ReceptionRepository>(*db_, clock_);
    auto rows = ParsePlacesCsv(kPlacesCsv);
    ASSERT_TRUE(rows.has_value()) << rows.error().message;
    ASSERT_TRUE(repo_->ImportPlaces(code_, *rows, "test").has_value());
    auto places = repo_->ListPlaces(code_);
    ASSERT_TRUE(places.has_value());
    for (const auto& p : *places) {
      if (p.source_id == "F0001") hall_ = p.id;
      if (p.source_id == "F0002") library_ = p.id;
      if (p.source_id == "F0003") gym_ = p.id;
    }
  }

  template <typename T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r.has_value()) << r.error().code << ": " << r.error().message;
    return r.has_value() ? std::move(*r) : T{};
  }
  void Must(Result<void> r) { EXPECT_TRUE(r.has_value()) << r.error().code << ": " << r.error().message; }

  static Visitor Card(const std::string& resident, const std::string& kana = "ヤマダ タロウ") {
    return {resident, kana, "本町", "40-49"};
  }
  static Visitor WalkIn(const std::string& kana = "スズキ ハナコ") { return {std::nullopt, kana, "栄町", "70-79"}; }

  // Each tap is a second after the previous one, so that orderings are stable.
  CheckinRequest Tap(const Visitor& visitor, std::optional<std::string> event_id = std::nullopt) {
    clock_.Advance(1000);
    CheckinRequest r;
    r.id = NewId(clock_);
    r.tapped_at_ms = clock_.NowMillis();
    r.event_id = std::move(event_id);
    r.visitor = visitor;
    return r;
  }

  Origin At(const std::string& place) { return {place, "kiosk-1", "kiosk-1"}; }

  // 2026-11-27T01:00:00Z (10:00 in Japan).
  static constexpr int64_t kNow = 1795741200000;
  std::string code_{kCode};
  std::unique_ptr<ReceptionRepository> repo_;
  std::string hall_, library_, gym_;
};

}  // namespace denen::reception::testing
