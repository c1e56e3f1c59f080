#include "care/care_api.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <set>

#include "audit/audit_log.h"
#include "core/json_input.h"
#include "core/random.h"

namespace denen::care {
namespace {

using auth::Role;
using http::Access;
using http::RequestContext;
using http::Response;
using store::Int;
using store::Text;

constexpr int64_t kDefaultPageSize = 20;
constexpr int64_t kMaxPageSize = 100;
constexpr size_t kMaxCommentBytes = 4000;  // the console allows 1000 characters

std::string Municipality(const RequestContext& rc) { return rc.staff->municipality_code; }
std::string Actor(const RequestContext& rc) { return rc.staff->user.id; }

// "item 2-1" when the engine names no rule, so note findings are still counted per item.
std::string RuleKey(const Finding& f) {
  if (!f.code.empty()) return f.code;
  return f.items.empty() ? std::string("-") : "item " + f.items.front();
}

Result<int64_t> QueryInt(const http::Request& request, const std::string& name, int64_t fallback, int64_t min,
                         int64_t max) {
  auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return fallback;
  const std::string& s = it->second;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < min || value > max) {
    return Fail(Error::Invalid("invalid_query", "クエリの \"" + name + "\": " + std::to_string(min) + "〜" +
                                                    std::to_string(max) + " の整数で指定してください"));
  }
  return value;
}

nlohmann::json ChoiceLabels(const ItemCatalog& catalog, const std::string& item, const nlohmann::json& choices) {
  nlohmann::json labels = nlohmann::json::array();
  const ItemDef* def = catalog.Find(item);
  for (const auto& c : choices) {
    if (!c.is_number_integer()) continue;
    const int no = c.get<int>();
    labels.push_back(def != nullptr && def->FindChoice(no) ? def->ChoiceText(no) : std::to_string(no));
  }
  return labels;
}

// A stored decision as the API shows it.
nlohmann::json DecisionJson(const std::string& decision, const std::string& comment, const std::string& by,
                            const std::string& by_name, int64_t at_ms) {
  return {{"decision", decision},
          {"comment", comment},
          {"decided_by", {{"id", by}, {"display_name", by_name}}},
          {"decided_at", FormatIsoUtc(at_ms)}};
}

constexpr std::string_view kFindingColumns =
    "f.id, f.check_id, f.finding_json, f.decision, f.decision_comment, f.decided_by, "
    "u.display_name, f.decided_at_ms";
constexpr std::string_view kFindingJoin =
    " FROM care_findings f LEFT JOIN staff_users u "
    "ON u.municipality_code = f.municipality_code AND u.id = f.decided_by";

// A finding row (kFindingColumns) with its id, choice labels and latest decision.
Result<nlohmann::json> FindingFromRow(const ItemCatalog& catalog, const store::Row& r) {
  DENEN_TRY(finding, ParseJson(r.Text(2)));
  finding["finding_id"] = r.Text(0);
  finding["check_id"] = r.Text(1);
  const nlohmann::json& items = finding["items"];
  if (items.is_array() && !items.empty() && items[0].is_string()) {
    finding["suggested_labels"] = ChoiceLabels(catalog, items[0].get<std::string>(), finding["suggested"]);
  } else {
    finding["suggested_labels"] = nlohmann::json::array();
  }
  finding["decision"] =
      r.IsNull(3) ? nlohmann::json(nullptr) : DecisionJson(r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7));
  finding["history"] = nlohmann::json::array();
  return finding;
}

// Fills each finding's "history" with its decisions, oldest first.
Result<void> AddHistory(store::Database& tx, const std::string& code, const std::string& where_sql,
                        const std::string& key, nlohmann::json& findings) {
  DENEN_TRY(rows, tx.Query("SELECT d.finding_id, d.seq, d.decision, d.comment, d.decided_by, u.display_name, "
                           "d.decided_at_ms FROM care_finding_decisions d JOIN care_findings f "
                           "ON f.municipality_code = d.municipality_code AND f.id = d.finding_id "
                           "LEFT JOIN staff_users u "
                           "ON u.municipality_code = d.municipality_code AND u.id = d.decided_by "
                           "WHERE d.municipality_code = ? AND " +
                               where_sql + " ORDER BY d.finding_id, d.seq",
                           {Text(code), Text(key)}));
  std::map<std::string, nlohmann::json*> by_id;
  for (auto& f : findings) by_id[f["finding_id"].get<std::string>()] = &f;
  for (const auto& r : rows) {
    auto it = by_id.find(r.Text(0));
    if (it == by_id.end()) continue;
    nlohmann::json entry = DecisionJson(r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6));
    entry["seq"] = r.Int(1);
    (*it->second)["history"].push_back(std::move(entry));
  }
  return {};
}

// The items a reviewer needs beside the findings: every item with a note or a
// finding, in form order, with the chosen answer and the note.
nlohmann::json ItemsJson(const ItemCatalog& catalog, const nlohmann::json& parsed, const nlohmann::json& findings) {
  std::set<std::string> wanted;
  const nlohmann::json& notes = parsed["notes"];
  const nlohmann::json& answers = parsed["answers"];
  for (const auto& [item, _] : notes.items()) wanted.insert(item);
  for (const auto& f : findings) {
    for (const auto& item : f["items"]) {
      if (item.is_string()) wanted.insert(item.get<std::string>());
    }
  }
  std::vector<std::string> ordered;
  for (const ItemDef& def : catalog.items()) {
    if (wanted.erase(def.id) > 0) ordered.push_back(def.id);
  }
  // Items the current rules no longer know come last.
  ordered.insert(ordered.end(), wanted.begin(), wanted.end());
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& id : ordered) {
    const ItemDef* def = catalog.Find(id);
    const nlohmann::json answer = answers.contains(id) ? answers[id] : nlohmann::json::array();
    out.push_back({{"id", id},
                   {"name", def != nullptr ? def->name : ""},
                   {"answer", answer},
                   {"answer_labels", ChoiceLabels(catalog, id, answer)},
                   {"note", notes.contains(id) ? notes[id] : nlohmann::json("")}});
  }
  return out;
}

constexpr std::string_view kCheckColumns =
    "c.id, c.form_id, c.version, c.rules_version, c.finding_count, c.checked_by, "
    "u.display_name, c.checked_at_ms";
constexpr std::string_view kCheckJoin =
    " FROM care_checks c LEFT JOIN staff_users u "
    "ON u.municipality_code = c.municipality_code AND u.id = c.checked_by";

// The summary of a check row (kCheckColumns).
nlohmann::json CheckSummary(const store::Row& r) {
  return {{"check_id", r.Text(0)},
          {"form_id", r.Text(1)},
          {"version", r.Int(2)},
          {"rules_version", r.Text(3)},
          {"finding_count", r.Int(4)},
          {"checked_by", {{"id", r.Text(5)}, {"display_name", r.Text(6)}}},
          {"checked_at", FormatIsoUtc(r.Int(7))}};
}

// Reads one stored check with its findings and decisions; the caller audits the read.
Result<nlohmann::json> ReadCheck(store::Database& tx, const ItemCatalog& catalog, const std::string& code,
                                 const std::string& check_id, bool with_form) {
  DENEN_TRY(row, tx.QueryOne("SELECT " + std::string(kCheckColumns) + ", c.form_json, c.parsed_json" +
                                 std::string(kCheckJoin) + " WHERE c.municipality_code = ? AND c.id = ?",
                             {Text(code), Text(check_id)}));
  if (!row) return Fail(Error::NotFound("care_check_not_found", "チェック結果が見つかりません"));
  nlohmann::json out = CheckSummary(*row);
  DENEN_TRY(parsed, ParseJson(row->Text(9)));
  DENEN_TRY(rows, tx.Query("SELECT " + std::string(kFindingColumns) + std::string(kFindingJoin) +
                               " WHERE f.municipality_code = ? AND f.check_id = ? ORDER BY f.seq",
                           {Text(code), Text(check_id)}));
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& r : rows) {
    DENEN_TRY(f, FindingFromRow(catalog, r));
    findings.push_back(std::move(f));
  }
  DENEN_TRY_VOID(AddHistory(tx, code, "f.check_id = ?", check_id, findings));
  out["items"] = ItemsJson(catalog, parsed, findings);
  out["findings"] = std::move(findings);
  if (with_form) {
    DENEN_TRY(form, ParseJson(row->Text(8)));
    out["form"] = std::move(form);
  }
  return out;
}

}  // namespace

Result<std::string> InsertCheck(store::Database& tx, const Clock& clock, const RuleSet& rules, const std::string& code,
                                const std::string& actor, const nlohmann::json& form_json, const CareForm& form,
                                const std::vector<Finding>& findings) {
  nlohmann::json parsed = {{"answers", nlohmann::json::object()}, {"notes", nlohmann::json::object()}};
  for (const auto& [item, choices] : form.answers) parsed["answers"][item] = choices;
  for (const auto& [item, note] : form.notes) parsed["notes"][item] = note;
  const std::string check_id = NewId(clock);
  const int64_t now = clock.NowMillis();
  DENEN_TRY(row, tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM care_checks WHERE municipality_code = ? "
                             "AND form_id = ?",
                             {Text(code), Text(form.form_id)}));
  const int64_t version = row ? row->Int(0) + 1 : 1;
  DENEN_TRY_VOID(tx.Exec(
      "INSERT INTO care_checks (municipality_code, id, form_id, version, form_json, "
      "parsed_json, rules_version, finding_count, checked_by, checked_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Text(code), Text(check_id), Text(form.form_id), Int(version), Text(form_json.dump()), Text(parsed.dump()),
       Text(rules.version()), Int(static_cast<int64_t>(findings.size())), Text(actor), Int(now)}));
  int64_t seq = 0;
  for (const Finding& f : findings) {
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO care_findings (municipality_code, id, check_id, seq, kind, rule_key, "
                "finding_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {Text(code), Text(NewId(clock)), Text(check_id), Int(++seq), Text(f.kind), Text(RuleKey(f)),
                 Text(FindingToJson(f).dump())}));
  }
  nlohmann::json detail = {{"version", version}, {"findings", findings.size()}, {"rules_version", rules.version()}};
  DENEN_TRY_VOID(audit::Record(tx, clock, code, {actor, "care.check.create", "care_check", check_id, detail.dump()}));
  return check_id;
}

Result<nlohmann::json> ReadStoredCheck(store::Database& tx, const ItemCatalog& catalog, const std::string& code,
                                       const std::string& check_id, bool with_form) {
  return ReadCheck(tx, catalog, code, check_id, with_form);
}

namespace {

// Stores a checked form as the next version of its form id, with its findings,
// and answers the stored record as ReadCheck() shows it.
Result<nlohmann::json> SaveCheck(const CareApiContext& ctx, const std::string& code, const std::string& actor,
                                 const nlohmann::json& body, const CareForm& form,
                                 const std::vector<Finding>& findings) {
  nlohmann::json out;
  auto saved = ctx.db.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(check_id, InsertCheck(tx, ctx.clock, ctx.checker.rules(), code, actor, body, form, findings));
    DENEN_TRY(check, ReadCheck(tx, ctx.checker.rules().catalog(), code, check_id, false));
    out = std::move(check);
    return {};
  });
  if (!saved) {
    if (saved.error().code == store::kUniqueViolation) {
      return Fail(
          Error::Conflict("care_check_conflict", "同じ調査票が同時にチェックされました。もう一度チェックしてください"));
    }
    return Fail(saved.error());
  }
  return out;
}

// What a rule is, in the reviewer's words, for the false-alarm report.
std::string RuleLabel(const RuleSet& rules, const std::string& kind, const std::string& rule_key) {
  if (kind == "warning_code") {
    for (const WarningRule& w : rules.warnings()) {
      if (w.code == rule_key) return "警告コード" + w.code + ": " + w.message;
    }
  } else if (kind == "missing_note") {
    for (const RequiredNoteRule& r : rules.required_notes()) {
      if (r.id == rule_key) return r.id + ": " + r.message;
    }
  } else if (kind == "doctor_mismatch") {
    if (rule_key == "☆") return "☆ 調査員が問題視（調査票が重い）";
    if (rule_key == "★") return "★ 主治医が問題視（意見書が重い）";
    if (rule_key == "未") return "未 主治医意見書が未記入";
  } else if (kind == "note_contradiction" && rule_key == "model") {
    return "学習モデルの読み（特記事項の言葉から）";
  } else if (kind == "note_contradiction" && rule_key.starts_with("item ")) {
    const std::string item = rule_key.substr(5);
    const ItemDef* def = rules.catalog().Find(item);
    return item + " " + (def != nullptr ? def->name : "") + " の特記事項と選択";
  }
  return rule_key;
}

Result<nlohmann::json> FalseAlarmReport(const CareApiContext& ctx, const std::string& code, const std::string& actor) {
  nlohmann::json rules = nlohmann::json::array();
  int64_t raised_total = 0;
  int64_t adopted_total = 0;
  int64_t dismissed_total = 0;
  DENEN_TRY_VOID(ctx.db.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(rows, tx.Query("SELECT kind, rule_key, COUNT(*), "
                             "SUM(CASE WHEN decision = 'adopt' THEN 1 ELSE 0 END), "
                             "SUM(CASE WHEN decision = 'dismiss' THEN 1 ELSE 0 END) "
                             "FROM care_findings WHERE municipality_code = ? GROUP BY kind, rule_key",
                             {Text(code)}));
    struct Line {
      std::string kind, rule;
      int64_t raised, adopted, dismissed;
    };
    std::vector<Line> lines;
    for (const auto& r : rows) lines.push_back({r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Int(4)});
    auto rate = [](const Line& l) {
      const int64_t decided = l.adopted + l.dismissed;
      return decided == 0 ? -1.0 : static_cast<double>(l.dismissed) / static_cast<double>(decided);
    };
    std::sort(lines.begin(), lines.end(), [&](const Line& a, const Line& b) {
      if (a.dismissed != b.dismissed) return a.dismissed > b.dismissed;
      if (rate(a) != rate(b)) return rate(a) > rate(b);
      if (a.raised != b.raised) return a.raised > b.raised;
      return std::tie(a.kind, a.rule) < std::tie(b.kind, b.rule);
    });
    for (const Line& l : lines) {
      const double r = rate(l);
      rules.push_back({{"kind", l.kind},
                       {"rule", l.rule},
                       {"label", RuleLabel(ctx.checker.rules(), l.kind, l.rule)},
                       {"raised", l.raised},
                       {"adopted", l.adopted},
                       {"dismissed", l.dismissed},
                       {"undecided", l.raised - l.adopted - l.dismissed},
                       {"dismissal_rate", r < 0 ? nlohmann::json(nullptr) : nlohmann::json(r)}});
      raised_total += l.raised;
      adopted_total += l.adopted;
      dismissed_total += l.dismissed;
    }
    nlohmann::json detail = {{"rules", lines.size()}};
    return audit::Record(tx, ctx.clock, code,
                         {actor, "care.report.read", "care_report", "false-alarms", detail.dump()});
  }));
  const int64_t decided = adopted_total + dismissed_total;
  return nlohmann::json{{"rules", std::move(rules)},
                        {"totals",
                         {{"raised", raised_total},
                          {"adopted", adopted_total},
                          {"dismissed", dismissed_total},
                          {"undecided", raised_total - decided},
                          {"dismissal_rate", decided == 0 ? nlohmann::json(nullptr)
                                                          : nlohmann::json(static_cast<double>(dismissed_total) /
                                                                           static_cast<double>(decided))}}},
                        {"rules_version", ctx.checker.rules().version()}};
}

struct ListQuery {
  int64_t limit = kDefaultPageSize;
  int64_t offset = 0;
  std::string form_id;  // empty: every form
};

Result<nlohmann::json> ListChecks(const CareApiContext& ctx, const std::string& code, const std::string& actor,
                                  const ListQuery& q) {
  store::Params params = {Text(code)};
  std::string where = " WHERE c.municipality_code = ?";
  if (!q.form_id.empty()) {
    where += " AND c.form_id = ?";
    params.push_back(Text(q.form_id));
  }
  const std::string undecided =
      "(SELECT COUNT(*) FROM care_findings f WHERE f.municipality_code = c.municipality_code "
      "AND f.check_id = c.id AND f.decision IS NULL)";
  nlohmann::json checks = nlohmann::json::array();
  int64_t total = 0;
  DENEN_TRY_VOID(ctx.db.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(count, tx.QueryOne("SELECT COUNT(*)" + std::string(kCheckJoin) + where, params));
    total = count ? count->Int(0) : 0;
    // limit and offset are validated integers, so they are written into the SQL.
    DENEN_TRY(rows, tx.Query("SELECT " + std::string(kCheckColumns) + ", " + undecided + std::string(kCheckJoin) +
                                 where + " ORDER BY c.checked_at_ms DESC, c.version DESC, c.id DESC LIMIT " +
                                 std::to_string(q.limit) + " OFFSET " + std::to_string(q.offset),
                             params));
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json summary = CheckSummary(r);
      summary["undecided_count"] = r.Int(8);
      ids.push_back(r.Text(0));
      checks.push_back(std::move(summary));
    }
    nlohmann::json detail = {{"check_ids", ids}, {"offset", q.offset}};
    return audit::Record(tx, ctx.clock, code, {actor, "care.check.list", "care_check", "", detail.dump()});
  }));
  return nlohmann::json{{"checks", checks}, {"total", total}, {"limit", q.limit}, {"offset", q.offset}};
}

Result<nlohmann::json> ReadCheckAudited(const CareApiContext& ctx, const std::string& code, const std::string& actor,
                                        const std::string& check_id) {
  nlohmann::json out;
  DENEN_TRY_VOID(ctx.db.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(check, ReadCheck(tx, ctx.checker.rules().catalog(), code, check_id, true));
    out = std::move(check);
    return audit::Record(tx, ctx.clock, code, {actor, "care.check.read", "care_check", check_id, "{}"});
  }));
  return out;
}

// Records 採用 (adopt) or 却下 (dismiss): the finding keeps the latest, the
// history every one. Answers the finding with its history.
Result<nlohmann::json> Decide(const CareApiContext& ctx, const std::string& code, const std::string& actor,
                              const std::string& finding_id, const std::string& decision, const std::string& comment) {
  const int64_t now = ctx.clock.NowMillis();
  nlohmann::json out;
  DENEN_TRY_VOID(ctx.db.Transact([&](store::Database& tx) -> Result<void> {
    // The update comes first: on PostgreSQL its row lock orders concurrent decisions.
    DENEN_TRY(changed, tx.Exec("UPDATE care_findings SET decision = ?, decision_comment = ?, "
                               "decided_by = ?, decided_at_ms = ? "
                               "WHERE municipality_code = ? AND id = ?",
                               {Text(decision), Text(comment), Text(actor), Int(now), Text(code), Text(finding_id)}));
    if (changed == 0) {
      return Fail(Error::NotFound("care_finding_not_found", "指摘が見つかりません"));
    }
    DENEN_TRY(last, tx.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM care_finding_decisions "
                                "WHERE municipality_code = ? AND finding_id = ?",
                                {Text(code), Text(finding_id)}));
    const int64_t seq = (last ? last->Int(0) : 0) + 1;
    DENEN_TRY_VOID(
        tx.Exec("INSERT INTO care_finding_decisions (municipality_code, finding_id, "
                "seq, decision, comment, decided_by, decided_at_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                {Text(code), Text(finding_id), Int(seq), Text(decision), Text(comment), Text(actor), Int(now)}));
    DENEN_TRY(row, tx.QueryOne("SELECT " + std::string(kFindingColumns) + std::string(kFindingJoin) +
                                   " WHERE f.municipality_code = ? AND f.id = ?",
                               {Text(code), Text(finding_id)}));
    if (!row) return Fail(Error::NotFound("care_finding_not_found", "指摘が見つかりません"));
    DENEN_TRY(finding, FindingFromRow(ctx.checker.rules().catalog(), *row));
    nlohmann::json one = nlohmann::json::array({std::move(finding)});
    DENEN_TRY_VOID(AddHistory(tx, code, "d.finding_id = ?", finding_id, one));
    out = std::move(one[0]);
    nlohmann::json detail = {{"decision", decision}, {"seq", seq}, {"check_id", row->Text(1)}};
    return audit::Record(tx, ctx.clock, code,
                         {actor, "care.finding.decide", "care_finding", finding_id, detail.dump()});
  }));
  return out;
}

}  // namespace

Result<const CareChecker*> SharedCareChecker() {
  static std::mutex mutex;
  static const CareChecker* checker = nullptr;  // never freed: in use until the process ends
  std::lock_guard lock(mutex);
  if (checker == nullptr) {
    DENEN_TRY(loaded, CareChecker::Load(CareChecker::DefaultOptions()));
    checker = loaded.release();
  }
  return checker;
}

// Each handler only adapts HTTP (session, body, query) to the functions above.
void RegisterCareRoutes(http::Router& router, const CareApiContext& context) {
  const CareApiContext ctx = context;
  const auth::RoleSet reviewers = {Role::kCareReviewer};

  router.Add({"POST", "/api/v1/care/check", Access::kRoles, reviewers, [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(form, ctx.checker.ParseForm(body));
                if (form.form_id.empty()) {
                  return Fail(
                      Error::Invalid("invalid_care_form",
                                     "調査票の \"form_id\": 必須項目です（同じ調査票の再チェックを新しい版として"
                                     "記録するために使います）"));
                }
                const std::vector<Finding> findings = ctx.checker.Check(form);
                DENEN_TRY(saved, SaveCheck(ctx, Municipality(rc), Actor(rc), body, form, findings));
                return Response::Json(201, saved);
              }});

  router.Add({"GET", "/api/v1/care/checks", Access::kRoles, reviewers, [ctx](RequestContext& rc) -> Result<Response> {
                ListQuery q;
                DENEN_TRY(limit, QueryInt(rc.request, "limit", kDefaultPageSize, 1, kMaxPageSize));
                DENEN_TRY(offset, QueryInt(rc.request, "offset", 0, 0, 1'000'000'000));
                q.limit = limit;
                q.offset = offset;
                if (auto it = rc.request.query.find("form_id"); it != rc.request.query.end()) {
                  q.form_id = it->second;
                }
                DENEN_TRY(list, ListChecks(ctx, Municipality(rc), Actor(rc), q));
                return Response::Json(200, list);
              }});

  router.Add(
      {"GET", "/api/v1/care/checks/{id}", Access::kRoles, reviewers, [ctx](RequestContext& rc) -> Result<Response> {
         DENEN_TRY(check, ReadCheckAudited(ctx, Municipality(rc), Actor(rc), rc.params[0]));
         return Response::Json(200, check);
       }});

  router.Add({"POST", "/api/v1/care/findings/{id}/decision", Access::kRoles, reviewers,
              [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(body, rc.JsonBody());
                DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
                DENEN_TRY(decision, in.RequiredString("decision", 16));
                DENEN_TRY(comment, in.OptionalString("comment", kMaxCommentBytes));
                DENEN_TRY_VOID(in.RejectUnknown());
                if (decision != "adopt" && decision != "dismiss") {
                  return Fail(Error::Invalid("invalid_field",
                                             "リクエスト本文 の \"decision\": \"adopt\"（採用）か "
                                             "\"dismiss\"（却下）を指定してください"));
                }
                DENEN_TRY(finding,
                          Decide(ctx, Municipality(rc), Actor(rc), rc.params[0], decision, comment.value_or("")));
                return Response::Json(200, {{"finding", finding}});
              }});

  router.Add({"GET", "/api/v1/care/reports/false-alarms", Access::kRoles, reviewers,
              [ctx](RequestContext& rc) -> Result<Response> {
                DENEN_TRY(report, FalseAlarmReport(ctx, Municipality(rc), Actor(rc)));
                return Response::Json(200, report);
              }});
}

}  // namespace denen::care
