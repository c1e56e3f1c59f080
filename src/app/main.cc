// denen: the server and its command line. Everything is composed in app/.
#include <iostream>

#include "app/cli.h"
#include "core/allocator.h"

int main(int argc, char** argv) {
  denen::KeepFreedHeap();
  std::vector<std::string> args(argv + 1, argv + argc);
  return denen::app::RunCli(args, std::cin, std::cout, std::cerr);
}
