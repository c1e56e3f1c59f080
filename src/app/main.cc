// denen: the server and its command line. Everything is composed in app/.
#include <iostream>

#include "app/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return denen::app::RunCli(args, std::cin, std::cout, std::cerr);
}
