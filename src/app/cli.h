// The `denen` command line: serve, migrate, user add/list/disable/enable,
// audit verify, demo, care, and --help for each. Returns the process exit code
// (0 success, 1 failure, 2 usage error). Output goes to the given streams.
#pragma once

#include <iostream>
#include <string>
#include <vector>

namespace denen::app {

int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace denen::app
