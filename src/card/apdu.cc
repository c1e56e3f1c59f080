#include "card/apdu.h"

namespace denen::card {

namespace {

Error Malformed(std::string message) { return Error::Invalid("malformed_apdu", std::move(message)); }

}  // namespace

Result<Bytes> EncodeCommand(const CommandApdu& command) {
  if (command.data.size() > 255) {
    return Fail(Malformed("command data longer than 255 bytes needs extended length"));
  }
  if (command.le && (*command.le == 0 || *command.le > 256)) {
    return Fail(Malformed("Le must be between 1 and 256"));
  }
  Bytes out{command.cla, command.ins, command.p1, command.p2};
  if (!command.data.empty()) {
    out.push_back(static_cast<uint8_t>(command.data.size()));
    out.insert(out.end(), command.data.begin(), command.data.end());
  }
  if (command.le) out.push_back(static_cast<uint8_t>(*command.le & 0xFF));
  return out;
}

Result<CommandApdu> DecodeCommand(std::span<const uint8_t> raw) {
  if (raw.size() < 4) return Fail(Malformed("command shorter than 4 bytes"));
  CommandApdu c{raw[0], raw[1], raw[2], raw[3], {}, std::nullopt};
  const std::span<const uint8_t> body = raw.subspan(4);
  if (body.empty()) return c;  // case 1
  if (body.size() == 1) {      // case 2
    c.le = body[0] == 0 ? 256 : body[0];
    return c;
  }
  const size_t lc = body[0];
  if (lc == 0) return Fail(Malformed("extended-length commands are not supported"));
  if (body.size() == 1 + lc) {  // case 3
    c.data.assign(body.begin() + 1, body.end());
    return c;
  }
  if (body.size() == 2 + lc) {  // case 4
    c.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(lc));
    c.le = body.back() == 0 ? 256 : body.back();
    return c;
  }
  return Fail(
      Malformed("Lc " + std::to_string(lc) + " disagrees with a body of " + std::to_string(body.size()) + " bytes"));
}

Result<ResponseApdu> ParseResponse(std::span<const uint8_t> raw, size_t max_size) {
  if (raw.size() < 2) {
    return Fail(Error::Invalid("malformed_response",
                               "card response shorter than a status word (" + std::to_string(raw.size()) + " bytes)"));
  }
  if (raw.size() > max_size) {
    return Fail(Error::Invalid("malformed_response", "card response of " + std::to_string(raw.size()) +
                                                         " bytes exceeds " + std::to_string(max_size)));
  }
  ResponseApdu r;
  r.data.assign(raw.begin(), raw.end() - 2);
  r.sw1 = raw[raw.size() - 2];
  r.sw2 = raw[raw.size() - 1];
  return r;
}

Bytes MakeResponse(std::span<const uint8_t> data, uint16_t sw) {
  Bytes out(data.begin(), data.end());
  out.push_back(static_cast<uint8_t>(sw >> 8));
  out.push_back(static_cast<uint8_t>(sw & 0xFF));
  return out;
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string SwText(uint16_t sw) {
  const uint8_t b[2] = {static_cast<uint8_t>(sw >> 8), static_cast<uint8_t>(sw & 0xFF)};
  return ToHex(b);
}

}  // namespace denen::card
