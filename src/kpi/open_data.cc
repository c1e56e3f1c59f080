#include "kpi/open_data.h"

#include <algorithm>

#include "core/clock.h"
#include "core/fiscal_year.h"
#include "sheets/sheets.h"

namespace denen::kpi {
namespace {

using nlohmann::json;
using store::Int;
using store::Text;

std::string CountText(int64_t n, int min_cell_size) {
  return IsSmallCell(n, min_cell_size) ? std::string(kSuppressedMark) : std::to_string(n);
}

// Japan-time "YYYY-MM-DDTHH:MM" of an instant.
std::string JapanDateTime(int64_t ms) {
  const std::string iso = FormatIsoUtc(ms + 9LL * 3600 * 1000);
  return iso.substr(0, 16);
}

}  // namespace

const std::vector<OpenDatasetInfo>& OpenDatasets() {
  static const std::vector<OpenDatasetInfo> datasets = {
      {"facility-use", "公共施設の月別利用者数", "公共施設の受付（来訪記録）の延べ人数を施設・月ごとに集計したもの"},
      {"shelter-occupancy", "避難所の受付人数の履歴", "開設した避難所ごと・日ごとの受付人数"},
      {"event-participation", "イベント参加者数", "カード受付を行ったイベントごとの参加者の延べ人数"},
  };
  return datasets;
}

Result<OpenTable> BuildOpenDataset(store::Database& db, const std::string& code, const std::string& name,
                                   const std::string& dataset, int fiscal_year, int min_cell_size) {
  auto info = std::find_if(OpenDatasets().begin(), OpenDatasets().end(),
                           [&](const OpenDatasetInfo& d) { return d.id == dataset; });
  if (info == OpenDatasets().end()) return Fail(Error::NotFound("dataset_not_found", "そのデータセットはありません"));
  OpenTable t;
  t.info = *info;
  const std::string first = FiscalYearFirstDay(fiscal_year), last = FiscalYearLastDay(fiscal_year);
  if (dataset == "facility-use") {
    t.header = {"全国地方公共団体コード", "ID", "地方公共団体名", "施設ID", "施設名", "年月", "利用者数"};
    t.count_columns = {"利用者数"};
    DENEN_TRY(rows, db.Query("SELECT v.place_id, COALESCE(p.name, ''), SUBSTR(v.visit_date, 1, 7) AS m, COUNT(*) "
                             "FROM reception_visits v LEFT JOIN reception_places p ON p.municipality_code = "
                             "v.municipality_code AND p.id = v.place_id WHERE v.municipality_code = ? AND "
                             "v.kind = 'facility' AND v.visit_date >= ? AND v.visit_date <= ? "
                             "GROUP BY v.place_id, p.name, SUBSTR(v.visit_date, 1, 7) ORDER BY 3, 1",
                             {Text(code), Text(first), Text(last)}));
    for (const auto& r : rows) {
      t.rows.push_back({code, r.Text(2) + "-" + r.Text(0), name, r.Text(0), r.Text(1), r.Text(2),
                        CountText(r.Int(3), min_cell_size)});
    }
  } else if (dataset == "shelter-occupancy") {
    t.header = {"全国地方公共団体コード",
                "ID",
                "地方公共団体名",
                "避難所名",
                "収容人数",
                "開設日時",
                "閉鎖日時",
                "日付",
                "受付人数"};
    t.count_columns = {"収容人数", "受付人数"};
    const int64_t from_ms = JapanMonthStartMillis(YearMonthKey(fiscal_year, 4));
    const int64_t to_ms = JapanMonthStartMillis(YearMonthKey(fiscal_year + 1, 4));
    DENEN_TRY(rows, db.Query("SELECT o.id, COALESCE(p.name, ''), o.capacity, o.opened_at_ms, o.closed_at_ms, "
                             "v.visit_date, COUNT(v.id) FROM reception_shelter_openings o LEFT JOIN reception_places "
                             "p ON p.municipality_code = o.municipality_code AND p.id = o.place_id LEFT JOIN "
                             "reception_visits v ON v.municipality_code = o.municipality_code AND v.opening_id = o.id "
                             "AND v.kind = 'shelter' WHERE o.municipality_code = ? AND o.opened_at_ms >= ? AND "
                             "o.opened_at_ms < ? GROUP BY o.id, p.name, o.capacity, o.opened_at_ms, o.closed_at_ms, "
                             "v.visit_date ORDER BY o.opened_at_ms, o.id, v.visit_date",
                             {Text(code), Int(from_ms), Int(to_ms)}));
    for (const auto& r : rows) {
      const std::string date = r.Text(5);
      t.rows.push_back({code, r.Text(0) + (date.empty() ? "" : "-" + date), name, r.Text(1), std::to_string(r.Int(2)),
                        JapanDateTime(r.Int(3)), r.IsNull(4) ? "" : JapanDateTime(r.Int(4)), date,
                        CountText(r.Int(6), min_cell_size)});
    }
  } else {
    t.header = {
        "全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "開始日", "終了日", "場所名称", "参加者数"};
    t.count_columns = {"参加者数"};
    DENEN_TRY(rows, db.Query("SELECT e.id, e.name, e.start_date, e.end_date, e.place_name, COUNT(v.id) FROM "
                             "reception_events e JOIN reception_visits v ON v.municipality_code = e.municipality_code "
                             "AND v.event_id = e.id AND v.kind = 'event' WHERE e.municipality_code = ? AND "
                             "e.start_date >= ? AND e.start_date <= ? GROUP BY e.id, e.name, e.start_date, "
                             "e.end_date, e.place_name ORDER BY e.start_date, e.id",
                             {Text(code), Text(first), Text(last)}));
    for (const auto& r : rows) {
      t.rows.push_back(
          {code, r.Text(0), name, r.Text(1), r.Text(2), r.Text(3), r.Text(4), CountText(r.Int(5), min_cell_size)});
    }
  }
  return t;
}

std::string OpenTableCsv(const OpenTable& table) {
  Sheet sheet{table.info.id, {table.header}};
  for (const auto& r : table.rows) sheet.rows.push_back(r);
  return sheets::SheetsToCsv({sheet});
}

json OpenTableJson(const OpenTable& table, int fiscal_year, int min_cell_size) {
  json rows = json::array();
  for (const auto& r : table.rows) {
    json row = json::object();
    for (size_t c = 0; c < table.header.size(); ++c) {
      const bool count = std::find(table.count_columns.begin(), table.count_columns.end(), table.header[c]) !=
                         table.count_columns.end();
      if (count) {
        row[table.header[c]] = r[c] == kSuppressedMark ? json(nullptr) : json(std::stoll(r[c]));
      } else {
        row[table.header[c]] = r[c];
      }
    }
    rows.push_back(std::move(row));
  }
  return {{"dataset", table.info.id},
          {"title", table.info.title},
          {"description", table.info.description},
          {"fiscal_year", fiscal_year},
          {"min_cell_size", min_cell_size},
          {"suppressed", "件数が " + std::to_string(min_cell_size) + " 未満（0を除く）の値は null（CSV では X）"},
          {"columns", table.header},
          {"rows", rows}};
}

}  // namespace denen::kpi
