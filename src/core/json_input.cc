#include "core/json_input.h"

namespace denen {

Result<nlohmann::json> ParseJson(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Fail(
        Error::Invalid("invalid_json", "JSONの形式が正しくありません(" + std::to_string(e.byte) + " バイト目付近)"));
  }
}

Result<JsonObjectReader> JsonObjectReader::Of(const nlohmann::json& value, std::string what) {
  if (!value.is_object()) {
    return Fail(Error::Invalid("invalid_type", what + " はJSONオブジェクトである必要があります"));
  }
  return JsonObjectReader(value, std::move(what));
}

Error JsonObjectReader::FieldError(std::string_view field, std::string_view why) const {
  return Error::Invalid("invalid_field", what_ + " の \"" + std::string(field) + "\": " + std::string(why));
}

const nlohmann::json* JsonObjectReader::Raw(std::string_view field) {
  used_.insert(std::string(field));
  auto it = value_->find(field);
  return it == value_->end() ? nullptr : &*it;
}

Result<std::optional<std::string>> JsonObjectReader::OptionalString(std::string_view field, size_t max_length) {
  const nlohmann::json* v = Raw(field);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Fail(FieldError(field, "文字列で指定してください"));
  const std::string& s = v->get_ref<const std::string&>();
  if (s.size() > max_length) {
    return Fail(FieldError(field, "長すぎます(最大 " + std::to_string(max_length) + " バイト)"));
  }
  return std::optional<std::string>(s);
}

Result<std::string> JsonObjectReader::RequiredString(std::string_view field, size_t max_length) {
  DENEN_TRY(value, OptionalString(field, max_length));
  if (!value || value->empty()) return Fail(FieldError(field, "必須項目です"));
  return *value;
}

Result<std::optional<int64_t>> JsonObjectReader::OptionalInt(std::string_view field) {
  const nlohmann::json* v = Raw(field);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (!v->is_number_integer()) return Fail(FieldError(field, "整数で指定してください"));
  return std::optional<int64_t>(v->get<int64_t>());
}

Result<int64_t> JsonObjectReader::RequiredInt(std::string_view field) {
  DENEN_TRY(value, OptionalInt(field));
  if (!value) return Fail(FieldError(field, "必須項目です"));
  return *value;
}

Result<std::optional<bool>> JsonObjectReader::OptionalBool(std::string_view field) {
  const nlohmann::json* v = Raw(field);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (!v->is_boolean()) return Fail(FieldError(field, "true または false で指定してください"));
  return std::optional<bool>(v->get<bool>());
}

Result<std::vector<std::string>> JsonObjectReader::StringArray(std::string_view field, bool required, size_t max_items,
                                                               size_t max_length) {
  const nlohmann::json* v = Raw(field);
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) {
    if (required) return Fail(FieldError(field, "必須項目です"));
    return out;
  }
  if (!v->is_array()) return Fail(FieldError(field, "文字列の配列で指定してください"));
  if (v->size() > max_items) {
    return Fail(FieldError(field, "要素が多すぎます(最大 " + std::to_string(max_items) + " 個)"));
  }
  for (const auto& item : *v) {
    if (!item.is_string()) return Fail(FieldError(field, "文字列の配列で指定してください"));
    const std::string& s = item.get_ref<const std::string&>();
    if (s.size() > max_length) return Fail(FieldError(field, "要素が長すぎます"));
    out.push_back(s);
  }
  if (required && out.empty()) return Fail(FieldError(field, "1つ以上指定してください"));
  return out;
}

Result<void> JsonObjectReader::RejectUnknown() const {
  for (const auto& [key, value] : value_->items()) {
    if (!used_.contains(key)) return Fail(FieldError(key, "不明な項目です"));
  }
  return {};
}

}  // namespace denen
