#include "http/console_modules.h"

namespace denen::http {

using auth::Role;

const std::vector<ConsoleModule>& AllConsoleModules() {
  static const std::vector<ConsoleModule> modules = {
      {"users", "職員アカウント管理", "職員の追加・権限の変更・無効化", "/console/users.html", {Role::kAdmin}, true},
      {"settings",
       "団体の設定",
       "統計で秘匿する人数の下限、監査ログ・受付記録・要介護認定の保存期間",
       "/console/settings.html",
       {Role::kAdmin},
       true},
      {"residents",
       "住民のカード登録",
       "マイナンバーカードの登録(暗証番号で本人確認)・サービスへの同意・紛失時の利用停止",
       "/console/residents.html",
       {Role::kReception},
       true},
      {"care",
       "要介護認定 調査票チェック",
       "認定調査票と特記事項の整合性をAIで確認",
       "/console/care.html",
       {Role::kCareReviewer},
       true},
      {"care-cases",
       "要介護認定 申請の進み具合",
       "申請ごとの日付と30日の目安、審査会前の調査票の一括チェック、KPI",
       "/console/care-cases.html",
       {Role::kCareReviewer},
       true},
      {"reception",
       "施設・イベント・避難所の受付",
       "マイナンバーカードでの入退所受付、イベントの事前申込、来訪の集計",
       "/console/reception.html",
       {Role::kReception, Role::kDisasterHq},
       true},
      {"shelters",
       "避難所の状況(災害対策本部)",
       "避難所の開設・閉鎖、避難者数・世帯・要配慮者の集計、名簿の書き出し",
       "/console/shelters.html",
       {Role::kDisasterHq, Role::kReception},
       true},
      {"library",
       "図書館カード連携",
       "マイナンバーカードと図書館利用券の連携",
       "/console/library.html",
       {Role::kLibrarian, Role::kReception},
       true},
      {"locks",
       "スマートロック・施設予約",
       "予約時間帯の解錠権限と扉の状態",
       "/console/lock.html",
       {Role::kFacilityManager, Role::kDisasterHq},
       true},
      {"school",
       "オンライン協働授業・特別支援学級ICT",
       "授業の計画・記録・満足度",
       "/console/school.html",
       {Role::kSchool},
       true},
      {"kpi",
       "KPIレポート・分野横断分析",
       "交付金の報告指標（基準値・目標・実績）、Excel・CSVの書き出し、統計表との結合、オープンデータ",
       "/console/kpi.html",
       {Role::kPlanner},
       true},
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
