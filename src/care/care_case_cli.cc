#include "care/care_case_cli.h"

#include <fstream>
#include <sstream>

#include "care/care_api.h"
#include "care/care_case_repository.h"

namespace denen::care {
namespace {

constexpr std::string_view kActor = "cli";

int Report(const Error& e, std::ostream& err) {
  err << "エラー: " << e.message << " (" << e.code << ")\n";
  return 1;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Fail(Error::Invalid("file_not_readable", "ファイルを開けません: " + path));
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

bool IsCareCaseCommand(std::string_view command) {
  return command == "import-cases" || command == "import-forms" || command == "purge";
}

int RunCareCaseCommand(std::string_view command, const std::vector<std::string>& positional, const std::string& code,
                       int retention_care_case_days, store::Database& db, const Clock& clock, std::ostream& out,
                       std::ostream& err) {
  CareCaseRepository repo(db, clock);
  const std::string actor(kActor);
  auto known = db.QueryOne("SELECT 1 FROM municipalities WHERE municipality_code = ?", {store::Text(code)});
  if (!known) return Report(known.error(), err);
  if (!*known) {
    return Report(Error::NotFound("municipality_not_found", "団体コード " + code + " の団体は登録されていません"), err);
  }
  if (command == "purge") {
    if (!positional.empty()) {
      err << kCareCaseCliHelp;
      return 2;
    }
    auto report = repo.Purge(code, retention_care_case_days, actor);
    if (!report) return Report(report.error(), err);
    if (retention_care_case_days <= 0) {
      out << "retention.care_case_days が 0 のため、削除しませんでした\n";
      return 0;
    }
    out << "削除しました: 申請 " << report->cases << " 件、調査票 " << report->form_versions << " 版、チェック "
        << report->checks << " 件、指摘 " << report->findings << " 件（保存期間 " << retention_care_case_days
        << " 日）\n";
    return 0;
  }
  if (positional.size() != 1) {
    err << kCareCaseCliHelp;
    return 2;
  }
  auto text = ReadFile(positional[0]);
  if (!text) return Report(text.error(), err);
  if (command == "import-cases") {
    auto report = repo.ImportCases(code, *text, actor);
    if (!report) return Report(report.error(), err);
    out << "取り込みました: 新規 " << report->created << " 件、更新 " << report->updated << " 件、変更なし "
        << report->unchanged << " 件\n";
    return 0;
  }
  auto checker = SharedCareChecker();
  if (!checker) return Report(checker.error(), err);
  auto report = repo.ImportForms(code, *text, **checker, actor);
  if (!report) return Report(report.error(), err);
  out << "取り込みました: 新しい調査票・版 " << report->added << " 件、変更なし " << report->unchanged << " 件\n";
  return 0;
}

}  // namespace denen::care
