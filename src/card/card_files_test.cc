#include "card/card_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "card/card_cli.h"
#include "card/certificate.h"
#include "card/in_process_transport.h"
#include "card/jpki_card.h"
#include "card/openssl_util.h"

namespace denen::card {
namespace {

namespace fs = std::filesystem;

class CardFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("denen-card-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(CardFilesTest, MintedCardWorksEndToEnd) {
  FakeClock clock(1795000000000);
  MintOptions options{(dir_ / "card1").string(), (dir_ / "ca").string(), "4321"};
  auto minted = MintVirtualCard(options, clock);
  ASSERT_TRUE(minted) << minted.error().message;
  EXPECT_TRUE(minted->created_ca);
  EXPECT_EQ(minted->pin, "4321");

  auto spec = LoadVirtualCard(options.out_dir);
  ASSERT_TRUE(spec) << spec.error().message;
  VirtualJpkiCard virtual_card(std::move(*spec));
  InProcessTransport transport(virtual_card);
  JpkiCard card(transport);
  auto der = card.ReadCertificate();
  ASSERT_TRUE(der);
  auto anchors = TrustOptionsFromFiles((dir_ / "ca" / "ca-cert.pem").string(), "");
  ASSERT_TRUE(anchors);
  anchors->require_revocation_check = false;
  auto verifier = CertificateVerifier::Create(*anchors, clock);
  ASSERT_TRUE(verifier);
  auto info = (*verifier)->Verify(*der);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->serial_hex, minted->serial_hex);
  ASSERT_TRUE(card.VerifyPin("4321")->verified);
  const Bytes challenge(32, 7);
  auto signature = card.SignSha256(challenge);
  ASSERT_TRUE(signature);
  EXPECT_TRUE(VerifySha256Signature(*info, challenge, *signature));
}

TEST_F(CardFilesTest, SecondCardReusesTheCaAndKeysArePrivate) {
  FakeClock clock(1795000000000);
  ASSERT_TRUE(MintVirtualCard({(dir_ / "a").string(), (dir_ / "ca").string(), ""}, clock));
  const std::string ca_before = Slurp(dir_ / "ca" / "ca-cert.pem");
  auto second = MintVirtualCard({(dir_ / "b").string(), (dir_ / "ca").string(), ""}, clock);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->created_ca);
  EXPECT_EQ(Slurp(dir_ / "ca" / "ca-cert.pem"), ca_before);
  EXPECT_EQ(Slurp(dir_ / "b" / "ca-cert.pem"), ca_before);
  EXPECT_TRUE(std::regex_match(second->pin, std::regex("[0-9]{4}")));
  for (const fs::path& p : {dir_ / "ca" / "ca-key.pem", dir_ / "b" / "auth-key.pem", dir_ / "b" / "card.json"}) {
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0) << p;
    EXPECT_EQ(st.st_mode & 077, 0u) << p;
  }
}

TEST_F(CardFilesTest, NothingLooksLikeAnIndividualNumber) {
  FakeClock clock(1795000000000);
  ASSERT_TRUE(MintVirtualCard({(dir_ / "c").string(), (dir_ / "ca").string(), ""}, clock));
  const std::regex twelve_digits("(^|[^0-9])[0-9]{12}([^0-9]|$)");
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file()) continue;
    EXPECT_FALSE(std::regex_search(Slurp(entry.path()), twelve_digits)) << entry.path();
  }
}

TEST_F(CardFilesTest, CliMintsAndExplainsUsage) {
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(RunCardCommand({"mint"}, in, out, err), 2);
  EXPECT_NE(err.str().find("denen card mint --out DIR"), std::string::npos);
  EXPECT_EQ(RunCardCommand({"mint", "--out", (dir_ / "cards" / "x").string(), "--pin", "12"}, in, out, err), 1);
  EXPECT_EQ(RunCardCommand({"mint", "--out", (dir_ / "cards" / "x").string(), "--pin", "2468"}, in, out, err), 0);
  EXPECT_TRUE(fs::exists(dir_ / "cards" / "test-ca" / "ca-key.pem"));
  EXPECT_TRUE(fs::exists(dir_ / "cards" / "x" / "card.json"));
  EXPECT_NE(out.str().find("PIN 2468"), std::string::npos);
  EXPECT_FALSE(LoadVirtualCard((dir_ / "nothing").string()));
}

TEST_F(CardFilesTest, CliMakesACrlThatRevokesTheNamedSerial) {
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(RunCardCommand({"mint", "--out", (dir_ / "cards" / "x").string()}, in, out, err), 0) << err.str();
  const std::regex serial_in_output("シリアル ([0-9A-F]+)");
  std::smatch match;
  const std::string printed = out.str();
  ASSERT_TRUE(std::regex_search(printed, match, serial_in_output)) << printed;
  const std::string ca_dir = (dir_ / "cards" / "test-ca").string();

  EXPECT_EQ(RunCardCommand({"crl", "--ca-dir", (dir_ / "none").string(), "--out", (dir_ / "c.pem").string()}, in,
                           out, err),
            1);
  EXPECT_EQ(RunCardCommand({"crl", "--ca-dir", ca_dir, "--out", (dir_ / "c.pem").string(), "--revoke", "XYZ"}, in,
                           out, err),
            2);
  SystemClock clock;
  auto cert = detail::CertificatesFromPem(Slurp(dir_ / "cards" / "x" / "auth-cert.pem"));
  ASSERT_TRUE(cert.has_value());
  const Bytes der = detail::CertificateToDer(cert->front().get());
  for (bool revoke : {false, true}) {
    std::vector<std::string> args = {"crl", "--ca-dir", ca_dir, "--out", (dir_ / "crl.pem").string()};
    if (revoke) args.insert(args.end(), {"--revoke", "1," + match[1].str()});
    ASSERT_EQ(RunCardCommand(args, in, out, err), 0) << err.str();
    TrustOptions trust;
    trust.trust_anchors_pem = Slurp(fs::path(ca_dir) / "ca-cert.pem");
    trust.crls_pem = Slurp(dir_ / "crl.pem");
    auto verifier = CertificateVerifier::Create(trust, clock);
    ASSERT_TRUE(verifier.has_value());
    auto verified = (*verifier)->Verify(der);
    if (revoke) {
      ASSERT_FALSE(verified.has_value());
      EXPECT_EQ(verified.error().code, "certificate_revoked");
    } else {
      EXPECT_TRUE(verified.has_value()) << verified.error().message;
    }
  }
}

}  // namespace
}  // namespace denen::card
