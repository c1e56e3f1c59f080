#include "edge/edge_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace denen::edge {
namespace {

Error ConfigError(std::string_view source, std::string_view key, std::string_view why) {
  return Error::Invalid("invalid_config", std::string(source) + ": " + std::string(key) + ": " + std::string(why));
}

Result<void> ReadSection(const toml::table& root, std::string_view source, const std::string& section,
                         const std::map<std::string, std::string*>& strings, const std::map<std::string, int*>& ints) {
  const toml::table* table = root[section].as_table();
  if (table == nullptr) return {};
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    const std::string full = "[" + section + "]." + name;
    if (auto s = strings.find(name); s != strings.end()) {
      if (!value.is_string()) return Fail(ConfigError(source, full, "文字列で指定してください"));
      *s->second = value.as_string()->get();
    } else if (auto i = ints.find(name); i != ints.end()) {
      if (!value.is_integer()) return Fail(ConfigError(source, full, "整数で指定してください"));
      const int64_t v = value.as_integer()->get();
      if (v < 0 || v > 65535) return Fail(ConfigError(source, full, "値が範囲外です"));
      *i->second = static_cast<int>(v);
    } else {
      return Fail(ConfigError(source, full, "不明な設定項目です"));
    }
  }
  return {};
}

}  // namespace

Result<EdgeConfig> ParseEdgeConfig(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return Fail(ConfigError(source_name, "", std::string(e.description())));
  }
  for (const auto& [key, value] : root) {
    if (key.str() != "edge" && key.str() != "server" && key.str() != "door") {
      return Fail(ConfigError(source_name, key.str(), "不明なセクションです"));
    }
  }
  EdgeConfig c;
  DENEN_TRY_VOID(ReadSection(root, source_name, "edge",
                             {{"role", &c.role},
                              {"web_root", &c.web_root},
                              {"allowed_origin", &c.allowed_origin},
                              {"queue", &c.queue},
                              {"reader", &c.reader},
                              {"card_trust_cache", &c.card_trust_cache},
                              {"cache_key_file", &c.cache_key_file}},
                             {{"listen_port", &c.listen_port},
                              {"upload_interval_seconds", &c.upload_interval_seconds},
                              {"cache_max_age_hours", &c.cache_max_age_hours}}));
  DENEN_TRY_VOID(ReadSection(root, source_name, "server",
                             {{"url", &c.server_url}, {"credential_file", &c.credential_file}, {"ca_file", &c.ca_file}},
                             {{"timeout_seconds", &c.timeout_seconds}}));
  DENEN_TRY_VOID(ReadSection(root, source_name, "door",
                             {{"door_id", &c.door_id},
                              {"public_key", &c.door_public_key},
                              {"state", &c.door_state},
                              {"lock_driver", &c.lock_driver},
                              {"gpio_value_path", &c.gpio_value_path}},
                             {{"max_list_age_hours", &c.max_list_age_hours},
                              {"gpio_active_low", &c.gpio_active_low},
                              {"sync_interval_seconds", &c.sync_interval_seconds}}));
  if (c.role != "kiosk" && c.role != "counter" && c.role != "door" && c.role != "desk") {
    return Fail(ConfigError(source_name, "[edge].role", "kiosk, counter, door, desk のいずれかにしてください"));
  }
  if (c.role != "desk" && (c.server_url.empty() || c.credential_file.empty())) {
    return Fail(ConfigError(source_name, "[server].url", "kiosk, counter, door には url と credential_file が必要です"));
  }
  if (c.role == "door" && (c.door_id.empty() || c.door_public_key.empty())) {
    return Fail(ConfigError(source_name, "[door].door_id", "door には door_id と public_key が必要です"));
  }
  if (c.lock_driver != "simulated" && c.lock_driver != "gpio") {
    return Fail(ConfigError(source_name, "[door].lock_driver", "simulated か gpio にしてください"));
  }
  if (c.lock_driver == "gpio" && c.gpio_value_path.empty()) {
    return Fail(ConfigError(source_name, "[door].gpio_value_path", "gpio には gpio_value_path が必要です"));
  }
  if (c.sync_interval_seconds == 0) c.sync_interval_seconds = 1;
  if (c.upload_interval_seconds == 0) c.upload_interval_seconds = 1;
  return c;
}

Result<EdgeConfig> LoadEdgeConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::Invalid("config_not_found", path + ": 設定ファイルを開けません"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseEdgeConfig(text.str(), path);
}

}  // namespace denen::edge
