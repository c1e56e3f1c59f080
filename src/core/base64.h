// Standard base64 (RFC 4648 §4, with padding) for binary fields in JSON
// bodies, such as card certificates and signatures. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace denen {

std::string Base64Encode(const uint8_t* data, size_t size);
inline std::string Base64Encode(const std::vector<uint8_t>& bytes) { return Base64Encode(bytes.data(), bytes.size()); }

// Refuses anything that is not canonical base64 ("base64_invalid"), or that
// decodes to more than `max_bytes` ("base64_too_long"); `what` names the field.
Result<std::vector<uint8_t>> Base64Decode(std::string_view text, size_t max_bytes, std::string_view what);

}  // namespace denen
