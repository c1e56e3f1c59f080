#include "edge/card_trust.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace denen::edge {

Result<CardTrust> CardTrustFromJson(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("identity_salt") || !value["identity_salt"].is_string() ||
      !value.contains("trust_anchors_pem") || !value["trust_anchors_pem"].is_string() ||
      !value.contains("crl_pem") || !value["crl_pem"].is_string()) {
    return Fail(Error::Invalid("card_trust_malformed", "カード確認用データの形式が正しくありません"));
  }
  CardTrust trust;
  trust.identity_salt = value["identity_salt"];
  trust.options.trust_anchors_pem = value["trust_anchors_pem"];
  trust.options.crls_pem = value["crl_pem"];
  const int64_t max_age_hours = value.value("crl_max_age_hours", 0);
  if (max_age_hours > 0) trust.options.crl_max_age_millis = max_age_hours * 3'600'000;
  trust.options.required_policy_oid = value.value("required_policy_oid", "");
  return trust;
}

Result<CardTrust> LoadCardTrust(ServerLink& server, const std::string& cache_path) {
  auto fetched = server.Get("/api/v1/edge/card-trust");
  if (fetched) {
    DENEN_TRY(trust, CardTrustFromJson(*fetched));
    const std::string temporary = cache_path + ".new";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << fetched->dump();
      if (!out) return trust;  // a cache that cannot be written is not fatal online
    }
    std::error_code ec;
    std::filesystem::rename(temporary, cache_path, ec);
    return trust;
  }
  if (fetched.error().kind != ErrorKind::kUnavailable) return Fail(fetched.error());
  std::ifstream in(cache_path, std::ios::binary);
  if (!in) {
    return Fail(Error::Unavailable("card_trust_unavailable",
                                   "サーバーに接続できず、カード確認用データの控えもありません"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return CardTrustFromJson(nlohmann::json::parse(text.str(), nullptr, false));
}

Result<LocalCardCheck> LocalCardCheck::Create(CardTrust trust, const Clock& clock) {
  DENEN_TRY(verifier, card::CertificateVerifier::Create(std::move(trust.options), clock));
  return LocalCardCheck(std::move(verifier), std::move(trust.identity_salt));
}

Result<std::string> LocalCardCheck::IdentityKeyOf(const card::Bytes& certificate) const {
  DENEN_TRY(info, verifier_->Verify(certificate));
  return card::IdentityKey(info, salt_);
}

}  // namespace denen::edge
