// Issue 11's promise over the whole route table: a staff session or an edge
// device of one municipality (B) never reads or changes another's (A) data.
// One server serves both (and the configured municipality). Every route is
// called as B, with A's real ids in its path parameters and in its body (from
// cross_tenant_requests.json beside this file); no answer may carry one of A's
// ids or marker strings, and A's dump must be byte-identical afterwards. The
// same GETs made as A answer 2xx, so the sweep cannot pass by failing early.
// A new route fails this test until its path parameters have a source in
// kParamSources and, unless it is a GET, a sample request in the JSON file.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "core/municipality_code.h"
#include "edge/edge_devices.h"
#include "identity/card_resolver.h"
#include "kpi/kpi_demo.h"
#include "school/school_demo.h"
#include "tenant/dump.h"
#include "tenant/onboarding.h"
#include "tests/functional/card_app_test_support.h"

#ifndef DENEN_SOURCE_ROOT
#define DENEN_SOURCE_ROOT "."
#endif

namespace denen::testing {
namespace {

using nlohmann::json;

// In A's rows the test makes itself, so that a leak of them is recognisable.
constexpr std::string_view kMarker = "ATENANT-MARK-7f3a";
constexpr std::string_view kDumpTime = "2026-01-01T00:00:00Z";

// Where each path parameter's value comes from: "<segment before it>/{name}"
// to the table and column of A's rows ("=value" for a parameter that names no
// row, "own:" for the caller's own rows). Every parameter of every route needs
// an entry; the test fails for one without.
const std::map<std::string, std::string> kParamSources = {
    // A route whose parameter needs a particular row names its whole pattern.
    {"/api/v1/lock/residents/{id}/rights", "lock_rights.resident_id"},
    {"open/{dataset}", "=facility-use.json"},
    {"consents/{service}", "=reception"},
    {"users/{id}", "staff_users.id"},
    {"devices/{id}", "edge_devices.id"},
    {"residents/{id}", "residents.id"},
    {"identities/{key}", "card_identities.identity_key"},
    {"cases/{id}", "care_cases.id"},
    {"checks/{id}", "care_checks.id"},
    {"findings/{id}", "care_findings.id"},
    {"tables/{id}", "kpi_tables.id"},
    {"systems/{id}", "library_systems.id"},
    {"links/{id}", "library_card_links.id"},
    {"reservations/{id}", "lock_reservations.id"},
    {"rights/{id}", "lock_rights.id"},
    {"events/{id}", "reception_events.id"},
    {"places/{id}", "reception_places.id"},
    {"registrations/{id}", "reception_registrations.id"},
    {"shelters/{id}", "reception_shelter_openings.id"},
    {"evacuees/{id}", "reception_visits.id"},
    {"sessions/{id}", "school_sessions.id"},
    {"staff/{id}", "staff_users.id"},
    // The survey token is itself the credential of a public route (a pupil's
    // device holds it): B's caller holds B's token, A's caller A's.
    {"survey/{token}", "own:school_sessions.survey_token"},
};

// Columns whose values identify A's rows (and A's secrets): none may reach B.
// Other *_id columns refer to these rows or to shared constants (KPI ids).
bool IsIdentifyingColumn(const std::string& column) {
  return column == "id" || column == "identity_key" || column == "salt" || column.ends_with("token") ||
         column.ends_with("_hash") || column == "case_no" || column == "insured_ref";
}

std::string CodeWithCheckDigit(std::string_view five_digits) {
  auto digit = MunicipalityCheckDigit(five_digits);
  return std::string(five_digits) + std::to_string(digit.value_or(0));
}

// A municipality's dump: its text, and per table its columns and rows.
struct ParsedDump {
  std::string text;
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<json>>> tables;

  // Every string value of the dump.
  std::set<std::string> Strings() const {
    std::set<std::string> out;
    for (const auto& [table, content] : tables) {
      for (const auto& row : content.second) {
        for (const auto& value : row) {
          if (value.is_string()) out.insert(value.get<std::string>());
        }
      }
    }
    return out;
  }
  // The first row's value of table.column, '' when there is none.
  std::string FirstValue(const std::string& table_column) const {
    auto values = Values(table_column);
    return values.empty() ? "" : values.front();
  }
  // The non-empty values of table.column, in row order.
  std::vector<std::string> Values(const std::string& table_column) const {
    std::vector<std::string> out;
    const size_t dot = table_column.find('.');
    auto it = tables.find(table_column.substr(0, dot));
    if (it == tables.end()) return out;
    const auto& columns = it->second.first;
    auto col = std::find(columns.begin(), columns.end(), table_column.substr(dot + 1));
    if (col == columns.end()) return out;
    for (const auto& row : it->second.second) {
      const json& value = row[col - columns.begin()];
      if (value.is_string() && !value.get<std::string>().empty()) out.push_back(value.get<std::string>());
    }
    return out;
  }
};

struct Tenant {
  std::string code;
  Caller staff;                          // a user of the municipality holding every role
  std::map<std::string, Caller> device;  // by role: kiosk, counter, door
};

class CrossTenantTest : public CardAppTest {
 protected:
  void SetUp() override {
    CardAppTest::SetUp();
    if (HasFatalFailure()) return;
    a_.code = CodeWithCheckDigit("13101");
    b_.code = CodeWithCheckDigit("27100");
    for (Tenant* t : {&a_, &b_}) {
      const std::string name = t == &a_ ? "A市" : "B町";
      ASSERT_TRUE(tenant::AddMunicipality(*app_->db, clock_,
                                          {{t->code, name}, "admin", "管理者", std::string(kTestPassword)}, "test"));
      auth::RoleSet all;
      for (const auto& info : auth::AllRoles()) all.Add(info.role);
      ASSERT_TRUE(app_->accounts->Create(t->code, {"user_all", "全権限", std::string(kTestPassword), all}, "test"));
      auto login = app_->auth->Login(t->code, "user_all", kTestPassword, "test");
      ASSERT_TRUE(login.has_value()) << login.error().message;
      t->staff = {login->cookie_value, login->session.csrf_token, ""};
    }
    SeedA();
    if (HasFatalFailure()) return;
    SeedB();
    if (HasFatalFailure()) return;
    for (Tenant* t : {&a_, &b_}) {
      const std::string place = t == &a_ ? a_place_ : b_place_;
      for (const std::string role : {"kiosk", "counter", "door"}) {
        const std::string where = role == "counter" ? (t == &a_ ? a_library_ : b_library_) : place;
        auto device = app_->edge_devices->Register(t->code, std::string(role) + " 1", role, where, "test");
        ASSERT_TRUE(device.has_value()) << device.error().message;
        t->device[role] = {"", "", device->credential};
      }
    }
  }

  // A: two years of rows in every module (the KPI demo), and rows made
  // through the API, several with the marker: a resident enrolled with a card,
  // a staff user, a care check with findings, an uploaded KPI table, an open
  // shelter, an event registration, a school session.
  void SeedA() {
    ASSERT_TRUE(kpi::LoadKpiDemo(*app_->db, clock_, a_.code).has_value());
    const auto& pki = card::testing::TestPki::Get();
    auto created = [&](const std::string& method, const std::string& path, const json& body) -> json {
      auto r = Call(a_.staff, method, path, body);
      EXPECT_TRUE(r.status == 200 || r.status == 201) << method << " " << path << " as A: " << r.body;
      return json::parse(r.body, nullptr, false);
    };
    a_resident_ = created("POST", "/api/v1/residents",
                          {{"card", TapWithPinJson(pki.good)},
                           {"name_kana", "エーテナント タロウ"},
                           {"name_kanji", std::string(kMarker) + " 太郎"},
                           {"district", std::string(kMarker) + "町"},
                           {"contact", std::string(kMarker)},
                           {"consents", {"reception", "library", "lock"}},
                           {"identity_confirmed", true}})["resident"]["id"];
    created("POST", "/api/v1/users",
            {{"username", "marker_user"},
             {"display_name", std::string(kMarker) + " 職員"},
             {"password", std::string(kTestPassword)},
             {"roles", {"reception"}}});
    created("POST", "/api/v1/care/check",
            {{"form_id", std::string(kMarker)},
             {"answers", {{"2-1", 2}, {"6-5", 2}}},
             {"notes", {{"2-1", "ベッドから移る時は妻が体を支えている。"}}}});
    created("POST", "/api/v1/kpi/tables",
            {{"name", std::string(kMarker) + " 地区別人口"},
             {"content_base64", Base64Encode(card::Bytes(kTable.begin(), kTable.end()))}});
    created("POST", "/api/v1/reception/places/import",
            {{"csv", "全国地方公共団体コード,ID,名称,住所\n" + a_.code + ",AF-0001," + std::string(kMarker) +
                         " 会館,A市1\n"}});
    created("POST", "/api/v1/reception/events/import",
            {{"csv", "全国地方公共団体コード,ID,イベント名,開始日\n" + a_.code + ",AE-0001," + std::string(kMarker) +
                         " まつり,2026-12-05\n"}});
    const ParsedDump dump = DumpOf(a_.code);
    a_place_ = created("POST", "/api/v1/reception/places",
                       {{"name", std::string(kMarker) + " 公民館"}, {"shelter_capacity", 30}})["place"]["id"];
    created("POST", "/api/v1/reception/shelters", {{"place_id", a_place_}, {"capacity", 30}});
    created("POST", "/api/v1/reception/events/" + dump.FirstValue("reception_events.id") + "/registrations",
            {{"walk_in", {{"name_kana", "エーテナント ハナコ"}}}});
    created("POST", "/api/v1/school/sessions",
            {{"date", "2026-11-20"},
             {"period_from", 1},
             {"period_to", 1},
             {"subject", std::string(kMarker)},
             {"class_ids", {dump.Values("school_classes.id").at(0), dump.Values("school_classes.id").at(1)}}});
    a_library_ = dump.FirstValue("library_systems.id");
  }

  // B: the schools demo, a place and a library system of its own.
  void SeedB() {
    ASSERT_TRUE(school::LoadSchoolDemo(*app_->db, clock_, b_.code).has_value());
    b_library_ = "b-library";
    auto system = Call(b_.staff, "PUT", "/api/v1/library/systems/" + b_library_,
                       {{"name", "B町立図書館"}, {"profile", {{"symbology", "codabar"}, {"length", 7}}}});
    ASSERT_EQ(system.status, 200) << system.body;
    auto place = Call(b_.staff, "POST", "/api/v1/reception/places", {{"name", "B町 体育館"}, {"shelter_capacity", 7}});
    ASSERT_EQ(place.status, 201) << place.body;
    b_place_ = json::parse(place.body)["place"]["id"];
  }

  static constexpr std::string_view kTable = "地区,人口\n本町,2400\n小出,1800\n";

  ParsedDump DumpOf(const std::string& code) {
    ParsedDump dump;
    std::ostringstream out;
    auto summary = tenant::WriteDump(*app_->db, {code}, std::string(kDumpTime), out);
    EXPECT_TRUE(summary.has_value()) << summary.error().message;
    dump.text = out.str();
    std::istringstream lines(dump.text);
    std::string line;
    std::string table;
    while (std::getline(lines, line)) {
      json value = json::parse(line, nullptr, false);
      if (value.is_object() && value.contains("table")) {
        table = value["table"];
        dump.tables[table].first = value["columns"].get<std::vector<std::string>>();
      } else if (value.is_array() && !table.empty()) {
        dump.tables[table].second.push_back(std::move(value));
      }
    }
    return dump;
  }

  http::Response Call(const Caller& who, const std::string& method, const std::string& path, const json& body = nullptr,
                      const std::map<std::string, std::string>& query = {}) {
    return app_->router->Dispatch(MakeRequest(who, method, path, body, query));
  }

  // The sample requests: "METHOD pattern" -> {"body": …, "query": {…}}.
  static json Samples() {
    std::ifstream in(std::string(DENEN_SOURCE_ROOT) + "/tests/functional/cross_tenant_requests.json");
    return json::parse(in, nullptr, false);
  }

  // Replaces "{A:table.column}" (and "{A:table.column#N}", the (N+1)th row's)
  // with A's value, "{A:code}" / "{B:code}" with the codes, and "{card:tap}" /
  // "{card:pin}" with evidence of the card enrolled in A.
  json Fill(const json& sample, const ParsedDump& a_dump) {
    if (sample.is_object()) {
      json out = json::object();
      for (auto it = sample.begin(); it != sample.end(); ++it) out[it.key()] = Fill(it.value(), a_dump);
      return out;
    }
    if (sample.is_array()) {
      json out = json::array();
      for (const auto& v : sample) out.push_back(Fill(v, a_dump));
      return out;
    }
    if (!sample.is_string()) return sample;
    const std::string text = sample;
    if (text == "{B:code}") return b_.code;
    if (text == "{A:code}") return a_.code;
    if (text == "{card:tap}") return TapJson(card::testing::TestPki::Get().good);
    if (text == "{card:pin}") return TapWithPinJson(card::testing::TestPki::Get().good);
    // "{A:table.column}", alone or inside a text (CSV bodies).
    std::string out = text;
    for (size_t at = out.find("{A:code}"); at != std::string::npos; at = out.find("{A:code}", at)) {
      out.replace(at, 8, a_.code);
    }
    for (size_t at = out.find("{A:"); at != std::string::npos; at = out.find("{A:", at)) {
      const size_t close = out.find('}', at);
      std::string source = out.substr(at + 3, close - at - 3);
      size_t nth = 0;
      if (const size_t hash = source.find('#'); hash != std::string::npos) {
        nth = std::stoul(source.substr(hash + 1));
        source.resize(hash);
      }
      const auto values = a_dump.Values(source);
      const std::string value = nth < values.size() ? values[nth] : "";
      EXPECT_FALSE(value.empty()) << "no value of A for " << out.substr(at, close - at + 1);
      out.replace(at, close - at + 1, value);
      at += value.size();
    }
    return out;
  }

  // The path of `pattern` with A's ids (and the caller's own for "own:"
  // sources); "" (and a test failure) when a parameter has no source.
  std::string PathWithAIds(const std::string& pattern, const ParsedDump& a_dump, const ParsedDump& own_dump) {
    std::string out;
    size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] != '{') {
        out += pattern[i++];
        continue;
      }
      const size_t close = pattern.find('}', i);
      const size_t before = out.rfind('/', out.size() - 2);  // `out` ends in '/'
      const std::string key = out.substr(before + 1) + pattern.substr(i, close - i + 1);
      auto source = kParamSources.find(pattern);
      if (source == kParamSources.end()) source = kParamSources.find(key);
      if (source == kParamSources.end()) {
        ADD_FAILURE() << pattern << ": the path parameter " << key
                      << " has no source of A's ids in kParamSources (cross_tenant_test.cc)";
        return "";
      }
      const std::string& from = source->second;
      const std::string value = from.starts_with("=")      ? from.substr(1)
                                : from.starts_with("own:") ? own_dump.FirstValue(from.substr(4))
                                                           : a_dump.FirstValue(from);
      if (value.empty()) {
        ADD_FAILURE() << pattern << ": no row in " << from;
        return "";
      }
      out += value;
      i = close + 1;
    }
    return out;
  }

  Tenant a_, b_;
  std::string a_resident_, a_place_, a_library_, b_place_, b_library_;
};

// Whether a parameter of `pattern` is filled with the id of one of A's rows.
bool NamesARowOfA(const std::string& pattern) {
  for (const auto& [key, from] : kParamSources) {
    if (pattern.find(key) != std::string::npos && !from.starts_with("=") && !from.starts_with("own:")) return true;
  }
  return false;
}

// Routes in the order the sweep calls them: reads first (they see B's data
// untouched by the sweep's writes), logout last (it ends B's session).
std::vector<const http::Route*> SweepOrder(const std::vector<http::Route>& routes) {
  std::vector<const http::Route*> out;
  for (const auto& r : routes) out.push_back(&r);
  auto rank = [](const http::Route* r) {
    if (r->pattern == "/api/v1/auth/logout") return 2;
    return r->method == "GET" ? 0 : 1;
  };
  std::stable_sort(out.begin(), out.end(), [&](auto* x, auto* y) { return rank(x) < rank(y); });
  return out;
}

TEST_F(CrossTenantTest, NoRouteGivesBAnyOfAsDataOrChangesIt) {
  const ParsedDump a_before = DumpOf(a_.code);
  const ParsedDump b_before = DumpOf(b_.code);
  ASSERT_FALSE(a_before.tables.empty());
  // What identifies A: ids, keys, tokens, its salt, and the marker; minus any
  // value B's own rows hold too (shared constants such as service names).
  std::set<std::string> b_strings = b_before.Strings();
  std::set<std::string> forbidden{std::string(kMarker)};
  for (const auto& [table, content] : a_before.tables) {
    for (size_t c = 0; c < content.first.size(); ++c) {
      if (!IsIdentifyingColumn(content.first[c])) continue;
      for (const auto& row : content.second) {
        if (!row[c].is_string()) continue;
        const std::string value = row[c];
        if (value.size() >= 8 && value != a_.code && !b_strings.contains(value)) forbidden.insert(value);
      }
    }
  }
  ASSERT_GT(forbidden.size(), 100u) << "A's rows are too few to prove anything";
  ASSERT_TRUE(forbidden.contains(a_resident_));

  const json samples = Samples();
  ASSERT_TRUE(samples.is_object()) << "tests/functional/cross_tenant_requests.json is missing or not JSON";
  for (const auto& [label, sample] : samples.items()) {
    if (label.starts_with("_")) continue;
    const bool routed = std::any_of(app_->router->routes().begin(), app_->router->routes().end(),
                                    [&](const http::Route& r) { return r.method + " " + r.pattern == label; });
    // Only noted: a sample may land before its route.
    if (!routed) std::cout << "note: cross_tenant_requests.json has a sample for " << label << ", no route\n";
  }
  std::vector<std::string> called;  // one line per request
  size_t routes_called = 0;
  struct Control {
    std::string label;
    http::Request request;                // the GET as A
    std::optional<std::string> b_answer;  // B's 2xx answer to the same path, if any
  };
  std::vector<Control> a_controls;  // GETs with path parameters, for the positive control
  int leaks = 0;
  for (const http::Route* route : SweepOrder(app_->router->routes())) {
    const std::string label = route->method + " " + route->pattern;
    const std::string path = PathWithAIds(route->pattern, a_before, b_before);
    if (path.empty()) continue;
    const json* sample = samples.contains(label) ? &samples[label] : nullptr;
    if (route->method != "GET" && sample == nullptr) {
      ADD_FAILURE() << label << " has no sample request in tests/functional/cross_tenant_requests.json";
      continue;
    }
    std::map<std::string, std::string> query;
    if (sample != nullptr && sample->contains("query")) {
      for (const auto& [k, v] : (*sample)["query"].items()) query[k] = Fill(v, a_before).get<std::string>();
    }
    if (route->access == http::Access::kPublic) query["municipality"] = b_.code;
    json body = sample != nullptr && sample->contains("body") ? Fill((*sample)["body"], a_before) : json(nullptr);
    if (route->method != "GET" && body.is_null()) body = json::object();

    // A device route is called with each of B's devices it admits.
    std::vector<std::pair<std::string, Caller>> callers_b;  // (who, caller)
    Caller as_a = a_.staff;
    if (route->access == http::Access::kDevice) {
      ASSERT_FALSE(route->device_roles.empty()) << label;
      for (const auto& role : route->device_roles) callers_b.emplace_back(role, b_.device[role]);
      as_a = a_.device[route->device_roles.front()];
    } else if (route->access == http::Access::kPublic) {
      callers_b.emplace_back("public", Caller{});
      as_a = {};
    } else {
      callers_b.emplace_back("admin", b_.staff);
    }
    http::Response response;
    for (const auto& [who, as_b] : callers_b) {
      http::Request request = MakeRequest(as_b, route->method, path, body, query);
      response = app_->router->Dispatch(request);
      called.push_back(label + " as B's " + who + " -> " + std::to_string(response.status) + " " + ErrorCode(response));
      if (std::getenv("DENEN_CROSS_TENANT_VERBOSE") != nullptr && response.status >= 400) {
        called.back() += " " + response.body.substr(0, 300);
      }

      // The request's own strings may come back (an id echoed in "not found").
      const std::string sent = request.path + request.body + json(query).dump();
      std::vector<std::string> found;
      for (const auto& s : forbidden) {
        if (response.body.find(s) != std::string::npos && sent.find(s) == std::string::npos) found.push_back(s);
      }
      if (!found.empty() && route->method != "GET") {
        // A write may have stored the string as B's own (an id B chose).
        const std::set<std::string> b_now = DumpOf(b_.code).Strings();
        std::erase_if(found, [&](const std::string& s) { return b_now.contains(s); });
      }
      for (const auto& s : found) {
        ADD_FAILURE() << label << " as B's " << who << " answered " << response.status << " with A's \"" << s
                      << "\": " << response.body.substr(0, 400);
        ++leaks;
      }
    }
    ++routes_called;
    if (route->method == "GET" && path != route->pattern) {
      // B either finds nothing (4xx) or an answer of its own that differs
      // from A's (checked below): it never sees A's rows.
      const bool b_found = response.status < 400 && NamesARowOfA(route->pattern);
      if (route->access == http::Access::kPublic) query["municipality"] = a_.code;
      a_controls.push_back({label,
                            MakeRequest(as_a, "GET", PathWithAIds(route->pattern, a_before, a_before), nullptr, query),
                            b_found ? std::optional<std::string>(response.body) : std::nullopt});
    }
  }
  EXPECT_EQ(leaks, 0);

  const ParsedDump a_after = DumpOf(a_.code);
  EXPECT_TRUE(a_after.text == a_before.text) << "A's data changed during B's sweep";
  if (a_after.text != a_before.text) {
    for (const auto& [table, content] : a_after.tables) {
      auto it = a_before.tables.find(table);
      if (it == a_before.tables.end() || it->second.second != content.second) ADD_FAILURE() << "changed: " << table;
    }
  }

  // Positive control: the same reads made as A find A's rows.
  int controlled = 0;
  for (const auto& control : a_controls) {
    http::Response r = app_->router->Dispatch(control.request);
    EXPECT_GE(r.status, 200) << control.label;
    EXPECT_LT(r.status, 300) << control.label << " as A: " << r.body.substr(0, 300);
    if (control.b_answer) {
      EXPECT_NE(r.body, *control.b_answer) << control.label << ": A and B see the same answer for A's row";
    }
    ++controlled;
  }

  std::cout << "Routes called as B: " << routes_called << " of " << app_->router->routes().size() << ", in "
            << called.size() << " requests:\n";
  for (const auto& c : called) std::cout << "  " << c << "\n";
  std::cout << "GET routes with A's ids answered 2xx as A: " << controlled << "\n";
  EXPECT_EQ(routes_called, app_->router->routes().size()) << "every route is called";
  EXPECT_GE(controlled, 10);
}

// The public pages serve any municipality of the database by code: each
// answers with its own counts only, and an unknown or malformed code is named.
TEST_F(CrossTenantTest, PublicRoutesServeTheMunicipalityTheyAreAskedFor) {
  // A shelter open in A (from the demo) and one opened in B.
  auto opened = Call(b_.staff, "POST", "/api/v1/reception/shelters", {{"place_id", b_place_}, {"capacity", 7}});
  auto a_public = Call({}, "GET", "/api/v1/public/shelters", nullptr, {{"municipality", a_.code}});
  auto b_public = Call({}, "GET", "/api/v1/public/shelters", nullptr, {{"municipality", b_.code}});
  ASSERT_EQ(a_public.status, 200) << a_public.body;
  ASSERT_EQ(b_public.status, 200) << b_public.body;
  EXPECT_NE(a_public.body, b_public.body);
  const json b_shelters = json::parse(b_public.body)["shelters"];
  for (const auto& s : b_shelters) EXPECT_EQ(s["capacity"], 7) << "B sees only its own shelter";
  EXPECT_EQ(b_shelters.size(), opened.status == 201 ? 1u : 0u) << opened.body;

  auto a_open = Call({}, "GET", "/api/v1/open/facility-use.json", nullptr, {{"municipality", a_.code}});
  auto b_open = Call({}, "GET", "/api/v1/open/facility-use.json", nullptr, {{"municipality", b_.code}});
  ASSERT_EQ(a_open.status, 200) << a_open.body;
  ASSERT_EQ(b_open.status, 200) << b_open.body;
  EXPECT_EQ(json::parse(a_open.body)["municipality"]["name"], "A市");
  EXPECT_EQ(json::parse(b_open.body)["municipality"]["name"], "B町");
  EXPECT_NE(json::parse(a_open.body)["rows"], json::parse(b_open.body)["rows"]) << "A's counts are not B's";
  auto configured = Call({}, "GET", "/api/v1/open/datasets");
  ASSERT_EQ(configured.status, 200);
  EXPECT_EQ(json::parse(configured.body)["municipality"]["code"], "062090");

  for (const std::string path : {"/api/v1/public/shelters", "/api/v1/open/datasets"}) {
    auto malformed = Call({}, "GET", path, nullptr, {{"municipality", "12345x"}});
    EXPECT_EQ(malformed.status, 400) << path;
    EXPECT_EQ(ErrorCode(malformed), "invalid_municipality_code");
    EXPECT_NE(malformed.body.find("12345x"), std::string::npos) << malformed.body;
    const std::string unknown = CodeWithCheckDigit("47999");
    auto missing = Call({}, "GET", path, nullptr, {{"municipality", unknown}});
    EXPECT_EQ(missing.status, 404) << path;
    EXPECT_EQ(ErrorCode(missing), "municipality_not_found");
    EXPECT_NE(missing.body.find(unknown), std::string::npos) << missing.body;
  }
}

// A session names its own municipality, not the server's configured one.
TEST_F(CrossTenantTest, ASessionShowsItsOwnMunicipality) {
  for (const Tenant* t : {&a_, &b_}) {
    auto session = Call(t->staff, "GET", "/api/v1/auth/session");
    ASSERT_EQ(session.status, 200) << session.body;
    EXPECT_EQ(json::parse(session.body)["municipality"], json({{"code", t->code}, {"name", t == &a_ ? "A市" : "B町"}}));
  }
}

// A card enrolled in A and tapped at B's devices is B's stranger; enrolled in
// B too, it resolves to B's resident, under B's own salt.
TEST_F(CrossTenantTest, ACardTappedAtBNeverResolvesToAsResident) {
  const auto& pki = card::testing::TestPki::Get();
  auto evidence = identity::ParseCardEvidence(TapJson(pki.good));
  ASSERT_TRUE(evidence.has_value());
  auto at_a = app_->cards->Resolve(a_.code, *evidence, identity::Service::kReception, false);
  ASSERT_TRUE(at_a.has_value()) << at_a.error().message;
  EXPECT_EQ(at_a->resident_id, a_resident_);
  EXPECT_EQ(app_->cards->Resolve(b_.code, *evidence, identity::Service::kReception, false).error().code,
            "identity_unknown");
  EXPECT_NE(*app_->residents->IdentitySalt(a_.code), *app_->residents->IdentitySalt(b_.code));

  auto counter = Call(b_.device["counter"], "POST", "/api/v1/library/counter/tap", {{"card", TapJson(pki.good)}});
  EXPECT_EQ(counter.status, 200) << counter.body;
  EXPECT_EQ(json::parse(counter.body).value("status", ""), "refused") << counter.body;
  EXPECT_EQ(counter.body.find(a_resident_), std::string::npos);

  auto enrolled = Call(b_.staff, "POST", "/api/v1/residents",
                       {{"card", TapWithPinJson(pki.good)},
                        {"name_kana", "ビーチョウ ハナコ"},
                        {"district", "B町"},
                        {"consents", {"reception"}},
                        {"identity_confirmed", true}});
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  const std::string b_resident = json::parse(enrolled.body)["resident"]["id"];
  auto at_b = app_->cards->Resolve(b_.code, *evidence, identity::Service::kReception, false);
  ASSERT_TRUE(at_b.has_value()) << at_b.error().message;
  EXPECT_EQ(at_b->resident_id, b_resident);
  EXPECT_NE(at_b->identity_key, at_a->identity_key) << "each municipality salts the key with its own salt";
  auto again_a = app_->cards->Resolve(a_.code, *evidence, identity::Service::kReception, false);
  ASSERT_TRUE(again_a.has_value());
  EXPECT_EQ(again_a->resident_id, a_resident_);
}

}  // namespace
}  // namespace denen::testing
