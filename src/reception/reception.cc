#include "reception/reception.h"

#include <charconv>

#include "core/clock.h"

namespace denen::reception {
namespace {

constexpr int64_t kJapanOffsetMs = 9LL * 3600 * 1000;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string FormatDate(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool ParseInt(std::string_view text, int& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ValidYmd(int y, int m, int d) {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string JapanDate(int64_t epoch_millis) {
  const CivilDate c = CivilFromDays(FloorDiv(epoch_millis + kJapanOffsetMs, kDayMs));
  return FormatDate(c.year, c.month, c.day);
}

int JapanHour(int64_t epoch_millis) {
  const int64_t in_day = (epoch_millis + kJapanOffsetMs) - FloorDiv(epoch_millis + kJapanOffsetMs, kDayMs) * kDayMs;
  return static_cast<int>(in_day / (3600 * 1000));
}

int JapanWeekday(int64_t epoch_millis) {
  // 1970-01-01 was a Thursday (4).
  const int64_t days = FloorDiv(epoch_millis + kJapanOffsetMs, kDayMs);
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

Result<int64_t> JapanMidnight(std::string_view date) {
  if (!IsDate(date)) return Fail(Error::Invalid("invalid_date", "日付は YYYY-MM-DD で指定してください"));
  int y = 0, m = 0, d = 0;
  ParseInt(date.substr(0, 4), y);
  ParseInt(date.substr(5, 2), m);
  ParseInt(date.substr(8, 2), d);
  return DaysFromCivil(y, m, d) * kDayMs - kJapanOffsetMs;
}

int FiscalYearOf(std::string_view date) {
  int y = 0, m = 0;
  ParseInt(date.substr(0, 4), y);
  ParseInt(date.substr(5, 2), m);
  return m >= 4 ? y : y - 1;
}

std::string SameDayPreviousYear(std::string_view date) {
  int y = 0, m = 0, d = 0;
  ParseInt(date.substr(0, 4), y);
  ParseInt(date.substr(5, 2), m);
  ParseInt(date.substr(8, 2), d);
  y -= 1;
  if (d > DaysInMonth(y, m)) d = DaysInMonth(y, m);
  return FormatDate(y, m, d);
}

bool IsDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  return ParseInt(date.substr(0, 4), y) && ParseInt(date.substr(5, 2), m) && ParseInt(date.substr(8, 2), d) &&
         ValidYmd(y, m, d);
}

std::optional<std::string> NormalizeDate(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int y = 0, m = 0, d = 0;
  if (text.size() == 8 && ParseInt(text.substr(0, 4), y) && ParseInt(text.substr(4, 2), m) &&
      ParseInt(text.substr(6, 2), d)) {
    if (ValidYmd(y, m, d)) return FormatDate(y, m, d);
    return std::nullopt;
  }
  const char sep = text.find('/') != std::string_view::npos ? '/' : '-';
  const size_t a = text.find(sep);
  const size_t b = a == std::string_view::npos ? a : text.find(sep, a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  if (!ParseInt(text.substr(0, a), y) || !ParseInt(text.substr(a + 1, b - a - 1), m) ||
      !ParseInt(text.substr(b + 1), d) || !ValidYmd(y, m, d)) {
    return std::nullopt;
  }
  return FormatDate(y, m, d);
}

const std::vector<std::string_view>& AgeBands() {
  static const std::vector<std::string_view> bands = {"0-9",   "10-19", "20-29", "30-39", "40-49",
                                                      "50-59", "60-69", "70-79", "80+",   "unknown"};
  return bands;
}

bool IsAgeBand(std::string_view band) {
  for (auto b : AgeBands()) {
    if (b == band) return true;
  }
  return false;
}

std::string AgeBandOf(int birth_year, std::string_view date) {
  if (birth_year <= 0) return "unknown";
  int year = 0;
  ParseInt(date.substr(0, 4), year);
  const int age = year - birth_year;
  if (age < 0 || age > 130) return "unknown";
  if (age >= 80) return "80+";
  return std::string(AgeBands()[static_cast<size_t>(age / 10)]);
}

std::string_view VisitKindId(VisitKind kind) {
  switch (kind) {
    case VisitKind::kFacility:
      return "facility";
    case VisitKind::kEvent:
      return "event";
    case VisitKind::kShelter:
      return "shelter";
  }
  return "facility";
}

std::string_view OutcomeId(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCheckedIn:
      return "checked_in";
    case Outcome::kCheckedOut:
      return "checked_out";
    case Outcome::kAlreadyCheckedIn:
      return "already_checked_in";
    case Outcome::kAlreadyCheckedOut:
      return "already_checked_out";
    case Outcome::kRefused:
      return "refused";
  }
  return "refused";
}

std::optional<Outcome> OutcomeFromId(std::string_view id) {
  for (Outcome o : {Outcome::kCheckedIn, Outcome::kCheckedOut, Outcome::kAlreadyCheckedIn, Outcome::kAlreadyCheckedOut,
                    Outcome::kRefused}) {
    if (OutcomeId(o) == id) return o;
  }
  return std::nullopt;
}

Result<Visitor> WalkInVisitor(std::string name_kana, std::string district, std::string age_band) {
  if (name_kana.empty() || Utf8Length(name_kana) > 100) {
    return Fail(Error::Invalid("invalid_name_kana", "「氏名(カナ)」(name_kana) を100文字以内で入力してください"));
  }
  if (Utf8Length(district) > 100) {
    return Fail(Error::Invalid("invalid_district", "「地区」(district) は100文字以内で入力してください"));
  }
  if (age_band.empty()) age_band = "unknown";
  if (!IsAgeBand(age_band)) {
    return Fail(
        Error::Invalid("invalid_age_band", "「年代」(age_band) は 0-9, 10-19, …, 70-79, 80+, unknown のいずれかです"));
  }
  return Visitor{std::nullopt, std::move(name_kana), std::move(district), std::move(age_band)};
}

bool IsUlid(std::string_view id) {
  if (id.size() != 26) return false;
  for (char c : id) {
    const bool digit = c >= '0' && c <= '9';
    const bool upper = c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U';
    if (!digit && !upper) return false;
  }
  return id[0] <= '7';
}

}  // namespace denen::reception
