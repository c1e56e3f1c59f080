#include "core/config.h"

#include <arpa/inet.h>

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/municipality_code.h"

namespace denen {
namespace {

Error ConfigError(std::string_view source, std::string_view key, std::string_view why) {
  return Error::Invalid("invalid_config", std::string(source) + ": " + std::string(key) + ": " + std::string(why));
}

// Reads typed values out of one TOML table, remembering which keys were used so
// that leftovers can be reported as unknown.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string section, std::string_view source)
      : table_(table), section_(std::move(section)), source_(source) {}

  std::string Key(std::string_view name) const { return "[" + section_ + "]." + std::string(name); }

  Result<void> String(std::string_view name, std::string& out) {
    return Read<std::string>(name, "文字列", [&](const std::string& v) { out = v; });
  }
  Result<void> Bool(std::string_view name, bool& out) {
    return Read<bool>(name, "true/false", [&](bool v) { out = v; });
  }
  // An array of strings; names the first element that is not one.
  Result<void> StringList(std::string_view name, std::vector<std::string>& out) {
    used_.insert(std::string(name));
    if (table_ == nullptr) return {};
    const toml::node* node = table_->get(name);
    if (node == nullptr) return {};
    const toml::array* array = node->as_array();
    if (array == nullptr) return Fail(ConfigError(source_, Key(name), "文字列の配列で指定してください"));
    out.clear();
    for (size_t i = 0; i < array->size(); ++i) {
      std::optional<std::string> item = (*array)[i].value_exact<std::string>();
      if (!item) {
        return Fail(ConfigError(source_, Key(name), std::to_string(i + 1) + " 番目が文字列ではありません"));
      }
      out.push_back(*item);
    }
    return {};
  }
  template <typename Int>
  Result<void> Integer(std::string_view name, Int& out, int64_t min, int64_t max) {
    bool in_range = true;
    DENEN_TRY_VOID(Read<int64_t>(name, "整数", [&](int64_t v) {
      if (v < min || v > max) {
        in_range = false;
      } else {
        out = static_cast<Int>(v);
      }
    }));
    if (!in_range) {
      return Fail(
          ConfigError(source_, Key(name),
                      "値は " + std::to_string(min) + " から " + std::to_string(max) + " の範囲で指定してください"));
    }
    return {};
  }

  // Every key present but never read is an error.
  Result<void> RejectUnknown() const {
    if (table_ == nullptr) return {};
    for (const auto& [key, value] : *table_) {
      if (!used_.contains(std::string(key.str()))) {
        return Fail(ConfigError(source_, Key(key.str()), "不明な設定項目です"));
      }
    }
    return {};
  }

 private:
  template <typename T, typename F>
  Result<void> Read(std::string_view name, std::string_view type_name, F&& assign) {
    used_.insert(std::string(name));
    if (table_ == nullptr) return {};
    const toml::node* node = table_->get(name);
    if (node == nullptr) return {};
    std::optional<T> value = node->value_exact<T>();
    if (!value) {
      return Fail(ConfigError(source_, Key(name), std::string(type_name) + "で指定してください"));
    }
    assign(*value);
    return {};
  }

  const toml::table* table_;
  std::string section_;
  std::string_view source_;
  std::set<std::string> used_;
};

}  // namespace

bool IsIpAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  const std::string address(text);
  unsigned char buffer[16];
  return inet_pton(AF_INET, address.c_str(), buffer) == 1 || inet_pton(AF_INET6, address.c_str(), buffer) == 1;
}

Result<std::pair<std::string, int>> ParseListenAddress(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size()) {
    return Fail(Error::Invalid("invalid_listen_address",
                               "\"" + std::string(address) + "\" は host:port の形で指定してください"));
  }
  int port = 0;
  for (char c : address.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) {
      return Fail(
          Error::Invalid("invalid_listen_address", "\"" + std::string(address) + "\" のポート番号が正しくありません"));
    }
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) {
    return Fail(
        Error::Invalid("invalid_listen_address", "\"" + std::string(address) + "\" のポート番号は 1-65535 です"));
  }
  std::string host(address.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return std::pair{host, port};
}

Result<Config> ParseConfig(std::string_view toml_text, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << "行 " << e.source().begin.line << " 列 " << e.source().begin.column;
    return Fail(ConfigError(source, where.str(), "TOMLの構文エラー: " + std::string(e.description())));
  }

  static const std::set<std::string> kSections = {"municipality", "database",  "server", "auth",
                                                  "card",         "retention", "kpi"};
  for (const auto& [key, node] : root) {
    const std::string section(key.str());
    if (!kSections.contains(section)) {
      std::string shown = "[";
      shown.append(section).append("]");
      return Fail(ConfigError(source, shown, "不明なセクションです"));
    }
    if (!node.is_table()) {
      return Fail(ConfigError(source, section, "セクション([...])として書いてください"));
    }
  }

  Config c;
  c.source_path = std::string(source);

  TableReader muni(root["municipality"].as_table(), "municipality", source);
  DENEN_TRY_VOID(muni.String("code", c.municipality_code));
  DENEN_TRY_VOID(muni.String("name", c.municipality_name));
  DENEN_TRY_VOID(muni.RejectUnknown());
  if (c.municipality_code.empty()) {
    return Fail(ConfigError(source, muni.Key("code"), "団体コード(6桁)は必須です"));
  }
  if (auto valid = ValidateMunicipalityCode(c.municipality_code); !valid) {
    return Fail(ConfigError(source, muni.Key("code"), valid.error().message));
  }
  if (c.municipality_name.empty()) {
    return Fail(ConfigError(source, muni.Key("name"), "団体名は必須です"));
  }

  TableReader db(root["database"].as_table(), "database", source);
  DENEN_TRY_VOID(db.String("url", c.database_url));
  DENEN_TRY_VOID(db.Integer("pool_size", c.database_pool_size, 1, 256));
  DENEN_TRY_VOID(db.String("read_url", c.database_read_url));
  DENEN_TRY_VOID(db.Integer("read_pool_size", c.database_read_pool_size, 1, 256));
  DENEN_TRY_VOID(db.RejectUnknown());
  auto is_postgres = [](const std::string& url) {
    return url.starts_with("postgresql://") || url.starts_with("postgres://");
  };
  if (!c.database_url.starts_with("sqlite:") && !is_postgres(c.database_url)) {
    return Fail(ConfigError(source, db.Key("url"), "\"sqlite:パス\" または \"postgresql://...\" で指定してください"));
  }
  if (const toml::table* t = root["database"].as_table(); t != nullptr && t->contains("read_url")) {
    if (!is_postgres(c.database_read_url)) {
      return Fail(
          ConfigError(source, db.Key("read_url"), "読み取り専用レプリカは \"postgresql://...\" で指定してください"));
    }
    if (!is_postgres(c.database_url)) {
      return Fail(ConfigError(source, db.Key("read_url"), "url が PostgreSQL のときだけ指定できます"));
    }
  } else if (t != nullptr && t->contains("read_pool_size")) {
    return Fail(ConfigError(source, db.Key("read_pool_size"), "read_url を指定したときだけ指定できます"));
  }

  TableReader server(root["server"].as_table(), "server", source);
  std::string listen = c.listen_host + ":" + std::to_string(c.listen_port);
  DENEN_TRY_VOID(server.String("listen", listen));
  DENEN_TRY_VOID(server.Bool("tls", c.tls));
  DENEN_TRY_VOID(server.String("tls_cert", c.tls_cert_file));
  DENEN_TRY_VOID(server.String("tls_key", c.tls_key_file));
  DENEN_TRY_VOID(server.String("web_root", c.web_root));
  DENEN_TRY_VOID(server.Integer("max_body_bytes", c.max_body_bytes, 1024, int64_t{64} << 20));
  DENEN_TRY_VOID(server.Integer("request_timeout_seconds", c.request_timeout_seconds, 1, 600));
  DENEN_TRY_VOID(server.Integer("worker_threads", c.worker_threads, 1, 256));
  DENEN_TRY_VOID(server.String("metrics_token", c.metrics_token));
  DENEN_TRY_VOID(server.Bool("access_log", c.access_log));
  DENEN_TRY_VOID(server.StringList("trusted_proxies", c.trusted_proxies));
  for (const auto& address : c.trusted_proxies) {
    if (!IsIpAddress(address)) {
      return Fail(ConfigError(source, "[server].trusted_proxies",
                              "\"" + address + "\" は IP アドレスではありません(例: \"127.0.0.1\"、\"::1\")"));
    }
  }
  DENEN_TRY_VOID(server.RejectUnknown());
  if (!c.metrics_token.empty() && c.metrics_token.size() < 24) {
    return Fail(ConfigError(source, server.Key("metrics_token"), "24文字以上のランダムな文字列にしてください"));
  }
  auto host_port = ParseListenAddress(listen);
  if (!host_port) return Fail(ConfigError(source, server.Key("listen"), host_port.error().message));
  c.listen_host = host_port->first;
  c.listen_port = host_port->second;
  if (c.tls && (c.tls_cert_file.empty() || c.tls_key_file.empty())) {
    return Fail(
        ConfigError(source, server.Key("tls"), "tls = true のときは tls_cert と tls_key (PEMファイル) が必要です"));
  }

  TableReader auth(root["auth"].as_table(), "auth", source);
  DENEN_TRY_VOID(auth.Integer("session_idle_minutes", c.session_idle_minutes, 1, 7 * 24 * 60));
  DENEN_TRY_VOID(auth.Integer("login_slow_after_failures", c.login_slow_after_failures, 1, 100));
  DENEN_TRY_VOID(auth.Integer("login_lock_after_failures", c.login_lock_after_failures, 1, 1000));
  DENEN_TRY_VOID(auth.Integer("login_lock_minutes", c.login_lock_minutes, 1, 24 * 60));
  DENEN_TRY_VOID(auth.RejectUnknown());
  if (c.login_lock_after_failures <= c.login_slow_after_failures) {
    return Fail(
        ConfigError(source, auth.Key("login_lock_after_failures"), "login_slow_after_failures より大きくしてください"));
  }

  TableReader card(root["card"].as_table(), "card", source);
  DENEN_TRY_VOID(card.String("trust_anchors", c.card_trust_anchors_file));
  DENEN_TRY_VOID(card.String("crl", c.card_crl_file));
  DENEN_TRY_VOID(card.Integer("crl_max_age_hours", c.card_crl_max_age_hours, 0, 24 * 365));
  DENEN_TRY_VOID(card.String("required_policy_oid", c.card_required_policy_oid));
  DENEN_TRY_VOID(card.RejectUnknown());

  TableReader retention(root["retention"].as_table(), "retention", source);
  constexpr int kMaxDays = 36500;
  DENEN_TRY_VOID(retention.Integer("audit_days", c.retention_audit_days, 0, kMaxDays));
  DENEN_TRY_VOID(retention.Integer("session_days", c.retention_session_days, 1, kMaxDays));
  DENEN_TRY_VOID(retention.Integer("care_case_days", c.retention_care_case_days, 0, kMaxDays));
  DENEN_TRY_VOID(retention.Integer("visit_days", c.retention_visit_days, 0, kMaxDays));
  DENEN_TRY_VOID(retention.RejectUnknown());

  TableReader kpi(root["kpi"].as_table(), "kpi", source);
  DENEN_TRY_VOID(kpi.Integer("min_cell_size", c.kpi_min_cell_size, 1, 1000));
  DENEN_TRY_VOID(kpi.RejectUnknown());

  return c;
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(Error::Invalid("config_not_found", path + ": 設定ファイルを開けません"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path);
}

}  // namespace denen
