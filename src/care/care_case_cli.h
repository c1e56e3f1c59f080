// `denen care import-cases | import-forms | purge`: the certification-case
// commands that work on the server's database (care_case_repository.h). The
// caller (app/cli.cc) reads the config and opens the migrated database; these
// functions only run the command and print what it did. Audit entries carry
// the actor "cli".
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace denen::care {

inline constexpr std::string_view kCareCaseCliHelp =
    "denen care import-cases FILE [--municipality CODE] [--config FILE]\n"
    "  要介護認定の申請（ケース）の CSV を取り込みます（docs/care-cases.md）。同じファイルを\n"
    "  もう一度取り込んでも何も変わりません。変わった行だけ更新し、監査ログに記録します。\n"
    "denen care import-forms FILE [--municipality CODE] [--config FILE]\n"
    "  申請に結びつく認定調査票の CSV を取り込みます。内容が変わった調査票は新しい版になります。\n"
    "denen care purge [--municipality CODE] [--config FILE]\n"
    "  設定 retention.care_case_days より古い申請を、調査票・チェック結果・判断とともに完全に削除し、\n"
    "  削除した件数を表示します。\n"
    "  --municipality を省くと設定ファイルの団体コードを使います。\n";

// True for the sub-commands above.
bool IsCareCaseCommand(std::string_view command);

// Runs one of them. `positional` holds the arguments after the command that
// are not options (the FILE). Returns 0 on success, 1 on an error (printed to
// `err`), 2 on a usage error.
int RunCareCaseCommand(std::string_view command, const std::vector<std::string>& positional,
                       const std::string& municipality_code, int retention_care_case_days, store::Database& db,
                       const Clock& clock, std::ostream& out, std::ostream& err);

}  // namespace denen::care
