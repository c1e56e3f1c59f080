#include "card/virtual_card.h"

#include <openssl/rsa.h>

#include <algorithm>

#include "card/jpki_commands.h"

namespace denen::card {

namespace {

constexpr uint16_t SwCounter(int tries) { return static_cast<uint16_t>(0x63C0 | (tries & 0x0F)); }

}  // namespace

void VirtualJpkiCard::Reset() {
  jpki_selected_ = false;
  current_ef_ = -1;
  auth_pin_verified_ = false;
  sign_password_verified_ = false;
}

Bytes VirtualJpkiCard::Process(std::span<const uint8_t> command) {
  auto decoded = DecodeCommand(command);
  if (!decoded) return MakeResponse({}, kSwWrongLength);
  const CommandApdu& c = *decoded;
  if (c.cla == 0x00 && c.ins == 0xA4) return Select(c);
  if (c.cla == 0x00 && c.ins == 0xB0) return Read(c);
  if (c.cla == 0x00 && c.ins == 0x20) return Verify(c);
  if (c.cla == 0x80 && c.ins == 0x2A) return Sign(c);
  if (c.cla != 0x00 && c.cla != 0x80) return MakeResponse({}, kSwClaNotSupported);
  return MakeResponse({}, kSwInsNotSupported);
}

Bytes VirtualJpkiCard::Select(const CommandApdu& c) {
  if (c.p1 == 0x04) {
    const bool jpki = std::ranges::equal(c.data, kJpkiAid);
    if (!jpki) {
      // Any other applet, including the 券面 APs, does not exist on this card.
      jpki_selected_ = false;
      current_ef_ = -1;
      return MakeResponse({}, kSwFileNotFound);
    }
    if (!jpki_selected_) Reset();
    jpki_selected_ = true;
    current_ef_ = -1;
    return MakeResponse({}, kSwOk);
  }
  if (c.p1 == 0x02) {
    if (c.data.size() != 2) return MakeResponse({}, kSwWrongLength);
    if (!jpki_selected_) return MakeResponse({}, kSwFileNotFound);
    const uint16_t fid = static_cast<uint16_t>(c.data[0] << 8 | c.data[1]);
    switch (fid) {
      case jpki_ef::kSignCertificate:
      case jpki_ef::kSignCaCertificate:
      case jpki_ef::kToken:
      case jpki_ef::kAuthCertificate:
      case jpki_ef::kAuthCaCertificate:
      case jpki_ef::kAuthKey:
      case jpki_ef::kAuthPin:
      case jpki_ef::kSignPin:
        current_ef_ = fid;
        return MakeResponse({}, kSwOk);
      default:
        return MakeResponse({}, kSwFileNotFound);
    }
  }
  return MakeResponse({}, kSwWrongP1P2);
}

const Bytes* VirtualJpkiCard::FileContents(uint16_t fid) const {
  switch (fid) {
    case jpki_ef::kAuthCertificate:
      return &spec_.auth_certificate;
    case jpki_ef::kAuthCaCertificate:
    case jpki_ef::kSignCaCertificate:  // the test CA stands in for both roots
      return &spec_.auth_ca_certificate;
    case jpki_ef::kToken:
      return &token_;
    default:
      return nullptr;
  }
}

Bytes VirtualJpkiCard::Read(const CommandApdu& c) {
  if ((c.p1 & 0x80) != 0) return MakeResponse({}, kSwWrongP1P2);  // no short-EF-id reads
  if (current_ef_ < 0) return MakeResponse({}, kSwCommandNotAllowed);
  if (current_ef_ == jpki_ef::kSignCertificate && !sign_password_verified_) {
    return MakeResponse({}, spec_.sw_protected_file);
  }
  const Bytes* file = FileContents(static_cast<uint16_t>(current_ef_));
  if (file == nullptr) return MakeResponse({}, kSwCommandNotAllowed);
  const size_t offset = static_cast<size_t>(c.p1) << 8 | c.p2;
  const size_t le = c.le.value_or(256);
  if (offset >= file->size()) return MakeResponse({}, kSwWrongP1P2);
  const size_t n = std::min(le, file->size() - offset);
  const std::span<const uint8_t> chunk(file->data() + offset, n);
  return MakeResponse(chunk, n < le ? kSwEndOfFile : kSwOk);
}

Bytes VirtualJpkiCard::Verify(const CommandApdu& c) {
  if (c.p1 != 0x00 || c.p2 != 0x80) return MakeResponse({}, kSwWrongP1P2);
  std::string* secret = nullptr;
  int* tries = nullptr;
  bool* verified = nullptr;
  if (current_ef_ == jpki_ef::kAuthPin) {
    secret = &spec_.auth_pin;
    tries = &spec_.auth_pin_tries_left;
    verified = &auth_pin_verified_;
  } else if (current_ef_ == jpki_ef::kSignPin) {
    secret = &spec_.sign_password;
    tries = &spec_.sign_password_tries_left;
    verified = &sign_password_verified_;
  } else {
    return MakeResponse({}, kSwCommandNotAllowed);
  }
  if (c.data.empty()) return MakeResponse({}, SwCounter(*tries));  // counter query
  if (*tries <= 0) return MakeResponse({}, spec_.sw_pin_blocked);
  if (std::string(c.data.begin(), c.data.end()) == *secret && !secret->empty()) {
    *verified = true;
    // The counter returns to its maximum only on success.
    *tries = current_ef_ == jpki_ef::kAuthPin ? spec_.auth_pin_max_tries : spec_.sign_password_max_tries;
    return MakeResponse({}, kSwOk);
  }
  *verified = false;
  --*tries;
  return MakeResponse({}, SwCounter(*tries));
}

Bytes VirtualJpkiCard::Sign(const CommandApdu& c) {
  if (c.p1 != 0x00 || c.p2 != 0x80) return MakeResponse({}, kSwWrongP1P2);
  if (current_ef_ != jpki_ef::kAuthKey) return MakeResponse({}, kSwCommandNotAllowed);
  if (!auth_pin_verified_) return MakeResponse({}, kSwSecurityNotSatisfied);
  if (c.data.empty() || !spec_.auth_key) return MakeResponse({}, kSwWrongLength);
  // PKCS#1 v1.5 type 1 padding over the DigestInfo as given, like the card.
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(spec_.auth_key.get(), nullptr);
  Bytes signature(static_cast<size_t>(EVP_PKEY_get_size(spec_.auth_key.get())));
  size_t length = signature.size();
  const bool ok = ctx != nullptr && EVP_PKEY_sign_init(ctx) == 1 &&
                  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
                  EVP_PKEY_sign(ctx, signature.data(), &length, c.data.data(), c.data.size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) return MakeResponse({}, kSwWrongLength);
  signature.resize(length);
  return MakeResponse(signature, kSwOk);
}

}  // namespace denen::card
