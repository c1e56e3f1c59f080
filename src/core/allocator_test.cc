#include "core/allocator.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <vector>

namespace denen {
namespace {

TEST(KeepFreedHeapTest, TheCLibraryTakesTheSettingsAndFreedMemoryStaysMapped) {
  ASSERT_TRUE(KeepFreedHeap());
  // A 4 MiB block is below the mmap threshold now: it comes from the heap, and
  // once freed it stays in the arena for the next allocation instead of going
  // back to the kernel.
  const size_t mapped_before = mallinfo2().hblkhd;
  {
    std::vector<char> block(4 << 20, 'x');
    EXPECT_EQ(block[123], 'x');
    EXPECT_EQ(mallinfo2().hblkhd, mapped_before) << "a 4 MiB block should come from the heap, not mmap";
  }
  EXPECT_GE(mallinfo2().fordblks, static_cast<size_t>(4 << 20)) << "the freed block should stay in the heap";
}

}  // namespace
}  // namespace denen
