#include "library/counter.h"

namespace denen::library {

Result<CounterDisplay> MakeCounterDisplay(const LibrarySystem& system, const CardLink& link,
                                          std::string_view name_kana) {
  DENEN_TRY(barcode, EncodeBarcode(system.profile, link.card_number));
  return CounterDisplay{link.card_number,
                        RenderSvg(system.profile, barcode),
                        SvgWidthPx(system.profile, barcode),
                        SvgHeightPx(system.profile),
                        system.clear_after_seconds,
                        std::string(name_kana),
                        system.id,
                        system.name,
                        std::string(SymbologyId(system.profile.symbology))};
}

Result<CounterDisplay> DisplayForResident(LibraryRepository& repo, std::string_view code, const LibrarySystem& system,
                                          std::string_view resident_id, std::string_view name_kana) {
  DENEN_TRY(link, repo.OpenLink(code, system.id, resident_id));
  if (!link) {
    return Fail(Error::NotFound("library_not_linked", "このマイナンバーカードは図書館カードと連携していません"));
  }
  return MakeCounterDisplay(system, *link, name_kana);
}

nlohmann::json CounterDisplayJson(const CounterDisplay& d) {
  return {{"status", "show"},
          {"number", d.number},
          {"barcode_svg", d.barcode_svg},
          {"barcode_width_px", d.barcode_width_px},
          {"barcode_height_px", d.barcode_height_px},
          {"clear_after_seconds", d.clear_after_seconds},
          {"name_kana", d.name_kana},
          {"library_system", {{"id", d.library_system_id}, {"name", d.library_system_name}}},
          {"symbology", d.symbology}};
}

nlohmann::json CounterRefusalJson(const Error& error, int clear_after_seconds) {
  // The message is for the resident at the monitor, the hint for what to do
  // next. Other modules' messages (card checks) may be technical or English,
  // so only known codes get a specific message; the code stays for staff.
  std::string message = "このカードでは図書館カードを表示できません";
  std::string hint = "職員にお声がけください";
  if (error.code == "library_not_linked" || error.code == "resident_withdrawn") {
    message = error.message;
  }
  if (error.code == "library_not_linked") {
    hint = "カウンターで図書館カードとマイナンバーカードを連携できます（図書館カードと暗証番号が必要です）";
  } else if (error.code == "consent_missing") {
    message = "図書館でマイナンバーカードを使う同意が登録されていません";
    hint = "カウンターで同意と連携の手続きができます";
  } else if (error.code == "identity_suspended") {
    message = "このマイナンバーカードは一時停止されています";
    hint = "カードの紛失届を出した場合は、市役所の窓口で再開または新しいカードの連携をしてください";
  } else if (error.code == "identity_unknown" || error.code == "identity_closed") {
    message = "このマイナンバーカードは登録されていません";
    hint = "市役所の窓口または図書館カウンターで登録と連携ができます";
  } else if (error.code == "pin_verification_required") {
    message = "このカードは、一度暗証番号で確認してから使えます";
    hint = "カウンターで暗証番号による確認と連携をしてください";
  }
  return {{"status", "refused"},
          {"code", error.code},
          {"message", message},
          {"hint", hint},
          {"link_path", "/console/library.html#link"},
          {"clear_after_seconds", clear_after_seconds}};
}

}  // namespace denen::library
