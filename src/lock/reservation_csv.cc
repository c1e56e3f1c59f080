#include "lock/reservation_csv.h"

#include <charconv>
#include <map>

namespace denen::lock {
namespace {

constexpr size_t kMaxCsvBytes = 8u << 20;
constexpr const char* kColumns[] = {"external_ref", "resident_id", "facility_id", "room_id", "date",  "start",
                                    "end",          "purpose",     "fee_yen",     "payment", "status"};

}  // namespace

Result<std::vector<std::vector<std::string>>> SplitCsv(std::string_view csv) {
  if (csv.size() > kMaxCsvBytes) return Fail(Error::Invalid("csv_too_large", "CSVファイルが大きすぎます(8MBまで)"));
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
      } else {
        records.emplace_back();  // keep line numbers right for blank lines
      }
      record.clear();
      field.clear();
      any = false;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if (quoted) return Fail(Error::Invalid("csv_unterminated_quote", "CSVの引用符(\")が閉じられていません"));
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

Result<ParsedReservationCsv> ParseReservationCsv(std::string_view csv) {
  DENEN_TRY(records, SplitCsv(csv));
  if (records.empty() || records[0].empty()) {
    return Fail(Error::Invalid("csv_no_header", "CSVの1行目に列名(見出し)がありません"));
  }
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < records[0].size(); ++i) at[records[0][i]] = i;
  for (const char* column : kColumns) {
    if (!at.contains(column)) {
      return Fail(Error::Invalid("csv_missing_column", std::string("CSVに列「") + column + "」がありません"));
    }
  }
  ParsedReservationCsv out;
  for (size_t n = 1; n < records.size(); ++n) {
    const auto& rec = records[n];
    if (rec.empty()) continue;
    const std::string where = "行 " + std::to_string(n + 1) + ": ";
    auto get = [&](const char* column) -> std::string {
      size_t i = at[column];
      return i < rec.size() ? rec[i] : std::string();
    };
    CsvReservation row;
    row.line = static_cast<int>(n + 1);
    ReservationInput& in = row.input;
    in.external_ref = get("external_ref");
    in.resident_id = get("resident_id");
    in.facility_id = get("facility_id");
    std::string room = get("room_id");
    if (!room.empty()) in.room_id = room;
    in.date = get("date");
    in.start_time = get("start");
    in.end_time = get("end");
    in.purpose = get("purpose");
    if (in.external_ref.empty()) {
      out.errors.push_back(where + "予約番号(external_ref)が空です");
      continue;
    }
    std::string fee = get("fee_yen");
    auto [end, ec] = std::from_chars(fee.data(), fee.data() + fee.size(), in.fee_yen);
    if (ec != std::errc() || end != fee.data() + fee.size() || in.fee_yen < 0) {
      out.errors.push_back(where + "使用料(fee_yen)は0以上の整数(円)で書いてください");
      continue;
    }
    auto payment = ParsePayment(get("payment"));
    if (!payment) {
      out.errors.push_back(where + payment.error().message);
      continue;
    }
    in.payment = *payment;
    auto status = ParseReservationStatus(get("status"));
    if (!status) {
      out.errors.push_back(where + status.error().message);
      continue;
    }
    in.status = *status;
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace denen::lock
