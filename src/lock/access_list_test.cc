#include "lock/access_list.h"

#include <gtest/gtest.h>

#include "core/random.h"

namespace denen::lock {
namespace {

ListMessage Sample() {
  ListMessage m;
  m.municipality_code = "062090";
  m.door_id = "door-1";
  m.full = false;
  m.base_version = 3;
  m.version = 4;
  m.signed_at_ms = 1790000000000;
  m.adds = {{"r1:k1", "k1", GrantKind::kWindow, 10, 20}, {"r2:k2", "k2", GrantKind::kShelter, 0, 99}};
  m.removes = {"r0:k9"};
  m.commands = {{"c1", CommandKind::kEmergencyOpen, 1790000600000}};
  return m;
}

TEST(AccessListTest, RoundTripsTheCanonicalEncoding) {
  auto bytes = EncodeListMessage(Sample());
  ASSERT_TRUE(bytes.has_value());
  auto back = DecodeListMessage(*bytes);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, Sample());
}

TEST(AccessListTest, EveryTruncationAndTrailingByteIsRefused) {
  auto bytes = *EncodeListMessage(Sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = DecodeListMessage(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(r.has_value()) << n;
    EXPECT_EQ(r.error().code, "list_malformed");
  }
  EXPECT_FALSE(DecodeListMessage(bytes + "x").has_value());
}

TEST(AccessListTest, AHugeCountIsRefusedBeforeAllocating) {
  auto bytes = *EncodeListMessage(ListMessage{"062090", "d", true, 0, 1, 5, {}, {}, {}});
  // The grant count sits after magic, format, full, two strings and three 8-byte fields.
  size_t at = 4 + 1 + 1 + 1 + 6 + 1 + 1 + 24;
  bytes[at] = '\xff';
  auto r = DecodeListMessage(bytes);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "アクセスリストの形式が不正です: grant count exceeds the bytes present");
}

TEST(AccessListTest, SignatureCoversEveryByte) {
  ASSERT_TRUE(InitCrypto());
  auto keys = NewSigningKeyPair();
  auto other = NewSigningKeyPair();
  auto signed_bytes = *SignListMessage(Sample(), keys.secret_key);
  EXPECT_TRUE(VerifyListMessage(signed_bytes, keys.public_key).has_value());
  EXPECT_EQ(VerifyListMessage(signed_bytes, other.public_key).error().code, "list_signature_invalid");
  for (size_t i = 0; i < signed_bytes.size(); i += 7) {
    std::string tampered = signed_bytes;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_FALSE(VerifyListMessage(tampered, keys.public_key).has_value()) << i;
  }
}

TEST(AccessListTest, Base64RoundTrips) {
  std::string raw("\x00\x01\xff abc", 7);
  auto back = ListFromBase64(ListToBase64(raw));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, raw);
  EXPECT_FALSE(ListFromBase64("***").has_value());
}

}  // namespace
}  // namespace denen::lock
