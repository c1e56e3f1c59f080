#include "card/jpki_card.h"

#include <openssl/sha.h>

#include <string>

#include "card/tlv.h"

namespace denen::card {

namespace {

Error UnexpectedSw(std::string_view what, uint16_t sw) {
  return Error::Unavailable("card_error", std::string(what) + ": card answered " + SwText(sw));
}

}  // namespace

Result<ResponseApdu> JpkiCard::Exchange(const CommandApdu& command) {
  DENEN_TRY(encoded, EncodeCommand(command));
  DENEN_TRY(raw, transport_.Transmit(encoded));
  DENEN_TRY(response, ParseResponse(raw));
  // Follow "61 xx: more data" without trusting the card to stop.
  for (int round = 0; response.sw1 == 0x61; ++round) {
    if (round == 8 || response.data.size() > kMaxShortResponse) {
      return Fail(Error::Invalid("malformed_response", "too many GET RESPONSE rounds"));
    }
    const CommandApdu get{0x00, 0xC0, 0x00, 0x00, {}, response.sw2 == 0 ? 256 : response.sw2};
    DENEN_TRY(get_encoded, EncodeCommand(get));
    DENEN_TRY(more_raw, transport_.Transmit(get_encoded));
    DENEN_TRY(more, ParseResponse(more_raw));
    Bytes data = std::move(response.data);
    data.insert(data.end(), more.data.begin(), more.data.end());
    response = ResponseApdu{std::move(data), more.sw1, more.sw2};
  }
  return response;
}

Result<void> JpkiCard::SelectApplication() {
  DENEN_TRY(command, SelectApplet(Applet::kJpki));
  DENEN_TRY(response, Exchange(command));
  if (response.Sw() == kSwFileNotFound) {
    return Fail(Error::NotFound("not_a_jpki_card", "the card has no JPKI application"));
  }
  if (response.Sw() != kSwOk) return Fail(UnexpectedSw("SELECT JPKI AP", response.Sw()));
  selected_ = Applet::kJpki;
  return {};
}

Result<void> JpkiCard::Select(uint16_t fid) {
  if (selected_ != Applet::kJpki) DENEN_TRY_VOID(SelectApplication());
  DENEN_TRY(command, SelectEf(selected_, fid));
  DENEN_TRY(response, Exchange(command));
  if (response.Sw() == kSwFileNotFound) {
    return Fail(Error::NotFound("card_file_not_found", "the card has no file " + ToHex(command.data)));
  }
  if (response.Sw() != kSwOk) return Fail(UnexpectedSw("SELECT EF", response.Sw()));
  return {};
}

Result<Bytes> JpkiCard::ReadCertificate(uint16_t ef) {
  DENEN_TRY_VOID(Select(ef));
  // Enough for the tag and a length of up to 4 octets (myna reads 7 as well).
  constexpr size_t kHeaderRead = 7;
  Bytes file;
  size_t total = kHeaderRead;
  bool header_known = false;
  while (file.size() < total) {
    const size_t want = std::min<size_t>(256, total - file.size());
    DENEN_TRY(command, ReadBinary(file.size(), want));
    DENEN_TRY(response, Exchange(command));
    if (response.Sw() == kSwSecurityNotSatisfied) {
      return Fail(Error{ErrorKind::kForbidden, "card_file_protected", "the card requires a PIN for this file"});
    }
    if (response.Sw() != kSwOk && response.Sw() != kSwEndOfFile) {
      return Fail(UnexpectedSw("READ BINARY", response.Sw()));
    }
    if (response.data.size() > want) {
      return Fail(Error::Invalid("malformed_response", "READ BINARY returned " + std::to_string(response.data.size()) +
                                                           " bytes for Le " + std::to_string(want)));
    }
    if (response.data.empty()) {
      return Fail(Error::Invalid("malformed_response", "certificate file ends early"));
    }
    file.insert(file.end(), response.data.begin(), response.data.end());
    if (!header_known) {
      DENEN_TRY(header, ParseDerHeader(file, kMaxCertificateBytes));
      if (header.tag != 0x30) {
        return Fail(Error::Invalid("malformed_certificate", "certificate file does not start with a SEQUENCE"));
      }
      total = header.TotalLength();
      header_known = true;
    }
    if (file.size() < total && response.Sw() == kSwEndOfFile) {
      return Fail(Error::Invalid("malformed_response", "certificate file ends early"));
    }
  }
  file.resize(total);  // the first read may run past a short element
  return file;
}

Result<PinStatus> JpkiCard::PinStatusFrom(const ResponseApdu& response, bool sent_pin) {
  if (!response.data.empty()) {
    return Fail(Error::Invalid("malformed_response", "VERIFY answered with data"));
  }
  const uint16_t sw = response.Sw();
  PinStatus status;
  if (sw == kSwOk) {
    // A query answered 90 00 means the PIN is already verified in this session.
    status.verified = true;
    status.tries_left = -1;
    return status;
  }
  if (response.sw1 == 0x63 && (response.sw2 & 0xF0) == 0xC0) {
    status.tries_left = response.sw2 & 0x0F;
    status.blocked = status.tries_left == 0;
    return status;
  }
  if (sw == kSwAuthBlocked || sw == kSwReferenceDataUnusable) {
    status.blocked = true;
    return status;
  }
  return Fail(UnexpectedSw(sent_pin ? "VERIFY" : "PIN status query", sw));
}

Result<PinStatus> JpkiCard::QueryPin(uint16_t pin_ef) {
  DENEN_TRY_VOID(Select(pin_ef));
  DENEN_TRY(response, Exchange(PinStatusQuery()));
  return PinStatusFrom(response, false);
}

Result<PinStatus> JpkiCard::VerifyPin(std::string_view pin, uint16_t pin_ef) {
  DENEN_TRY(command, card::VerifyPin(pin));
  DENEN_TRY_VOID(Select(pin_ef));
  DENEN_TRY(response, Exchange(command));
  return PinStatusFrom(response, true);
}

Result<Bytes> JpkiCard::SignDigestInfo(std::span<const uint8_t> digest_info) {
  DENEN_TRY(command, ComputeSignature(digest_info));
  DENEN_TRY_VOID(Select(jpki_ef::kAuthKey));
  DENEN_TRY(response, Exchange(command));
  if (response.Sw() == kSwSecurityNotSatisfied) {
    return Fail(Error{ErrorKind::kForbidden, "pin_not_verified", "the card signs only after the PIN was verified"});
  }
  if (response.Sw() != kSwOk) return Fail(UnexpectedSw("COMPUTE DIGITAL SIGNATURE", response.Sw()));
  if (response.data.size() != 256) {
    return Fail(Error::Invalid("malformed_response", "signature of " + std::to_string(response.data.size()) +
                                                         " bytes, expected 256 (RSA-2048)"));
  }
  return std::move(response.data);
}

Result<Bytes> JpkiCard::SignSha256(std::span<const uint8_t> message) {
  uint8_t hash[SHA256_DIGEST_LENGTH];
  SHA256(message.data(), message.size(), hash);
  DENEN_TRY(digest_info, Sha256DigestInfo(hash));
  return SignDigestInfo(digest_info);
}

}  // namespace denen::card
