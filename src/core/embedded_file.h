// A file compiled into the binary by the denen_embed_files CMake helper.
#pragma once

#include <string_view>
#include <vector>

namespace denen {

struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

}  // namespace denen
