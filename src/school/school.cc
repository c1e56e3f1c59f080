#include "school/school.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include "core/clock.h"

namespace denen::school {
namespace {

constexpr std::array<std::string_view, 4> kGradeBands = {"lower", "middle", "upper", "junior_high"};

Error FieldError(std::string_view field, std::string_view label, std::string_view why) {
  return Error::Invalid("invalid_" + std::string(field),
                        "「" + std::string(label) + "」(" + std::string(field) + ") " + std::string(why));
}

// Text that goes on pages and into reports: bounded, no control characters
// (line breaks only where `multiline`).
Result<void> CheckText(std::string_view field, std::string_view label, std::string_view value, size_t max_chars,
                       bool required, bool multiline = false) {
  bool blank = true;
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      if (!(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
        return Fail(FieldError(field, label, "に制御文字は使えません"));
      }
    } else if (c != ' ') {
      blank = false;
    }
  }
  if (required && blank) return Fail(FieldError(field, label, "を入力してください"));
  if (CharCount(value) > max_chars) {
    return Fail(FieldError(field, label, "は" + std::to_string(max_chars) + "文字以内で入力してください"));
  }
  return {};
}

Result<void> CheckList(std::string_view field, std::string_view label, const std::vector<std::string>& items,
                       size_t max_items, size_t max_chars) {
  if (items.size() > max_items) {
    return Fail(FieldError(field, label, "は" + std::to_string(max_items) + "件までです"));
  }
  for (const auto& item : items) DENEN_TRY_VOID(CheckText(field, label, item, max_chars, true));
  return {};
}

Result<void> CheckPeriod(std::string_view field, std::string_view label, int period) {
  if (period < 1 || period > kMaxPeriod) {
    return Fail(FieldError(field, label, "は1〜" + std::to_string(kMaxPeriod) + "の校時で指定してください"));
  }
  return {};
}

}  // namespace

std::string_view SchoolKindId(SchoolKind kind) {
  switch (kind) {
    case SchoolKind::kElementary:
      return "elementary";
    case SchoolKind::kJuniorHigh:
      return "junior_high";
    case SchoolKind::kOther:
      return "other";
  }
  return "other";
}

std::optional<SchoolKind> SchoolKindFromId(std::string_view id) {
  if (id == "elementary") return SchoolKind::kElementary;
  if (id == "junior_high") return SchoolKind::kJuniorHigh;
  if (id == "other") return SchoolKind::kOther;
  return std::nullopt;
}

std::string_view SessionStatusId(SessionStatus status) {
  switch (status) {
    case SessionStatus::kPlanned:
      return "planned";
    case SessionStatus::kHeld:
      return "held";
    case SessionStatus::kCancelled:
      return "cancelled";
    case SessionStatus::kCutShort:
      return "cut_short";
  }
  return "planned";
}

std::optional<SessionStatus> SessionStatusFromId(std::string_view id) {
  if (id == "planned") return SessionStatus::kPlanned;
  if (id == "held") return SessionStatus::kHeld;
  if (id == "cancelled") return SessionStatus::kCancelled;
  if (id == "cut_short") return SessionStatus::kCutShort;
  return std::nullopt;
}

size_t CharCount(std::string_view utf8) {
  return static_cast<size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<int64_t> DaysOfDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return std::nullopt;
  }
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const int month = std::stoi(std::string(date.substr(5, 2)));
  const int day = std::stoi(std::string(date.substr(8, 2)));
  if (year < 2000 || year > 2199 || month < 1 || month > 12 || day < 1) return std::nullopt;
  const int64_t days = DaysFromCivil(year, month, day);
  const CivilDate back = CivilFromDays(days);
  if (back.year != year || back.month != month || back.day != day) return std::nullopt;  // e.g. 02-30
  return days;
}

std::string JapanDate(int64_t epoch_millis) {
  const int64_t jst = epoch_millis + 9LL * 3600 * 1000;
  int64_t days = jst / 86400000;
  if (jst % 86400000 < 0) --days;
  const CivilDate d = CivilFromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

int FiscalYearOf(std::string_view date) {
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const int month = std::stoi(std::string(date.substr(5, 2)));
  return month >= 4 ? year : year - 1;
}

std::pair<std::string, std::string> FiscalYearRange(int fiscal_year) {
  return {std::to_string(fiscal_year) + "-04-01", std::to_string(fiscal_year + 1) + "-03-31"};
}

Result<void> ValidateDate(std::string_view field, std::string_view label, std::string_view date) {
  if (!DaysOfDate(date)) return Fail(FieldError(field, label, "は YYYY-MM-DD 形式の正しい日付で指定してください"));
  return {};
}

Result<void> ValidateSchool(const School& school) { return CheckText("name", "学校名", school.name, 100, true); }

Result<void> ValidateClass(const SchoolClass& c, SchoolKind kind) {
  DENEN_TRY_VOID(CheckText("name", "学級名", c.name, 50, true));
  const int max_grade = kind == SchoolKind::kElementary ? 6 : kind == SchoolKind::kJuniorHigh ? 3 : 12;
  if (c.grade < 0 || c.grade > max_grade) {
    return Fail(FieldError("grade", "学年", "は0(複数学年)〜" + std::to_string(max_grade) + "で指定してください"));
  }
  return {};
}

Result<void> ValidatePlan(const SessionPlan& plan) {
  DENEN_TRY_VOID(ValidateDate("date", "実施日", plan.date));
  DENEN_TRY_VOID(CheckPeriod("period_from", "開始校時", plan.period_from));
  DENEN_TRY_VOID(CheckPeriod("period_to", "終了校時", plan.period_to));
  if (plan.period_to < plan.period_from) {
    return Fail(FieldError("period_to", "終了校時", "は開始校時と同じか後の校時にしてください"));
  }
  DENEN_TRY_VOID(CheckText("subject", "教科", plan.subject, 50, true));
  DENEN_TRY_VOID(CheckText("unit", "単元", plan.unit, 200, false));
  DENEN_TRY_VOID(CheckText("conference_url", "Web会議のリンク", plan.conference_url, 500, false));
  if (!plan.conference_url.empty()) {
    const bool web = plan.conference_url.starts_with("https://") || plan.conference_url.starts_with("http://");
    if (!web || plan.conference_url.find(' ') != std::string::npos) {
      return Fail(FieldError("conference_url", "Web会議のリンク", "は https:// で始まるURLで入力してください"));
    }
  }
  DENEN_TRY_VOID(CheckList("ict_tools", "使用するICT", plan.ict_tools, 20, 100));
  std::set<std::string> distinct(plan.class_ids.begin(), plan.class_ids.end());
  if (distinct.size() != plan.class_ids.size()) {
    return Fail(FieldError("class_ids", "参加学級", "に同じ学級が重複しています"));
  }
  if (plan.class_ids.size() < 2) return Fail(FieldError("class_ids", "参加学級", "は2学級以上を選んでください"));
  if (plan.class_ids.size() > 20) return Fail(FieldError("class_ids", "参加学級", "は20学級までです"));
  return {};
}

Result<void> ValidateRecord(const SessionRecord& record) {
  switch (record.status) {
    case SessionStatus::kPlanned:
      return Fail(FieldError("status", "実施結果", "は held(実施)・cut_short(短縮)・cancelled(中止)のいずれかです"));
    case SessionStatus::kCancelled:
      if (record.actual_minutes != 0) {
        return Fail(FieldError("actual_minutes", "実施時間(分)", "は中止の場合0にしてください"));
      }
      break;
    case SessionStatus::kHeld:
    case SessionStatus::kCutShort:
      if (record.actual_minutes < 1 || record.actual_minutes > kMaxSessionMinutes) {
        return Fail(FieldError("actual_minutes", "実施時間(分)",
                               "は1〜" + std::to_string(kMaxSessionMinutes) + "分で入力してください"));
      }
      break;
  }
  return CheckText("note", "記録メモ", record.note, kMaxNoteChars, false, true);
}

Result<void> ValidateIctUse(const IctUse& use) {
  DENEN_TRY_VOID(ValidateDate("date", "実施日", use.date));
  DENEN_TRY_VOID(CheckPeriod("period", "校時", use.period));
  if (use.minutes < 1 || use.minutes > kMaxPeriodMinutes) {
    return Fail(
        FieldError("minutes", "使用時間(分)", "は1〜" + std::to_string(kMaxPeriodMinutes) + "分で入力してください"));
  }
  if (use.tools.empty()) return Fail(FieldError("tools", "使用したICT", "を1つ以上入力してください"));
  DENEN_TRY_VOID(CheckList("tools", "使用したICT", use.tools, 20, 100));
  DENEN_TRY_VOID(CheckText("aim", "ねらい", use.aim, 500, true, true));
  return CheckText("child_notes", "児童生徒ごとのメモ", use.child_notes, kMaxNoteChars, false, true);
}

Result<void> ValidateSurveyAnswer(const SurveyAnswer& a) {
  const bool id_ok =
      a.device_id.size() >= 16 && a.device_id.size() <= 64 &&
      std::all_of(a.device_id.begin(), a.device_id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      });
  if (!id_ok) return Fail(FieldError("device_id", "端末ID", "は16〜64文字の英数字で指定してください"));
  if (a.respondent != "pupil" && a.respondent != "teacher") {
    return Fail(FieldError("respondent", "回答者", "は pupil(児童生徒)か teacher(教員)です"));
  }
  if (a.respondent == "pupil") {
    if (std::find(kGradeBands.begin(), kGradeBands.end(), a.grade_band) == kGradeBands.end()) {
      return Fail(FieldError("grade_band", "学年",
                             "は lower(小1・2)・middle(小3・4)・upper(小5・6)・junior_high(中学)のいずれかです"));
    }
  } else if (!a.grade_band.empty()) {
    return Fail(FieldError("grade_band", "学年", "は教員の回答には指定しません"));
  }
  if (a.rating < 1 || a.rating > 5) return Fail(FieldError("rating", "満足度", "は1〜5で選んでください"));
  return CheckText("comment", "感想", a.comment, kMaxCommentChars, false, true);
}

}  // namespace denen::school
