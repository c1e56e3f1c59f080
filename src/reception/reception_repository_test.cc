// ReceptionRepository on both engines: idempotent import and check-in, check-in
// and check-out pairing, capacity with a waiting list, shelter households, and
// the live counts.
#include "reception/reception_repository.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "reception/analytics.h"
#include "reception/reception_test_support.h"

namespace denen::reception {
namespace {

using store::Text;

class ReceptionRepositoryTest : public testing::ReceptionDbTest {};

TEST_F(ReceptionRepositoryTest, ImportIsIdempotentAndUpdatesChangedRows) {
  auto rows = ParsePlacesCsv(testing::kPlacesCsv);
  ASSERT_TRUE(rows.has_value());
  auto again = Must(repo_->ImportPlaces(code_, *rows, "test"));
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_EQ(Must(repo_->ListPlaces(code_)).size(), 3u);

  (*rows)[1].name = "長井市立図書館(本館)";
  auto changed = Must(repo_->ImportPlaces(code_, *rows, "test"));
  EXPECT_EQ(changed.updated, 1);
  EXPECT_EQ(changed.unchanged, 2);
  EXPECT_EQ(Must(repo_->GetPlace(code_, library_)).name, "長井市立図書館(本館)");

  auto events = ParseEventsCsv(
      "ID,イベント名,開始日,場所名称,定員,参加申込方法\n"
      "E1,健康講座,2026-11-27,長井市民文化会館,2,電話\n"
      "E2,朗読会,2026-11-28,どこか別の会場,,不要\n");
  ASSERT_TRUE(events.has_value()) << events.error().message;
  auto first = Must(repo_->ImportEvents(code_, *events, "test"));
  EXPECT_EQ(first.inserted, 2);
  EXPECT_EQ(first.unmatched_places, std::vector<std::string>{"どこか別の会場"});
  auto second = Must(repo_->ImportEvents(code_, *events, "test"));
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.unchanged, 2);
  auto listed = Must(repo_->ListEvents(code_, "2026-11-01", "2026-11-30"));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].place_id, hall_);
  EXPECT_TRUE(listed[0].preregistration);
  EXPECT_FALSE(listed[1].place_id.has_value());
}

TEST_F(ReceptionRepositoryTest, TheSameCheckinIdIsCountedOnce) {
  const CheckinRequest tap = Tap(Card("R1"));
  auto first = Must(repo_->CheckIn(code_, At(library_), tap));
  EXPECT_EQ(first.outcome, Outcome::kCheckedIn);
  EXPECT_FALSE(first.replayed);
  // The kiosk timed out and sends the same batch again, later.
  clock_.Advance(60'000);
  auto second = Must(repo_->CheckIn(code_, At(library_), tap));
  EXPECT_EQ(second.outcome, Outcome::kCheckedIn);
  EXPECT_TRUE(second.replayed);
  EXPECT_EQ(second.visit_id, first.visit_id);
  EXPECT_EQ(second.name_kana, "ヤマダ タロウ");
  const CheckinRequest walk_in = Tap(WalkIn());
  Must(repo_->CheckIn(code_, At(library_), walk_in));
  Must(repo_->CheckIn(code_, At(library_), walk_in));
  auto facts = Must(repo_->VisitFacts(code_, "2026-11-27", "2026-11-27"));
  EXPECT_EQ(facts.size(), 2u);
}

TEST_F(ReceptionRepositoryTest, SecondTapSameDayChecksOutThirdSaysSo) {
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1")))).outcome, Outcome::kCheckedIn);
  clock_.Advance(3600'000);
  auto out = Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  EXPECT_EQ(out.outcome, Outcome::kCheckedOut);
  EXPECT_EQ(out.message, "お帰りを記録しました");
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1")))).outcome, Outcome::kAlreadyCheckedOut);
  // Another place, and the next day, are new visits.
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R1")))).outcome, Outcome::kCheckedIn);
  clock_.Advance(24 * 3600'000);
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1")))).outcome, Outcome::kCheckedIn);
  EXPECT_EQ(Must(repo_->VisitFacts(code_, "2026-11-01", "2026-11-30")).size(), 3u);
}

TEST_F(ReceptionRepositoryTest, TheDatabaseTalliesVisitsByEveryDimension) {
  // 10:00 Friday in Japan: R1 at the library, a walk-in at the hall.
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  Must(repo_->CheckIn(code_, At(hall_), Tap(WalkIn())));
  // 11:00: R2 at the library (no district given), R1 at the hall.
  clock_.Advance(3600'000);
  Must(repo_->CheckIn(code_, At(library_), Tap({"R2", "サトウ ジロウ", "", ""})));
  Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R1"))));
  // Saturday 11:00: R1 again, so R1 is a repeat visitor and R2 is not.
  clock_.Advance(24 * 3600'000);
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  // Outside the period: not counted.
  clock_.Advance(7 * 24 * 3600'000);
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R3"))));

  const VisitTally t = Must(repo_->TallyVisits(code_, "2026-11-27", "2026-11-28"));
  int64_t total = 0, library = 0, walk_in = 0;
  for (const auto& g : t.groups) {
    EXPECT_EQ(g.kind, "facility");
    total += g.visits;
    if (g.place_id == library_) library += g.visits;
    if (g.source == "walk_in") walk_in += g.visits;
  }
  EXPECT_EQ(total, 5);
  EXPECT_EQ(library, 3);
  EXPECT_EQ(walk_in, 1);
  EXPECT_EQ(t.by_hour[10], 2);
  EXPECT_EQ(t.by_hour[11], 3);  // two on Friday, one on Saturday
  EXPECT_EQ(t.by_date.at("2026-11-27"), 4);
  EXPECT_EQ(t.by_date.at("2026-11-28"), 1);
  EXPECT_EQ(t.by_district.at("本町"), 3);
  EXPECT_EQ(t.by_district.at("栄町"), 1);
  EXPECT_EQ(t.by_district.at(""), 1);
  EXPECT_EQ(t.by_age_band.at("40-49"), 3);
  EXPECT_EQ(t.by_age_band.at("unknown"), 1);
  EXPECT_EQ(t.residents, 2);
  EXPECT_EQ(t.repeat_residents, 1);
  // The summary of an empty period is all zeros.
  const VisitTally none = Must(repo_->TallyVisits(code_, "2025-11-27", "2025-11-28"));
  EXPECT_TRUE(none.groups.empty());
  EXPECT_EQ(none.residents, 0);
}

TEST_F(ReceptionRepositoryTest, TheDatabaseCountsVisitsByMonthKindAndSource) {
  Event e{"", std::nullopt, "朗読会", hall_, "", "2026-11-27", "2026-11-27", "10:00", "11:00", 0, false};
  const std::string event_id = Must(repo_->SaveEvent(code_, e, "test")).id;
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  Must(repo_->CheckIn(code_, At(library_), Tap(WalkIn())));
  Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R2"), event_id)));
  clock_.Advance(4 * 24 * 3600'000);  // 2026-12-01
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R2"))));

  const std::vector<MonthVisits> all = Must(repo_->CountVisitsByMonth(code_, "2026-11-01", "2026-12-31"));
  auto count = [&](const std::vector<MonthVisits>& rows, const std::string& month, const std::string& kind,
                   const std::string& source) -> int64_t {
    for (const MonthVisits& m : rows) {
      if (m.month == month && m.kind == kind && m.source == source) return m.visits;
    }
    return 0;
  };
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(count(all, "2026-11", "facility", "card"), 1);
  EXPECT_EQ(count(all, "2026-11", "facility", "walk_in"), 1);
  EXPECT_EQ(count(all, "2026-11", "event", "card"), 1);
  EXPECT_EQ(count(all, "2026-12", "facility", "card"), 2);
  // The period bounds the days counted.
  const std::vector<MonthVisits> december = Must(repo_->CountVisitsByMonth(code_, "2026-12-01", "2026-12-31"));
  ASSERT_EQ(december.size(), 1u);
  EXPECT_EQ(december[0].visits, 2);
}

TEST_F(ReceptionRepositoryTest, EventSecondTapIsAlreadyCheckedIn) {
  Event e{"", std::nullopt, "朗読会", hall_, "", "2026-11-27", "2026-11-27", "10:00", "11:00", 0, false};
  const std::string event_id = Must(repo_->SaveEvent(code_, e, "test")).id;
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R1"), event_id))).outcome, Outcome::kCheckedIn);
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R1"), event_id))).outcome, Outcome::kAlreadyCheckedIn);
  auto elsewhere = Must(repo_->CheckIn(code_, At(library_), Tap(Card("R2"), event_id)));
  EXPECT_EQ(elsewhere.outcome, Outcome::kRefused);
  EXPECT_EQ(elsewhere.refusal_code, "event_elsewhere");
  EXPECT_EQ(Must(repo_->CountEvent(code_, event_id)).checked_in, 1);
}

TEST_F(ReceptionRepositoryTest, CapacityWaitingListAndTheCardAsTicket) {
  Event e{"", std::nullopt, "健康講座", hall_, "", "2026-11-27", "2026-11-27", "10:00", "12:00", 2, true};
  const std::string event_id = Must(repo_->SaveEvent(code_, e, "test")).id;
  // Registrations a second apart: the waiting list is first come, first served.
  auto next = [&](const Visitor& v) {
    clock_.Advance(1000);
    return Must(repo_->Register(code_, event_id, v, "staff"));
  };
  auto a = next(Card("RA", "ア"));
  auto b = next(Card("RB", "イ"));
  auto c = next(Card("RC", "ウ"));
  auto d = next(WalkIn("エ"));
  EXPECT_EQ(a.status, "registered");
  EXPECT_EQ(b.status, "registered");
  EXPECT_EQ(c.status, "waiting");
  EXPECT_EQ(d.status, "waiting");
  auto dup = repo_->Register(code_, event_id, Card("RA", "ア"), "staff");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code, "already_registered");

  // At the door: the card is the ticket.
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(hall_), Tap(Card("RA"), event_id))).outcome, Outcome::kCheckedIn);
  auto waiting = Must(repo_->CheckIn(code_, At(hall_), Tap(Card("RC"), event_id)));
  EXPECT_EQ(waiting.refusal_code, "on_waiting_list");
  auto stranger = Must(repo_->CheckIn(code_, At(hall_), Tap(Card("RZ"), event_id)));
  EXPECT_EQ(stranger.refusal_code, "not_registered");
  auto walk_in = Must(repo_->CheckIn(code_, At(hall_), Tap(WalkIn(), event_id)));
  EXPECT_EQ(walk_in.refusal_code, "event_full");

  // B cancels: the first on the waiting list (C) gets the seat, D still waits.
  Must(repo_->CancelRegistration(code_, b.id, "staff"));
  auto regs = Must(repo_->ListRegistrations(code_, event_id));
  ASSERT_EQ(regs.size(), 4u);
  EXPECT_EQ(regs[1].status, "cancelled");
  EXPECT_EQ(regs[2].status, "registered");
  EXPECT_EQ(regs[3].status, "waiting");
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(hall_), Tap(Card("RC"), event_id))).outcome, Outcome::kCheckedIn);
  auto counts = Must(repo_->CountEvent(code_, event_id));
  EXPECT_EQ(counts.registered, 2);
  EXPECT_EQ(counts.waiting, 1);
  EXPECT_EQ(counts.checked_in, 2);
}

TEST_F(ReceptionRepositoryTest, OpenEventCapacityCountsEveryone) {
  Event e{"", std::nullopt, "体操教室", library_, "", "2026-11-27", "2026-11-27", "", "", 2, false};
  const std::string event_id = Must(repo_->SaveEvent(code_, e, "test")).id;
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"), event_id))).outcome, Outcome::kCheckedIn);
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(library_), Tap(WalkIn(), event_id))).outcome, Outcome::kCheckedIn);
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(library_), Tap(Card("R2"), event_id))).refusal_code, "event_full");
}

TEST_F(ReceptionRepositoryTest, ShelterHouseholdsCareNotesAndCounts) {
  Must(repo_->OpenShelter(code_, gym_, 100, "hq"));
  auto reopened = repo_->OpenShelter(code_, gym_, 100, "hq");
  ASSERT_FALSE(reopened.has_value());
  EXPECT_EQ(reopened.error().code, "shelter_already_open");

  // A parent with a card, then two children without one in the same household.
  CheckinRequest parent = Tap(Card("R1", "サトウ ケン"));
  parent.care = {false, "", true, "", true};
  auto head = Must(repo_->CheckIn(code_, At(gym_), parent));
  ASSERT_EQ(head.outcome, Outcome::kCheckedIn);
  ASSERT_FALSE(head.household_id.empty());
  CheckinRequest child1 = Tap(WalkIn("サトウ ユイ"));
  child1.household_id = head.household_id;
  child1.care = {true, "卵", false, "", true};
  Must(repo_->CheckIn(code_, At(gym_), child1));
  CheckinRequest child2 = Tap(WalkIn("サトウ リク"));
  child2.household_id = head.household_id;
  child2.care = {false, "小麦", false, "", false};  // no consent: not kept
  auto c2 = Must(repo_->CheckIn(code_, At(gym_), child2));
  EXPECT_TRUE(c2.care_discarded);
  // Another family.
  Must(repo_->CheckIn(code_, At(gym_), Tap(Card("R2", "タナカ ミキ"))));

  auto shelters = Must(repo_->Shelters(code_, false));
  ASSERT_EQ(shelters.size(), 1u);
  EXPECT_EQ(shelters[0].present, 4);
  EXPECT_EQ(shelters[0].households, 2);
  EXPECT_EQ(shelters[0].needs_care, 1);
  EXPECT_EQ(shelters[0].allergy, 1);
  EXPECT_EQ(shelters[0].pets, 1);
  EXPECT_EQ(shelters[0].by_card, 2);
  EXPECT_EQ(shelters[0].capacity, 100);

  auto roster = Must(repo_->Roster(code_, shelters[0].opening_id, "hq"));
  ASSERT_EQ(roster.size(), 4u);
  EXPECT_EQ(roster[0].name_kana, "サトウ ケン");
  EXPECT_EQ(roster[1].household_id, roster[0].household_id);
  EXPECT_EQ(roster[2].care.allergy, "");
  EXPECT_NE(roster[3].household_id, roster[0].household_id);

  // The parent leaves: the children without a card leave too.
  clock_.Advance(3600'000);
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(gym_), Tap(Card("R1")))).outcome, Outcome::kCheckedOut);
  shelters = Must(repo_->Shelters(code_, false));
  EXPECT_EQ(shelters[0].present, 1);
  EXPECT_EQ(shelters[0].households, 1);
  // And comes back.
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(gym_), Tap(Card("R1")))).outcome, Outcome::kCheckedIn);
  EXPECT_EQ(Must(repo_->Shelters(code_, false))[0].present, 2);

  // A household id of another shelter is refused.
  CheckinRequest stray = Tap(WalkIn());
  stray.household_id = "01JDZ6Q4N8X3V5W7Y9A1B2C3D4";
  EXPECT_EQ(Must(repo_->CheckIn(code_, At(gym_), stray)).refusal_code, "household_unknown");

  Must(repo_->CloseShelter(code_, shelters[0].opening_id, "hq"));
  EXPECT_TRUE(Must(repo_->Shelters(code_, false)).empty());
  EXPECT_EQ(Must(repo_->Shelters(code_, true)).size(), 1u);
  // Closed: a tap at the gym is an ordinary facility visit again.
  auto after = Must(repo_->CheckIn(code_, At(gym_), Tap(Card("R9"))));
  EXPECT_EQ(after.outcome, Outcome::kCheckedIn);
  EXPECT_TRUE(after.household_id.empty());
}

TEST_F(ReceptionRepositoryTest, RefusalsAreRecordedAndReplayed) {
  const std::string id = NewId(clock_);
  auto first = Must(repo_->RecordRefusal(code_, At(library_), id, clock_.NowMillis(),
                                         Error::NotFound("identity_unknown", "登録されていないカードです")));
  EXPECT_EQ(first.outcome, Outcome::kRefused);
  EXPECT_EQ(first.message, "登録されていないカードです");
  auto second = Must(repo_->RecordRefusal(code_, At(library_), id, clock_.NowMillis(),
                                          Error::NotFound("identity_unknown", "登録されていないカードです")));
  EXPECT_TRUE(second.replayed);
  EXPECT_EQ(second.refusal_code, "identity_unknown");
  EXPECT_TRUE(Must(repo_->VisitFacts(code_, "2026-11-27", "2026-11-27")).empty());
}

TEST_F(ReceptionRepositoryTest, KpiComparesWithTheSamePeriodOfThePreviousFiscalYear) {
  // A year ago (2025-11-27, fiscal year 2025): two card visitors at the library.
  clock_.Set(kNow - 365LL * 24 * 3600 * 1000);
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R2"))));
  // This fiscal year: a card visitor and a walk-in at the library, a card visitor at an event.
  clock_.Set(kNow);
  Event e{"", std::nullopt, "朗読会", hall_, "", "2026-11-27", "2026-11-27", "", "", 0, false};
  const std::string event_id = Must(repo_->SaveEvent(code_, e, "test")).id;
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  Must(repo_->CheckIn(code_, At(library_), Tap(WalkIn())));
  Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R3"), event_id)));
  // Outside both periods: after "as of".
  clock_.Set(kNow + 2LL * 24 * 3600 * 1000);
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R4"))));

  const auto kpi = Must(LoadKpi(*repo_, code_, 2026, "2026-11-27"));
  EXPECT_EQ(kpi["period"]["from"], "2026-04-01");
  EXPECT_EQ(kpi["previous_period"]["to"], "2025-11-27");
  EXPECT_EQ(kpi["card_share"]["receptions"], 3);
  EXPECT_EQ(kpi["card_share"]["by_card"], 2);
  EXPECT_EQ(kpi["card_share"]["share"], 0.667);
  EXPECT_EQ(kpi["facility_users"]["total"], 2);
  EXPECT_EQ(kpi["facility_users"]["previous_total"], 2);
  EXPECT_EQ(kpi["facility_users"]["growth"], 0.0);
  EXPECT_EQ(kpi["event_participants"]["total"], 1);
  EXPECT_TRUE(kpi["event_participants"]["growth"].is_null());
  ASSERT_EQ(kpi["event_participants"]["by_event"].size(), 1u);
  EXPECT_EQ(kpi["event_participants"]["by_event"][0]["name"], "朗読会 (2026-11-27)");
}

TEST_F(ReceptionRepositoryTest, RetentionForgetsWhoCameButKeepsTheCounts) {
  // A year ago: a card visit at the hall, and a shelter household with notes.
  clock_.Set(kNow - int64_t{400} * 86400000);
  Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R1", "サトウ ケン"))));
  Must(repo_->OpenShelter(code_, gym_, 100, "hq"));
  CheckinRequest evacuee = Tap(WalkIn("サトウ ユイ"));
  evacuee.care = {true, "卵", true, "夜間に吸引", true};
  Must(repo_->CheckIn(code_, At(gym_), evacuee));
  const std::string old_day = JapanDate(clock_.NowMillis());
  // Today: one more visit, which must keep everything.
  clock_.Set(kNow);
  Must(repo_->CheckIn(code_, At(hall_), Tap(Card("R1", "サトウ ケン"))));
  auto count_visits = [&](const std::string& where) {
    return db_->QueryOne("SELECT COUNT(*) FROM reception_visits WHERE municipality_code = ? " + where, {Text(code_)})
        .value()
        ->Int(0);
  };
  ASSERT_EQ(count_visits(""), 3);

  EXPECT_EQ(Must(repo_->ForgetPersonalData(code_, 0, "retention")), 0);  // 0 keeps everything
  EXPECT_EQ(Must(repo_->ForgetPersonalData(code_, 500, "retention")), 0);
  EXPECT_EQ(Must(repo_->ForgetPersonalData(code_, 365, "retention")), 2);

  EXPECT_EQ(count_visits(""), 3);  // every visit still counts
  EXPECT_EQ(count_visits("AND resident_id IS NULL AND name_kana = '' AND visit_date = '" + old_day + "'"), 2);
  EXPECT_EQ(count_visits("AND resident_id = 'R1' AND name_kana = 'サトウ ケン' AND visit_date > '" + old_day + "'"), 1);
  EXPECT_EQ(count_visits("AND district <> '' AND age_band <> ''"), 3);  // what analytics needs stays
  auto notes = db_->QueryOne(
      "SELECT COUNT(*) FROM reception_evacuees WHERE municipality_code = ? AND (needs_care <> 0 OR allergy <> '' OR "
      "pets <> 0 OR care_note <> '')",
      {Text(code_)});
  EXPECT_EQ(notes.value()->Int(0), 0);
  auto audit = audit::Recent(*db_, code_, 1);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().event.action, "reception.retention");
  // A second run finds nothing more and writes nothing.
  EXPECT_EQ(Must(repo_->ForgetPersonalData(code_, 365, "retention")), 0);
  EXPECT_EQ(audit::Recent(*db_, code_, 1)->front().seq, audit->front().seq);
}

TEST_F(ReceptionRepositoryTest, MunicipalitiesDoNotSeeEachOther) {
  Must(repo_->CheckIn(code_, At(library_), Tap(Card("R1"))));
  EXPECT_TRUE(Must(repo_->ListPlaces("131016")).empty());
  EXPECT_TRUE(Must(repo_->VisitFacts("131016", "2026-01-01", "2026-12-31")).empty());
  auto foreign = repo_->CheckIn("131016", At(library_), Tap(Card("R1")));
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, "place_not_found");
}

}  // namespace
}  // namespace denen::reception
