// denen-vcard: a virtual My Number Card (JPKI AP) for pcscd via vsmartcard-vpcd.
//   denen-vcard --card DIR [--host 127.0.0.1] [--port 35963] [--once]
//               [--TEST-eject-after-apdus N]   (tests: leave the reader after N APDUs)
// Connects to vpcd (retrying while pcscd is not up yet), serves the card,
// and reconnects when vpcd drops the connection unless --once is given.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include "card/card_files.h"
#include "card/vpcd_link.h"

int main(int argc, char** argv) {
  using denen::card::VpcdOptions;
  std::string card_dir;
  VpcdOptions options;
  bool once = false;
  constexpr const char* kUsage =
      "使い方: denen-vcard --card DIR [--host H] [--port P] [--once] [--TEST-eject-after-apdus N]\n";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    int number = 0;
    const bool numeric =
        has_value && std::from_chars(argv[i + 1], argv[i + 1] + std::strlen(argv[i + 1]), number).ec == std::errc();
    if (arg == "--card" && has_value) {
      card_dir = argv[++i];
    } else if (arg == "--host" && has_value) {
      options.host = argv[++i];
    } else if (arg == "--port" && numeric && number > 0 && number < 65536) {
      options.port = static_cast<uint16_t>(number);
      ++i;
    } else if (arg == "--TEST-eject-after-apdus" && numeric) {
      options.TEST_eject_after_apdus = number;
      ++i;
    } else if (arg == "--once") {
      once = true;
    } else {
      std::cerr << kUsage;
      return 2;
    }
  }
  if (card_dir.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto spec = denen::card::LoadVirtualCard(card_dir);
  if (!spec) {
    std::cerr << "denen-vcard: " << spec.error().message << "\n";
    return 1;
  }
  denen::card::VirtualJpkiCard card(std::move(*spec));
  for (;;) {
    auto fd = denen::card::ConnectToVpcd(options);
    if (!fd) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    std::cerr << "denen-vcard: inserted into vpcd at " << options.host << ":" << options.port << "\n";
    auto served = denen::card::ServeVpcd(*fd, card, options);
    if (!served) {
      std::cerr << "denen-vcard: " << served.error().message << "\n";
      return 0;
    }
    if (once) return 0;
  }
}
