#include "http/console_modules.h"

namespace denen::http {

using auth::Role;

const std::vector<ConsoleModule>& AllConsoleModules() {
  static const std::vector<ConsoleModule> modules = {
      {"users", "職員アカウント管理", "職員の追加・権限の変更・無効化", "/console/users.html", {Role::kAdmin}, true},
      {"care",
       "要介護認定 調査票チェック",
       "認定調査票と特記事項の整合性をAIで確認",
       "/console/care.html",
       {Role::kCareReviewer},
       true},
      {"reception",
       "施設・イベント・避難所の受付",
       "マイナンバーカードでの入退所受付と集計",
       "/console/reception.html",
       {Role::kReception, Role::kDisasterHq},
       false},
      {"library",
       "図書館カード連携",
       "マイナンバーカードと図書館利用券の連携",
       "/console/library.html",
       {Role::kLibrarian},
       false},
      {"locks",
       "スマートロック・施設予約",
       "予約時間帯の解錠権限と扉の状態",
       "/console/locks.html",
       {Role::kFacilityManager, Role::kDisasterHq},
       false},
      {"school",
       "オンライン協働授業・特別支援学級ICT",
       "授業の計画・記録・満足度",
       "/console/school.html",
       {Role::kSchool},
       true},
      {"kpi", "KPIレポート", "交付金の報告指標と分野横断分析", "/console/kpi.html", {}, false},
  };
  return modules;
}

std::vector<ConsoleModule> ConsoleModulesFor(const auth::RoleSet& roles) {
  std::vector<ConsoleModule> out;
  for (const auto& m : AllConsoleModules()) {
    if (roles.Has(Role::kAdmin) || roles.Intersects(m.roles)) out.push_back(m);
  }
  return out;
}

}  // namespace denen::http
