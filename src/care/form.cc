#include "care/form.h"

#include <algorithm>

#include "care/note_splitter.h"
#include "core/json_input.h"

namespace denen::care {

namespace {

Error ItemError(const std::string &item, const std::string &why) {
  return Error::Invalid("invalid_care_form", "項目 " + item + ": " + why);
}

void Flatten(const nlohmann::json &v, const std::string &prefix,
             std::map<std::string, std::string> *out) {
  if (v.is_object()) {
    for (const auto &[k, child] : v.items())
      Flatten(child, prefix.empty() ? k : prefix + "." + k, out);
  } else if (v.is_array()) {
    // A list of names ("paralysis": ["left_upper"]) means each named field is
    // true.
    for (const auto &e : v) {
      if (e.is_string()) (*out)[prefix + "." + e.get<std::string>()] = "true";
    }
    (*out)[prefix] = v.empty() ? "false" : "true";
  } else if (v.is_boolean()) {
    (*out)[prefix] = v.get<bool>() ? "true" : "false";
  } else if (v.is_number_integer()) {
    (*out)[prefix] = std::to_string(v.get<int64_t>());
  } else if (v.is_string()) {
    (*out)[prefix] = v.get<std::string>();
  }
}

}  // namespace

Result<std::vector<int>> ValidateChoices(const ItemCatalog &catalog, const std::string &item,
                                         const nlohmann::json &value) {
  const ItemDef *def = catalog.Find(item);
  if (def == nullptr) return Fail(ItemError(item, "調査項目にない項目番号です"));
  std::vector<int> choices;
  if (value.is_number_integer()) {
    choices.push_back(value.get<int>());
  } else if (value.is_array()) {
    for (const auto &v : value) {
      if (!v.is_number_integer()) return Fail(ItemError(item, "選択肢は整数で指定してください"));
      choices.push_back(v.get<int>());
    }
  } else {
    return Fail(ItemError(item, "選択肢は整数か整数の配列で指定してください"));
  }
  if (choices.empty()) return Fail(ItemError(item, "選択肢がありません"));
  std::sort(choices.begin(), choices.end());
  if (std::adjacent_find(choices.begin(), choices.end()) != choices.end()) {
    return Fail(ItemError(item, "同じ選択肢が重複しています"));
  }
  for (int c : choices) {
    if (!def->FindChoice(c)) {
      return Fail(ItemError(item, "選択肢 " + std::to_string(c) + " は範囲外です（1〜" +
                                      std::to_string(def->choices.back().no) + "）"));
    }
  }
  if (!def->multi && choices.size() > 1) {
    return Fail(ItemError(item, def->name + " は単一回答の項目ですが " +
                                    std::to_string(choices.size()) +
                                    " 個の選択肢が指定されています"));
  }
  if (def->multi && choices.size() > 1 && choices.front() == 1) {
    return Fail(ItemError(item, "「1.ない」と他の選択肢が同時に指定されています"));
  }
  return choices;
}

Result<CareForm> ParseCareForm(const nlohmann::json &value, const ItemCatalog &catalog) {
  DENEN_TRY(reader, JsonObjectReader::Of(value, "調査票"));
  CareForm form;
  DENEN_TRY(form_id, reader.OptionalString("form_id", 200));
  form.form_id = form_id.value_or("");
  const nlohmann::json *answers = reader.Raw("answers");
  if (answers == nullptr || !answers->is_object()) {
    return Fail(
        Error::Invalid("invalid_care_form", "調査票の \"answers\" は必須のオブジェクトです"));
  }
  for (const auto &[item, v] : answers->items()) {
    DENEN_TRY(choices, ValidateChoices(catalog, item, v));
    form.answers[item] = std::move(choices);
  }
  if (const nlohmann::json *notes = reader.Raw("notes"); notes != nullptr && !notes->is_null()) {
    if (!notes->is_object()) {
      return Fail(Error::Invalid("invalid_care_form", "調査票の \"notes\" はオブジェクトです"));
    }
    for (const auto &[item, v] : notes->items()) {
      if (!catalog.Find(item))
        return Fail(ItemError(item, "特記事項の項目番号が調査項目にありません"));
      if (!v.is_string()) return Fail(ItemError(item, "特記事項は文字列で指定してください"));
      form.notes[item] = v.get<std::string>();
    }
  }
  DENEN_TRY(tokki, reader.OptionalString("tokki", 200000));
  if (tokki) {
    for (ItemNote &n : SplitTokki(*tokki, catalog)) {
      if (n.items.empty()) {
        if (n.text.empty()) continue;
        return Fail(
            Error::Invalid("invalid_care_form",
                           "特記事項の先頭に項目番号のない文があります: " + n.text.substr(0, 60)));
      }
      for (const std::string &item : n.items) {
        std::string &dst = form.notes[item];
        if (!dst.empty()) dst += "\n";
        dst += n.text;
      }
    }
  }
  if (const nlohmann::json *doctor = reader.Raw("doctor");
      doctor != nullptr && !doctor->is_null()) {
    if (!doctor->is_object()) {
      return Fail(Error::Invalid("invalid_care_form", "調査票の \"doctor\" はオブジェクトです"));
    }
    form.has_doctor = true;
    Flatten(*doctor, "", &form.doctor);
  }
  DENEN_TRY_VOID(reader.RejectUnknown());
  return form;
}

}  // namespace denen::care
