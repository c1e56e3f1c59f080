#include "care/care_case.h"

#include <cstdio>
#include <map>
#include <set>

#include "care/form_csv.h"
#include "care/text.h"
#include "core/clock.h"
#include "core/individual_number.h"
#include "core/utf8.h"

namespace denen::care {
namespace {

constexpr MilestoneInfo kMilestones[kMilestoneCount] = {
    {"applied_on", "申請日"},
    {"surveyed_on", "認定調査日"},
    {"opinion_requested_on", "意見書依頼日"},
    {"opinion_received_on", "意見書受領日"},
    {"primary_judged_on", "一次判定日"},
    {"board_on", "審査会開催日"},
    {"certified_on", "認定日"},
    {"notified_on", "通知日"},
};

// Pairs (earlier, later) the procedure fixes: the opinion is received after it
// is requested, the 一次判定 needs the survey and the opinion, the board sits
// on the 一次判定, the decision follows the board and the notice the decision.
constexpr std::pair<Milestone, Milestone> kOrder[] = {
    {kOpinionRequested, kOpinionReceived},
    {kSurveyed, kPrimaryJudged},
    {kOpinionReceived, kPrimaryJudged},
    {kPrimaryJudged, kBoard},
    {kBoard, kCertified},
    {kCertified, kNotified},
};

enum Field { kCaseNo, kInsuredRef, kInsuredNumber, kType, kFormId, kFieldCount };
constexpr std::string_view kFieldNames[kFieldCount] = {"申請番号", "被保険者参照", "被保険者番号", "申請区分",
                                                       "調査票ID"};
constexpr std::string_view kFieldAliases[kFieldCount] = {"case_no", "insured_ref", "insured_number", "application_type",
                                                         "form_id"};
constexpr size_t kMaxIdBytes = 64;

Error CsvError(int row, std::string_view column, const std::string& why) {
  std::string where = std::to_string(row) + " 行目";
  if (!column.empty()) where += "「" + std::string(column) + "」列";
  return Error::Invalid("invalid_care_case_csv", "CSV " + where + ": " + why);
}

// "2026-04-01", "2026/4/1" (full-width digits too) → "2026-04-01".
std::optional<std::string> NormalizeDate(std::string_view text) {
  const std::string s(detail::Trim(detail::NormalizeWidth(text)));
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  int part = 0;
  char sep = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      parts[part] = parts[part] * 10 + (c - '0');
      if (++digits[part] > 4) return std::nullopt;
    } else if ((c == '-' || c == '/') && part < 2 && (sep == 0 || sep == c)) {
      sep = c;
      ++part;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || digits[0] != 4 || digits[1] == 0 || digits[1] > 2 || digits[2] == 0 || digits[2] > 2) {
    return std::nullopt;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  if (!DaysOfIsoDate(buf)) return std::nullopt;
  return std::string(buf);
}

bool IsHeaderOf(std::string_view name, std::string_view japanese, std::string_view alias) {
  return name == japanese || name == alias;
}

}  // namespace

std::string_view ApplicationTypeId(ApplicationType type) {
  switch (type) {
    case ApplicationType::kNew:
      return "new";
    case ApplicationType::kRenewal:
      return "renewal";
    case ApplicationType::kChange:
      return "change";
  }
  return "new";
}

std::string_view ApplicationTypeLabel(ApplicationType type) {
  switch (type) {
    case ApplicationType::kNew:
      return "新規";
    case ApplicationType::kRenewal:
      return "更新";
    case ApplicationType::kChange:
      return "区分変更";
  }
  return "新規";
}

std::optional<ApplicationType> ApplicationTypeFromId(std::string_view id) {
  for (auto t : {ApplicationType::kNew, ApplicationType::kRenewal, ApplicationType::kChange}) {
    if (id == ApplicationTypeId(t) || id == ApplicationTypeLabel(t)) return t;
  }
  return std::nullopt;
}

const MilestoneInfo& MilestoneOf(Milestone m) { return kMilestones[m]; }

CaseStage StageOf(const CareCase& c) {
  const Milestones& d = c.dates;
  if (d[kNotified]) return CaseStage::kDone;
  if (d[kCertified]) return CaseStage::kNotice;
  if (d[kBoard]) return CaseStage::kDecision;
  if (d[kPrimaryJudged]) return CaseStage::kBoard;
  if (!d[kSurveyed]) return CaseStage::kSurvey;
  if (!d[kOpinionReceived]) return CaseStage::kOpinion;
  return CaseStage::kPrimary;
}

std::string_view CaseStageId(CaseStage stage) {
  constexpr std::string_view kIds[] = {"survey", "opinion", "primary", "board", "decision", "notice", "done"};
  return kIds[static_cast<int>(stage)];
}

std::string_view CaseStageLabel(CaseStage stage) {
  constexpr std::string_view kLabels[] = {"調査待ち", "意見書待ち", "一次判定待ち", "審査会待ち",
                                          "認定待ち", "通知待ち",   "通知済み"};
  return kLabels[static_cast<int>(stage)];
}

CaseTarget TargetOf(const CareCase& c, std::string_view today) {
  CaseTarget t;
  const int64_t applied = DaysOfIsoDate(c.dates[kApplied].value_or("")).value_or(0);
  t.due_on = IsoDateOfDays(applied + kLegalTargetDays);
  t.decided = c.dates[kCertified].has_value();
  const std::string_view end = t.decided ? std::string_view(*c.dates[kCertified]) : today;
  t.days = DaysOfIsoDate(end).value_or(applied) - applied;
  t.overdue = t.days > kLegalTargetDays;
  return t;
}

std::optional<int64_t> DaysOfIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = starts[k]; i < starts[k] + lengths[k]; ++i) {
      if (date[i] < '0' || date[i] > '9') return std::nullopt;
      v[k] = v[k] * 10 + (date[i] - '0');
    }
  }
  if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1) return std::nullopt;
  const int64_t days = DaysFromCivil(v[0], v[1], v[2]);
  const CivilDate back = CivilFromDays(days);
  if (back.month != v[1] || back.day != v[2]) return std::nullopt;  // e.g. 02-30
  return days;
}

std::string IsoDateOfDays(int64_t days) {
  const CivilDate d = CivilFromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string JapanDateOf(int64_t epoch_millis) {
  const int64_t jst = epoch_millis + 9LL * 3600 * 1000;
  int64_t days = jst / 86400000;
  if (jst % 86400000 < 0) --days;
  return IsoDateOfDays(days);
}

Result<void> ValidateMilestones(const Milestones& dates, std::string_view today, int row) {
  if (!dates[kApplied]) return Fail(CsvError(row, kMilestones[kApplied].column, "申請日がありません"));
  const std::string& applied = *dates[kApplied];
  for (int m = 0; m < kMilestoneCount; ++m) {
    if (!dates[m]) continue;
    if (*dates[m] > today) {
      return Fail(
          CsvError(row, kMilestones[m].column, "今日（" + std::string(today) + "）より後の日付です: " + *dates[m]));
    }
    if (*dates[m] < applied) {
      return Fail(CsvError(row, kMilestones[m].column, "申請日（" + applied + "）より前の日付です: " + *dates[m]));
    }
  }
  for (const auto& [earlier, later] : kOrder) {
    if (dates[earlier] && dates[later] && *dates[later] < *dates[earlier]) {
      return Fail(CsvError(
          row, kMilestones[later].column,
          std::string(kMilestones[earlier].column) + "（" + *dates[earlier] + "）より前の日付です: " + *dates[later]));
    }
  }
  return {};
}

Result<std::vector<CaseRow>> ParseCaseCsv(std::string_view text, const CaseCsvOptions& options) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  auto split = SplitCsvRecords(text);
  if (!split) return Fail(Error::Invalid("invalid_care_case_csv", split.error().message));
  const std::vector<CsvRecord>& records = *split;
  if (records.empty()) return Fail(Error::Invalid("invalid_care_case_csv", "CSV が空です（見出しの行が必要です）"));

  // Header → field or milestone index; unknown headers are collected and refused together.
  std::vector<int> field_col(kFieldCount, -1);
  std::vector<int> milestone_col(kMilestoneCount, -1);
  std::vector<std::string> unknown;
  std::set<std::string> seen;
  const CsvRecord& header = records.front();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(detail::Trim(header.fields[i]));
    if (!seen.insert(name).second) return Fail(CsvError(1, "", "見出し「" + name + "」が2回あります"));
    bool known = false;
    for (int k = 0; k < kFieldCount && !known; ++k) {
      if (IsHeaderOf(name, kFieldNames[k], kFieldAliases[k])) field_col[k] = static_cast<int>(i), known = true;
    }
    for (int m = 0; m < kMilestoneCount && !known; ++m) {
      if (IsHeaderOf(name, kMilestones[m].column, kMilestones[m].id))
        milestone_col[m] = static_cast<int>(i), known = true;
    }
    if (!known) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "「" : "、「") + u + "」";
    std::string allowed;
    for (auto f : kFieldNames) allowed += std::string(allowed.empty() ? "" : ", ") + std::string(f);
    for (const auto& m : kMilestones) allowed += ", " + std::string(m.column);
    return Fail(Error::Invalid("unknown_care_case_columns",
                               "CSV 1 行目: 使えない見出しがあります: " + list + "（使える見出し: " + allowed + "）"));
  }
  for (int k : {kCaseNo, kInsuredRef, kType}) {
    if (field_col[k] < 0) return Fail(CsvError(1, "", "見出し「" + std::string(kFieldNames[k]) + "」がありません"));
  }
  if (milestone_col[kApplied] < 0) return Fail(CsvError(1, "", "見出し「申請日」がありません"));

  std::vector<CaseRow> out;
  std::map<std::string, int> case_rows;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    const int row = rec.row;
    bool blank = true;
    for (const std::string& f : rec.fields) blank = blank && detail::Trim(f).empty();
    if (blank) continue;
    if (rec.fields.size() != header.fields.size()) {
      return Fail(CsvError(row, "",
                           "列の数が見出しと違います（" + std::to_string(header.fields.size()) + " 列のはずが " +
                               std::to_string(rec.fields.size()) + " 列）"));
    }
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string column(detail::Trim(header.fields[i]));
      if (!IsValidUtf8(rec.fields[i])) {
        return Fail(CsvError(row, column, "文字コードが UTF-8 ではありません（UTF-8 に変換してください）"));
      }
      if (ContainsIndividualNumberShape(rec.fields[i])) {
        return Fail(Error::Invalid("individual_number_refused",
                                   "CSV " + std::to_string(row) + " 行目「" + column +
                                       "」列: 12桁の番号は個人番号（マイナンバー）の可能性があるため取り込めません。"
                                       "個人番号は保存しません。この欄を消してから取り込んでください"));
      }
    }
    auto field = [&](int k) -> std::string {
      return field_col[k] < 0 ? std::string() : std::string(detail::Trim(rec.fields[field_col[k]]));
    };

    CaseRow parsed;
    parsed.row = row;
    CareCase& c = parsed.value;
    c.case_no = detail::NormalizeWidth(field(kCaseNo));
    if (c.case_no.empty()) return Fail(CsvError(row, kFieldNames[kCaseNo], "申請番号がありません"));
    if (c.case_no.size() > kMaxIdBytes)
      return Fail(CsvError(row, kFieldNames[kCaseNo], "長すぎます（最大 64 バイト）"));
    if (auto [prev, fresh] = case_rows.try_emplace(c.case_no, row); !fresh) {
      return Fail(CsvError(row, kFieldNames[kCaseNo],
                           "申請番号「" + c.case_no + "」は " + std::to_string(prev->second) + " 行目にもあります"));
    }
    c.insured_ref = field(kInsuredRef);
    if (c.insured_ref.empty()) return Fail(CsvError(row, kFieldNames[kInsuredRef], "被保険者参照がありません"));
    if (c.insured_ref.size() > kMaxIdBytes) {
      return Fail(CsvError(row, kFieldNames[kInsuredRef], "長すぎます（最大 64 バイト）"));
    }
    if (const std::string number = detail::NormalizeWidth(field(kInsuredNumber)); !number.empty()) {
      if (!options.store_insured_number) {
        return Fail(CsvError(row, kFieldNames[kInsuredNumber],
                             "被保険者番号は保存しない設定です。この列を消すか、管理者が設定で保存を有効にしてから"
                             "取り込んでください"));
      }
      if (number.size() != 10 || number.find_first_not_of("0123456789") != std::string::npos) {
        return Fail(CsvError(row, kFieldNames[kInsuredNumber], "被保険者番号は10桁の数字で書いてください"));
      }
      c.insured_number = number;
    }
    const std::string type = field(kType);
    auto parsed_type = ApplicationTypeFromId(type);
    if (!parsed_type) {
      return Fail(CsvError(row, kFieldNames[kType], "新規・更新・区分変更のどれかを書いてください: " + type));
    }
    c.type = *parsed_type;
    for (int m = 0; m < kMilestoneCount; ++m) {
      if (milestone_col[m] < 0) continue;
      const std::string raw(detail::Trim(rec.fields[milestone_col[m]]));
      if (raw.empty()) continue;
      auto date = NormalizeDate(raw);
      if (!date) {
        return Fail(CsvError(row, kMilestones[m].column,
                             "日付は 2026-04-01 か 2026/4/1 の形で、正しい日付を書いてください: " + raw));
      }
      c.dates[m] = *date;
    }
    DENEN_TRY_VOID(ValidateMilestones(c.dates, options.today, row));
    if (const std::string form_id = field(kFormId); !form_id.empty()) {
      if (form_id.size() > kCsvMaxFormIdBytes) {
        return Fail(CsvError(row, kFieldNames[kFormId], "長すぎます（最大 200 バイト）"));
      }
      c.form_id = form_id;
    }
    out.push_back(std::move(parsed));
  }
  if (out.empty()) return Fail(Error::Invalid("invalid_care_case_csv", "CSV に申請の行がありません"));
  return out;
}

}  // namespace denen::care
