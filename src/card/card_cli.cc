#include "card/card_cli.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "card/card_files.h"
#include "card/certificate.h"
#include "card/jpki_card.h"
#include "card/test_pki.h"
#include "card/pcsc_transport.h"
#include "core/clock.h"

namespace denen::card {

namespace {

constexpr const char* kUsage =
    "使い方: denen card mint --out DIR [--ca-dir DIR] [--pin NNNN] [--valid-days N]\n"
    "        denen card crl --ca-dir DIR --out FILE [--revoke SERIAL[,SERIAL...]] [--valid-days N]\n"
    "        denen card readers\n"
    "        denen card read [--reader NAME] [--wait-ms N]\n"
    "  mint     テスト用の仮想カード (denen-vcard 用) を作る。テストCAが無ければ作る\n"
    "           (既定の --ca-dir は DIR/../test-ca)\n"
    "  crl      テストCAの失効リスト (PEM) を作る。SERIAL は16進 (例 03E9)\n"
    "  readers  PC/SC リーダーの一覧\n"
    "  read     利用者証明用電子証明書を読む (PIN 不要)。個人番号は読まない\n";

// --key value pairs after the sub-command; false on a stray argument.
bool ParseFlags(const std::vector<std::string>& args, std::map<std::string, std::string>* flags) {
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0 || i + 1 >= args.size()) return false;
    (*flags)[args[i]] = args[i + 1];
    ++i;
  }
  return true;
}

int Mint(const std::map<std::string, std::string>& flags, std::ostream& out, std::ostream& err) {
  MintOptions options;
  for (const auto& [key, value] : flags) {
    if (key == "--out") {
      options.out_dir = value;
    } else if (key == "--ca-dir") {
      options.ca_dir = value;
    } else if (key == "--pin") {
      options.pin = value;
    } else if (key == "--valid-days") {
      try {
        options.valid_days = std::stoi(value);
      } catch (const std::exception&) {
        err << kUsage;
        return 2;
      }
    } else {
      err << kUsage;
      return 2;
    }
  }
  if (options.out_dir.empty()) {
    err << kUsage;
    return 2;
  }
  if (options.ca_dir.empty()) {
    options.ca_dir = (std::filesystem::path(options.out_dir).lexically_normal().parent_path() / "test-ca").string();
  }
  SystemClock clock;
  auto minted = MintVirtualCard(options, clock);
  if (!minted) {
    err << "エラー: " << minted.error().message << "\n";
    return 1;
  }
  if (minted->created_ca) out << "テストCAを作成しました: " << options.ca_dir << "\n";
  out << "仮想カードを作成しました: " << options.out_dir << " (シリアル " << minted->serial_hex << ", PIN "
      << minted->pin << ")\n"
      << "起動: denen-vcard --card " << options.out_dir << "\n";
  return 0;
}

int Crl(const std::map<std::string, std::string>& flags, std::ostream& out, std::ostream& err) {
  std::string ca_dir, out_file;
  std::vector<uint64_t> revoked;
  int valid_days = 30;
  for (const auto& [key, value] : flags) {
    try {
      if (key == "--ca-dir") {
        ca_dir = value;
      } else if (key == "--out") {
        out_file = value;
      } else if (key == "--valid-days") {
        valid_days = std::stoi(value);
      } else if (key == "--revoke") {
        for (size_t start = 0; start <= value.size();) {
          const size_t comma = std::min(value.find(',', start), value.size());
          revoked.push_back(std::stoull(value.substr(start, comma - start), nullptr, 16));
          start = comma + 1;
        }
      } else {
        err << kUsage;
        return 2;
      }
    } catch (const std::exception&) {
      err << "エラー: " << key << " の値が正しくありません\n";
      return 2;
    }
  }
  if (ca_dir.empty() || out_file.empty() || valid_days < 1) {
    err << kUsage;
    return 2;
  }
  if (!std::filesystem::exists(std::filesystem::path(ca_dir) / "ca-key.pem")) {
    err << "エラー: テストCAがありません: " << ca_dir << "\n";
    return 1;
  }
  SystemClock clock;
  bool created = false;
  auto ca = LoadOrCreateTestCa(ca_dir, clock, &created);
  if (!ca) {
    err << "エラー: " << ca.error().message << "\n";
    return 1;
  }
  const int64_t now = clock.NowMillis();
  auto pem = MakeCrlPem(*ca, revoked, now - 60'000, now + valid_days * 86'400'000LL);
  if (!pem) {
    err << "エラー: " << pem.error().message << "\n";
    return 1;
  }
  std::ofstream file(out_file, std::ios::binary | std::ios::trunc);
  file << *pem;
  if (!file) {
    err << "エラー: 書き込めません: " << out_file << "\n";
    return 1;
  }
  out << "失効リストを作成しました: " << out_file << " (失効 " << revoked.size() << " 件、" << valid_days
      << " 日間有効)\n";
  return 0;
}

int Readers(std::ostream& out, std::ostream& err) {
  auto context = PcscContext::Establish();
  if (!context) {
    err << "エラー: " << context.error().message << "\n";
    return 1;
  }
  auto readers = (*context)->ListReaders();
  if (!readers) {
    err << "エラー: " << readers.error().message << "\n";
    return 1;
  }
  for (const auto& r : *readers) out << r << "\n";
  return 0;
}

int Read(const std::map<std::string, std::string>& flags, std::ostream& out, std::ostream& err) {
  std::string reader;
  int wait_ms = 0;
  for (const auto& [key, value] : flags) {
    if (key == "--reader") {
      reader = value;
    } else if (key == "--wait-ms") {
      try {
        wait_ms = std::stoi(value);
      } catch (const std::exception&) {
        err << kUsage;
        return 2;
      }
    } else {
      err << kUsage;
      return 2;
    }
  }
  auto fail = [&](const Error& e) {
    err << "エラー: " << e.message << " (" << e.code << ")\n";
    return 1;
  };
  auto context = PcscContext::Establish();
  if (!context) return fail(context.error());
  if (reader.empty()) {
    auto readers = (*context)->ListReaders();
    if (!readers) return fail(readers.error());
    if (readers->empty()) return fail(Error::NotFound("no_readers", "no PC/SC reader attached"));
    reader = readers->front();
  }
  if (auto waited = (*context)->WaitForCard(reader, std::chrono::milliseconds(wait_ms)); !waited) {
    return fail(waited.error());
  }
  auto transport = (*context)->Connect(reader);
  if (!transport) return fail(transport.error());
  JpkiCard card(**transport);
  auto der = card.ReadCertificate();
  if (!der) return fail(der.error());
  auto info = ParseCertificate(*der);
  if (!info) return fail(info.error());
  auto pin = card.QueryPin();
  nlohmann::json result = {
      {"reader", reader},
      {"atr", ToHex((*transport)->Atr())},
      {"serial", info->serial_hex},
      {"issuer", info->issuer},
      {"subject", info->subject},
      {"not_before", FormatIsoUtc(info->not_before_millis)},
      {"not_after", FormatIsoUtc(info->not_after_millis)},
  };
  if (pin) {
    result["pin_tries_left"] = pin->tries_left;
    result["pin_blocked"] = pin->blocked;
  }
  out << result.dump() << "\n";
  return 0;
}

}  // namespace

int RunCardCommand(const std::vector<std::string>& args, std::istream&, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> flags;
  if (args.empty() || args[0] == "--help" || !ParseFlags(args, &flags)) {
    err << kUsage;
    return 2;
  }
  if (args[0] == "mint") return Mint(flags, out, err);
  if (args[0] == "crl") return Crl(flags, out, err);
  if (args[0] == "readers" && flags.empty()) return Readers(out, err);
  if (args[0] == "read") return Read(flags, out, err);
  err << kUsage;
  return 2;
}

}  // namespace denen::card
