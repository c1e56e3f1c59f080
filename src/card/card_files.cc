#include "card/card_files.h"

#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "card/certificate.h"
#include "card/openssl_util.h"

namespace denen::card {

namespace {

namespace fs = std::filesystem;
constexpr int64_t kDayMillis = 86'400'000;

Result<void> WriteFile(const fs::path& path, std::string_view content, bool secret) {
  std::error_code ec;
  fs::remove(path, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(Error::Unavailable("write_failed", "cannot write " + path.string()));
  if (secret) ::chmod(path.c_str(), 0600);
  out << content;
  out.close();
  if (!out) return Fail(Error::Unavailable("write_failed", "cannot write " + path.string()));
  return {};
}

uint64_t RandomUint64() {
  uint64_t v = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1) std::abort();
  return v;
}

// Characters from `alphabet`; a uniform pick is not needed for test cards.
std::string RandomText(size_t n, std::string_view alphabet) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(alphabet[RandomUint64() % alphabet.size()]);
  return out;
}

bool IsFourDigits(std::string_view pin) {
  return pin.size() == 4 && std::ranges::all_of(pin, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<KeyAndCertificate> LoadOrCreateTestCa(const std::string& ca_dir, const Clock& clock, bool* created) {
  const fs::path dir(ca_dir);
  *created = false;
  if (fs::exists(dir / "ca-cert.pem") && fs::exists(dir / "ca-key.pem")) {
    DENEN_TRY(cert_pem, detail::ReadTextFile((dir / "ca-cert.pem").string()));
    DENEN_TRY(key_pem, detail::ReadTextFile((dir / "ca-key.pem").string()));
    DENEN_TRY(certs, detail::CertificatesFromPem(cert_pem));
    DENEN_TRY(key, detail::PrivateKeyFromPem(key_pem));
    return KeyAndCertificate{std::move(key), std::move(certs.front())};
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(Error::Unavailable("write_failed", "cannot create " + ca_dir));
  const int64_t now = clock.NowMillis();
  DENEN_TRY(ca, MakeTestCa("JPKI TEST (Denen)", {now - kDayMillis, now + 10 * 365 * kDayMillis}));
  DENEN_TRY_VOID(WriteFile(dir / "ca-key.pem", detail::PrivateKeyToPem(ca.key.get()), true));
  DENEN_TRY_VOID(WriteFile(dir / "ca-cert.pem", detail::CertificateToPem(ca.cert.get()), false));
  *created = true;
  return ca;
}

Result<MintedCard> MintVirtualCard(const MintOptions& options, const Clock& clock) {
  if (options.out_dir.empty()) return Fail(Error::Invalid("missing_out_dir", "--out is required"));
  if (!options.pin.empty() && !IsFourDigits(options.pin)) {
    return Fail(Error::Invalid("bad_pin_format", "the PIN has exactly 4 digits"));
  }
  if (options.valid_days < 1) return Fail(Error::Invalid("bad_validity", "validity under a day"));
  MintedCard minted;
  DENEN_TRY(ca, LoadOrCreateTestCa(options.ca_dir, clock, &minted.created_ca));
  const int64_t now = clock.NowMillis();
  // Real CNs are opaque issuance ids; letters only, so nothing here can look
  // like an individual number.
  const std::string cn = RandomText(21, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  const uint64_t serial = RandomUint64() >> 1;
  DENEN_TRY(user, IssueUserCertificate(ca, cn, serial, {now - kDayMillis, now + options.valid_days * kDayMillis}));
  minted.pin = options.pin.empty() ? RandomText(4, "0123456789") : options.pin;
  DENEN_TRY(info, ParseCertificate(detail::CertificateToDer(user.cert.get())));
  minted.serial_hex = info.serial_hex;  // the form verifiers print

  const fs::path dir(options.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(Error::Unavailable("write_failed", "cannot create " + options.out_dir));
  const nlohmann::json card = {
      {"format", "denen-vcard/1"},
      {"auth_pin", minted.pin},
      {"sign_password", "DENEN" + RandomText(5, "0123456789")},
      {"serial", minted.serial_hex},
      {"auth_certificate", "auth-cert.pem"},
      {"auth_key", "auth-key.pem"},
      {"ca_certificate", "ca-cert.pem"},
  };
  DENEN_TRY_VOID(WriteFile(dir / "auth-key.pem", detail::PrivateKeyToPem(user.key.get()), true));
  DENEN_TRY_VOID(WriteFile(dir / "auth-cert.pem", detail::CertificateToPem(user.cert.get()), false));
  DENEN_TRY_VOID(WriteFile(dir / "ca-cert.pem", detail::CertificateToPem(ca.cert.get()), false));
  // card.json holds the PIN: readable by the owner only.
  DENEN_TRY_VOID(WriteFile(dir / "card.json", card.dump(2) + "\n", true));
  return minted;
}

Result<VirtualCardSpec> LoadVirtualCard(const std::string& card_dir) {
  const fs::path dir(card_dir);
  DENEN_TRY(text, detail::ReadTextFile((dir / "card.json").string()));
  nlohmann::json card = nlohmann::json::parse(text, nullptr, false);
  if (card.is_discarded() || !card.is_object() || card.value("format", "") != "denen-vcard/1") {
    return Fail(Error::Invalid("bad_card_file", card_dir + "/card.json is not a denen-vcard/1 file"));
  }
  const std::string pin = card.value("auth_pin", "");
  if (!IsFourDigits(pin)) return Fail(Error::Invalid("bad_card_file", "auth_pin must be 4 digits"));
  VirtualCardSpec spec;
  spec.auth_pin = pin;
  spec.sign_password = card.value("sign_password", "");
  DENEN_TRY(cert_pem, detail::ReadTextFile((dir / card.value("auth_certificate", "")).string()));
  DENEN_TRY(key_pem, detail::ReadTextFile((dir / card.value("auth_key", "")).string()));
  DENEN_TRY(ca_pem, detail::ReadTextFile((dir / card.value("ca_certificate", "")).string()));
  DENEN_TRY(certs, detail::CertificatesFromPem(cert_pem));
  DENEN_TRY(cas, detail::CertificatesFromPem(ca_pem));
  DENEN_TRY(key, detail::PrivateKeyFromPem(key_pem));
  spec.auth_certificate = detail::CertificateToDer(certs.front().get());
  spec.auth_ca_certificate = detail::CertificateToDer(cas.front().get());
  spec.auth_key = std::move(key);
  return spec;
}

}  // namespace denen::card
