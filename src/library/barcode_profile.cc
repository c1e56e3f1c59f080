#include "library/barcode_profile.h"

#include <array>

#include "core/json_input.h"

namespace denen::library {
namespace {

constexpr std::array<std::pair<Symbology, std::string_view>, 5> kSymbologies = {{
    {Symbology::kCodabar, "codabar"},
    {Symbology::kCode39, "code39"},
    {Symbology::kCode128, "code128"},
    {Symbology::kItf, "itf"},
    {Symbology::kEan13, "ean13"},
}};

constexpr int kMaxLength = 32;

Error ProfileError(std::string code, std::string message) {
  return Error::Invalid(std::move(code), "バーコード設定: " + message);
}

Result<int> IntInRange(JsonObjectReader& in, std::string_view field, int fallback, int min, int max) {
  DENEN_TRY(value, in.OptionalInt(field));
  const int64_t v = value.value_or(fallback);
  if (v < min || v > max) {
    return Fail(ProfileError(
        "invalid_profile_" + std::string(field),
        "「" + std::string(field) + "」は " + std::to_string(min) + "〜" + std::to_string(max) + " の整数です"));
  }
  return static_cast<int>(v);
}

Result<char> StartStop(JsonObjectReader& in, std::string_view field) {
  DENEN_TRY(value, in.OptionalString(field, 1));
  const std::string v = value.value_or("A");
  if (v.size() != 1 || v[0] < 'A' || v[0] > 'D') {
    return Fail(
        ProfileError("invalid_profile_" + std::string(field),
                     "「" + std::string(field) + "」は NW-7 のスタート/ストップ文字 A・B・C・D のいずれかです"));
  }
  return v[0];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Full-width digits (U+FF10..U+FF19, UTF-8 EF BC 90..99) to ASCII; drops
// ASCII and ideographic spaces and hyphens, which people type between groups.
std::string Simplify(std::string_view input) {
  std::string out;
  for (size_t i = 0; i < input.size(); ++i) {
    const unsigned char c = input[i];
    if (c == 0xEF && i + 2 < input.size() && static_cast<unsigned char>(input[i + 1]) == 0xBC) {
      const unsigned char d = input[i + 2];
      if (d >= 0x90 && d <= 0x99) {
        out += static_cast<char>('0' + (d - 0x90));
        i += 2;
        continue;
      }
      if (d == 0x8D) {  // full-width hyphen-minus
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < input.size() && static_cast<unsigned char>(input[i + 1]) == 0x80 &&
        static_cast<unsigned char>(input[i + 2]) == 0x80) {  // ideographic space
      i += 2;
      continue;
    }
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::string_view SymbologyId(Symbology symbology) {
  for (const auto& [s, id] : kSymbologies) {
    if (s == symbology) return id;
  }
  return "codabar";
}

Result<Symbology> ParseSymbology(std::string_view id) {
  for (const auto& [s, name] : kSymbologies) {
    if (name == id) return s;
  }
  return Fail(ProfileError("unknown_symbology", "バーコードの種類「" + std::string(id) +
                                                    "」は使えません（codabar, code39, code128, itf, ean13）"));
}

Result<BarcodeProfile> ParseBarcodeProfile(const nlohmann::json& value) {
  DENEN_TRY(in, JsonObjectReader::Of(value, "バーコード設定"));
  BarcodeProfile p;
  DENEN_TRY(description, in.OptionalString("description", 400));
  p.description = description.value_or("");
  DENEN_TRY(symbology_id, in.RequiredString("symbology", 20));
  DENEN_TRY(symbology, ParseSymbology(symbology_id));
  p.symbology = symbology;
  DENEN_TRY(start, StartStop(in, "start"));
  DENEN_TRY(stop, StartStop(in, "stop"));
  p.start = start;
  p.stop = stop;
  DENEN_TRY(length, in.RequiredInt("length"));
  if (length < 1 || length > kMaxLength) {
    return Fail(
        ProfileError("invalid_profile_length", "「length」は 1〜" + std::to_string(kMaxLength) + " の整数です"));
  }
  p.length = static_cast<int>(length);
  DENEN_TRY(zero_pad, in.OptionalBool("zero_pad"));
  p.zero_pad = zero_pad.value_or(false);
  DENEN_TRY(prefix, in.OptionalString("prefix", kMaxLength));
  p.prefix = prefix.value_or("");
  DENEN_TRY(scheme_id, in.OptionalString("check_digit", 20));
  DENEN_TRY(scheme, ParseCheckDigitScheme(scheme_id.value_or("none")));
  p.check_digit = scheme;
  DENEN_TRY(module_px, IntInRange(in, "module_px", 3, 1, 12));
  p.module_px = module_px;
  DENEN_TRY(wide_ratio, IntInRange(in, "wide_ratio", 3, 2, 3));
  p.wide_ratio = wide_ratio;
  DENEN_TRY(quiet, IntInRange(in, "quiet_zone_modules", 10, 10, 50));
  p.quiet_zone_modules = quiet;
  DENEN_TRY(height, IntInRange(in, "bar_height_px", 160, 40, 600));
  p.bar_height_px = height;
  DENEN_TRY(show_text, in.OptionalBool("show_text"));
  p.show_text = show_text.value_or(true);
  DENEN_TRY_VOID(in.RejectUnknown());

  for (char c : p.prefix) {
    if (!IsDigit(c)) return Fail(ProfileError("invalid_profile_prefix", "「prefix」は数字だけです"));
  }
  if (p.prefix.size() >= static_cast<size_t>(p.length)) {
    return Fail(ProfileError("invalid_profile_prefix", "「prefix」は番号の桁数(length)より短くしてください"));
  }
  if (p.check_digit == CheckDigitScheme::kMod16 && p.symbology != Symbology::kCodabar) {
    return Fail(ProfileError("invalid_profile_check_digit", "モジュラス16 (mod16) は NW-7 (codabar) 専用です"));
  }
  if (p.check_digit != CheckDigitScheme::kNone && p.length < 2) {
    return Fail(ProfileError("invalid_profile_length", "チェックデジット付きの番号は2桁以上です"));
  }
  if (p.symbology == Symbology::kEan13 && (p.length != 13 || p.check_digit != CheckDigitScheme::kMod10W31)) {
    return Fail(ProfileError("invalid_profile_ean13",
                             "JAN/EAN-13 (ean13) は length 13、check_digit mod10_w31 で設定してください"));
  }
  if (p.symbology == Symbology::kItf && p.length % 2 != 0) {
    return Fail(ProfileError("invalid_profile_itf", "ITF (itf) の桁数(length)は偶数です"));
  }
  return p;
}

Result<BarcodeProfile> ParseBarcodeProfileText(std::string_view json_text) {
  DENEN_TRY(value, ParseJson(json_text));
  return ParseBarcodeProfile(value);
}

nlohmann::json BarcodeProfileJson(const BarcodeProfile& p) {
  nlohmann::json out = {{"symbology", SymbologyId(p.symbology)},
                        {"length", p.length},
                        {"zero_pad", p.zero_pad},
                        {"prefix", p.prefix},
                        {"check_digit", CheckDigitSchemeId(p.check_digit)},
                        {"module_px", p.module_px},
                        {"wide_ratio", p.wide_ratio},
                        {"quiet_zone_modules", p.quiet_zone_modules},
                        {"bar_height_px", p.bar_height_px},
                        {"show_text", p.show_text}};
  if (!p.description.empty()) out["description"] = p.description;
  if (p.symbology == Symbology::kCodabar) {
    out["start"] = std::string(1, p.start);
    out["stop"] = std::string(1, p.stop);
  }
  return out;
}

Result<char> ExpectedCheckDigit(const BarcodeProfile& profile, std::string_view number_without_check) {
  if (profile.check_digit == CheckDigitScheme::kMod16) {
    return ComputeCheckDigit(profile.check_digit,
                             std::string(1, profile.start) + std::string(number_without_check) + profile.stop);
  }
  return ComputeCheckDigit(profile.check_digit, number_without_check);
}

Result<std::string> NormalizeCardNumber(const BarcodeProfile& profile, std::string_view input) {
  std::string number = Simplify(input);
  if (number.empty()) return Fail(Error::Invalid("card_number_missing", "図書館カードの番号を入力してください"));
  // With mod16 the last character may be one of NW-7's symbols.
  const bool symbol_check = profile.check_digit == CheckDigitScheme::kMod16;
  for (size_t i = 0; i < number.size(); ++i) {
    const bool last = i + 1 == number.size();
    if (!IsDigit(number[i]) &&
        !(symbol_check && last && std::string_view("-$:/.+").find(number[i]) != std::string_view::npos)) {
      return Fail(Error::Invalid("card_number_characters", "図書館カードの番号には数字(0〜9)だけを使ってください"));
    }
  }
  const size_t length = static_cast<size_t>(profile.length);
  if (profile.zero_pad && number.size() < length) number.insert(0, length - number.size(), '0');
  if (number.size() != length) {
    return Fail(Error::Invalid("card_number_length", "図書館カードの番号は" + std::to_string(length) +
                                                         "桁です（入力は" + std::to_string(number.size()) + "桁）"));
  }
  if (!number.starts_with(profile.prefix)) {
    return Fail(Error::Invalid("card_number_prefix", "この図書館のカード番号は「" + profile.prefix +
                                                         "」で始まります。番号を確かめてください"));
  }
  if (profile.check_digit != CheckDigitScheme::kNone) {
    const std::string body = number.substr(0, number.size() - 1);
    DENEN_TRY(expected, ExpectedCheckDigit(profile, body));
    if (number.back() != expected) {
      return Fail(
          Error::Invalid("card_number_check_digit", "図書館カードの番号のチェックデジット（末尾の1桁、方式 " +
                                                        std::string(CheckDigitSchemeLabel(profile.check_digit)) +
                                                        "）が合いません。番号を読み間違えていないか確かめてください"));
    }
  }
  return number;
}

}  // namespace denen::library
