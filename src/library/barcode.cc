#include "library/barcode.h"

#include <array>
#include <cstdint>

namespace denen::library {
namespace {

// NW-7 (Codabar, JIS X 0506): seven elements per character (bar, space, ...,
// bar), bit 6 first; 1 = wide. Characters separated by one narrow space.
constexpr std::string_view kCodabarAlphabet = "0123456789-$:/.+ABCD";
constexpr std::array<uint8_t, 20> kCodabarElements = {0x03, 0x06, 0x09, 0x60, 0x12, 0x42, 0x21, 0x24, 0x30, 0x48,
                                                      0x0c, 0x18, 0x45, 0x51, 0x54, 0x15, 0x1a, 0x29, 0x0b, 0x0e};

// Code 39 digits and '*': nine elements per character, bit 8 first; 1 = wide.
constexpr std::array<uint16_t, 10> kCode39Digits = {0x034, 0x121, 0x061, 0x160, 0x031,
                                                    0x130, 0x070, 0x025, 0x124, 0x064};
constexpr uint16_t kCode39Star = 0x094;

// ITF digits: five elements, bit 4 first; 1 = wide.
constexpr std::array<uint8_t, 10> kItfDigits = {0x06, 0x11, 0x09, 0x18, 0x05, 0x14, 0x0c, 0x03, 0x12, 0x0a};

// Code 128 symbol values 0..105 as 11 modules, bit 10 first (ISO/IEC 15417 table).
constexpr std::array<uint16_t, 106> kCode128 = {
    0x6cc, 0x66c, 0x666, 0x498, 0x48c, 0x44c, 0x4c8, 0x4c4, 0x464, 0x648, 0x644, 0x624, 0x59c, 0x4dc, 0x4ce, 0x5cc,
    0x4ec, 0x4e6, 0x672, 0x65c, 0x64e, 0x6e4, 0x674, 0x76e, 0x74c, 0x72c, 0x726, 0x764, 0x734, 0x732, 0x6d8, 0x6c6,
    0x636, 0x518, 0x458, 0x446, 0x588, 0x468, 0x462, 0x688, 0x628, 0x622, 0x5b8, 0x58e, 0x46e, 0x5d8, 0x5c6, 0x476,
    0x776, 0x68e, 0x62e, 0x6e8, 0x6e2, 0x6ee, 0x758, 0x746, 0x716, 0x768, 0x762, 0x71a, 0x77a, 0x642, 0x78a, 0x530,
    0x50c, 0x4b0, 0x486, 0x42c, 0x426, 0x590, 0x584, 0x4d0, 0x4c2, 0x434, 0x432, 0x612, 0x650, 0x7ba, 0x614, 0x47a,
    0x53c, 0x4bc, 0x49e, 0x5e4, 0x4f4, 0x4f2, 0x7a4, 0x794, 0x792, 0x6de, 0x6f6, 0x7b6, 0x578, 0x51e, 0x45e, 0x5e8,
    0x5e2, 0x7a8, 0x7a2, 0x5de, 0x5ee, 0x75e, 0x7ae, 0x684, 0x690, 0x69c};
constexpr int kCode128StartB = 104;
constexpr int kCode128StartC = 105;
constexpr uint16_t kCode128Stop = 0x18eb;  // 13 modules

// EAN-13 left-hand odd (L) digit patterns, 7 modules; R is the complement of L
// and G the mirror of R. The first digit picks the L/G parity of the left half.
constexpr std::array<uint8_t, 10> kEanL = {0x0d, 0x19, 0x13, 0x3d, 0x23, 0x31, 0x2f, 0x3b, 0x37, 0x0b};
constexpr std::array<std::string_view, 10> kEanParity = {"LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                                         "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"};

class ModuleWriter {
 public:
  void Run(bool bar, int width) { modules_.insert(modules_.end(), width, bar); }
  void Bits(uint32_t bits, int count) {
    for (int i = count - 1; i >= 0; --i) modules_.push_back((bits >> i) & 1u);
  }
  // Alternating elements from `bits` (first element a bar), 1 = wide.
  void Elements(uint32_t bits, int count, int wide) {
    for (int i = 0; i < count; ++i) Run(i % 2 == 0, (bits >> (count - 1 - i)) & 1u ? wide : 1);
  }
  std::vector<bool> Take() { return std::move(modules_); }

 private:
  std::vector<bool> modules_;
};

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

Error Unencodable(std::string_view symbology) {
  return Error::Invalid("card_number_characters", "番号に" + std::string(symbology) + "で表せない文字が含まれています");
}

Result<Barcode> EncodeCodabar(const BarcodeProfile& p, std::string_view number) {
  const std::string data = std::string(1, p.start) + std::string(number) + p.stop;
  ModuleWriter w;
  for (size_t i = 0; i < data.size(); ++i) {
    const size_t index = kCodabarAlphabet.find(data[i]);
    if (index == std::string_view::npos || ((index >= 16) != (i == 0 || i + 1 == data.size()))) {
      return Fail(Unencodable("NW-7"));
    }
    if (i > 0) w.Run(false, 1);
    w.Elements(kCodabarElements[index], 7, p.wide_ratio);
  }
  return Barcode{w.Take(), data, std::string(number)};
}

Result<Barcode> EncodeCode39(const BarcodeProfile& p, std::string_view number) {
  if (!AllDigits(number)) return Fail(Unencodable("Code 39"));
  ModuleWriter w;
  w.Elements(kCode39Star, 9, p.wide_ratio);
  for (char c : number) {
    w.Run(false, 1);
    w.Elements(kCode39Digits[c - '0'], 9, p.wide_ratio);
  }
  w.Run(false, 1);
  w.Elements(kCode39Star, 9, p.wide_ratio);
  return Barcode{w.Take(), std::string(number), std::string(number)};
}

Result<Barcode> EncodeItf(const BarcodeProfile& p, std::string_view number) {
  if (!AllDigits(number) || number.size() % 2 != 0) return Fail(Unencodable("ITF（偶数桁の数字）"));
  ModuleWriter w;
  w.Elements(0x0, 4, p.wide_ratio);  // start: narrow bar, space, bar, space
  for (size_t i = 0; i < number.size(); i += 2) {
    const uint8_t bars = kItfDigits[number[i] - '0'];
    const uint8_t spaces = kItfDigits[number[i + 1] - '0'];
    for (int e = 4; e >= 0; --e) {
      w.Run(true, (bars >> e) & 1u ? p.wide_ratio : 1);
      w.Run(false, (spaces >> e) & 1u ? p.wide_ratio : 1);
    }
  }
  w.Run(true, p.wide_ratio);  // stop: wide bar, narrow space, narrow bar
  w.Run(false, 1);
  w.Run(true, 1);
  return Barcode{w.Take(), std::string(number), std::string(number)};
}

Result<Barcode> EncodeCode128(std::string_view number) {
  // Code set C packs digit pairs; anything else (an odd count) uses set B.
  std::vector<int> values;
  if (AllDigits(number) && number.size() % 2 == 0) {
    values.push_back(kCode128StartC);
    for (size_t i = 0; i < number.size(); i += 2) values.push_back((number[i] - '0') * 10 + (number[i + 1] - '0'));
  } else {
    values.push_back(kCode128StartB);
    for (char c : number) {
      if (c < 32 || c > 126) return Fail(Unencodable("Code 128"));
      values.push_back(c - 32);
    }
  }
  int checksum = values[0];
  for (size_t i = 1; i < values.size(); ++i) checksum += values[i] * static_cast<int>(i);
  values.push_back(checksum % 103);
  ModuleWriter w;
  for (int v : values) w.Bits(kCode128[v], 11);
  w.Bits(kCode128Stop, 13);
  return Barcode{w.Take(), std::string(number), std::string(number)};
}

Result<Barcode> EncodeEan13(std::string_view number) {
  if (!AllDigits(number) || number.size() != 13) return Fail(Unencodable("JAN（13桁の数字）"));
  ModuleWriter w;
  w.Bits(0b101, 3);
  const std::string_view parity = kEanParity[number[0] - '0'];
  for (int i = 1; i <= 6; ++i) {
    const uint8_t l = kEanL[number[i] - '0'];
    if (parity[i - 1] == 'L') {
      w.Bits(l, 7);
    } else {
      const uint8_t r = ~l & 0x7f;  // G = R mirrored
      uint8_t g = 0;
      for (int b = 0; b < 7; ++b) g |= ((r >> b) & 1u) << (6 - b);
      w.Bits(g, 7);
    }
  }
  w.Bits(0b01010, 5);
  for (int i = 7; i <= 12; ++i) w.Bits(~kEanL[number[i] - '0'] & 0x7f, 7);
  w.Bits(0b101, 3);
  return Barcode{w.Take(), std::string(number), std::string(number)};
}

int TextHeightPx(const BarcodeProfile& p) { return p.show_text ? std::max(24, p.bar_height_px / 5) : 0; }

}  // namespace

Result<Barcode> EncodeBarcode(const BarcodeProfile& profile, std::string_view number) {
  if (number.empty()) return Fail(Error::Invalid("card_number_missing", "番号が空です"));
  switch (profile.symbology) {
    case Symbology::kCodabar:
      return EncodeCodabar(profile, number);
    case Symbology::kCode39:
      return EncodeCode39(profile, number);
    case Symbology::kCode128:
      return EncodeCode128(number);
    case Symbology::kItf:
      return EncodeItf(profile, number);
    case Symbology::kEan13:
      return EncodeEan13(number);
  }
  return Fail(Error::Internal("unknown_symbology", "未知のバーコード種類です"));
}

std::vector<int> RunLengths(const std::vector<bool>& modules) {
  std::vector<int> runs;
  for (size_t i = 0; i < modules.size(); ++i) {
    if (i == 0 || modules[i] != modules[i - 1]) {
      runs.push_back(1);
    } else {
      ++runs.back();
    }
  }
  return runs;
}

int SvgWidthPx(const BarcodeProfile& p, const Barcode& barcode) {
  return (static_cast<int>(barcode.modules.size()) + 2 * p.quiet_zone_modules) * p.module_px;
}

int SvgHeightPx(const BarcodeProfile& p) { return p.bar_height_px + TextHeightPx(p); }

std::string RenderSvg(const BarcodeProfile& p, const Barcode& barcode) {
  const int width = SvgWidthPx(p, barcode);
  const int height = SvgHeightPx(p);
  const std::string w = std::to_string(width);
  const std::string h = std::to_string(height);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
                    "\" viewBox=\"0 0 " + w + " " + h + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" +
                    barcode.text + "\"><rect width=\"" + w + "\" height=\"" + h +
                    "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  int x = p.quiet_zone_modules * p.module_px;
  bool bar = true;
  for (int run : RunLengths(barcode.modules)) {
    const int px = run * p.module_px;
    if (bar)
      svg += "M" + std::to_string(x) + " 0h" + std::to_string(px) + "v" + std::to_string(p.bar_height_px) + "h-" +
             std::to_string(px) + "z";
    x += px;
    bar = !bar;
  }
  svg += "\"/>";
  if (p.show_text) {
    const int font_px = TextHeightPx(p) * 3 / 4;
    svg += "<text x=\"" + std::to_string(width / 2) + "\" y=\"" + std::to_string(p.bar_height_px + font_px) +
           "\" text-anchor=\"middle\" font-family=\"monospace\" font-size=\"" + std::to_string(font_px) +
           "\" fill=\"#000\">" + barcode.text + "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace denen::library
