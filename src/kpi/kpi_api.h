// The KPI module's HTTP routes: the catalogue, the report per fiscal year,
// baselines and targets, the grant-report export (XLSX, CSV), uploaded tables
// and their join with Denen's data (role planner; admin passes), and the
// public, read-only open-data endpoint /api/v1/open/{dataset}.
#pragma once

#include <string>

#include "core/clock.h"
#include "http/router.h"
#include "settings/municipality_settings.h"
#include "store/database.h"

namespace denen::kpi {

struct KpiApiContext {
  store::Database& db;
  // Where the report, export, join and open-data routes read: a read replica
  // (store::ReadReplica) or `db` itself. Uploaded tables and goals are read
  // from `db`, so that a planner sees what they just saved.
  store::Database& reports_db;
  const Clock& clock;
  // Whose open data the public endpoint serves when the request names no
  // `?municipality=CODE`. Names always come from the municipalities table.
  std::string municipality_code;
  // Each municipality's kpi.min_cell_size (suppression of small counts).
  const settings::MunicipalitySettings& settings;
};

Result<void> RegisterKpiRoutes(http::Router& router, const KpiApiContext& ctx);

}  // namespace denen::kpi
