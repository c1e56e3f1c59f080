// The KPI module's HTTP routes: the catalogue, the report per fiscal year,
// baselines and targets, the grant-report export (XLSX, CSV), uploaded tables
// and their join with Denen's data (role planner; admin passes), and the
// public, read-only open-data endpoint /api/v1/open/{dataset}.
#pragma once

#include <string>

#include "core/clock.h"
#include "http/router.h"
#include "store/database.h"

namespace denen::kpi {

struct KpiApiContext {
  store::Database& db;
  const Clock& clock;
  // Whose open data the public endpoint serves when the request names no
  // `?municipality=CODE`. Names always come from the municipalities table.
  std::string municipality_code;
  int min_cell_size = 5;  // [kpi] min_cell_size
};

Result<void> RegisterKpiRoutes(http::Router& router, const KpiApiContext& ctx);

}  // namespace denen::kpi
