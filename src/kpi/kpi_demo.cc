#include "kpi/kpi_demo.h"

#include <cstdio>
#include <vector>

#include "core/fiscal_year.h"

namespace denen::kpi {
namespace {

using store::Int;
using store::Null;
using store::Text;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int kResidents = 150;
constexpr int kCardHolders = 100;
const char* const kDistricts[] = {"本町", "十日町", "小出", "豊田", "致芳", "西根", "平野", "伊佐沢"};
const char* const kPlaces[] = {"市民文化会館", "中央公民館", "市民体育館", "置賜生涯学習プラザ", "子育て支援センター"};

// A small deterministic generator, so that every run seeds the same rows.
struct Lcg {
  uint64_t state;
  int Next(int bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<uint64_t>(bound));
  }
};

std::string Num(int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*d", width, n);
  return buf;
}

std::string ResidentId(int i) { return "kpidemo-r-" + Num(i, 3); }
std::string IdentityKey(int i) { return "kpidemo-key-" + Num(i, 3); }
int BirthYear(int i) { return 1935 + (i * 7) % 80; }
std::string District(int i) { return kDistricts[i % 8]; }

std::string Date(const std::string& month, int day) { return month + "-" + Num(day, 2); }
int64_t JapanMillis(const std::string& date, int minute_of_day) {
  auto p = ParseYearMonth(date);
  return DaysFromCivil(p->first, p->second, std::stoi(date.substr(8, 2))) * kDayMs + minute_of_day * 60000LL -
         9LL * 3600 * 1000;
}
std::string AgeBand(int birth_year, const std::string& date) {
  const int age = std::stoi(date.substr(0, 4)) - birth_year;
  if (age >= 80) return "80+";
  const int d = age / 10 * 10;
  return std::to_string(d) + "-" + std::to_string(d + 9);
}
std::string AddDays(const std::string& date, int days) {
  auto p = ParseYearMonth(date);
  const CivilDate c = CivilFromDays(DaysFromCivil(p->first, p->second, std::stoi(date.substr(8, 2))) + days);
  return Num(c.year, 4) + "-" + Num(c.month, 2) + "-" + Num(c.day, 2);
}

class Seeder {
 public:
  Seeder(store::Database& tx, const std::string& code, int64_t now) : tx_(tx), code_(code), now_(now) {}

  Result<void> Exec(std::string_view sql, store::Params params) {
    params.insert(params.begin(), Text(code_));
    DENEN_TRY_VOID(tx_.Exec(sql, params));
    return {};
  }

  Result<void> Base() {
    for (int i = 1; i <= kResidents; ++i) {
      DENEN_TRY_VOID(
          Exec("INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, "
               "contact, status, created_at_ms, created_by, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, '', "
               "'active', ?, 'demo', ?)",
               {Text(ResidentId(i)), Text("デモ ジュウミン" + Num(i, 3)), Text("デモ住民" + Num(i, 3)),
                Text(District(i)), Int(BirthYear(i)), Int(now_), Int(now_)}));
      if (i <= kCardHolders) {
        DENEN_TRY_VOID(
            Exec("INSERT INTO card_identities (municipality_code, identity_key, resident_id, cert_serial, "
                 "cert_issuer, cert_not_after_ms, linked_at_ms, linked_by, pin_verified_at_ms, revision) "
                 "VALUES (?, ?, ?, ?, 'demo', ?, ?, 'demo', ?, 0)",
                 {Text(IdentityKey(i)), Text(ResidentId(i)), Text("demo-" + Num(i, 3)), Int(now_ + 3650 * kDayMs),
                  Int(now_), Int(now_)}));
      }
    }
    for (int p = 0; p < 5; ++p) {
      DENEN_TRY_VOID(
          Exec("INSERT INTO reception_places (municipality_code, id, source_id, name, name_kana, category, "
               "address, shelter_capacity, created_at_ms, updated_at_ms) VALUES (?, ?, NULL, ?, '', "
               "'公共施設', '長井市', ?, ?, ?)",
               {Text("kpidemo-place-" + std::to_string(p + 1)), Text(std::string(kPlaces[p]) + "（デモ）"),
                Int(p == 2 ? 200 : 0), Int(now_), Int(now_)}));
    }
    DENEN_TRY_VOID(
        Exec("INSERT INTO library_systems (municipality_code, id, name, profile_json, clear_after_seconds, "
             "created_at_ms, updated_at_ms, updated_by) VALUES (?, 'kpidemo-lib', '長井市立図書館（デモ）', "
             "'{}', 60, ?, ?, 'demo')",
             {Int(now_), Int(now_)}));
    DENEN_TRY_VOID(
        Exec("INSERT INTO school_schools (municipality_code, id, name, kind, in_city, created_at_ms) "
             "VALUES (?, 'kpidemo-school', '長井市立デモ小学校（KPI）', 'elementary', 1, ?)",
             {Int(now_)}));
    for (int c = 1; c <= 2; ++c) {
      DENEN_TRY_VOID(
          Exec("INSERT INTO school_classes (municipality_code, id, school_id, name, grade, special_needs, "
               "created_at_ms) VALUES (?, ?, 'kpidemo-school', ?, 5, ?, ?)",
               {Text("kpidemo-class-" + std::to_string(c)), Text(c == 1 ? "5年1組" : "ひまわり学級"), Int(c == 2),
                Int(now_)}));
    }
    DENEN_TRY_VOID(
        Exec("INSERT INTO lock_facilities (municipality_code, id, name, kind, shelter, created_at_ms) "
             "VALUES (?, 'kpidemo-fac', '伊佐沢コミュニティセンター（デモ）', 'community_centre', 1, ?)",
             {Int(now_)}));
    DENEN_TRY_VOID(
        Exec("INSERT INTO lock_doors (municipality_code, id, facility_id, room_id, name, version, "
             "acked_version, delta_floor, refreshed_identity_revision, refreshed_rights_revision, "
             "refreshed_at_ms, created_at_ms) VALUES (?, 'kpidemo-door', 'kpidemo-fac', NULL, '正面玄関', "
             "0, 0, 0, 0, 0, ?, ?)",
             {Int(now_), Int(now_)}));
    return {};
  }

  // One month; `k` counts months from the first seeded one, `last_day` the
  // last day of the month that may hold rows (today in the current month).
  Result<void> Month(const std::string& month, int k, int last_day) {
    Lcg rng{static_cast<uint64_t>(k) * 7919 + 17};
    auto day = [&](int i) { return 1 + i % last_day; };
    const bool small = k % 7 == 3;  // a quiet month whose cells fall under the minimum

    // Reception: facility visits, card or walk-in.
    const int facility_visits = 40 + 2 * k + rng.Next(15);
    for (int i = 0; i < facility_visits; ++i) {
      const std::string date = Date(month, day(i));
      const bool card = rng.Next(100) < 55 + k;
      const int resident = 1 + (k * 37 + i * 7) % kCardHolders;
      const int place = i % 5;
      DENEN_TRY_VOID(Visit("facility", "kpidemo-place-" + std::to_string(place + 1), "", "", date, card ? resident : 0,
                           1 + (i * 13 + k) % kResidents, month + "-f" + Num(i, 3)));
    }
    // Events: one a month, a small one in quiet months.
    const std::string event_id = "kpidemo-ev-" + month;
    DENEN_TRY_VOID(
        Exec("INSERT INTO reception_events (municipality_code, id, source_id, name, place_id, place_name, "
             "start_date, end_date, start_time, end_time, capacity, preregistration, created_at_ms, "
             "updated_at_ms) VALUES (?, ?, NULL, ?, 'kpidemo-place-2', ?, ?, ?, '10:00', '12:00', 0, 0, "
             "?, ?)",
             {Text(event_id), Text(month + " 市民講座（デモ）"), Text(std::string(kPlaces[1]) + "（デモ）"),
              Text(Date(month, day(9))), Text(Date(month, day(9))), Int(now_), Int(now_)}));
    const int participants = small ? 3 : 15 + k + rng.Next(10);
    for (int i = 0; i < participants; ++i) {
      const bool card = rng.Next(100) < 75;
      DENEN_TRY_VOID(Visit("event", "kpidemo-place-2", event_id, "", Date(month, day(9)),
                           card ? 1 + (i * 3 + k) % kCardHolders : 0, 1 + (i * 11 + k) % kResidents,
                           month + "-e" + Num(i, 3)));
    }
    // A shelter opening in August (two days) and in quiet months a drill of three.
    if (month.ends_with("-08") || small) {
      const std::string opening = "kpidemo-open-" + month;
      const std::string date = Date(month, day(14));
      DENEN_TRY_VOID(
          Exec("INSERT INTO reception_shelter_openings (municipality_code, id, place_id, capacity, "
               "opened_at_ms, opened_by, closed_at_ms, closed_by) VALUES (?, ?, 'kpidemo-place-3', 200, ?, "
               "'demo', ?, 'demo')",
               {Text(opening), Int(JapanMillis(date, 6 * 60)), Int(JapanMillis(date, 6 * 60) + 2 * kDayMs)}));
      const int evacuees = small ? 3 : 24;
      for (int i = 0; i < evacuees; ++i) {
        DENEN_TRY_VOID(Visit("shelter", "kpidemo-place-3", "", opening, i < evacuees / 2 ? date : AddDays(date, 1),
                             1 + (i * 3 + k) % kCardHolders, 1, month + "-s" + Num(i, 3)));
      }
    }

    // Library: new links each month, loans from the ILS statistics.
    const int links = small ? 2 : 4 + k % 3;
    for (int i = 0; i < links; ++i) {
      const int resident = 1 + (k * 6 + i) % kResidents;
      DENEN_TRY_VOID(
          Exec("INSERT INTO library_card_links (municipality_code, id, library_system_id, resident_id, "
               "card_number, linked_at_ms, linked_by) VALUES (?, ?, 'kpidemo-lib', ?, ?, ?, 'demo')",
               {Text("kpidemo-link-" + month + "-" + std::to_string(i)), Text(ResidentId(resident)),
                Text("A" + Num(k * 10 + i, 9)), Int(JapanMillis(Date(month, day(i * 3 + 2)), 600))}));
    }
    DENEN_TRY_VOID(
        Exec("INSERT INTO library_loan_stats (municipality_code, library_system_id, month, branch, loans, "
             "imported_at_ms, imported_by) VALUES (?, 'kpidemo-lib', ?, '本館', ?, ?, 'demo')",
             {Text(month), Int(4800 + 40 * k + rng.Next(300)), Int(now_)}));

    // Care: certified cases and AI checks of their forms (some checked twice).
    const int cases = small ? 2 : 9 + rng.Next(5);
    for (int i = 0; i < cases; ++i) {
      const std::string certified = Date(month, day(i * 2 + 1));
      const std::string case_no = "KPI" + month.substr(0, 4) + month.substr(5, 2) + Num(i, 3);
      DENEN_TRY_VOID(
          Exec("INSERT INTO care_cases (municipality_code, id, case_no, insured_ref, application_type, "
               "applied_on, certified_on, form_id, created_by, created_at_ms, updated_by, updated_at_ms) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?, 'demo', ?)",
               {Text("kpidemo-case-" + case_no), Text(case_no), Text("ref-" + case_no),
                Text(i % 3 == 0 ? "renewal" : "new"), Text(AddDays(certified, -(24 + rng.Next(16) - (k / 4)))),
                Text(certified), Text("kpidemo-form-" + case_no), Int(now_), Int(now_)}));
      const int versions = i % 4 == 0 ? 2 : 1;
      for (int v = 1; v <= versions; ++v) {
        DENEN_TRY_VOID(
            Exec("INSERT INTO care_checks (municipality_code, id, form_id, version, form_json, parsed_json, "
                 "rules_version, finding_count, checked_by, checked_at_ms) VALUES (?, ?, ?, ?, '{}', '{}', "
                 "'demo', 0, 'demo', ?)",
                 {Text("kpidemo-check-" + case_no + "-" + std::to_string(v)), Text("kpidemo-form-" + case_no), Int(v),
                  Int(JapanMillis(Date(month, day(i * 2 + 1)), 9 * 60 + v))}));
      }
    }

    // Schools: joint online sessions with surveys, and special-needs ICT use.
    const int sessions = 2 + k % 3;
    for (int s = 0; s < sessions; ++s) {
      const std::string id = "kpidemo-ses-" + month + "-" + std::to_string(s);
      const std::string date = Date(month, day(s * 5 + 3));
      DENEN_TRY_VOID(
          Exec("INSERT INTO school_sessions (municipality_code, id, session_date, period_from, period_to, "
               "subject, unit, conference_url, ict_tools, planned_by_school_id, status, actual_minutes, "
               "record_note, survey_token, created_by, created_at_ms, updated_at_ms) VALUES (?, ?, ?, 2, 2, "
               "'社会', '私たちのまち', '', '[]', 'kpidemo-school', ?, ?, '', ?, 'demo', ?, ?)",
               {Text(id), Text(date), Text(s == 1 ? "cut_short" : "held"), Int(s == 1 ? 30 : 45),
                Text("kpidemo-token-" + month + "-" + std::to_string(s)), Int(now_), Int(now_)}));
      DENEN_TRY_VOID(
          Exec("INSERT INTO school_session_classes (municipality_code, session_id, class_id, school_id) "
               "VALUES (?, ?, 'kpidemo-class-1', 'kpidemo-school')",
               {Text(id)}));
      const int answers = small ? 2 : 6 + rng.Next(6);
      for (int a = 0; a < answers; ++a) {
        DENEN_TRY_VOID(
            Exec("INSERT INTO school_survey_answers (municipality_code, session_id, device_hash, school_id, "
                 "respondent, grade_band, rating, comment, answered_at_ms) VALUES (?, ?, ?, "
                 "'kpidemo-school', 'pupil', 'upper', ?, '', ?)",
                 {Text(id), Text("kpidemo-dev-" + std::to_string(a)), Int(3 + rng.Next(3)),
                  Int(JapanMillis(date, 11 * 60))}));
      }
    }
    const int ict = 3 + rng.Next(4);
    for (int u = 0; u < ict; ++u) {
      DENEN_TRY_VOID(
          Exec("INSERT INTO school_ict_uses (municipality_code, id, school_id, class_id, use_date, period, "
               "minutes, tools, aim, child_notes, recorded_by, recorded_at_ms) VALUES (?, ?, "
               "'kpidemo-school', 'kpidemo-class-2', ?, ?, ?, 'タブレット', '', '', 'demo', ?)",
               {Text("kpidemo-ict-" + month + "-" + std::to_string(u)), Text(Date(month, day(u * 4 + 1))), Int(1 + u),
                Int(20 + 5 * rng.Next(6)), Int(now_)}));
    }

    // Smart lock: reservations with their window rights; most are opened by card.
    const int reservations = small ? 2 : 6 + rng.Next(5);
    for (int r = 0; r < reservations; ++r) {
      const std::string id = "kpidemo-res-" + month + "-" + std::to_string(r);
      const std::string date = Date(month, day(r * 3 + 2));
      const int resident = 1 + (k * 11 + r * 3) % kCardHolders;
      const int start = 18 * 60, end = 20 * 60;
      DENEN_TRY_VOID(
          Exec("INSERT INTO lock_reservations (municipality_code, id, external_ref, resident_id, "
               "facility_id, room_id, reserved_on, start_minute, end_minute, purpose, fee_yen, payment, "
               "status, created_at_ms, created_by, updated_at_ms) VALUES (?, ?, '', ?, 'kpidemo-fac', NULL, "
               "?, ?, ?, '会議', 500, 'paid', 'approved', ?, 'demo', ?)",
               {Text(id), Text(ResidentId(resident)), Text(date), Int(start), Int(end), Int(now_), Int(now_)}));
      DENEN_TRY_VOID(
          Exec("INSERT INTO lock_rights (municipality_code, id, resident_id, facility_id, room_id, kind, "
               "from_ms, until_ms, reservation_id, note, created_at_ms, created_by, revision) VALUES (?, ?, "
               "?, 'kpidemo-fac', NULL, 'window', ?, ?, ?, '', ?, 'demo', 0)",
               {Text("kpidemo-right-" + month + "-" + std::to_string(r)), Text(ResidentId(resident)),
                Int(JapanMillis(date, start)), Int(JapanMillis(date, end)), Text(id), Int(now_)}));
      if (rng.Next(100) < 60 + k) {
        DENEN_TRY_VOID(
            Exec("INSERT INTO lock_access_events (municipality_code, event_id, door_id, at_ms, "
                 "identity_key, outcome, reason, received_at_ms) VALUES (?, ?, 'kpidemo-door', ?, ?, "
                 "'granted', '', ?)",
                 {Text("kpidemo-lev-" + month + "-" + std::to_string(r)), Int(JapanMillis(date, start + 3)),
                  Text(IdentityKey(resident)), Int(now_)}));
      }
    }
    return {};
  }

  Result<void> Goals(int fiscal_year, int baseline_year) {
    struct Demo {
      const char* id;
      double baseline, target;
    };
    const Demo goals[] = {
        {"care_forms_checked", 0, 140},       {"care_days_to_certification", 38.5, 30},
        {"school_online_hours", 10, 24},      {"school_ict_hours", 20, 35},
        {"school_satisfaction", 3.6, 4.2},    {"card_reception_share", 0, 70},
        {"library_linked_residents", 0, 100}, {"lock_share", 0, 75},
        {"event_participants", 200, 300},     {"library_loans", 60000, 64000},
        {"facility_users", 600, 700},
    };
    for (const auto& g : goals) {
      DENEN_TRY_VOID(
          Exec("INSERT INTO kpi_goals (municipality_code, kpi_id, fiscal_year, baseline, baseline_year, "
               "target, note, updated_by, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'デモ', 'demo', ?)",
               {Text(g.id), Int(fiscal_year), g.baseline, Int(baseline_year), g.target, Int(now_)}));
    }
    return {};
  }

 private:
  Result<void> Visit(const char* kind, const std::string& place, const std::string& event, const std::string& opening,
                     const std::string& date, int card_resident, int walk_in_profile, const std::string& id) {
    const int who = card_resident > 0 ? card_resident : walk_in_profile;
    const int64_t at = JapanMillis(date, 9 * 60 + (who % 480));
    return Exec(
        "INSERT INTO reception_visits (municipality_code, id, kind, place_id, event_id, opening_id, visit_date, "
        "resident_id, source, name_kana, district, age_band, checked_in_at_ms, device_id, created_by, "
        "received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, 'kpidemo-kiosk', 'demo', ?)",
        {Text("kpidemo-visit-" + id), Text(kind), Text(place), Text(event), Text(opening), Text(date),
         card_resident > 0 ? Text(ResidentId(card_resident)) : Null(), Text(card_resident > 0 ? "card" : "walk_in"),
         Text(District(who)), Text(AgeBand(BirthYear(who), date)), Int(at), Int(at)});
  }

  store::Database& tx_;
  const std::string& code_;
  int64_t now_;
};

}  // namespace

Result<bool> LoadKpiDemo(store::Database& db, const Clock& clock, const std::string& code) {
  DENEN_TRY(existing, db.QueryOne("SELECT 1 FROM residents WHERE municipality_code = ? AND id = ?",
                                  {Text(code), Text(ResidentId(1))}));
  if (existing) return false;
  const int64_t now = clock.NowMillis();
  const std::string this_month = JapanMonthOf(now);
  const int today = static_cast<int>(CivilFromDays((now + 9LL * 3600 * 1000) / kDayMs).day);
  DENEN_TRY_VOID(db.Transact([&](store::Database& tx) -> Result<void> {
    Seeder seeder(tx, code, now);
    DENEN_TRY_VOID(seeder.Base());
    for (int k = 0; k < kDemoMonths; ++k) {
      const std::string month = AddMonths(this_month, k - (kDemoMonths - 1));
      const int last_day = month == this_month ? today : std::stoi(MonthLastDay(month).substr(8, 2));
      DENEN_TRY_VOID(seeder.Month(month, k, last_day));
    }
    const int fy = FiscalYearOf(this_month);
    DENEN_TRY_VOID(seeder.Goals(fy, fy - 2));
    DENEN_TRY_VOID(seeder.Goals(fy - 1, fy - 2));
    return {};
  }));
  return true;
}

}  // namespace denen::kpi
