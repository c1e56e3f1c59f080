#include "edge/kiosk_cache.h"

#include <sodium.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base64.h"

namespace denen::edge {
namespace {

using store::Int;
using store::Text;

std::string Seal(const std::string& key, const std::string& plain) {
  std::string nonce(crypto_secretbox_NONCEBYTES, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  std::string sealed(crypto_secretbox_MACBYTES + plain.size(), '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(sealed.data()),
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                        reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(key.data()));
  const std::string both = nonce + sealed;
  return Base64Encode(reinterpret_cast<const uint8_t*>(both.data()), both.size());
}

Result<std::string> Open(const std::string& key, const std::string& stored) {
  DENEN_TRY(both, Base64Decode(stored, 4096, "cached name"));
  if (both.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Fail(Error::Internal("cache_corrupt", "端末の控えが壊れています"));
  }
  std::string plain(both.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 both.data() + crypto_secretbox_NONCEBYTES, both.size() - crypto_secretbox_NONCEBYTES,
                                 both.data(), reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return Fail(Error::Internal("cache_corrupt", "端末の控えを復号できません"));
  }
  return plain;
}

}  // namespace

Result<void> KioskCache::Init() {
  if (key_.size() != crypto_secretbox_KEYBYTES) return Fail(Error::Invalid("cache_key_invalid", "鍵の長さが違います"));
  return db_.ExecScript(
      "CREATE TABLE IF NOT EXISTS kiosk_residents (identity_key TEXT PRIMARY KEY, sealed_name TEXT NOT NULL, "
      "active INTEGER NOT NULL, refreshed_at_ms BIGINT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS kiosk_cache_state (id INTEGER PRIMARY KEY, revision BIGINT NOT NULL, "
      "synced_at_ms BIGINT NOT NULL)");
}

Result<int> KioskCache::Sync(ServerLink& server) {
  int changed = 0;
  while (true) {
    DENEN_TRY(state, db_.QueryOne("SELECT revision FROM kiosk_cache_state WHERE id = 1"));
    const int64_t since = state ? state->Int(0) : 0;
    DENEN_TRY(page, server.Get("/api/v1/edge/residents?since=" + std::to_string(since)));
    if (!page.contains("residents") || !page["residents"].is_array() || !page.contains("revision")) {
      return Fail(Error::Unavailable("server_unreachable", "サーバーの応答が読めません"));
    }
    const int64_t now = clock_.NowMillis();
    DENEN_TRY_VOID(db_.Transact([&](store::Database& tx) -> Result<void> {
      for (const auto& r : page["residents"]) {
        const std::string key = r.value("identity_key", "");
        if (key.empty() || key.size() > 128) continue;
        DENEN_TRY_VOID(tx.Exec(
            "INSERT INTO kiosk_residents (identity_key, sealed_name, active, refreshed_at_ms) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (identity_key) DO UPDATE SET sealed_name = excluded.sealed_name, active = excluded.active, "
            "refreshed_at_ms = excluded.refreshed_at_ms",
            {Text(key), Text(Seal(key_, r.value("name_kana", ""))), Int(r.value("active", false) ? 1 : 0), Int(now)}));
        ++changed;
      }
      // Everything else known is as fresh as this sync.
      DENEN_TRY_VOID(tx.Exec("UPDATE kiosk_residents SET refreshed_at_ms = ?", {Int(now)}));
      DENEN_TRY_VOID(tx.Exec(
          "INSERT INTO kiosk_cache_state (id, revision, synced_at_ms) VALUES (1, ?, ?) ON CONFLICT (id) DO "
          "UPDATE SET revision = excluded.revision, synced_at_ms = excluded.synced_at_ms",
          {Int(page["revision"].get<int64_t>()), Int(now)}));
      return {};
    }));
    if (!page.value("more", false)) return changed;
  }
}

Result<std::optional<CachedResident>> KioskCache::Lookup(const std::string& identity_key) {
  DENEN_TRY(row, db_.QueryOne("SELECT sealed_name, active, refreshed_at_ms FROM kiosk_residents WHERE identity_key = ?",
                              {Text(identity_key)}));
  if (!row || clock_.NowMillis() - row->Int(2) > max_age_ms_) return std::optional<CachedResident>();
  DENEN_TRY(name, Open(key_, row->Text(0)));
  return std::optional<CachedResident>(CachedResident{name, row->Int(1) == 1});
}

Result<std::string> LoadOrCreateCacheKey(const std::string& path) {
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().size() != crypto_secretbox_KEYBYTES) {
      return Fail(Error::Invalid("cache_key_invalid", path + ": 鍵ファイルが正しくありません"));
    }
    return text.str();
  }
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  randombytes_buf(key.data(), key.size());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || ::write(fd, key.data(), key.size()) != static_cast<ssize_t>(key.size())) {
    if (fd >= 0) ::close(fd);
    return Fail(Error::Unavailable("cache_key_write_failed", path + ": 鍵ファイルを作れません"));
  }
  ::close(fd);
  return key;
}

}  // namespace denen::edge
