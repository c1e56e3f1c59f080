// The KPI catalogue: what each KPI of the three grant projects means, its
// unit and how it is computed, read from data/kpi/catalogue.json (embedded in
// the binary; format in docs/kpi.md). Immutable once loaded; safe for
// concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::kpi {

// How monthly cells add up to a period.
enum class Aggregate {
  kSum,       // counts, hours: the sum
  kDistinct,  // distinct things over the period (computed for the period itself)
  kMean,      // sum / count of the period
  kRatio,     // numerator / denominator of the period, as a percentage
  kStock,     // the value at the end of the period's last month
};

struct KpiDefinition {
  std::string id;
  std::string project;  // care | school | card
  std::string kind;     // output | outcome
  std::string name_ja;
  std::string definition_ja;
  std::string unit;
  int decimals = 0;
  std::string module;   // the module whose data it reads
  std::string formula;  // a formula id the C++ code computes (kpi_sources.h)
  Aggregate aggregate = Aggregate::kSum;
  bool higher_is_better = true;
  bool counts_people = true;  // subject to the minimum cell size
};

struct Catalogue {
  std::string version;
  std::vector<KpiDefinition> kpis;
  const KpiDefinition* Find(std::string_view id) const;
};

// Parses the catalogue's JSON; errors name the entry and field.
Result<Catalogue> ParseCatalogue(std::string_view json_text);
// The catalogue shipped in the binary (parsed once).
Result<const Catalogue*> BuiltInCatalogue();

std::string_view AggregateId(Aggregate a);

// The definition as the API shows it (id, project, kind, name, definition,
// unit, decimals, module, formula, aggregate, better).
nlohmann::json DefinitionJson(const KpiDefinition& d);

}  // namespace denen::kpi
