// Strict reading of JSON objects that come from outside (API bodies, files):
// required and optional fields with exact types, and unknown fields refused.
// Every error names the field. Not thread-safe; use one reader per object.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace denen {

// Parses text as JSON; a syntax error says where.
Result<nlohmann::json> ParseJson(std::string_view text);

class JsonObjectReader {
 public:
  // `what` names the object in messages (e.g. "リクエスト本文").
  static Result<JsonObjectReader> Of(const nlohmann::json& value, std::string what);

  Result<std::string> RequiredString(std::string_view field, size_t max_length = 1000);
  Result<std::optional<std::string>> OptionalString(std::string_view field, size_t max_length = 1000);
  Result<int64_t> RequiredInt(std::string_view field);
  Result<std::optional<int64_t>> OptionalInt(std::string_view field);
  Result<std::optional<bool>> OptionalBool(std::string_view field);
  Result<std::vector<std::string>> StringArray(std::string_view field, bool required, size_t max_items = 100,
                                               size_t max_length = 200);
  // Marks a field as known without reading it (the caller reads it itself).
  const nlohmann::json* Raw(std::string_view field);

  // Fails naming the first field that was never read.
  Result<void> RejectUnknown() const;

 private:
  JsonObjectReader(const nlohmann::json& value, std::string what) : value_(&value), what_(std::move(what)) {}
  Error FieldError(std::string_view field, std::string_view why) const;

  const nlohmann::json* value_;
  std::string what_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace denen
