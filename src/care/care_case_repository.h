// Storage of certification cases (issue 4): idempotent CSV imports of cases
// and of their 認定調査票 versions, the batch check of every form waiting for
// the 審査会, the queue and case views (each read audited), the office's
// privacy setting and the retention purge. Every change commits together with
// its audit entry; an import that fails anywhere writes nothing. Safe for
// concurrent use; the database and clock must outlive the repository.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "care/care_case.h"
#include "care/checker.h"
#include "core/clock.h"
#include "store/database.h"

namespace denen::care {

struct CaseImportReport {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

struct FormImportReport {
  int64_t added = 0;  // new forms and corrected versions
  int64_t unchanged = 0;
};

struct BatchCheckReport {
  int64_t checked = 0;                             // form versions checked now
  int64_t findings = 0;                            // findings raised by those checks
  nlohmann::json forms = nlohmann::json::array();  // {form_id, version, check_id, finding_count}
};

struct PurgeReport {
  int64_t cases = 0;
  int64_t form_versions = 0;
  int64_t checks = 0;
  int64_t findings = 0;
};

class CareCaseRepository {
 public:
  CareCaseRepository(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Whether the office stores the 被保険者番号 (care_settings; off by default).
  Result<bool> StoresInsuredNumber(const std::string& code);
  Result<void> SetStoresInsuredNumber(const std::string& code, bool enabled, const std::string& actor);

  // Imports the case CSV (care_case.h ParseCaseCsv), keyed by 申請番号: a new
  // number is created, a changed row updated (audited with the changed
  // fields), an identical row left alone.
  Result<CaseImportReport> ImportCases(const std::string& code, std::string_view csv, const std::string& actor);

  // Imports 認定調査票 from the form CSV (form_csv.h). Each form's 調査票ID must
  // belong to a case; a form differing from its latest version becomes the
  // next version, an identical one is left alone.
  Result<FormImportReport> ImportForms(const std::string& code, std::string_view csv, const CareChecker& checker,
                                       const std::string& actor);

  // Checks the latest version of every form whose case has no 審査会 date yet
  // and no check of that version; the results are ordinary stored checks
  // (care_checks) linked to the version checked.
  Result<BatchCheckReport> BatchCheck(const std::string& code, const CareChecker& checker, const std::string& actor);

  // The queue: cases in `stage` (a CaseStageId, "open" for all but done, or
  // "all"), forms with open findings first, then the longest waiting. Audited.
  Result<nlohmann::json> ListCases(const std::string& code, const std::string& stage, const std::string& actor);

  // One case: milestones, target, its form's versions with what changed
  // between checks, and the latest check with findings and decisions. Audited.
  Result<nlohmann::json> ReadCase(const std::string& code, const std::string& id, const ItemCatalog& catalog,
                                  const std::string& actor);

  // Deletes for good every case whose latest milestone is more than
  // `retention_days` before today (0 keeps everything), with its form
  // versions, checks, findings and decisions.
  Result<PurgeReport> Purge(const std::string& code, int retention_days, const std::string& actor);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// The case as the API shows it (without form details).
nlohmann::json CaseJson(const std::string& id, const CareCase& c, std::string_view today);

}  // namespace denen::care
