// Test support: draws a barcode into a grayscale raster exactly as the SVG is
// drawn (same module pattern, module_px, quiet zone) and reads it back with
// zxing-cpp, as a counter scanner would read the monitor. Header-only; for
// test binaries that link ZXing.
#pragma once

#include <ZXing/ReadBarcode.h>

#include <cstdint>
#include <string>
#include <vector>

#include "library/barcode.h"

namespace denen::library::testing {

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // row-major, 0 = black, 255 = white
};

// The bars only (no text), with the quiet zone and a margin above and below.
inline GrayImage Rasterize(const BarcodeProfile& profile, const Barcode& barcode) {
  GrayImage image;
  const int margin = 8;
  image.width = SvgWidthPx(profile, barcode);
  image.height = profile.bar_height_px + 2 * margin;
  image.pixels.assign(static_cast<size_t>(image.width) * image.height, 255);
  for (size_t m = 0; m < barcode.modules.size(); ++m) {
    if (!barcode.modules[m]) continue;
    const int x0 = (profile.quiet_zone_modules + static_cast<int>(m)) * profile.module_px;
    for (int y = margin; y < margin + profile.bar_height_px; ++y) {
      for (int x = x0; x < x0 + profile.module_px; ++x) image.pixels[static_cast<size_t>(y) * image.width + x] = 0;
    }
  }
  return image;
}

inline ZXing::BarcodeFormat ZxingFormat(Symbology symbology) {
  switch (symbology) {
    case Symbology::kCodabar:
      return ZXing::BarcodeFormat::Codabar;
    case Symbology::kCode39:
      return ZXing::BarcodeFormat::Code39;
    case Symbology::kCode128:
      return ZXing::BarcodeFormat::Code128;
    case Symbology::kItf:
      return ZXing::BarcodeFormat::ITF;
    case Symbology::kEan13:
      return ZXing::BarcodeFormat::EAN13;
  }
  return ZXing::BarcodeFormat::None;
}

struct Decoded {
  bool ok = false;
  std::string text;
  ZXing::BarcodeFormat format = ZXing::BarcodeFormat::None;
};

// Decodes with every 1D format enabled, so a wrong symbology shows as such.
inline Decoded Decode(const GrayImage& image) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::LinearCodes);
  hints.setTryHarder(true);
  hints.setReturnCodabarStartEnd(true);
  const auto result =
      ZXing::ReadBarcode({image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum}, hints);
  if (!result.isValid()) return {};
  return {true, result.text(), result.format()};
}

}  // namespace denen::library::testing
