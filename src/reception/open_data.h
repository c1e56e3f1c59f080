// Reading the デジタル庁 自治体標準オープンデータセット CSV files the Reception
// module imports: 「公共施設一覧」 (places) and 「イベント一覧」 (events). The
// header names accepted for each field live in data/reception/open_data_layouts.json
// (embedded in the binary), so staff can follow a revised layout without a
// code change. Pure functions; safe for concurrent use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::reception {

// RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a UTF-8 BOM skipped).
// An unterminated quote is an error naming the line.
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text);

struct PlaceRow {
  std::string source_id;  // ID (or NO) of the row
  std::string name;
  std::string name_kana;
  std::string category;
  std::string address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  int shelter_capacity = 0;  // 0 when the file does not say
};

struct EventRow {
  std::string source_id;
  std::string name;
  std::string place_name;  // matched to a place by name on import
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;    // YYYY-MM-DD (start_date when empty)
  std::string start_time;  // as written ("10:00"), '' when not given
  std::string end_time;
  int capacity = 0;              // 0 = no limit; "30名" reads as 30
  bool preregistration = false;  // 参加申込方法 says how to apply
};

// Errors name the line (1-based, header = 1) and the column.
Result<std::vector<PlaceRow>> ParsePlacesCsv(std::string_view text);
Result<std::vector<EventRow>> ParseEventsCsv(std::string_view text);

}  // namespace denen::reception
