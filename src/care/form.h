// A filled-in 認定調査票: answers by item id (choice numbers as in items.json),
// the 特記事項 per item, and optionally the 主治医意見書 (doctor's opinion)
// fields. ParseCareForm validates strictly: every error names the item.
// Plain values; safe to copy and share read-only.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "care/catalog.h"
#include "core/error.h"

namespace denen::care {

struct CareForm {
  std::string form_id;
  // Item id → chosen choice numbers, ascending (one for single-choice items).
  std::map<std::string, std::vector<int>> answers;
  // Item id → 特記事項 for that item (after splitting any free-text block).
  std::map<std::string, std::string> notes;
  // 主治医意見書 fields flattened to "a.b" paths with scalar values rendered as
  // strings ("true", "3", "self"); empty when the form carries no doctor part.
  std::map<std::string, std::string> doctor;
  bool has_doctor = false;
};

// JSON layout (docs/care-rules.md): {"form_id"?, "answers": {"1-1": [2,4],
// "1-3": 2, …}, "notes"?: {"2-1": "…"}, "tokki"?: "(2-1) … (2-2) …",
// "doctor"?: {…}}. Unknown fields and items, choices out of range, and two
// answers to a single-choice item are errors naming the item.
Result<CareForm> ParseCareForm(const nlohmann::json &value, const ItemCatalog &catalog);

// Validates one item's choices (used by judge too).
Result<std::vector<int>> ValidateChoices(const ItemCatalog &catalog, const std::string &item,
                                         const nlohmann::json &value);

}  // namespace denen::care
