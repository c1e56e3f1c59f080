#include "care/form_csv.h"

#include <map>
#include <optional>

#include "care/form.h"
#include "care/text.h"
#include "core/utf8.h"

namespace denen::care {
namespace {

Error RowError(int row, std::string_view column, const std::string& why) {
  std::string where = std::to_string(row) + " 行目";
  if (!column.empty()) where += "「" + std::string(column) + "」列";
  return Error::Invalid("invalid_care_csv", "CSV " + where + ": " + why);
}

enum Column { kFormId, kItem, kChoice, kNote, kColumnCount };
constexpr std::string_view kColumnNames[kColumnCount] = {"調査票ID", "項目番号", "選択肢", "特記事項"};
constexpr std::string_view kColumnAliases[kColumnCount] = {"form_id", "item", "choice", "note"};

Result<std::vector<int>> HeaderColumns(const CsvRecord& header) {
  std::vector<int> index(kColumnCount, -1);
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(detail::Trim(header.fields[i]));
    int found = -1;
    for (int k = 0; k < kColumnCount; ++k) {
      if (name == kColumnNames[k] || name == kColumnAliases[k]) found = k;
    }
    if (found < 0) {
      return Fail(
          RowError(1, "", "見出し「" + name + "」は使えません（使える見出し: 調査票ID, 項目番号, 選択肢, 特記事項）"));
    }
    if (index[found] >= 0) return Fail(RowError(1, "", "見出し「" + name + "」が2回あります"));
    index[found] = static_cast<int>(i);
  }
  for (int k = 0; k < kColumnCount; ++k) {
    if (index[k] < 0) return Fail(RowError(1, "", "見出し「" + std::string(kColumnNames[k]) + "」がありません"));
  }
  return index;
}

// "2", "2;4" (multiple-choice items) → JSON for ValidateChoices.
Result<nlohmann::json> ParseChoices(int row, const std::string& text) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& part : detail::Split(text, ';')) {
    const std::string n(detail::Trim(part));
    if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(RowError(row, kColumnNames[kChoice],
                           "選択肢は番号（複数回答は 2;4 のように「;」区切り）で書いてください: " + text));
    }
    out.push_back(std::stoi(n));
  }
  return out;
}

}  // namespace

Result<std::vector<CsvRecord>> SplitCsvRecords(std::string_view text) {
  std::vector<CsvRecord> out;
  CsvRecord current{1, {}};
  std::string field;
  bool in_quotes = false;
  bool quoted = false;  // the current field was quoted
  size_t i = 0;
  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    quoted = false;
  };
  auto end_record = [&] {
    end_field();
    const int next = current.row + 1;
    out.push_back(std::move(current));
    current = CsvRecord{next, {}};
  };
  while (i < text.size()) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        in_quotes = false;
        ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return Fail(RowError(
              current.row, "",
              "引用符（\"）で閉じた後に文字があります（" + std::to_string(current.fields.size() + 1) + " 列目）"));
        }
        continue;
      }
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;  // a note's CRLF becomes LF
      field += text[i];
      ++i;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || quoted) {
        return Fail(RowError(current.row, "",
                             "引用符で囲まれていない欄に引用符（\"）があります（" +
                                 std::to_string(current.fields.size() + 1) + " 列目）"));
      }
      in_quotes = true;
      quoted = true;
      ++i;
    } else if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_record();
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    } else {
      field += c;
      ++i;
    }
  }
  if (in_quotes) return Fail(RowError(current.row, "", "引用符（\"）が閉じられていません"));
  if (!field.empty() || quoted || !current.fields.empty()) end_record();
  return out;
}

Result<std::vector<CsvForm>> ParseFormCsv(std::string_view text, const ItemCatalog& catalog) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  DENEN_TRY(records, SplitCsvRecords(text));
  if (records.empty()) return Fail(Error::Invalid("invalid_care_csv", "CSV が空です（見出しの行が必要です）"));
  DENEN_TRY(column, HeaderColumns(records.front()));

  std::vector<CsvForm> forms;
  std::map<std::string, size_t> form_index;
  std::map<std::pair<std::string, std::string>, int> seen;  // (form, item) → row
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    const int row = rec.row;
    bool blank = true;
    for (const std::string& f : rec.fields) {
      if (!detail::Trim(f).empty()) blank = false;
    }
    if (blank) continue;
    if (rec.fields.size() != records.front().fields.size()) {
      return Fail(RowError(row, "",
                           "列の数が見出しと違います（" + std::to_string(records.front().fields.size()) +
                               " 列のはずが " + std::to_string(rec.fields.size()) + " 列）"));
    }
    for (int k = 0; k < kColumnCount; ++k) {
      if (!IsValidUtf8(rec.fields[column[k]])) {
        return Fail(RowError(row, kColumnNames[k],
                             "文字コードが UTF-8 ではありません（Shift_JIS "
                             "などで保存したファイルは UTF-8 に変換してください）"));
      }
    }
    const std::string form_id(detail::Trim(rec.fields[column[kFormId]]));
    const std::string item(detail::Trim(detail::NormalizeWidth(rec.fields[column[kItem]])));
    const std::string choice(detail::Trim(detail::NormalizeWidth(rec.fields[column[kChoice]])));
    const std::string& note = rec.fields[column[kNote]];
    if (form_id.empty()) return Fail(RowError(row, kColumnNames[kFormId], "調査票IDがありません"));
    if (form_id.size() > kCsvMaxFormIdBytes) {
      return Fail(
          RowError(row, kColumnNames[kFormId], "長すぎます（最大 " + std::to_string(kCsvMaxFormIdBytes) + " バイト）"));
    }
    if (choice.size() > kCsvMaxChoiceBytes) {
      return Fail(
          RowError(row, kColumnNames[kChoice], "長すぎます（最大 " + std::to_string(kCsvMaxChoiceBytes) + " バイト）"));
    }
    if (const size_t chars = detail::CodepointCount(note); chars > kCsvMaxNoteChars) {
      return Fail(RowError(
          row, kColumnNames[kNote],
          "長すぎます（" + std::to_string(chars) + " 文字、最大 " + std::to_string(kCsvMaxNoteChars) + " 文字）"));
    }

    auto [it, added] = form_index.try_emplace(form_id, forms.size());
    if (added) {
      forms.push_back(
          {form_id,
           row,
           {{"form_id", form_id}, {"answers", nlohmann::json::object()}, {"notes", nlohmann::json::object()}}});
    }
    nlohmann::json& form = forms[it->second].form;

    if (item.empty()) {
      // A row without an item number carries (part of) the free-text 特記事項 block.
      if (!choice.empty()) return Fail(RowError(row, kColumnNames[kItem], "選択肢のある行には項目番号が必要です"));
      std::string tokki = form.value("tokki", "");
      if (!tokki.empty()) tokki += "\n";
      form["tokki"] = tokki + note;
      continue;
    }
    const ItemDef* def = catalog.Find(item);
    if (def == nullptr) return Fail(RowError(row, kColumnNames[kItem], "調査項目にない項目番号です: " + item));
    if (auto [prev, fresh] = seen.try_emplace({form_id, item}, row); !fresh) {
      return Fail(RowError(
          row, kColumnNames[kItem],
          "調査票「" + form_id + "」の項目 " + item + " は " + std::to_string(prev->second) + " 行目にもあります"));
    }
    if (choice.empty() && detail::Trim(note).empty()) {
      return Fail(RowError(row, kColumnNames[kChoice], "選択肢も特記事項もありません"));
    }
    if (!choice.empty()) {
      DENEN_TRY(choices, ParseChoices(row, choice));
      auto valid = ValidateChoices(catalog, item, choices);
      if (!valid) return Fail(RowError(row, kColumnNames[kChoice], valid.error().message));
      form["answers"][item] = def->multi ? nlohmann::json(*valid) : nlohmann::json(valid->front());
    }
    if (!detail::Trim(note).empty()) form["notes"][item] = note;
  }
  if (forms.empty()) return Fail(Error::Invalid("invalid_care_csv", "CSV に調査票の行がありません"));
  return forms;
}

}  // namespace denen::care
