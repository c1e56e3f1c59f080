// A 要介護認定 certification case: the application, its dated milestones and
// the 30-day legal target (介護保険法 第27条第11項: the decision within 30 days
// of the application), and the strict parsing of the office's case CSV
// (layout: docs/care-cases.md). Pure functions and plain values; every error
// names the row and the column. Safe to use from several threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen::care {

inline constexpr int kLegalTargetDays = 30;

enum class ApplicationType { kNew, kRenewal, kChange };

// "new" | "renewal" | "change", as stored and answered by the API.
std::string_view ApplicationTypeId(ApplicationType type);
// 新規 | 更新 | 区分変更.
std::string_view ApplicationTypeLabel(ApplicationType type);
std::optional<ApplicationType> ApplicationTypeFromId(std::string_view id);

// The milestones in the order the procedure runs. kApplied (申請日) is required.
enum Milestone {
  kApplied,           // 申請日
  kSurveyed,          // 認定調査日
  kOpinionRequested,  // 主治医意見書 依頼日
  kOpinionReceived,   // 主治医意見書 受領日
  kPrimaryJudged,     // 一次判定日 (ichiji hantei: the computer's first estimate)
  kBoard,             // 介護認定審査会 開催日
  kCertified,         // 認定日 (the decision)
  kNotified,          // 通知日
  kMilestoneCount,
};

struct MilestoneInfo {
  std::string_view id;      // column of care_cases and key in the API, e.g. "applied_on"
  std::string_view column;  // the CSV header, e.g. "申請日"
};
const MilestoneInfo& MilestoneOf(Milestone m);

// Dates are 'YYYY-MM-DD' strings; nullopt when not reached yet.
using Milestones = std::array<std::optional<std::string>, kMilestoneCount>;

struct CareCase {
  std::string case_no;                        // the office's case number, key of re-imports
  std::string insured_ref;                    // pseudonymous reference to the insured person
  std::optional<std::string> insured_number;  // 被保険者番号, only where the office stores it
  ApplicationType type = ApplicationType::kNew;
  Milestones dates;
  std::optional<std::string> form_id;  // the case's 認定調査票

  bool operator==(const CareCase&) const = default;
};

// Where a case stands, from the milestones it has reached.
enum class CaseStage {
  kSurvey,    // 調査待ち: no 認定調査 yet
  kOpinion,   // 意見書待ち: no 主治医意見書 received
  kPrimary,   // 一次判定待ち
  kBoard,     // 審査会待ち
  kDecision,  // 認定待ち: the board met, no decision yet
  kNotice,    // 通知待ち
  kDone,      // 通知済み
};
CaseStage StageOf(const CareCase& c);
std::string_view CaseStageId(CaseStage stage);  // survey | opinion | primary | board | decision | notice | done
std::string_view CaseStageLabel(CaseStage stage);

// The 30-day legal target of one case on `today`.
struct CaseTarget {
  std::string due_on;  // 申請日 + 30 days
  int64_t days = 0;    // 申請日 → 認定日, or → today while undecided
  bool decided = false;
  bool overdue = false;  // more than 30 days
};
CaseTarget TargetOf(const CareCase& c, std::string_view today);

// Days since 1970-01-01 of a valid 'YYYY-MM-DD' date; nullopt otherwise.
std::optional<int64_t> DaysOfIsoDate(std::string_view date);
std::string IsoDateOfDays(int64_t days);
// The date in Japan (UTC+9, no daylight saving) at an instant.
std::string JapanDateOf(int64_t epoch_millis);

// A case CSV row after parsing, with the row it came from.
struct CaseRow {
  int row = 0;
  CareCase value;
};

struct CaseCsvOptions {
  std::string today;                  // 'YYYY-MM-DD' in Japan: no milestone may be later
  bool store_insured_number = false;  // whether the office stores the 被保険者番号
};

// Parses the whole case CSV (UTF-8, optional BOM; header names in
// docs/care-cases.md). Unknown headers are one error listing them all; a
// 12-digit number in any field (core/individual_number.h: the shape of the
// 個人番号, which Denen never stores), a milestone before 申請日 or after today, and
// milestones out of the legal order are errors naming the row and the column.
// A case number appearing twice is an error. Nothing partial is returned.
Result<std::vector<CaseRow>> ParseCaseCsv(std::string_view text, const CaseCsvOptions& options);

// Checks one case's dates against each other and `today` (used by the parser).
Result<void> ValidateMilestones(const Milestones& dates, std::string_view today, int row);

}  // namespace denen::care
