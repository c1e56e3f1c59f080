#include "settings/settings_api.h"

#include "core/json_input.h"

namespace denen::settings {
namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

json SettingsJson(const std::vector<SettingValue>& values, const Settings& defaults) {
  json list = json::array();
  for (const auto& v : values) {
    json item = {{"name", v.info->name},
                 {"label", v.info->label},
                 {"value", v.value},
                 {"own", v.own},
                 {"server_default", defaults.*(v.info->field)},
                 {"min", v.info->min},
                 {"max", v.info->max}};
    if (v.own) {
      item["updated_at_ms"] = v.updated_at_ms;
      item["updated_by"] = v.updated_by;
    }
    list.push_back(std::move(item));
  }
  return {{"settings", list}};
}

Result<std::vector<SettingChange>> ChangesOf(const json& body) {
  DENEN_TRY(in, JsonObjectReader::Of(body, "リクエスト本文"));
  const json* changes = in.Raw("changes");
  DENEN_TRY_VOID(in.RejectUnknown());
  if (changes == nullptr || !changes->is_object() || changes->empty()) {
    return Fail(Error::Invalid("invalid_changes", "「changes」に {\"設定名\": 値} を一つ以上指定してください"));
  }
  if (changes->size() > Catalogue().size()) {
    return Fail(Error::Invalid("invalid_changes", "「changes」の設定が多すぎます"));
  }
  std::vector<SettingChange> out;
  for (const auto& [name, value] : changes->items()) {
    SettingChange change{name, std::nullopt};
    if (value.is_number_integer()) {
      change.value = value.get<int64_t>();
    } else if (!value.is_null()) {
      return Fail(Error::Invalid("bad_setting_value",
                                 "設定「" + name + "」の値は整数か null(既定に戻す)にしてください"));
    }
    DENEN_TRY_VOID(ValidateSettingChange(change));
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace

void RegisterSettingsRoutes(http::Router& router, MunicipalitySettings& settings) {
  const auth::RoleSet admin{auth::Role::kAdmin};
  MunicipalitySettings* s = &settings;
  router.Add(http::StaffRoute("GET", "/api/v1/settings", admin, [s](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(values, s->List(rc.staff->municipality_code));
    return Response::Json(200, SettingsJson(values, s->defaults()));
  }));
  router.Add(http::StaffRoute("PUT", "/api/v1/settings", admin, [s](RequestContext& rc) -> Result<Response> {
    DENEN_TRY(body, rc.JsonBody());
    DENEN_TRY(changes, ChangesOf(body));
    DENEN_TRY_VOID(s->Change(rc.staff->municipality_code, changes, rc.staff->user.id));
    DENEN_TRY(values, s->List(rc.staff->municipality_code));
    return Response::Json(200, SettingsJson(values, s->defaults()));
  }));
}

}  // namespace denen::settings
