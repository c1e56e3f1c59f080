// Shared by the care fuzz targets: the item catalog they check forms against,
// loaded once per process from data/care/items.json in the source tree (the
// build passes its path as DENEN_CARE_ITEMS_JSON; aborts when unreadable).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "care/catalog.h"

namespace denen::care::fuzz {


inline const ItemCatalog& Catalog() {
  static const ItemCatalog* catalog = [] {
    std::ifstream in(DENEN_CARE_ITEMS_JSON);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ItemCatalog::Parse(text.str());
    if (!in || !parsed) {
      std::fprintf(stderr, "cannot load %s\n", DENEN_CARE_ITEMS_JSON);
      std::abort();
    }
    return new ItemCatalog(std::move(*parsed));
  }();
  return *catalog;
}

}  // namespace denen::care::fuzz
