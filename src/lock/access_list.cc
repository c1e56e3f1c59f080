#include "lock/access_list.h"

#include <sodium.h>

#include <cstring>

namespace denen::lock {
namespace {

constexpr std::string_view kMagic = "DNLK";
constexpr uint8_t kFormat = 1;
// The smallest encodings, to bound counts by the bytes present.
constexpr size_t kMinGrantBytes = 1 + 1 + 1 + 8 + 8;
constexpr size_t kMinRemoveBytes = 1;
constexpr size_t kMinCommandBytes = 1 + 1 + 8;

Error Malformed(std::string what) {
  return Error::Invalid("list_malformed", "アクセスリストの形式が不正です: " + std::move(what));
}

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U64(uint64_t v) {
    for (int i = 7; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void U32(uint32_t v) {
    for (int i = 3; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  Result<void> Str(std::string_view s, std::string_view field) {
    if (s.size() > kMaxFieldBytes) return Fail(Malformed(std::string(field) + " is longer than 255 bytes"));
    U8(static_cast<uint8_t>(s.size()));
    out_.append(s);
    return {};
  }
  void Raw(std::string_view s) { out_.append(s); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  size_t left() const { return in_.size(); }
  Result<uint64_t> UInt(int bytes, std::string_view field) {
    if (in_.size() < static_cast<size_t>(bytes)) return Fail(Malformed(std::string(field) + " is cut short"));
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(in_[i]);
    in_.remove_prefix(bytes);
    return v;
  }
  Result<std::string> Str(std::string_view field) {
    DENEN_TRY(n, UInt(1, field));
    if (in_.size() < n) return Fail(Malformed(std::string(field) + " is cut short"));
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  Result<void> Expect(std::string_view bytes, std::string_view field) {
    if (in_.substr(0, bytes.size()) != bytes) return Fail(Malformed(std::string(field) + " does not match"));
    in_.remove_prefix(bytes.size());
    return {};
  }
  // A count whose items need at least `min_item_bytes` each.
  Result<size_t> Count(int bytes, size_t min_item_bytes, std::string_view field) {
    DENEN_TRY(n, UInt(bytes, field));
    if (n > in_.size() / min_item_bytes) return Fail(Malformed(std::string(field) + " exceeds the bytes present"));
    return static_cast<size_t>(n);
  }

 private:
  std::string_view in_;
};

}  // namespace

std::string_view GrantKindId(GrantKind kind) {
  switch (kind) {
    case GrantKind::kWindow:
      return "window";
    case GrantKind::kStanding:
      return "standing";
    case GrantKind::kShelter:
      return "shelter";
  }
  return "window";
}

Result<GrantKind> ParseGrantKind(std::string_view id) {
  for (GrantKind k : {GrantKind::kWindow, GrantKind::kStanding, GrantKind::kShelter}) {
    if (GrantKindId(k) == id) return k;
  }
  return Fail(Error::Invalid("invalid_right_kind", "権限の種類は window, standing, shelter のいずれかです"));
}

std::string_view CommandKindId(CommandKind kind) {
  return kind == CommandKind::kEmergencyOpen ? "emergency_open" : "emergency_end";
}

Result<CommandKind> ParseCommandKind(std::string_view id) {
  if (id == "emergency_open") return CommandKind::kEmergencyOpen;
  if (id == "emergency_end") return CommandKind::kEmergencyEnd;
  return Fail(Error::Invalid("invalid_command_kind", "命令の種類は emergency_open か emergency_end です"));
}

SigningKeyPair NewSigningKeyPair() {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKeyPair pair{std::string(reinterpret_cast<char*>(pk), sizeof pk),
                      std::string(reinterpret_cast<char*>(sk), sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return pair;
}

Result<std::string> EncodeListMessage(const ListMessage& m) {
  Writer w;
  w.Raw(kMagic);
  w.U8(kFormat);
  w.U8(m.full ? 1 : 0);
  DENEN_TRY_VOID(w.Str(m.municipality_code, "municipality_code"));
  DENEN_TRY_VOID(w.Str(m.door_id, "door_id"));
  w.U64(m.base_version);
  w.U64(m.version);
  w.I64(m.signed_at_ms);
  w.U32(static_cast<uint32_t>(m.adds.size()));
  for (const Grant& g : m.adds) {
    DENEN_TRY_VOID(w.Str(g.id, "grant id"));
    DENEN_TRY_VOID(w.Str(g.identity_key, "identity_key"));
    w.U8(static_cast<uint8_t>(g.kind));
    w.I64(g.from_ms);
    w.I64(g.until_ms);
  }
  w.U32(static_cast<uint32_t>(m.removes.size()));
  for (const std::string& id : m.removes) DENEN_TRY_VOID(w.Str(id, "removed grant id"));
  if (m.commands.size() > 0xffff) return Fail(Malformed("too many commands"));
  w.U8(static_cast<uint8_t>(m.commands.size() >> 8));
  w.U8(static_cast<uint8_t>(m.commands.size() & 0xff));
  for (const DoorCommand& c : m.commands) {
    DENEN_TRY_VOID(w.Str(c.id, "command id"));
    w.U8(static_cast<uint8_t>(c.kind));
    w.I64(c.until_ms);
  }
  std::string out = w.Take();
  if (out.size() + kSignatureBytes > kMaxMessageBytes) return Fail(Malformed("message too large"));
  return out;
}

Result<ListMessage> DecodeListMessage(std::string_view bytes) {
  if (bytes.size() > kMaxMessageBytes) return Fail(Malformed("message too large"));
  Reader r(bytes);
  ListMessage m;
  DENEN_TRY_VOID(r.Expect(kMagic, "magic"));
  DENEN_TRY(format, r.UInt(1, "format"));
  if (format != kFormat) return Fail(Malformed("unknown format " + std::to_string(format)));
  DENEN_TRY(full, r.UInt(1, "full"));
  if (full > 1) return Fail(Malformed("full flag"));
  m.full = full == 1;
  DENEN_TRY(code, r.Str("municipality_code"));
  m.municipality_code = std::move(code);
  DENEN_TRY(door, r.Str("door_id"));
  m.door_id = std::move(door);
  DENEN_TRY(base, r.UInt(8, "base_version"));
  DENEN_TRY(version, r.UInt(8, "version"));
  DENEN_TRY(signed_at, r.UInt(8, "signed_at"));
  m.base_version = base;
  m.version = version;
  m.signed_at_ms = static_cast<int64_t>(signed_at);
  if (m.full && m.base_version != 0) return Fail(Malformed("a full list has base_version 0"));
  if (m.version < m.base_version) return Fail(Malformed("version older than base_version"));
  DENEN_TRY(n_adds, r.Count(4, kMinGrantBytes, "grant count"));
  m.adds.reserve(n_adds);
  for (size_t i = 0; i < n_adds; ++i) {
    Grant g;
    DENEN_TRY(id, r.Str("grant id"));
    DENEN_TRY(key, r.Str("identity_key"));
    DENEN_TRY(kind, r.UInt(1, "grant kind"));
    if (kind < 1 || kind > 3) return Fail(Malformed("grant kind " + std::to_string(kind)));
    DENEN_TRY(from, r.UInt(8, "from"));
    DENEN_TRY(until, r.UInt(8, "until"));
    if (id.empty() || key.empty()) return Fail(Malformed("empty grant id or identity key"));
    g.id = std::move(id);
    g.identity_key = std::move(key);
    g.kind = static_cast<GrantKind>(kind);
    g.from_ms = static_cast<int64_t>(from);
    g.until_ms = static_cast<int64_t>(until);
    m.adds.push_back(std::move(g));
  }
  DENEN_TRY(n_removes, r.Count(4, kMinRemoveBytes, "remove count"));
  if (m.full && n_removes != 0) return Fail(Malformed("a full list removes nothing"));
  m.removes.reserve(n_removes);
  for (size_t i = 0; i < n_removes; ++i) {
    DENEN_TRY(id, r.Str("removed grant id"));
    m.removes.push_back(std::move(id));
  }
  DENEN_TRY(n_commands, r.Count(2, kMinCommandBytes, "command count"));
  for (size_t i = 0; i < n_commands; ++i) {
    DoorCommand c;
    DENEN_TRY(id, r.Str("command id"));
    DENEN_TRY(kind, r.UInt(1, "command kind"));
    if (kind < 1 || kind > 2) return Fail(Malformed("command kind " + std::to_string(kind)));
    DENEN_TRY(until, r.UInt(8, "command until"));
    c.id = std::move(id);
    c.kind = static_cast<CommandKind>(kind);
    c.until_ms = static_cast<int64_t>(until);
    m.commands.push_back(std::move(c));
  }
  if (r.left() != 0) return Fail(Malformed("trailing bytes"));
  return m;
}

Result<std::string> SignListMessage(const ListMessage& message, std::string_view secret_key) {
  if (secret_key.size() != kSecretKeyBytes) return Fail(Error::Internal("signing_key_invalid", "署名鍵が不正です"));
  DENEN_TRY(bytes, EncodeListMessage(message));
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                       reinterpret_cast<const unsigned char*>(secret_key.data()));
  bytes.append(reinterpret_cast<char*>(sig), sizeof sig);
  return bytes;
}

Result<ListMessage> VerifyListMessage(std::string_view signed_bytes, std::string_view public_key) {
  if (public_key.size() != kPublicKeyBytes) {
    return Fail(Error::Invalid("list_signature_invalid", "扉に登録された公開鍵が不正です"));
  }
  if (signed_bytes.size() < kSignatureBytes || signed_bytes.size() > kMaxMessageBytes) {
    return Fail(Malformed("size " + std::to_string(signed_bytes.size())));
  }
  std::string_view body = signed_bytes.substr(0, signed_bytes.size() - kSignatureBytes);
  std::string_view sig = signed_bytes.substr(body.size());
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                  reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
    return Fail(Error::Invalid("list_signature_invalid", "アクセスリストの署名が検証できません(改ざんまたは別の鍵)"));
  }
  return DecodeListMessage(body);
}

std::string ListToBase64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> ListFromBase64(std::string_view text) {
  if (text.size() > kMaxMessageBytes * 4 / 3 + 4) return Fail(Malformed("base64 too large"));
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Fail(Malformed("base64"));
  }
  out.resize(len);
  return out;
}

}  // namespace denen::lock
