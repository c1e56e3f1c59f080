#include "core/utf8.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(Utf8, WellFormedOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("地区 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xED\xBA\xA6"));      // a UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // an overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // an overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));  // no such lead byte
  EXPECT_FALSE(IsValidUtf8("\xE5\x9C"));          // cut short
  EXPECT_FALSE(IsValidUtf8("\x80"));              // a lone continuation byte
}

}  // namespace
}  // namespace denen
