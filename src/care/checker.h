// The care-needs form consistency checker: the public face of src/care.
// Load once per process (MeCab dictionaries and rule files), then check many
// forms and judge many cases; a loaded CareChecker is immutable and safe to
// use from several threads at once. Findings are values; nothing throws.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "care/form.h"
#include "care/note_judge.h"
#include "care/rules.h"
#include "care/tokenizer.h"
#include "core/error.h"

namespace denen::care {

struct FindingEvidence {
  std::string item;  // whose note the offsets point into
  size_t begin = 0;  // code points
  size_t end = 0;
  std::string text;
};

struct Finding {
  std::string kind;  // warning_code | note_contradiction | missing_note |
                     // doctor_mismatch
  std::string code;  // 警告コード "01"…"57", rule id "R03", ☆ / ★ / 未 for the 意見書,
                     // "model" for a note contradiction the learned model found
  std::vector<std::string> items;
  std::string severity;  // high | medium | low | info
  std::string message;   // Japanese, for the reviewer
  std::vector<FindingEvidence> evidence;
  std::vector<int> suggested;
};

// One labelled or unlabelled note↔answer case (the `judge` and `eval` input).
struct JudgeCase {
  std::string id;
  std::string item;
  std::vector<int> choice;
  std::string note;
};

struct JudgeOutcome {
  std::string id;
  bool consistent = true;
  std::vector<int> suggested;
  std::string evidence;
  std::string reason;
};

class CareChecker {
 public:
  struct Options {
    std::string data_dir;  // data/care
    std::string dicdir;    // IPADIC (UTF-8)
    std::string userdic;   // compiled care user dictionary
    // Read data_dir/model.tsv, the learned reader (note_model.h), when the
    // data directory has one; false: the rules alone.
    bool use_model = true;
  };
  // The compiled-in locations (source tree data, build-tree user dictionary).
  static Options DefaultOptions();
  // A data_dir holding its own care_user.dic uses it; otherwise the default.
  static Options OptionsForDataDir(const std::string &data_dir);
  static Result<std::unique_ptr<CareChecker>> Load(const Options &options);

  // Strict parse of a JSON form, including the doctor fields against the rules.
  Result<CareForm> ParseForm(const nlohmann::json &value) const;
  std::vector<Finding> Check(const CareForm &form) const;
  // Check of each form, in order, with the same findings; faster for many
  // forms. The notes of about kBatch notes' worth of forms are tokenised one
  // after another, then the rules read them: MeCab's tables stay in the
  // processor's caches while MeCab runs, and the rules' while they run. (Run
  // by turns, each evicted the other's: MeCab ran 1.1–1.2× slower inside
  // Check than alone.)
  std::vector<std::vector<Finding>> CheckAll(std::span<const CareForm> forms) const;
  // Fails only for an unknown item or a choice out of range.
  Result<JudgeOutcome> Judge(const JudgeCase &c) const;
  // Judge of each case, in order, kBatch notes tokenised ahead as in CheckAll.
  std::vector<Result<JudgeOutcome>> JudgeAll(std::span<const JudgeCase> cases) const;
  // How many notes CheckAll and JudgeAll tokenise ahead (CheckAll: whole
  // forms, the last one may take it past). MeCab's morphemes of a note take
  // about 1 KiB.
  static constexpr size_t kBatch = 256;
  // The rules' judgment, then the learned model's word where it may speak.
  NoteJudgment JudgeNote(const ItemDef &item, const std::vector<int> &chosen,
                         std::string_view note) const;
  // The note's words as the learned model reads them (for training).
  std::vector<NoteWord> NoteWords(const ItemDef &item, std::string_view note) const;
  // Null when the data directory has no model or it is not used.
  const NoteModel *model() const { return model_.get(); }

  const RuleSet &rules() const { return *rules_; }
  const Tokenizer &tokenizer() const { return *tokenizer_; }

 private:
  CareChecker() = default;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<RuleSet> rules_;
  std::unique_ptr<NoteJudge> judge_;
  std::unique_ptr<NoteModel> model_;

  // Check, with the notes of the answered items parsed ahead, in the order
  // of form.answers (an empty ParsedNote for an answer without a note).
  std::vector<Finding> CheckParsed(const CareForm &form, std::vector<ParsedNote> notes) const;
  std::vector<ParsedNote> ParseNotes(const CareForm &form) const;
  NoteJudgment JudgeParsedNote(const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                               ParsedNote parsed) const;
  // Judge, with the note parsed ahead; `item` is c.item's definition or null.
  Result<JudgeOutcome> JudgeParsed(const JudgeCase &c, const ItemDef *item, ParsedNote parsed) const;
};

nlohmann::json FindingToJson(const Finding &f);
// {"findings":[...]} as printed by `denen care check` and returned by the API.
nlohmann::json FindingsToJson(const std::vector<Finding> &findings);
// Parses and checks a form: the whole of `POST /api/v1/care/check`.
Result<nlohmann::json> CheckFormJson(const CareChecker &checker, const nlohmann::json &form);

}  // namespace denen::care
