#include "kpi/catalogue.h"

#include <gtest/gtest.h>

#include <set>

#include "kpi/kpi_sources.h"

namespace denen::kpi {
namespace {

TEST(Catalogue, BuiltInNamesEveryKpiOfTheThreeProjects) {
  auto catalogue = BuiltInCatalogue();
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error().message;
  std::set<std::string> ids;
  for (const auto& k : (*catalogue)->kpis) {
    ids.insert(k.id);
    EXPECT_FALSE(k.definition_ja.empty()) << k.id;
    EXPECT_FALSE(k.unit.empty()) << k.id;
  }
  for (const char* id : {"care_forms_checked", "care_days_to_certification", "school_online_hours", "school_ict_hours",
                         "school_satisfaction", "card_reception_share", "library_linked_residents", "lock_share",
                         "event_participants", "library_loans", "facility_users"}) {
    EXPECT_TRUE(ids.contains(id)) << id;
  }
  EXPECT_FALSE((*catalogue)->version.empty());
}

TEST(Catalogue, EveryFormulaIsComputedInAFullBuild) {
  auto catalogue = BuiltInCatalogue();
  ASSERT_TRUE(catalogue.has_value());
  const auto available = AvailableFormulas();
  for (const auto& k : (*catalogue)->kpis) {
    EXPECT_NE(std::find(available.begin(), available.end(), k.formula), available.end()) << k.formula;
  }
}

TEST(Catalogue, ErrorsNameTheEntryAndField) {
  auto bad = ParseCatalogue(R"({"version": "1", "kpis": [{"id": "a", "project": "card", "kind": "output",
    "name_ja": "x", "definition_ja": "x", "unit": "人", "module": "m", "formula": "f", "aggregate": "median",
    "better": "higher"}]})");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "KPIカタログの 1 番目: \"aggregate\" が不明です: median");
  auto missing = ParseCatalogue(R"({"kpis": [{"id": "a"}]})");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "KPIカタログの 1 番目: \"project\" は空でない文字列です");
}

}  // namespace
}  // namespace denen::kpi
