#include "card/apdu.h"

#include <gtest/gtest.h>

#include "card/jpki_commands.h"
#include "card/tlv.h"

namespace denen::card {
namespace {

Bytes Encoded(const Result<CommandApdu>& command) {
  EXPECT_TRUE(command.has_value()) << command.error().message;
  auto bytes = EncodeCommand(*command);
  EXPECT_TRUE(bytes.has_value());
  return *bytes;
}

TEST(Apdu, JpkiCommandsMatchTheReference) {
  EXPECT_EQ(ToHex(Encoded(SelectApplet(Applet::kJpki))), "00a4040c0ad392f000260100000001");
  EXPECT_EQ(ToHex(Encoded(SelectEf(Applet::kJpki, jpki_ef::kAuthCertificate))), "00a4020c02000a");
  EXPECT_EQ(ToHex(Encoded(ReadBinary(0, 4))), "00b0000004");
  EXPECT_EQ(ToHex(Encoded(ReadBinary(0x100, 256))), "00b0010000");
  EXPECT_EQ(ToHex(*EncodeCommand(PinStatusQuery())), "00200080");
  EXPECT_EQ(ToHex(Encoded(VerifyPin("1234"))), "002000800431323334");
  const Bytes hash(32, 0xAB);
  auto digest_info = Sha256DigestInfo(hash);
  ASSERT_TRUE(digest_info);
  std::string hash_hex;
  for (int i = 0; i < 32; ++i) hash_hex += "ab";
  // CLA 80, Lc 0x33 = 19-byte SHA-256 prefix + 32-byte hash, Le 00.
  const std::string prefix =
      "802a008033"
      "3031300d060960864801650304020105000420";
  EXPECT_EQ(ToHex(Encoded(ComputeSignature(*digest_info))), prefix + hash_hex + "00");
}

TEST(Apdu, EncodeRefusesOutOfRangeLengths) {
  EXPECT_FALSE(EncodeCommand({0, 0xB0, 0, 0, Bytes(256, 1), std::nullopt}));
  EXPECT_FALSE(EncodeCommand({0, 0xB0, 0, 0, {}, 0}));
  EXPECT_FALSE(EncodeCommand({0, 0xB0, 0, 0, {}, 257}));
  EXPECT_FALSE(ReadBinary(0x8000, 1));
  EXPECT_FALSE(ReadBinary(0, 0));
  EXPECT_FALSE(VerifyPin("12"));
  EXPECT_FALSE(VerifyPin("12a4"));
  EXPECT_FALSE(ComputeSignature(Bytes(246, 0)));
  EXPECT_FALSE(Sha256DigestInfo(Bytes(20, 0)));
}

TEST(Apdu, DecodesAllFourCasesAndRejectsInconsistentLengths) {
  const Bytes case1 = {0, 0x20, 0, 0x80};
  EXPECT_EQ(DecodeCommand(case1)->le, std::nullopt);
  const Bytes case2 = {0, 0xB0, 0, 0, 0};
  EXPECT_EQ(DecodeCommand(case2)->le, 256u);
  const Bytes case3 = {0, 0xA4, 2, 0x0C, 2, 0, 0x0A};
  EXPECT_EQ(DecodeCommand(case3)->data, (Bytes{0, 0x0A}));
  const Bytes case4 = {0x80, 0x2A, 0, 0x80, 1, 0x55, 0};
  auto c4 = DecodeCommand(case4);
  ASSERT_TRUE(c4);
  EXPECT_EQ(c4->data, Bytes{0x55});
  EXPECT_EQ(c4->le, 256u);
  EXPECT_FALSE(DecodeCommand(Bytes{0, 0xA4, 2}));
  EXPECT_FALSE(DecodeCommand(Bytes{0, 0xA4, 2, 0x0C, 5, 1}));           // Lc beyond the buffer
  EXPECT_FALSE(DecodeCommand(Bytes{0, 0xA4, 2, 0x0C, 1, 1, 2, 3}));     // bytes after Le
  EXPECT_FALSE(DecodeCommand(Bytes{0, 0xA4, 2, 0x0C, 0, 0, 2, 1, 2}));  // extended length
}

TEST(Apdu, ParseResponseRefusesTruncatedAndHugeResponses) {
  auto empty = ParseResponse(Bytes{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, "malformed_response");
  EXPECT_FALSE(ParseResponse(Bytes{0x90}));
  EXPECT_FALSE(ParseResponse(Bytes(259, 0)));
  auto ok = ParseResponse(Bytes{1, 2, 0x90, 0x00});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->data, (Bytes{1, 2}));
  EXPECT_EQ(ok->Sw(), kSwOk);
}

TEST(Tlv, ParsesShortAndLongLengths) {
  auto short_form = ParseDerHeader(Bytes{0x30, 0x05}, 100);
  ASSERT_TRUE(short_form);
  EXPECT_EQ(short_form->TotalLength(), 7u);
  auto long_form = ParseDerHeader(Bytes{0x30, 0x82, 0x04, 0xD2}, 8192);
  ASSERT_TRUE(long_form);
  EXPECT_EQ(long_form->header_length, 4u);
  EXPECT_EQ(long_form->value_length, 1234u);
}

TEST(Tlv, RefusesHostileHeaders) {
  EXPECT_EQ(ParseDerHeader(Bytes{0x30}, 100).error().code, "malformed_tlv");
  EXPECT_FALSE(ParseDerHeader(Bytes{0x30, 0x80}, 100));                           // indefinite
  EXPECT_FALSE(ParseDerHeader(Bytes{0x30, 0x82, 0x01}, 100));                     // truncated length
  EXPECT_FALSE(ParseDerHeader(Bytes{0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF}, 8192));  // huge
  EXPECT_FALSE(ParseDerHeader(Bytes{0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 8192));
  EXPECT_FALSE(ParseDerHeader(Bytes{0x1F, 0x81, 0x01}, 100));         // high tag
  EXPECT_FALSE(ParseDerHeader(Bytes{0x30, 0x82, 0x1F, 0xFF}, 8192));  // over the cap
  EXPECT_FALSE(FirstDerElement(Bytes{0x30, 0x03, 1, 2}, 100));
  auto element = FirstDerElement(Bytes{0x30, 0x02, 1, 2, 0xFF, 0xFF}, 100);
  ASSERT_TRUE(element);
  EXPECT_EQ(element->size(), 4u);
}

TEST(IndividualNumberGuard, RefusesToSelectTheNumberFiles) {
  for (auto [applet, fid] :
       {std::pair{Applet::kKenhojo, uint16_t{0x0001}}, std::pair{Applet::kKenhojo, uint16_t{0x0014}},
        std::pair{Applet::kKenkaku, uint16_t{0x0005}}, std::pair{Applet::kKenkaku, uint16_t{0x0013}}}) {
    auto command = SelectEf(applet, fid);
    ASSERT_FALSE(command) << fid;
    EXPECT_EQ(command.error().code, "individual_number_forbidden");
    EXPECT_EQ(command.error().kind, ErrorKind::kForbidden);
  }
  // The same FIDs are ordinary files in the JPKI AP, and the 4 attributes
  // file of the kenhojo AP stays reachable.
  EXPECT_TRUE(SelectEf(Applet::kJpki, 0x0001));
  EXPECT_TRUE(SelectEf(Applet::kKenhojo, 0x0002));
  EXPECT_FALSE(SelectEf(Applet::kNone, 0x000A));
}

TEST(IndividualNumberGuard, ReadBinaryNeverUsesShortFileIds) {
  // P1 bit 8 set would address a file by SFI and bypass the SELECT guard.
  for (size_t offset : {size_t{0}, size_t{0x7FFF}}) {
    auto command = ReadBinary(offset, 1);
    ASSERT_TRUE(command);
    EXPECT_EQ(command->p1 & 0x80, 0);
  }
}

}  // namespace
}  // namespace denen::card
