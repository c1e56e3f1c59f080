// The real path, run as root by `make test`: pcscd (started here in the
// foreground, stopped by PID) with vsmartcard-vpcd's reader config,
// denen-vcard as the card, our PC/SC transport, and OpenSC's own tools as an
// independent client. All cases share the one pcscd a machine can have; CTest
// runs this binary under RESOURCE_LOCK pcscd.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "card/card_cli.h"
#include "card/card_identity.h"
#include "card/card_files.h"
#include "card/certificate.h"
#include "card/challenge_store.h"
#include "card/jpki_card.h"
#include "card/openssl_util.h"
#include "card/pcsc_transport.h"
#include "core/base64.h"

namespace denen::card {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr const char* kReader = "Virtual PCD 00 00";
constexpr const char* kVpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";

// A child process started with argv, output appended to `log`; killed by PID.
class Child {
 public:
  Child() = default;
  Child(const std::vector<std::string>& argv, const fs::path& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  Child(Child&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}
  Child& operator=(Child&& other) noexcept {
    Stop(SIGTERM);
    pid_ = std::exchange(other.pid_, -1);
    return *this;
  }
  ~Child() { Stop(SIGTERM); }

  void Stop(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  bool Running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  pid_t pid_ = -1;
};

std::string RunTool(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 512> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  ::pclose(pipe);
  return out;
}

class PcscIntegration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) {
      skip_reason_ = "needs root to run pcscd";
      return;
    }
    if (!fs::exists("/usr/sbin/pcscd") || !fs::exists(kVpcdDriver)) {
      skip_reason_ = "pcscd or vsmartcard-vpcd is not installed";
      return;
    }
    dir_ = fs::temp_directory_path() / ("denen-pcsc-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // A pcscd this test did not start would take the socket and our readers.
    if (auto other = PcscContext::Establish()) {
      setup_error_ = "a pcscd not started by this test is already running; stop it first";
      return;
    }
    fs::create_directories("/run/pcscd");
    std::vector<std::string> pcscd = {"/usr/sbin/pcscd", "--foreground", "--apdu"};
    if (std::getenv("DENEN_PCSCD_DEBUG") != nullptr) pcscd.push_back("--debug");
    pcscd_ = new Child(pcscd, dir_ / "pcscd.log");
    SystemClock clock;
    auto minted = MintVirtualCard({(dir_ / "card").string(), (dir_ / "ca").string(), "1234"}, clock);
    if (!minted) {
      setup_error_ = minted.error().message;
      return;
    }
    // pcscd needs a moment to create its socket and load the vpcd driver.
    for (int i = 0; i < 100; ++i) {
      if (auto context = PcscContext::Establish()) {
        auto readers = (*context)->ListReaders();
        if (readers && !readers->empty()) return;
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
    setup_error_ = "pcscd did not come up with the vpcd readers; see " + (dir_ / "pcscd.log").string();
  }

  static void TearDownTestSuite() {
    if (pcscd_ != nullptr) {
      pcscd_->Stop(SIGTERM);
      delete pcscd_;
      pcscd_ = nullptr;
    }
    if (!dir_.empty() && ::testing::UnitTest::GetInstance()->failed_test_count() == 0) {
      fs::remove_all(dir_);
    }
  }

  void SetUp() override {
    // make test installs pcscd and vpcd and runs as root; without them this fails, it never skips.
    ASSERT_TRUE(skip_reason_.empty()) << skip_reason_;
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    auto context = PcscContext::Establish();
    ASSERT_TRUE(context) << context.error().message;
    context_ = std::move(*context);
  }

  void TearDown() override {
    vcard_.Stop(SIGTERM);
    if (context_) (void)context_->WaitForRemoval(kReader, milliseconds(5000));
  }

  // Inserts the virtual card: denen-vcard connects to vpcd.
  void InsertCard(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {DENEN_VCARD_BINARY, "--card", (dir_ / "card").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    vcard_ = Child(argv, dir_ / "vcard.log");
    auto present = context_->WaitForCard(kReader, milliseconds(10000));
    ASSERT_TRUE(present) << present.error().message;
  }

  Bytes MintedCertificate() {
    auto pem = detail::ReadTextFile((dir_ / "card" / "auth-cert.pem").string());
    auto certs = detail::CertificatesFromPem(*pem);
    return detail::CertificateToDer(certs->front().get());
  }

  static inline fs::path dir_;
  static inline Child* pcscd_ = nullptr;
  static inline std::string skip_reason_;
  static inline std::string setup_error_;
  std::unique_ptr<PcscContext> context_;
  Child vcard_;
};

TEST_F(PcscIntegration, ListsTheVirtualReadersAndTimesOutWithoutACard) {
  auto readers = context_->ListReaders();
  ASSERT_TRUE(readers) << readers.error().message;
  EXPECT_EQ(*readers, (std::vector<std::string>{"Virtual PCD 00 00", "Virtual PCD 00 01"}));
  auto waited = context_->WaitForCard(kReader, milliseconds(300));
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().code, "card_wait_timeout");
  EXPECT_EQ(context_->WaitForCard("No Such Reader", milliseconds(100)).error().code, "unknown_reader");
}

TEST_F(PcscIntegration, FindsTheCardAmongSeveralReaders) {
  auto readers = context_->ListReaders();
  ASSERT_TRUE(readers);
  EXPECT_EQ(context_->WaitForCardInAny(*readers, milliseconds(300)).error().code, "card_wait_timeout");
  // The second vpcd slot listens on the next port.
  vcard_ = Child({DENEN_VCARD_BINARY, "--card", (dir_ / "card").string(), "--port", "35964"}, dir_ / "vcard.log");
  auto found = context_->WaitForCardInAny(*readers, milliseconds(10000));
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*found, "Virtual PCD 00 01");
  std::istringstream in;
  std::ostringstream out, err;
  ASSERT_EQ(RunCardCommand({"read", "--reader", *found}, in, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("\"pin_tries_left\":3"), std::string::npos) << out.str();
  vcard_.Stop(SIGTERM);
  EXPECT_TRUE(context_->WaitForRemoval(*found, milliseconds(5000)));
}

TEST_F(PcscIntegration, ReadsVerifiesPinAndSigns) {
  InsertCard();
  auto transport = context_->Connect(kReader);
  ASSERT_TRUE(transport) << transport.error().message;
  JpkiCard card(**transport);
  auto der = card.ReadCertificate();
  ASSERT_TRUE(der) << der.error().message;
  EXPECT_EQ(*der, MintedCertificate());

  SystemClock clock;
  bool created = false;
  auto ca = LoadOrCreateTestCa((dir_ / "ca").string(), clock, &created);
  ASSERT_TRUE(ca);
  const int64_t now = clock.NowMillis();
  TrustOptions trust;
  trust.trust_anchors_pem = detail::CertificateToPem(ca->cert.get());
  trust.crls_pem = *MakeCrlPem(*ca, {}, now - 1000, now + 86'400'000);
  auto verifier = CertificateVerifier::Create(trust, clock);
  ASSERT_TRUE(verifier);
  auto info = (*verifier)->Verify(*der);
  ASSERT_TRUE(info) << info.error().message;

  ASSERT_EQ(card.QueryPin()->tries_left, 3);
  EXPECT_EQ(card.VerifyPin("0000")->tries_left, 2);
  ASSERT_TRUE(card.VerifyPin("1234")->verified);
  ChallengeStore challenges(clock);
  const Bytes challenge = challenges.Issue();
  auto signature = card.SignSha256(challenge);
  ASSERT_TRUE(signature) << signature.error().message;
  EXPECT_TRUE(VerifySha256Signature(*info, challenge, *signature));
  EXPECT_TRUE(challenges.Consume(challenge));
  EXPECT_EQ(challenges.Consume(challenge).error().code, "challenge_replayed");
}

TEST_F(PcscIntegration, WrongPinUntilBlocked) {
  InsertCard();
  auto transport = context_->Connect(kReader);
  ASSERT_TRUE(transport);
  JpkiCard card(**transport);
  for (int left : {2, 1, 0}) EXPECT_EQ(card.VerifyPin("9999")->tries_left, left);
  auto blocked = card.VerifyPin("1234");
  ASSERT_TRUE(blocked);
  EXPECT_TRUE(blocked->blocked);
  EXPECT_FALSE(blocked->verified);
  EXPECT_TRUE(card.QueryPin()->blocked);
}

TEST_F(PcscIntegration, CardPulledOutMidRead) {
  // SELECT AP, SELECT EF, the header read and one chunk; then the card leaves.
  InsertCard({"--TEST-eject-after-apdus", "4"});
  auto transport = context_->Connect(kReader);
  ASSERT_TRUE(transport);
  JpkiCard card(**transport);
  auto der = card.ReadCertificate();
  ASSERT_FALSE(der);
  EXPECT_EQ(der.error().code, "card_removed") << der.error().message;
  transport->reset();
  ASSERT_TRUE(context_->WaitForRemoval(kReader, milliseconds(5000)));

  // Killing the emulator outright is a removal too; re-inserting works.
  InsertCard();
  auto again = context_->Connect(kReader);
  ASSERT_TRUE(again);
  vcard_.Stop(SIGKILL);
  JpkiCard gone(**again);
  auto error = gone.ReadCertificate();
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code, "card_removed") << error.error().message;
  again->reset();
  ASSERT_TRUE(context_->WaitForRemoval(kReader, milliseconds(5000)));
  InsertCard();
  auto fresh = context_->Connect(kReader);
  ASSERT_TRUE(fresh);
  JpkiCard back(**fresh);
  EXPECT_TRUE(back.ReadCertificate());
}

TEST_F(PcscIntegration, OpenScReadsTheVirtualCard) {
  InsertCard();
  EXPECT_EQ(RunTool("opensc-tool --reader 0 --atr"), "3b:88:80:01:00:00:00:00:00:00:00:00:09\n");
  EXPECT_EQ(RunTool("opensc-tool --reader 0 --name"), "jpki\n");
  const std::string listing = RunTool("pkcs15-tool --reader 0 --list-certificates");
  EXPECT_NE(listing.find("User Authentication Certificate"), std::string::npos) << listing;
  const std::string pem = RunTool("pkcs15-tool --reader 0 --read-certificate 01");
  auto certs = detail::CertificatesFromPem(pem);
  ASSERT_TRUE(certs) << pem;
  EXPECT_EQ(detail::CertificateToDer(certs->front().get()), MintedCertificate());
}

}  // namespace
}  // namespace denen::card

namespace denen::card {
namespace {

// The edge agent binary (denen-edge, desk role) on the same real path: the
// console's calls for enrolment, through pcscd to the virtual card. No reader
// is named, and the card is on the PC's second reader: the agent finds it.
TEST_F(PcscIntegration, TheEdgeAgentReadsAndSignsThroughPcsc) {
  vcard_ = Child({DENEN_VCARD_BINARY, "--card", (dir_ / "card").string(), "--port", "35964"}, dir_ / "vcard.log");
  ASSERT_TRUE(context_->WaitForCard("Virtual PCD 00 01", milliseconds(10000)));
  const int port = 18700 + ::getpid() % 1000;
  const fs::path config = dir_ / "edge.toml";
  {
    std::ofstream out(config);
    out << "[edge]\nrole = \"desk\"\nlisten_port = " << port << "\nqueue = \"" << (dir_ / "edge-queue.db").string()
        << "\"\n";
  }
  Child agent({DENEN_EDGE_BINARY, config.string()}, dir_ / "edge.log");
  httplib::Client client("127.0.0.1", port);
  auto status = client.Get("/card/status");
  for (int i = 0; i < 100 && !status; ++i) {
    std::this_thread::sleep_for(milliseconds(100));
    status = client.Get("/card/status");
  }
  ASSERT_TRUE(status) << "denen-edge did not answer; see " << (dir_ / "edge.log").string();
  ASSERT_EQ(status->status, 200) << status->body;
  EXPECT_EQ(nlohmann::json::parse(status->body)["pin_tries_left"], 3);

  SystemClock clock;
  bool created = false;
  auto ca = LoadOrCreateTestCa((dir_ / "ca").string(), clock, &created);
  ASSERT_TRUE(ca);
  TrustOptions trust;
  trust.trust_anchors_pem = detail::CertificateToPem(ca->cert.get());
  trust.crls_pem = *MakeCrlPem(*ca, {}, clock.NowMillis() - 1000, clock.NowMillis() + 86'400'000);
  ChallengeStore challenges(clock);
  CardIdentityVerifier verifier(*CertificateVerifier::Create(trust, clock), challenges, "salt");

  const Bytes challenge = challenges.Issue();
  const std::string challenge_b64 = Base64Encode(challenge);
  auto evidence = client.Post("/card/pin-evidence",
                              nlohmann::json{{"challenge", challenge_b64}, {"pin", "1234"}}.dump(), "application/json");
  ASSERT_TRUE(evidence);
  ASSERT_EQ(evidence->status, 200) << evidence->body;
  const auto card = nlohmann::json::parse(evidence->body)["card"];
  auto decode = [](const nlohmann::json& text) { return Base64Decode(text.get<std::string>(), 4096, "x").value(); };
  const PinEvidence pin_evidence{decode(card["certificate"]), decode(card["challenge"]), decode(card["signature"])};
  EXPECT_EQ(pin_evidence.certificate, MintedCertificate());
  auto identity = verifier.VerifyTapWithPin(pin_evidence);
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->assurance, Assurance::kTapWithPin);

  auto wrong = client.Post("/card/pin-evidence",
                           nlohmann::json{{"challenge", challenge_b64}, {"pin", "0000"}}.dump(), "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(nlohmann::json::parse(wrong->body)["error"]["code"], "pin_wrong");
  EXPECT_EQ(nlohmann::json::parse(client.Get("/card/status")->body)["pin_tries_left"], 2);
  vcard_.Stop(SIGTERM);
  EXPECT_TRUE(context_->WaitForRemoval("Virtual PCD 00 01", milliseconds(5000)));
}

}  // namespace
}  // namespace denen::card
