#include "care/care_case_repository.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "care/care_api.h"
#include "care/form_csv.h"
#include "core/individual_number.h"
#include "core/json_input.h"
#include "core/random.h"

namespace denen::care {
namespace {

using nlohmann::json;
using store::Int;
using store::OptionalText;
using store::Text;

constexpr int64_t kMaxListedCases = 500;

// The columns of care_cases read into a CareCase, after the id.
std::string CaseColumns() {
  std::string cols = "id, case_no, insured_ref, insured_number, application_type, form_id";
  for (int m = 0; m < kMilestoneCount; ++m) cols += ", " + std::string(MilestoneOf(static_cast<Milestone>(m)).id);
  return cols;
}

CareCase CaseFromRow(const store::Row& r) {
  CareCase c;
  c.case_no = r.Text(1);
  c.insured_ref = r.Text(2);
  c.insured_number = r.OptionalText(3);
  c.type = ApplicationTypeFromId(r.Text(4)).value_or(ApplicationType::kNew);
  c.form_id = r.OptionalText(5);
  for (int m = 0; m < kMilestoneCount; ++m) c.dates[m] = r.OptionalText(6 + m);
  return c;
}

// Names of the fields that differ, for the audit entry of an update.
std::vector<std::string> ChangedFields(const CareCase& a, const CareCase& b) {
  std::vector<std::string> out;
  if (a.insured_ref != b.insured_ref) out.push_back("insured_ref");
  if (a.insured_number != b.insured_number) out.push_back("insured_number");
  if (a.type != b.type) out.push_back("application_type");
  if (a.form_id != b.form_id) out.push_back("form_id");
  for (int m = 0; m < kMilestoneCount; ++m) {
    if (a.dates[m] != b.dates[m]) out.push_back(std::string(MilestoneOf(static_cast<Milestone>(m)).id));
  }
  return out;
}

store::Params CaseValues(const CareCase& c) {
  store::Params p = {Text(c.insured_ref), OptionalText(c.insured_number), Text(std::string(ApplicationTypeId(c.type))),
                     OptionalText(c.form_id)};
  for (const auto& d : c.dates) p.push_back(OptionalText(d));
  return p;
}

std::string Today(const Clock& clock) { return JapanDateOf(clock.NowMillis()); }

// What identifies a finding across versions of a form: its kind, rule and items.
std::string FindingKey(const json& f) {
  std::string key = f.value("kind", "") + "|" + f.value("code", "");
  for (const auto& item : f.value("items", json::array())) key += "|" + item.get<std::string>();
  return key;
}

json FindingBrief(const json& f) {
  return {{"kind", f.value("kind", "")},
          {"code", f.value("code", "")},
          {"items", f.value("items", json::array())},
          {"message", f.value("message", "")}};
}

// Form state per form id: latest imported version, and the checks of imported versions.
struct CheckInfo {
  std::string id;
  int64_t form_version = 0;
  int64_t finding_count = 0;
  int64_t undecided = 0;
  int64_t checked_at_ms = 0;
};
struct FormState {
  int64_t latest_version = 0;
  std::vector<CheckInfo> checks;  // by form version, then time
  const CheckInfo* Latest() const { return checks.empty() ? nullptr : &checks.back(); }
  const CheckInfo* OfLatestVersion() const {
    const CheckInfo* c = Latest();
    return c != nullptr && c->form_version == latest_version ? c : nullptr;
  }
};

Result<std::map<std::string, FormState>> LoadFormStates(store::Database& tx, const std::string& code,
                                                        const std::optional<std::string>& form_id) {
  std::map<std::string, FormState> out;
  const store::Value only = OptionalText(form_id);
  DENEN_TRY(versions, tx.Query("SELECT form_id, MAX(version) FROM care_case_forms WHERE municipality_code = ? AND "
                               "(CAST(? AS TEXT) IS NULL OR form_id = ?) GROUP BY form_id",
                               {Text(code), only, only}));
  for (const auto& r : versions) out[r.Text(0)].latest_version = r.Int(1);
  DENEN_TRY(checks, tx.Query("SELECT k.form_id, k.id, k.case_form_version, k.finding_count, k.checked_at_ms, "
                             "(SELECT COUNT(*) FROM care_findings f WHERE f.municipality_code = k.municipality_code "
                             "AND f.check_id = k.id AND f.decision IS NULL) FROM care_checks k "
                             "WHERE k.municipality_code = ? AND k.case_form_version IS NOT NULL AND "
                             "(CAST(? AS TEXT) IS NULL OR k.form_id = ?) "
                             "ORDER BY k.form_id, k.case_form_version, k.checked_at_ms, k.id",
                             {Text(code), only, only}));
  for (const auto& r : checks) {
    out[r.Text(0)].checks.push_back({r.Text(1), r.Int(2), r.Int(3), r.Int(5), r.Int(4)});
  }
  return out;
}

json FormSummary(const std::optional<std::string>& form_id, const std::map<std::string, FormState>& states) {
  if (!form_id) return nullptr;
  auto it = states.find(*form_id);
  if (it == states.end() || it->second.latest_version == 0) {
    return {{"form_id", *form_id}, {"current_version", nullptr}, {"status", "missing"}, {"open_findings", 0}};
  }
  const FormState& s = it->second;
  const CheckInfo* c = s.OfLatestVersion();
  return {{"form_id", *form_id},
          {"current_version", s.latest_version},
          {"status", c != nullptr ? "checked" : "unchecked"},
          {"check_id", c != nullptr ? json(c->id) : json(nullptr)},
          {"finding_count", c != nullptr ? c->finding_count : 0},
          {"open_findings", c != nullptr ? c->undecided : 0}};
}

}  // namespace

json CaseJson(const std::string& id, const CareCase& c, std::string_view today) {
  json milestones = json::object();
  for (int m = 0; m < kMilestoneCount; ++m) {
    milestones[std::string(MilestoneOf(static_cast<Milestone>(m)).id)] = c.dates[m] ? json(*c.dates[m]) : json(nullptr);
  }
  const CaseTarget t = TargetOf(c, today);
  const CaseStage stage = StageOf(c);
  return {{"id", id},
          {"case_no", c.case_no},
          {"insured_ref", c.insured_ref},
          {"insured_number", c.insured_number ? json(*c.insured_number) : json(nullptr)},
          {"application_type", ApplicationTypeId(c.type)},
          {"application_type_label", ApplicationTypeLabel(c.type)},
          {"milestones", milestones},
          {"stage", CaseStageId(stage)},
          {"stage_label", CaseStageLabel(stage)},
          {"form_id", c.form_id ? json(*c.form_id) : json(nullptr)},
          {"target",
           {{"target_days", kLegalTargetDays},
            {"due_on", t.due_on},
            {"days", t.days},
            {"decided", t.decided},
            {"overdue", t.overdue}}}};
}

Result<bool> CareCaseRepository::StoresInsuredNumber(const std::string& code) {
  DENEN_TRY(row,
            db_.QueryOne("SELECT store_insured_number FROM care_settings WHERE municipality_code = ?", {Text(code)}));
  return row && row->Int(0) == 1;
}

Result<void> CareCaseRepository::SetStoresInsuredNumber(const std::string& code, bool enabled,
                                                        const std::string& actor) {
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(changed, tx.Exec("UPDATE care_settings SET store_insured_number = ?, updated_by = ?, updated_at_ms = ? "
                               "WHERE municipality_code = ?",
                               {Int(enabled ? 1 : 0), Text(actor), Int(clock_.NowMillis()), Text(code)}));
    if (changed == 0) {
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO care_settings (municipality_code, store_insured_number, updated_by, "
                  "updated_at_ms) VALUES (?, ?, ?, ?)",
                  {Text(code), Int(enabled ? 1 : 0), Text(actor), Int(clock_.NowMillis())}));
    }
    json detail = {{"store_insured_number", enabled}};
    return audit::Record(tx, clock_, code, {actor, "care.settings.update", "care_settings", code, detail.dump()});
  });
}

Result<CaseImportReport> CareCaseRepository::ImportCases(const std::string& code, std::string_view csv,
                                                         const std::string& actor) {
  DENEN_TRY(store_number, StoresInsuredNumber(code));
  DENEN_TRY(rows, ParseCaseCsv(csv, {Today(clock_), store_number}));
  CaseImportReport report;
  const int64_t now = clock_.NowMillis();
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    report = {};
    for (const CaseRow& row : rows) {
      const CareCase& c = row.value;
      DENEN_TRY(existing,
                tx.QueryOne("SELECT " + CaseColumns() + " FROM care_cases WHERE municipality_code = ? AND case_no = ?",
                            {Text(code), Text(c.case_no)}));
      if (!existing) {
        const std::string id = NewId(clock_);
        store::Params p = {Text(code), Text(id), Text(c.case_no)};
        for (auto& v : CaseValues(c)) p.push_back(std::move(v));
        p.insert(p.end(), {Text(actor), Int(now), Text(actor), Int(now)});
        DENEN_TRY_VOID(
            tx.Exec("INSERT INTO care_cases (municipality_code, id, case_no, insured_ref, insured_number, "
                    "application_type, form_id, applied_on, surveyed_on, opinion_requested_on, "
                    "opinion_received_on, primary_judged_on, board_on, certified_on, notified_on, "
                    "created_by, created_at_ms, updated_by, updated_at_ms) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    p));
        json detail = {{"case_no", c.case_no}, {"row", row.row}};
        DENEN_TRY_VOID(audit::Record(tx, clock_, code, {actor, "care.case.create", "care_case", id, detail.dump()}));
        ++report.created;
        continue;
      }
      CareCase before = CaseFromRow(*existing);
      // A file without the 被保険者番号 column keeps a stored number.
      CareCase after = c;
      if (!after.insured_number) after.insured_number = before.insured_number;
      const std::vector<std::string> changed = ChangedFields(before, after);
      if (changed.empty()) {
        ++report.unchanged;
        continue;
      }
      const std::string id = existing->Text(0);
      store::Params p = CaseValues(after);
      p.insert(p.end(), {Text(actor), Int(now), Text(code), Text(id)});
      DENEN_TRY_VOID(
          tx.Exec("UPDATE care_cases SET insured_ref = ?, insured_number = ?, application_type = ?, "
                  "form_id = ?, applied_on = ?, surveyed_on = ?, opinion_requested_on = ?, "
                  "opinion_received_on = ?, primary_judged_on = ?, board_on = ?, certified_on = ?, "
                  "notified_on = ?, updated_by = ?, updated_at_ms = ? "
                  "WHERE municipality_code = ? AND id = ?",
                  p));
      json detail = {{"case_no", c.case_no}, {"row", row.row}, {"fields", changed}};
      DENEN_TRY_VOID(audit::Record(tx, clock_, code, {actor, "care.case.update", "care_case", id, detail.dump()}));
      ++report.updated;
    }
    json detail = {{"created", report.created}, {"updated", report.updated}, {"unchanged", report.unchanged}};
    return audit::Record(tx, clock_, code, {actor, "care.case.import", "care_case", "", detail.dump()});
  }));
  return report;
}

Result<FormImportReport> CareCaseRepository::ImportForms(const std::string& code, std::string_view csv,
                                                         const CareChecker& checker, const std::string& actor) {
  std::string_view body = csv;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  DENEN_TRY(records, SplitCsvRecords(body));
  for (const CsvRecord& rec : records) {
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      if (ContainsIndividualNumberShape(rec.fields[i])) {
        return Fail(Error::Invalid("individual_number_refused",
                                   "CSV " + std::to_string(rec.row) + " 行目 " + std::to_string(i + 1) +
                                       " 列目: 12桁の番号は個人番号（マイナンバー）の可能性があるため取り込めません。"
                                       "個人番号は保存しません。この欄を消してから取り込んでください"));
      }
    }
  }
  DENEN_TRY(forms, ParseFormCsv(csv, checker.rules().catalog()));
  for (const CsvForm& f : forms) {
    auto parsed = checker.ParseForm(f.form);
    if (!parsed) {
      return Fail(Error::Invalid("invalid_care_csv", "CSV " + std::to_string(f.first_row) + " 行目からの調査票「" +
                                                         f.form_id + "」: " + parsed.error().message));
    }
  }
  FormImportReport report;
  const int64_t now = clock_.NowMillis();
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    report = {};
    for (const CsvForm& f : forms) {
      DENEN_TRY(owner, tx.QueryOne("SELECT id FROM care_cases WHERE municipality_code = ? AND form_id = ?",
                                   {Text(code), Text(f.form_id)}));
      if (!owner) {
        return Fail(Error::Invalid("care_form_without_case",
                                   "CSV " + std::to_string(f.first_row) + " 行目「調査票ID」列: 調査票「" + f.form_id +
                                       "」の申請がありません（先に申請のCSVを、調査票IDを書いて取り込んでください）"));
      }
      DENEN_TRY(latest, tx.QueryOne("SELECT version, form_json FROM care_case_forms WHERE municipality_code = ? AND "
                                    "form_id = ? ORDER BY version DESC LIMIT 1",
                                    {Text(code), Text(f.form_id)}));
      const std::string content = f.form.dump();
      if (latest && latest->Text(1) == content) {
        ++report.unchanged;
        continue;
      }
      const int64_t version = latest ? latest->Int(0) + 1 : 1;
      DENEN_TRY_VOID(
          tx.Exec("INSERT INTO care_case_forms (municipality_code, form_id, version, form_json, "
                  "imported_by, imported_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
                  {Text(code), Text(f.form_id), Int(version), Text(content), Text(actor), Int(now)}));
      json detail = {{"form_id", f.form_id}, {"version", version}};
      DENEN_TRY_VOID(
          audit::Record(tx, clock_, code, {actor, "care.form.import", "care_case", owner->Text(0), detail.dump()}));
      ++report.added;
    }
    return {};
  }));
  return report;
}

Result<BatchCheckReport> CareCaseRepository::BatchCheck(const std::string& code, const CareChecker& checker,
                                                        const std::string& actor) {
  DENEN_TRY(waiting, db_.Query("SELECT f.form_id, f.version, f.form_json FROM care_case_forms f "
                               "WHERE f.municipality_code = ? "
                               "AND f.version = (SELECT MAX(g.version) FROM care_case_forms g WHERE "
                               "g.municipality_code = f.municipality_code AND g.form_id = f.form_id) "
                               "AND EXISTS (SELECT 1 FROM care_cases c WHERE c.municipality_code = f.municipality_code "
                               "AND c.form_id = f.form_id AND c.board_on IS NULL) "
                               "AND NOT EXISTS (SELECT 1 FROM care_checks k WHERE "
                               "k.municipality_code = f.municipality_code AND k.form_id = f.form_id AND "
                               "k.case_form_version = f.version) ORDER BY f.form_id",
                               {Text(code)}));
  BatchCheckReport report;
  for (const auto& row : waiting) {
    const std::string form_id = row.Text(0);
    const int64_t version = row.Int(1);
    DENEN_TRY(form_json, ParseJson(row.Text(2)));
    DENEN_TRY(form, checker.ParseForm(form_json));
    const std::vector<Finding> findings = checker.Check(form);
    std::string check_id;
    auto saved = db_.Transact([&](store::Database& tx) -> Result<void> {
      DENEN_TRY(id, InsertCheck(tx, clock_, checker.rules(), code, actor, form_json, form, findings));
      check_id = id;
      DENEN_TRY_VOID(tx.Exec("UPDATE care_checks SET case_form_version = ? WHERE municipality_code = ? AND id = ?",
                             {Int(version), Text(code), Text(id)}));
      return {};
    });
    if (!saved) {
      // Another batch checked this version at the same moment: nothing to add.
      if (saved.error().code == store::kUniqueViolation) continue;
      return Fail(saved.error());
    }
    ++report.checked;
    report.findings += static_cast<int64_t>(findings.size());
    report.forms.push_back(
        {{"form_id", form_id}, {"version", version}, {"check_id", check_id}, {"finding_count", findings.size()}});
  }
  return report;
}

Result<json> CareCaseRepository::ListCases(const std::string& code, const std::string& stage,
                                           const std::string& actor) {
  const std::string today = Today(clock_);
  json out = json::array();
  int64_t total = 0;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(rows, tx.Query("SELECT " + CaseColumns() + " FROM care_cases WHERE municipality_code = ?", {Text(code)}));
    DENEN_TRY(states, LoadFormStates(tx, code, std::nullopt));
    struct Entry {
      json value;
      int64_t open = 0;
      int64_t days = 0;
    };
    std::vector<Entry> entries;
    for (const auto& r : rows) {
      const CareCase c = CaseFromRow(r);
      const CaseStage s = StageOf(c);
      if (stage == "open" ? s == CaseStage::kDone : (stage != "all" && CaseStageId(s) != stage)) continue;
      json v = CaseJson(r.Text(0), c, today);
      v["form"] = FormSummary(c.form_id, states);
      const int64_t open = v["form"].is_null() ? 0 : v["form"]["open_findings"].get<int64_t>();
      const int64_t days = v["target"]["days"].get<int64_t>();
      entries.push_back({std::move(v), open, days});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if ((a.open > 0) != (b.open > 0)) return a.open > 0;
      if (a.days != b.days) return a.days > b.days;
      return a.value["case_no"].get<std::string>() < b.value["case_no"].get<std::string>();
    });
    total = static_cast<int64_t>(entries.size());
    json ids = json::array();
    for (auto& e : entries) {
      if (static_cast<int64_t>(out.size()) >= kMaxListedCases) break;
      ids.push_back(e.value["id"]);
      out.push_back(std::move(e.value));
    }
    json detail = {{"stage", stage}, {"case_ids", ids}};
    return audit::Record(tx, clock_, code, {actor, "care.case.list", "care_case", "", detail.dump()});
  }));
  return json{{"cases", out}, {"total", total}, {"today", today}};
}

Result<json> CareCaseRepository::ReadCase(const std::string& code, const std::string& id, const ItemCatalog& catalog,
                                          const std::string& actor) {
  const std::string today = Today(clock_);
  json out;
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(row, tx.QueryOne("SELECT " + CaseColumns() + " FROM care_cases WHERE municipality_code = ? AND id = ?",
                               {Text(code), Text(id)}));
    if (!row) return Fail(Error::NotFound("care_case_not_found", "申請が見つかりません"));
    const CareCase c = CaseFromRow(*row);
    out = CaseJson(id, c, today);
    out["form"] = nullptr;
    out["check"] = nullptr;
    out["versions"] = json::array();
    if (c.form_id) {
      DENEN_TRY(states, LoadFormStates(tx, code, c.form_id));
      out["form"] = FormSummary(c.form_id, states);
      const FormState& state = states[*c.form_id];
      DENEN_TRY(versions, tx.Query("SELECT version, imported_at_ms FROM care_case_forms WHERE municipality_code = ? "
                                   "AND form_id = ? ORDER BY version",
                                   {Text(code), Text(*c.form_id)}));
      // What changed between one checked version and the previous checked one.
      std::optional<std::map<std::string, json>> previous;
      for (const auto& v : versions) {
        const int64_t version = v.Int(0);
        json entry = {{"version", version}, {"imported_at", FormatIsoUtc(v.Int(1))}, {"check", nullptr}};
        const CheckInfo* check = nullptr;
        for (const CheckInfo& k : state.checks) {
          if (k.form_version == version) check = &k;
        }
        if (check != nullptr) {
          DENEN_TRY(findings, tx.Query("SELECT finding_json FROM care_findings WHERE municipality_code = ? AND "
                                       "check_id = ? ORDER BY seq",
                                       {Text(code), Text(check->id)}));
          std::map<std::string, json> now;
          for (const auto& f : findings) {
            DENEN_TRY(parsed, ParseJson(f.Text(0)));
            now.emplace(FindingKey(parsed), std::move(parsed));
          }
          entry["check"] = {{"check_id", check->id},
                            {"checked_at", FormatIsoUtc(check->checked_at_ms)},
                            {"finding_count", check->finding_count},
                            {"open_findings", check->undecided}};
          if (previous) {
            json added = json::array();
            json removed = json::array();
            for (const auto& [key, f] : now) {
              if (!previous->contains(key)) added.push_back(FindingBrief(f));
            }
            for (const auto& [key, f] : *previous) {
              if (!now.contains(key)) removed.push_back(FindingBrief(f));
            }
            entry["changes"] = {{"added", added}, {"removed", removed}};
          }
          previous = std::move(now);
        }
        out["versions"].push_back(std::move(entry));
      }
      if (const CheckInfo* latest = state.Latest(); latest != nullptr) {
        DENEN_TRY(check, ReadStoredCheck(tx, catalog, code, latest->id, false));
        check["form_version"] = latest->form_version;
        out["check"] = std::move(check);
      }
    }
    json detail = {{"case_no", c.case_no}};
    return audit::Record(tx, clock_, code, {actor, "care.case.read", "care_case", id, detail.dump()});
  }));
  return out;
}

Result<PurgeReport> CareCaseRepository::Purge(const std::string& code, int retention_days, const std::string& actor) {
  PurgeReport report;
  if (retention_days <= 0) return report;
  const std::string cutoff = IsoDateOfDays(*DaysOfIsoDate(Today(clock_)) - retention_days);
  DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
    report = {};
    DENEN_TRY(rows, tx.Query("SELECT " + CaseColumns() + " FROM care_cases WHERE municipality_code = ?", {Text(code)}));
    std::vector<std::pair<std::string, std::optional<std::string>>> expired;
    std::set<std::string> kept_forms;
    for (const auto& r : rows) {
      const CareCase c = CaseFromRow(r);
      std::string last;
      for (const auto& d : c.dates) {
        if (d && *d > last) last = *d;
      }
      if (last < cutoff) {
        expired.emplace_back(r.Text(0), c.form_id);
      } else if (c.form_id) {
        kept_forms.insert(*c.form_id);
      }
    }
    for (const auto& [id, form_id] : expired) {
      if (form_id && !kept_forms.contains(*form_id)) {
        const store::Params p = {Text(code), Text(*form_id)};
        const std::string checks_of_form =
            "SELECT k.id FROM care_checks k WHERE k.municipality_code = ? AND k.form_id = ?";
        DENEN_TRY_VOID(
            tx.Exec("DELETE FROM care_finding_decisions WHERE municipality_code = ? AND finding_id IN "
                    "(SELECT f.id FROM care_findings f WHERE f.municipality_code = ? AND f.check_id IN (" +
                        checks_of_form + "))",
                    {Text(code), Text(code), Text(code), Text(*form_id)}));
        DENEN_TRY(findings, tx.Exec("DELETE FROM care_findings WHERE municipality_code = ? AND check_id IN (" +
                                        checks_of_form + ")",
                                    {Text(code), Text(code), Text(*form_id)}));
        DENEN_TRY(checks, tx.Exec("DELETE FROM care_checks WHERE municipality_code = ? AND form_id = ?", p));
        DENEN_TRY(forms, tx.Exec("DELETE FROM care_case_forms WHERE municipality_code = ? AND form_id = ?", p));
        report.findings += findings;
        report.checks += checks;
        report.form_versions += forms;
      }
      DENEN_TRY(cases,
                tx.Exec("DELETE FROM care_cases WHERE municipality_code = ? AND id = ?", {Text(code), Text(id)}));
      report.cases += cases;
    }
    json detail = {{"cutoff", cutoff},        {"cases", report.cases},       {"form_versions", report.form_versions},
                   {"checks", report.checks}, {"findings", report.findings}, {"retention_days", retention_days}};
    return audit::Record(tx, clock_, code, {actor, "care.case.purge", "care_case", "", detail.dump()});
  }));
  return report;
}

}  // namespace denen::care
