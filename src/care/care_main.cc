// Stand-alone `denen-care` tool for rule authors: the same commands as
// `denen care …` without building the whole server.
#include <iostream>
#include <string>
#include <vector>

#include "care/care_cli.h"

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return denen::care::RunCareCommand(args, std::cin, std::cout, std::cerr);
}
