// `denen card …` sub-commands: mint a virtual card (and the test CA), list
// PC/SC readers, read the user-authentication certificate from a card.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace denen::card {

// args are what follows `denen card`. Returns the process exit code:
// 0 success, 1 card or data error, 2 usage error.
int RunCardCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace denen::card
