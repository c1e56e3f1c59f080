// Encoders from a card number to the bars of each symbology the barcode
// profiles name, and the SVG the counter monitor shows. A barcode is a run of
// modules (1 = bar); every width is a whole number of modules and every module
// a whole number of screen pixels, so a monitor draws it without blur.
// Pure; safe for concurrent use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "library/barcode_profile.h"

namespace denen::library {

struct Barcode {
  std::vector<bool> modules;  // without the quiet zone; starts and ends with a bar
  std::string encoded;        // what a scanner reports (NW-7 with start/stop)
  std::string text;           // the number in text, as printed beneath
};

// Encodes a normalized card number (see NormalizeCardNumber) for the
// profile's symbology. Refuses characters the symbology cannot carry.
Result<Barcode> EncodeBarcode(const BarcodeProfile& profile, std::string_view number);

// Widths of alternating bars and spaces, starting with a bar, in modules.
std::vector<int> RunLengths(const std::vector<bool>& modules);

// A standalone SVG sized in CSS pixels (module_px per module, quiet zone on
// both sides, shape-rendering crispEdges), white background, the number in
// text beneath when the profile says so.
std::string RenderSvg(const BarcodeProfile& profile, const Barcode& barcode);

// Pixel size of the SVG RenderSvg makes.
int SvgWidthPx(const BarcodeProfile& profile, const Barcode& barcode);
int SvgHeightPx(const BarcodeProfile& profile);

}  // namespace denen::library
