#include "kpi/catalogue.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/embedded_file.h"

namespace denen::kpi {

const std::vector<EmbeddedFile>& EmbeddedKpiData();

namespace {

using nlohmann::json;

Result<std::string> StringField(const json& entry, const std::string& where, const char* name) {
  auto it = entry.find(name);
  if (it == entry.end() || !it->is_string() || it->get<std::string>().empty()) {
    return Fail(Error::Invalid("kpi_catalogue", where + ": \"" + name + "\" は空でない文字列です"));
  }
  return it->get<std::string>();
}

}  // namespace

const KpiDefinition* Catalogue::Find(std::string_view id) const {
  for (const auto& k : kpis) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

std::string_view AggregateId(Aggregate a) {
  switch (a) {
    case Aggregate::kSum:
      return "sum";
    case Aggregate::kDistinct:
      return "distinct";
    case Aggregate::kMean:
      return "mean";
    case Aggregate::kRatio:
      return "ratio";
    case Aggregate::kStock:
      return "stock";
  }
  return "sum";
}

nlohmann::json DefinitionJson(const KpiDefinition& d) {
  return {{"id", d.id},
          {"project", d.project},
          {"kind", d.kind},
          {"name", d.name_ja},
          {"definition", d.definition_ja},
          {"unit", d.unit},
          {"decimals", d.decimals},
          {"module", d.module},
          {"formula", d.formula},
          {"aggregate", AggregateId(d.aggregate)},
          {"better", d.higher_is_better ? "higher" : "lower"}};
}

Result<Catalogue> ParseCatalogue(std::string_view json_text) {
  json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded() || !root.is_object() || !root.contains("kpis") || !root["kpis"].is_array()) {
    return Fail(Error::Invalid("kpi_catalogue", "KPIカタログ: {\"version\", \"kpis\": [...]} の形ではありません"));
  }
  Catalogue c;
  c.version = root.value("version", "");
  std::set<std::string> ids;
  for (size_t i = 0; i < root["kpis"].size(); ++i) {
    const json& e = root["kpis"][i];
    const std::string where = "KPIカタログの " + std::to_string(i + 1) + " 番目";
    if (!e.is_object()) return Fail(Error::Invalid("kpi_catalogue", where + ": オブジェクトではありません"));
    KpiDefinition d;
    DENEN_TRY(id, StringField(e, where, "id"));
    d.id = id;
    if (!ids.insert(d.id).second)
      return Fail(Error::Invalid("kpi_catalogue", where + ": id が重複しています: " + d.id));
    DENEN_TRY(project, StringField(e, where, "project"));
    DENEN_TRY(kind, StringField(e, where, "kind"));
    DENEN_TRY(name, StringField(e, where, "name_ja"));
    DENEN_TRY(definition, StringField(e, where, "definition_ja"));
    DENEN_TRY(unit, StringField(e, where, "unit"));
    DENEN_TRY(module, StringField(e, where, "module"));
    DENEN_TRY(formula, StringField(e, where, "formula"));
    DENEN_TRY(aggregate, StringField(e, where, "aggregate"));
    DENEN_TRY(better, StringField(e, where, "better"));
    d.project = project, d.kind = kind, d.name_ja = name, d.definition_ja = definition;
    d.unit = unit, d.module = module, d.formula = formula;
    bool known = false;
    for (Aggregate a :
         {Aggregate::kSum, Aggregate::kDistinct, Aggregate::kMean, Aggregate::kRatio, Aggregate::kStock}) {
      if (AggregateId(a) == aggregate) d.aggregate = a, known = true;
    }
    if (!known) return Fail(Error::Invalid("kpi_catalogue", where + ": \"aggregate\" が不明です: " + aggregate));
    if (better != "higher" && better != "lower") {
      return Fail(Error::Invalid("kpi_catalogue", where + ": \"better\" は higher か lower です"));
    }
    d.higher_is_better = better == "higher";
    if (e.contains("decimals")) {
      if (!e["decimals"].is_number_integer() || e["decimals"].get<int>() < 0 || e["decimals"].get<int>() > 4) {
        return Fail(Error::Invalid("kpi_catalogue", where + ": \"decimals\" は 0〜4 の整数です"));
      }
      d.decimals = e["decimals"].get<int>();
    }
    if (e.contains("people")) {
      if (!e["people"].is_boolean()) return Fail(Error::Invalid("kpi_catalogue", where + ": \"people\" は真偽値です"));
      d.counts_people = e["people"].get<bool>();
    }
    c.kpis.push_back(std::move(d));
  }
  return c;
}

Result<const Catalogue*> BuiltInCatalogue() {
  static const Result<Catalogue> catalogue = []() -> Result<Catalogue> {
    for (const auto& f : EmbeddedKpiData()) {
      if (f.name == "catalogue.json") return ParseCatalogue(f.content);
    }
    return Fail(Error::Internal("kpi_catalogue", "catalogue.json is not embedded"));
  }();
  if (!catalogue) return Fail(catalogue.error());
  return &*catalogue;
}

}  // namespace denen::kpi
