#include "core/allocator.h"

#include <malloc.h>

namespace denen {

bool KeepFreedHeap() {
  constexpr int kTrimThreshold = 64 << 20;
  constexpr int kTopPad = 16 << 20;
  constexpr int kMmapThreshold = 32 << 20;
  const bool trim = mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1;
  const bool pad = mallopt(M_TOP_PAD, kTopPad) == 1;
  const bool mmap = mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1;
  return trim && pad && mmap;
}

}  // namespace denen
