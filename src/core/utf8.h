// UTF-8 validation for text that comes from outside (CSV uploads, imports)
// before it is stored or written as JSON.
#pragma once

#include <string_view>

namespace denen {

// True when `bytes` is well-formed UTF-8: no overlong forms, no UTF-16
// surrogates, nothing above U+10FFFF, no sequence cut short.
bool IsValidUtf8(std::string_view bytes);

}  // namespace denen
