// library_counter_display PROFILE.json NUMBER [NAME_KANA] [CLEAR_SECONDS]:
// prints the counter display JSON the server's counter route would answer for
// a resident linked to NUMBER under the profile. A test tool for the counter
// page's browser test, which serves it from a stand-in for the edge agent.
#include <fstream>
#include <iostream>
#include <sstream>

#include "library/counter.h"

int main(int argc, char** argv) {
  using namespace denen::library;
  if (argc < 3 || argc > 5) {
    std::cerr << "usage: library_counter_display PROFILE.json NUMBER [NAME_KANA] [CLEAR_SECONDS]\n";
    return 2;
  }
  std::ifstream file(argv[1]);
  std::stringstream text;
  text << file.rdbuf();
  auto profile = ParseBarcodeProfileText(text.str());
  if (!profile) {
    std::cerr << argv[1] << ": " << profile.error().message << "\n";
    return 1;
  }
  auto number = NormalizeCardNumber(*profile, argv[2]);
  if (!number) {
    std::cerr << number.error().message << "\n";
    return 1;
  }
  const LibrarySystem system{"test", "テスト図書館", *profile, argc > 4 ? std::stoi(argv[4]) : 15, 0};
  CardLink link;
  link.card_number = *number;
  auto display = MakeCounterDisplay(system, link, argc > 3 ? argv[3] : "");
  if (!display) {
    std::cerr << display.error().message << "\n";
    return 1;
  }
  std::cout << CounterDisplayJson(*display).dump() << "\n";
  return 0;
}
