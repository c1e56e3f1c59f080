#include "settings/municipality_settings.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "store/tenants.h"

namespace denen::settings {

using store::Int;
using store::Text;

namespace {

constexpr int kMaxDays = 36500;  // as [retention] in core/config.cc

Error UnknownMunicipality(const std::string& code) {
  return Error::NotFound("municipality_not_found", "団体コード " + code + " はこのデータベースにありません");
}

Error UnknownSetting(std::string_view name) {
  std::string known;
  for (const auto& s : Catalogue()) known += (known.empty() ? "" : ", ") + std::string(s.name);
  return Error::Invalid("unknown_setting", "設定「" + std::string(name) + "」はありません(設定できるもの: " + known + ")");
}

}  // namespace

const std::vector<SettingInfo>& Catalogue() {
  static const std::vector<SettingInfo> kCatalogue = {
      {"kpi.min_cell_size", &Settings::kpi_min_cell_size, 1, 1000, "KPI・統計で秘匿する人数の下限(この人数未満は X)"},
      {"retention.audit_days", &Settings::retention_audit_days, 0, kMaxDays, "監査ログの保存日数(0 は無期限)"},
      {"retention.care_case_days", &Settings::retention_care_case_days, 0, kMaxDays,
       "要介護認定の申請・調査票の保存日数(0 は無期限)"},
      {"retention.visit_days", &Settings::retention_visit_days, 0, kMaxDays,
       "受付記録の氏名・住民・要配慮情報の保存日数(過ぎると件数だけ残す。0 は無期限)"},
  };
  return kCatalogue;
}

const SettingInfo* FindSetting(std::string_view name) {
  for (const auto& s : Catalogue()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Settings ServerDefaults(const Config& config) {
  Settings s;
  s.kpi_min_cell_size = config.kpi_min_cell_size;
  s.retention_audit_days = config.retention_audit_days;
  s.retention_care_case_days = config.retention_care_case_days;
  s.retention_visit_days = config.retention_visit_days;
  return s;
}

Result<SettingChange> ParseSettingChange(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Fail(Error::Invalid("bad_setting", "設定は 名前=値 の形で指定してください(既定に戻すときは 名前=): " +
                                                  std::string(text)));
  }
  SettingChange change{std::string(text.substr(0, eq)), std::nullopt};
  const std::string_view value = text.substr(eq + 1);
  if (!value.empty()) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      return Fail(Error::Invalid("bad_setting_value",
                                 "設定「" + change.name + "」の値は整数にしてください: " + std::string(value)));
    }
    change.value = n;
  }
  DENEN_TRY_VOID(ValidateSettingChange(change));
  return change;
}

Result<void> ValidateSettingChange(const SettingChange& change) {
  const SettingInfo* info = FindSetting(change.name);
  if (!info) return Fail(UnknownSetting(change.name));
  if (change.value && (*change.value < info->min || *change.value > info->max)) {
    return Fail(Error::Invalid("setting_out_of_range", "設定「" + change.name + "」は " + std::to_string(info->min) +
                                                           "〜" + std::to_string(info->max) + " にしてください(" +
                                                           std::to_string(*change.value) + " は範囲外です)"));
  }
  return {};
}

Result<void> ApplySettingChange(store::Database& tx, const Clock& clock, const std::string& municipality_code,
                                const SettingChange& change, std::string_view actor) {
  DENEN_TRY_VOID(ValidateSettingChange(change));
  if (change.value) {
    DENEN_TRY_VOID(tx.Exec(
        "INSERT INTO municipality_settings (municipality_code, name, value, updated_at_ms, updated_by) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (municipality_code, name) DO UPDATE SET value = excluded.value, "
        "updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by",
        {Text(municipality_code), Text(change.name), Int(*change.value), Int(clock.NowMillis()),
         Text(std::string(actor))}));
  } else {
    DENEN_TRY_VOID(tx.Exec("DELETE FROM municipality_settings WHERE municipality_code = ? AND name = ?",
                           {Text(municipality_code), Text(change.name)}));
  }
  const nlohmann::json detail = {{"name", change.name},
                                 {"value", change.value ? nlohmann::json(*change.value) : nlohmann::json(nullptr)}};
  return audit::Record(tx, clock, municipality_code,
                       {std::string(actor), "settings.change", "municipality", municipality_code, detail.dump()});
}

Result<Settings> MunicipalitySettings::For(const std::string& municipality_code) const {
  DENEN_TRY(rows, db_.Query("SELECT name, value FROM municipality_settings WHERE municipality_code = ?",
                            {Text(municipality_code)}));
  Settings s = defaults_;
  for (const auto& r : rows) {
    // Rows are written only through ApplySettingChange; one of a later
    // version's settings this build does not know is left alone.
    if (const SettingInfo* info = FindSetting(r.Text(0))) s.*(info->field) = static_cast<int>(r.Int(1));
  }
  return s;
}

Result<std::vector<SettingValue>> MunicipalitySettings::List(const std::string& municipality_code) const {
  DENEN_TRY(found, store::FindMunicipality(db_, municipality_code));
  if (!found) return Fail(UnknownMunicipality(municipality_code));
  DENEN_TRY(rows, db_.Query("SELECT name, value, updated_at_ms, updated_by FROM municipality_settings "
                            "WHERE municipality_code = ?",
                            {Text(municipality_code)}));
  std::vector<SettingValue> out;
  for (const auto& info : Catalogue()) {
    SettingValue v{&info, defaults_.*(info.field), false, 0, ""};
    for (const auto& r : rows) {
      if (r.Text(0) == info.name) v = {&info, static_cast<int>(r.Int(1)), true, r.Int(2), r.Text(3)};
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<void> MunicipalitySettings::Change(const std::string& municipality_code,
                                         const std::vector<SettingChange>& changes, std::string_view actor) {
  for (const auto& c : changes) DENEN_TRY_VOID(ValidateSettingChange(c));
  return db_.Transact([&](store::Database& tx) -> Result<void> {
    DENEN_TRY(found, store::FindMunicipality(tx, municipality_code));
    if (!found) return Fail(UnknownMunicipality(municipality_code));
    for (const auto& c : changes) DENEN_TRY_VOID(ApplySettingChange(tx, clock_, municipality_code, c, actor));
    return {};
  });
}

}  // namespace denen::settings
