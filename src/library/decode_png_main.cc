// library_decode_png FILE.png: reads the 1D barcodes in a PNG (a screenshot of
// the counter page) with zxing-cpp and prints the first as "FORMAT TEXT";
// exits 1 when none is found. A test tool, as a counter scanner would
// read the monitor.
#include <ZXing/ReadBarcode.h>
#include <png.h>

#include <cstdio>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: library_decode_png FILE.png\n";
    return 2;
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, argv[1])) {
    std::cerr << "cannot read " << argv[1] << ": " << image.message << "\n";
    return 2;
  }
  image.format = PNG_FORMAT_GRAY;
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    std::cerr << "cannot decode " << argv[1] << ": " << image.message << "\n";
    return 2;
  }
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::LinearCodes);
  hints.setTryHarder(true);
  hints.setReturnCodabarStartEnd(true);
  // ReadBarcode, not ReadBarcodes: Debian's zxing 1.4 asserts while merging the
  // several scan lines of one 1D symbol in ReadBarcodes.
  const auto result = ZXing::ReadBarcode(
      {pixels.data(), static_cast<int>(image.width), static_cast<int>(image.height), ZXing::ImageFormat::Lum}, hints);
  if (!result.isValid()) return 1;
  std::cout << ZXing::ToString(result.format()) << " " << result.text() << "\n";
  return 0;
}
