// Open data (非個人の集計): facility use per month, shelter occupancy history
// and event participation, as tables laid out after the デジタル庁
// 自治体標準オープンデータセット conventions (全国地方公共団体コード, ID and
// 地方公共団体名 first; dates YYYY-MM-DD; one header row). Counts only; counts
// under the minimum cell size read "X" (null in JSON). Safe for concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kpi/report.h"
#include "store/database.h"

namespace denen::kpi {

struct OpenDatasetInfo {
  std::string id;  // facility-use | shelter-occupancy | event-participation
  std::string title;
  std::string description;
};

const std::vector<OpenDatasetInfo>& OpenDatasets();

struct OpenTable {
  OpenDatasetInfo info;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // "X" where suppressed
  std::vector<std::string> count_columns;      // numeric columns (JSON numbers)
};

Result<OpenTable> BuildOpenDataset(store::Database& db, const std::string& code, const std::string& name,
                                   const std::string& dataset, int fiscal_year, int min_cell_size);

std::string OpenTableCsv(const OpenTable& table);
nlohmann::json OpenTableJson(const OpenTable& table, int fiscal_year, int min_cell_size);

}  // namespace denen::kpi
