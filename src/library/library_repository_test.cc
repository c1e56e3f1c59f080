// The library repository on both engines: linking, both uniqueness rules,
// unlink and re-link (audited), consent, and the idempotent loans import.
// Residents and consents are written as rows of the identity module's tables
// (0004_residents.sql), the state ResidentDirectory leaves them in.
#include "library/library_repository.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "library/counter.h"
#include "library/library_kpi.h"
#include "store/migrated_db_test.h"

namespace denen::library {
namespace {

using store::Int;
using store::Text;

constexpr std::string_view kCode = "062090";

class LibraryRepositoryTest : public store::testing::MigratedDbTest {
 protected:
  void SetUp() override {
    MigratedDbTest::SetUp();
    if (HasFatalFailure()) return;
    repo_ = std::make_unique<LibraryRepository>(*db_, clock_);
    auto profile = ParseBarcodeProfile({{"symbology", "codabar"}, {"length", 7}, {"check_digit", "7dr"}});
    ASSERT_TRUE(profile.has_value());
    auto saved = repo_->SaveSystem(kCode, {"nagai", "長井市立図書館", *profile, 15, 0}, "admin1");
    ASSERT_TRUE(saved.has_value()) << saved.error().message;
    AddResident("r1", true);
    AddResident("r2", true);
    AddResident("r3", false);
  }

  void AddResident(const std::string& id, bool library_consent) {
    ASSERT_TRUE(db_->Exec("INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, "
                          "contact, status, created_at_ms, created_by, updated_at_ms) "
                          "VALUES (?, ?, 'ナガイ タロウ', '長井 太郎', '本町', 1980, '', 'active', 0, 'test', 0)",
                          {Text(std::string(kCode)), Text(id)})
                    .has_value());
    ASSERT_TRUE(db_->Exec("INSERT INTO resident_consents (municipality_code, resident_id, service, granted, "
                          "changed_at_ms, changed_by) VALUES (?, ?, 'library', ?, 0, 'test')",
                          {Text(std::string(kCode)), Text(id), Int(library_consent ? 1 : 0)})
                    .has_value());
  }

  std::unique_ptr<LibraryRepository> repo_;
};

// 123456 mod 7 = 4 and 234567 mod 7 = 4 (7DR).
constexpr std::string_view kNumber1 = "1234564";
constexpr std::string_view kNumber2 = "2345674";

TEST_F(LibraryRepositoryTest, LinksAResidentAndShowsTheCounterDisplay) {
  auto link = repo_->Link(kCode, "nagai", "r1", "１２３４５６４", "librarian1");
  ASSERT_TRUE(link.has_value()) << link.error().message;
  EXPECT_EQ(link->card_number, kNumber1);
  auto system = repo_->GetSystem(kCode, "nagai");
  ASSERT_TRUE(system.has_value());
  auto display = DisplayForResident(*repo_, kCode, *system, "r1", "ナガイ タロウ");
  ASSERT_TRUE(display.has_value()) << display.error().message;
  EXPECT_EQ(display->number, kNumber1);
  EXPECT_NE(display->barcode_svg.find("<svg"), std::string::npos);
  EXPECT_EQ(display->clear_after_seconds, 15);
  EXPECT_EQ(DisplayForResident(*repo_, kCode, *system, "r2", "").error().code, "library_not_linked");
  // A retry of the same link is not a conflict.
  auto again = repo_->Link(kCode, "nagai", "r1", kNumber1, "librarian1");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, link->id);
}

TEST_F(LibraryRepositoryTest, DuplicatesAreRefusedBothWays) {
  ASSERT_TRUE(repo_->Link(kCode, "nagai", "r1", kNumber1, "librarian1").has_value());
  auto number_taken = repo_->Link(kCode, "nagai", "r2", kNumber1, "librarian1");
  ASSERT_FALSE(number_taken.has_value());
  EXPECT_EQ(number_taken.error().code, "library_number_taken");
  EXPECT_EQ(number_taken.error().kind, ErrorKind::kConflict);
  auto second_number = repo_->Link(kCode, "nagai", "r1", kNumber2, "librarian1");
  ASSERT_FALSE(second_number.has_value());
  EXPECT_EQ(second_number.error().code, "library_link_exists");
}

TEST_F(LibraryRepositoryTest, WrongCheckDigitIsRefused) {
  auto wrong = repo_->Link(kCode, "nagai", "r1", "1234565", "librarian1");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, "card_number_check_digit");
  EXPECT_NE(wrong.error().message.find("7DR"), std::string::npos);
}

TEST_F(LibraryRepositoryTest, ConsentIsRequired) {
  auto refused = repo_->Link(kCode, "nagai", "r3", kNumber1, "librarian1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "consent_missing");
  EXPECT_EQ(repo_->Link(kCode, "nagai", "nobody", kNumber1, "librarian1").error().code, "resident_not_found");
}

TEST_F(LibraryRepositoryTest, UnlinkAndRelinkAreAudited) {
  auto first = repo_->Link(kCode, "nagai", "r1", kNumber1, "librarian1");
  ASSERT_TRUE(first.has_value());
  clock_.Advance(5 * 60 * 1000);
  auto closed = repo_->Unlink(kCode, first->id, "図書館カード紛失", "librarian1");
  ASSERT_TRUE(closed.has_value()) << closed.error().message;
  EXPECT_TRUE(closed->unlinked_at_ms.has_value());
  EXPECT_EQ(repo_->Unlink(kCode, first->id, "again", "librarian1").error().code, "library_link_not_found");
  // The new library card's number, and the old number is free for someone else.
  auto relinked = repo_->Link(kCode, "nagai", "r1", kNumber2, "librarian2");
  ASSERT_TRUE(relinked.has_value()) << relinked.error().message;
  EXPECT_TRUE(repo_->Link(kCode, "nagai", "r2", kNumber1, "librarian2").has_value());
  auto history = repo_->LinksOfResident(kCode, "r1");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].card_number, kNumber2);
  EXPECT_EQ((*history)[1].unlink_reason, "図書館カード紛失");

  auto recent = audit::Recent(*db_, kCode, 10);
  ASSERT_TRUE(recent.has_value());
  std::vector<std::string> actions;
  for (const auto& e : *recent) actions.push_back(e.event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"library.link", "library.link", "library.unlink", "library.link",
                                               "library.system.create"}));
  EXPECT_EQ(recent->front().event.detail.find(kNumber1), std::string::npos) << "no card numbers in the audit log";
}

TEST_F(LibraryRepositoryTest, LoansImportIsIdempotent) {
  const std::string csv =
      "\xEF\xBB\xBF年月,館名,貸出冊数\r\n2026-04,中央館,\"1,234\"\r\n2026-04,分館,100\r\n2026/5,中央館,1300\r\n";
  auto first = repo_->ImportLoans(kCode, "nagai", csv, "librarian1");
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->rows, 3);
  EXPECT_EQ(first->changed, 3);
  EXPECT_EQ(first->months, (std::vector<std::string>{"2026-04", "2026-05"}));
  auto second = repo_->ImportLoans(kCode, "nagai", csv, "librarian1");
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->changed, 0);
  auto loans = repo_->LoansByMonth(kCode);
  ASSERT_TRUE(loans.has_value());
  EXPECT_EQ(*loans, (std::vector<std::pair<std::string, int64_t>>{{"2026-04", 1334}, {"2026-05", 1300}}));
  // A corrected file replaces the count it names.
  auto corrected = repo_->ImportLoans(kCode, "nagai", "month,branch,loans\n2026-05,中央館,1310\n", "librarian1");
  ASSERT_TRUE(corrected.has_value());
  EXPECT_EQ(corrected->changed, 1);
  EXPECT_EQ(repo_->LoansByMonth(kCode)->back().second, 1310);

  auto bad = repo_->ImportLoans(kCode, "nagai", "month,branch,loans\n2026-13,中央館,1\n", "librarian1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("2行目"), std::string::npos) << bad.error().message;
}

TEST_F(LibraryRepositoryTest, KpiCountsLinkedResidentsAtEachMonthEnd) {
  // clock_ starts at 2026-09-21 (fiscal year 2026).
  ASSERT_EQ(FiscalYearOf(clock_.NowMillis()), 2026);
  auto a = repo_->Link(kCode, "nagai", "r1", kNumber1, "librarian1");
  ASSERT_TRUE(a.has_value());
  clock_.Set(MonthEndMillis("2026-10") + 1000);  // November
  ASSERT_TRUE(repo_->Link(kCode, "nagai", "r2", kNumber2, "librarian1").has_value());
  ASSERT_TRUE(repo_->Unlink(kCode, a->id, "", "librarian1").has_value());
  auto kpi = LoadLibraryKpi(*repo_, kCode, 2026, clock_.NowMillis());
  ASSERT_TRUE(kpi.has_value()) << kpi.error().message;
  ASSERT_EQ(kpi->linked_residents.size(), 12u);
  EXPECT_EQ(kpi->linked_residents[4], (std::pair<std::string, int64_t>{"2026-08", 0}));
  EXPECT_EQ(kpi->linked_residents[5], (std::pair<std::string, int64_t>{"2026-09", 1}));
  EXPECT_EQ(kpi->linked_residents[6], (std::pair<std::string, int64_t>{"2026-10", 1}));
  EXPECT_EQ(kpi->linked_residents[7], (std::pair<std::string, int64_t>{"2026-11", 1}));
  EXPECT_EQ(kpi->linked_residents[8], (std::pair<std::string, int64_t>{"2026-12", 0}));
  EXPECT_EQ(kpi->linked_residents_now, 1);
}

}  // namespace
}  // namespace denen::library
