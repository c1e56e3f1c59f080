// Judges whether a 特記事項 agrees with the chosen answer of its item: finds
// what the note says (cues from the lexicon, weighted by context: negation,
// hedges, frequency, past vs now, 日頃 vs 調査時, the 不適切 pattern), votes
// for the choices that fit, and suggests the best-fitting choice when the
// chosen one is not supported. Stateless; safe to call concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "care/catalog.h"
#include "care/note_model.h"
#include "care/rules.h"
#include "care/tokenizer.h"

namespace denen::care {

struct NoteEvidence {
  size_t begin = 0;  // code point offsets into the note as given
  size_t end = 0;
  std::string text;
  std::string source;         // lexicon.tsv:57, explicit, frequency
  std::vector<int> supports;  // choices this evidence speaks for
  double weight = 0;
};

struct NoteJudgment {
  bool judged = false;  // false: the note says nothing the rules understand
  bool consistent = true;
  std::vector<int> suggested;          // the choices the note supports best
  std::vector<NoteEvidence> evidence;  // strongest first
  std::string reason;                  // Japanese, for reviewers
  double confidence = 0;               // 0..1, how clearly the note decides
  // The note says how often something happens (a single dated occurrence,
  // 3週間前, says when, not how often). Read for required-note checks.
  bool states_rate = false;
  // The learned model flagged the note (ApplyNoteModel), not the rules.
  bool by_model = false;
  // The rules flagged the note and the learned model, nearly certain of the
  // chosen answer, withdrew the flag (ApplyNoteModel); `reason` says so.
  bool withdrawn_by_model = false;
  // The note's words, read by the learned model (ApplyNoteModel); empty for
  // an empty note.
  std::vector<NoteWord> words;
  // The learned model's Predict of `words` where the judge asked it (a note
  // that names the choice chosen); empty otherwise. ApplyNoteModel uses it
  // rather than predicting again.
  std::vector<double> model_scores;
};

// A note made ready for the rules: its text after width normalisation and
// MeCab's morphemes of that text (NoteJudge::Parse).
struct ParsedNote {
  std::string text;
  std::vector<Morpheme> morphemes;
};

class NoteJudge {
 public:
  // `model`, when given, is the learned reader the checker applies after the
  // rules (ApplyNoteModel); the judge asks it only whether a note that names
  // the choice chosen is worth reading without that statement.
  NoteJudge(const RuleSet &rules, const Tokenizer &tokenizer, const NoteModel *model = nullptr)
      : rules_(rules), tokenizer_(tokenizer), model_(model) {}

  // The same as Judge(item, chosen, note, Parse(note)).
  NoteJudgment Judge(const ItemDef &item, const std::vector<int> &chosen, std::string_view note) const;
  // MeCab's part of judging a note, to be done for many notes before any is
  // judged (CareChecker::CheckAll).
  ParsedNote Parse(std::string_view note) const;
  // `parsed` is Parse(note).
  NoteJudgment Judge(const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                     ParsedNote parsed) const;
  // The words of the whole note as the learned model reads them: the words
  // it is trained on, whatever the note states.
  std::vector<NoteWord> Words(const ItemDef &item, std::string_view note) const;

 private:
  // read_stated_facts: a note that names the choice chosen may be read once
  // more without the clauses that state it (step 1 of the judgment); false
  // for that reading, and for the words alone.
  NoteJudgment JudgeParsed(const ItemDef &item, const std::vector<int> &chosen, std::string_view note,
                           ParsedNote parsed, bool read_stated_facts) const;
  const RuleSet &rules_;
  const Tokenizer &tokenizer_;
  const NoteModel *model_;
};

}  // namespace denen::care
