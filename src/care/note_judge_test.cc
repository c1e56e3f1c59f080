// Note ↔ answer judgement, one rule family per test. Notes are written here in
// words that appear in neither cases file.
#include <gtest/gtest.h>

#include <algorithm>

#include "care/test_util.h"
#include "care/text.h"

namespace denen::care {
namespace {

// The rules alone: the learned model has its own tests (note_model_test.cc).
NoteJudgment Judge(const std::string &item, std::vector<int> chosen, const std::string &note) {
  const CareChecker &c = testing::RulesChecker();
  return c.JudgeNote(*c.rules().catalog().Find(item), chosen, note);
}

void ExpectFlag(const std::string &item, std::vector<int> chosen, const std::string &note, std::vector<int> suggested) {
  NoteJudgment j = Judge(item, chosen, note);
  EXPECT_TRUE(j.judged) << note;
  EXPECT_FALSE(j.consistent) << note << " / " << j.reason;
  EXPECT_EQ(j.suggested, suggested) << note << " / " << j.reason;
}

void ExpectAgree(const std::string &item, std::vector<int> chosen, const std::string &note) {
  NoteJudgment j = Judge(item, chosen, note);
  EXPECT_TRUE(j.consistent) << note << " / " << j.reason;
}

TEST(NoteJudgeTest, StatedSelectionDecides) {
  ExpectFlag("2-1", {1}, "移乗時は常に夫が腰を抱えており「4.全介助」を選択する。", {4});
  ExpectAgree("2-1", {4}, "移乗時は常に夫が腰を抱えており「4.全介助」を選択する。");
  // A choice named only as a state that sometimes occurs is not a selection.
  ExpectAgree("1-3", {2}, "めまいの日は「3.できない」状態になる。柵につかまれば寝返る。");
  // The last stated selection wins ("2 では困難と判断し 3 を選択").
  ExpectAgree("2-7", {3}, "「2.一部介助」では困難と判断し、「3.全介助」を選択した。");
  // A label of the conclusion and one choice, alone in brackets, full width
  // or not (engine.tsv explicit_label).
  ExpectFlag("2-1", {1}, "【選択：全介助】移る時は毎回、夫に声をかけてから移っている。", {4});
  ExpectFlag("2-1", {3}, "移る時は毎回、夫に声をかけてから移っている（判断：全介助）。", {4});
  ExpectFlag("4-12", {1}, "物忘れの話をされた(→ある)", {3});
  NoteJudgment bracket = Judge("2-1", {1}, "移る時は毎回、夫に声をかけてから移っている（判断：全介助）。");
  ASSERT_FALSE(bracket.evidence.empty());
  EXPECT_EQ(bracket.evidence.back().text, "（判断：全介助）");
  // A bracket that names no choice, or a choice without the label, states nothing.
  ExpectAgree("2-1", {1}, "手すりにつかまり自分で移っている（判断：本人の申告）。");
}

// A note that names the choice chosen is read again without that statement
// and the reason given with it: facts elsewhere in the note that flag the
// answer stand against a reason that misreads criteria.md.
TEST(NoteJudgeTest, StatedChosenAnswerIsReadAgainstTheNotesFacts) {
  NoteJudgment j = Judge("2-1", {1},
                         "車いすへ移る時は毎回、夫が腰を抱えて移している。本人に立とうとする意欲があるため"
                         "「1.介助されていない」を選択した。");
  EXPECT_FALSE(j.consistent) << j.reason;
  EXPECT_EQ(j.suggested, std::vector<int>{4}) << j.reason;
  ASSERT_FALSE(j.evidence.empty());
  EXPECT_TRUE(std::any_of(j.evidence.begin(), j.evidence.end(),
                          [](const NoteEvidence &e) { return e.text.find("夫が腰を抱え") != std::string::npos; }))
      << j.reason;
  EXPECT_NE(j.reason.find("を選んだと書いているが"), std::string::npos) << j.reason;
  // Facts that fit the statement, or none besides it: the statement decides.
  ExpectAgree("2-1", {1}, "手すりにつかまり自分で車いすへ移っている。「1.介助されていない」を選択した。");
  ExpectAgree("2-1", {1}, "「1.介助されていない」を選択した。");
  // The facts the reason rests on, said in the statement's own clause, are
  // the reason: read with it, not against it.
  ExpectAgree("2-1", {4}, "夫が腰を抱えて移しているため「4.全介助」を選択した。");
}

TEST(NoteJudgeTest, NumbersInKanji) {
  EXPECT_EQ(detail::ParseNumber("84"), 84);
  EXPECT_EQ(detail::ParseNumber("八十四"), 84);
  EXPECT_EQ(detail::ParseNumber("十一"), 11);
  EXPECT_EQ(detail::ParseNumber("百二"), 102);
  EXPECT_EQ(detail::ParseNumber("九十"), 90);
  EXPECT_EQ(detail::ParseNumber("今"), -1);
  EXPECT_EQ(detail::ParseNumber(""), -1);
  // The age answered and the real age, in words; a bare number answered is an age.
  ExpectFlag("3-3", {2}, "「七十九歳」と言い、本当は八十歳である。", {1});
  ExpectFlag("3-3", {1}, "歳を聞くと「五十」と言う。実年齢は七十七歳。", {2});
  // The month of the survey as one word (十二月).
  ExpectFlag("3-6", {1}, "「夏です」と答えた。調査日は十二月初旬。", {2});
}

TEST(NoteJudgeTest, CompoundVerbHalfInKana) {
  // 聞きとれる is read as 聞き|とれる: together they are 聞き取れる.
  ExpectFlag("1-13", {1}, "大声で呼びかければ聞きとれる。", {3});
}

TEST(NoteJudgeTest, LettingGoOfTheAidIsASupposition) {
  ExpectFlag("1-6", {1}, "物干し台の柱を握って立つ。柱から手を離すと立っていられない。", {2});
}

TEST(NoteJudgeTest, ProperMethodBeforeTheActualState) {
  // 本来は names the proper method in its clause; the later 不適切 discounts only the
  // actual state after the contrast.
  ExpectFlag(
      "2-6", {1},
      "本来は排便の後始末に一部介助が必要だが、日中独居で本人が一人で済ませている。不適切な状況にあると判断する。",
      {3});
}

TEST(NoteJudgeTest, APhraseReferringBackKeepsItsOccasion) {
  // そのとき opens a phrase told for the occasion before it (夜間 1 < 日中 2).
  ExpectAgree("2-5", {1}, "日中はトイレで自分で済ませる。夜間は尿が漏れ、そのとき息子がパッドを替えている。");
}

TEST(NoteJudgeTest, PlaceAnsweredAgainstThePlaceOfTheSurvey) {
  ExpectFlag("3-7", {1}, "老健に入所中。居場所を尋ねると「自宅」と言う。", {2});
  ExpectAgree("3-7", {1}, "自宅で面接した。どこにいるか聞くと「家」と答えた。");
}

TEST(NoteJudgeTest, EvidenceOffsetsPointIntoTheNote) {
  std::string note = "居間では、家具につかまって歩いている。";
  NoteJudgment j = Judge("1-7", {1}, note);
  ASSERT_FALSE(j.consistent);
  ASSERT_FALSE(j.evidence.empty());
  const NoteEvidence &e = j.evidence.front();
  std::vector<size_t> cps = detail::CodepointStarts(note);
  EXPECT_EQ(note.substr(cps[e.begin], cps[e.end] - cps[e.begin]), e.text);
  EXPECT_EQ(e.text, "つかまって");
}

TEST(NoteJudgeTest, NegationOfHelp) {
  ExpectFlag("2-4", {2}, "配膳後は見守りは不要で、自分で最後まで食べている。", {1});
  ExpectFlag("2-10", {3}, "上着は介助なしで着替えている。", {1});
  ExpectAgree("2-10", {1}, "上着は介助なしで着替えている。");
  ExpectFlag("1-8", {2}, "何にもつかまらずに椅子から立ち上がった。", {1});
}

TEST(NoteJudgeTest, WatchingCountsAsPartialWhereThereIsNoWatchChoice) {
  ExpectFlag("2-8", {1}, "洗面所で洗顔するよう毎朝声かけが必要である。", {2});
  ExpectFlag("2-5", {1}, "トイレの場所が分からず毎回声かけして誘導している。", {2});
}

TEST(NoteJudgeTest, HandsOnHelpIsPartialNotWatch) {
  ExpectFlag("2-2", {2}, "廊下では職員が手を引いて移動している。", {3});
  ExpectFlag("2-1", {2}, "車いすへ移る時は娘が体を支えている。", {3});
}

TEST(NoteJudgeTest, MoreFrequentSituationWins) {
  // Help only at night / when unwell is the minor situation.
  ExpectAgree("2-4", {1}, "ふだんは自分で食べるが、熱がある時のみ妻が口に運んでいる。");
  ExpectAgree("2-2", {1}, "屋内は自分で歩いて移動するが、体調が悪い日は車いすを押してもらう。");
}

TEST(NoteJudgeTest, PastIsNotNow) {
  ExpectFlag("4-6", {3}, "以前は毎晩大声を出していたが、服薬調整後この1か月はまったくない。", {1});
}

TEST(NoteJudgeTest, BpsdFrequencyThresholds) {
  ExpectFlag("4-3", {1}, "急に泣き出すことが週に2回ほどある。", {3});
  ExpectFlag("4-3", {3}, "急に泣き出すことが月に1、2回ある。", {2});
  ExpectAgree("4-3", {2}, "急に泣き出すことが月に1、2回ある。");
}

TEST(NoteJudgeTest, LifelongHabitIsNotABehaviour) {
  ExpectFlag("4-5", {3}, "若い頃からの性格で、同じ話を何度もする。", {1});
}

TEST(NoteJudgeTest, InappropriatePatternDiscountsTheActualHelp) {
  ExpectAgree("5-6", {4},
              "独居で調理は誰も行っていないが、火の管理ができず不適切な状況にあると判断"
              "し、"
              "適切な介助の方法を選択する。全て介助が必要と考え「4.全介助」を選択。");
}

TEST(NoteJudgeTest, ProvisionalAndRehabilitationSituationsAreDiscounted) {
  ExpectFlag("1-7", {2},
             "日頃は何かにつかまっても歩けない。リハビリ室では平行棒につかまっ"
             "て歩く。",
             {3});
}

TEST(NoteJudgeTest, HedgedStatementsWeighLess) {
  NoteJudgment sure = Judge("2-1", {1}, "妻が手を添えている。");
  NoteJudgment hedged = Judge("2-1", {1}, "妻が手を添えていると思われる。");
  ASSERT_FALSE(sure.evidence.empty());
  ASSERT_FALSE(hedged.evidence.empty());
  EXPECT_LT(hedged.evidence.front().weight, sure.evidence.front().weight);
}

TEST(NoteJudgeTest, SpecialMedicalCare) {
  ExpectFlag("6-9", {1}, "胃ろうから看護師が1日3回栄養剤を注入している。", {2});
  ExpectFlag("6-9", {2}, "胃ろうからの注入は家族が行っている。", {1});
  ExpectFlag("6-1", {2}, "肺炎で入院中、急性期の治療として一時的に点滴を受けた。", {1});
}

TEST(NoteJudgeTest, ParalysisAndContracture) {
  ExpectFlag("1-1", {1}, "左半身に麻痺があり、左上肢も左下肢も挙上できない。", {2, 4});
  ExpectFlag("1-1", {2}, "左手のしびれはあるが、確認動作は行えた。", {1});
  ExpectFlag("1-2", {1}, "右肩に制限があり、腕を前に上げられない。", {2});
  // Consciousness too low for the check and limbs never moved of the
  // person's own will: 麻痺 (criteria.md p.31-32).
  ExpectFlag("1-1", {1}, "意識が低く指示は入らない。両腕・両脚とも自ら動かす様子はない。", {2, 3, 4, 5});
  ExpectFlag("1-1", {1}, "指示が通らず確認動作はできなかった。四肢の自発的な動きはほとんどない。", {2, 3, 4, 5});
  // The check not done, but the limbs moved in daily life: no 麻痺.
  ExpectAgree("1-1", {1}, "指示が通らず確認動作はできなかった。毎朝、両腕を上げて自分で着替えている。");
}

TEST(NoteJudgeTest, AbilityToAnswer) {
  ExpectFlag("3-5", {1}, "自分の名前を尋ねても言えなかった。", {2});
  ExpectFlag("3-3", {2}, "年齢を正しく言えた。", {1});
}

TEST(NoteJudgeTest, SharedActsAreOnePartialHelp) {
  // The person does one part, a helper another: 一部介助, whichever clause
  // comes first and whether or not the helper is named.
  ExpectFlag("1-11", {1}, "手の指は本人が切るが、足の指は自分では届かず孫が切る。", {2});
  ExpectAgree("1-11", {2}, "手の指は本人が切るが、足の指は自分では届かず孫が切る。");
  ExpectFlag("2-4", {1}, "肉は小さく刻んでもらい、あとは自分で口に運ぶ。", {3});
  // Help only on bad days does not share out the usual state.
  ExpectAgree("2-8", {1}, "顔は自分で洗う。熱がある時のみ嫁が拭いている。");
}

TEST(NoteJudgeTest, HowMuchTheHelperDoes) {
  ExpectFlag("2-9", {1}, "髪は毎朝ヘルパーが全部整えている。", {3});
  ExpectFlag("1-10", {3}, "浴室では、背中のみ夫が洗っている。", {2});
}

TEST(NoteJudgeTest, PhysicalHelpTakesInTheWordsOfWatching) {
  ExpectFlag("2-1", {2}, "乗り移りの際は声をかけながら息子が腰を支える。", {3});
}

TEST(NoteJudgeTest, KanaSpellingsMatchTheLexicon) {
  ExpectFlag("2-2", {1}, "屋内の移動は夫がささえている。", {3});
  ExpectFlag("2-1", {1}, "ベッドから車いすへ移るときは娘さんがみまもる。", {2});
  ExpectFlag("2-6", {1}, "排便後はヘルパーさんがふいている。", {3});
}

TEST(NoteJudgeTest, NegationReachesOverANounPhraseOrAList) {
  ExpectFlag("6-7", {2}, "気管切開部の処置は受けていない。", {1});
  ExpectFlag("2-10", {2}, "着替えの際の見守りや声かけは行われていない。", {1});
  // 「不要となった」 is a negation, not "if not".
  ExpectFlag("2-6", {2}, "現在は一人でトイレを使い、誘導の声かけも不要となった。", {1});
}

TEST(NoteJudgeTest, NegationAfterACompoundAndAVerbalNoun) {
  ExpectFlag("6-10", {2}, "血圧モニターは現在使用していない。", {1});
}

TEST(NoteJudgeTest, PotentialFormsMatchTheirVerb) {
  // 通せる is 通す, 飲める is 飲む: the person does the act.
  ExpectAgree("2-11", {3}, "ズボンを広げて持てば自分で足を通せる。");
  ExpectFlag("5-1", {3}, "薬は自分で飲めており、手伝いはいらない。", {1});
}

TEST(NoteJudgeTest, StatesThatHaveEnded) {
  ExpectFlag("6-12", {2}, "留置カテーテルは先月抜去された。", {1});
  ExpectFlag("6-11", {2}, "仙骨部の褥瘡は完治している。", {1});
}

TEST(NoteJudgeTest, SilentNoteIsNotJudged) {
  NoteJudgment j = Judge("2-1", {3}, "ご本人は穏やかに応対された。");
  EXPECT_FALSE(j.judged);
  EXPECT_TRUE(j.consistent);
  EXPECT_FALSE(Judge("2-1", {3}, "").judged);
  EXPECT_FALSE(Judge("2-1", {3}, "　").judged);
  EXPECT_FALSE(Judge("2-1", {3}, "、、。").judged);
}

TEST(NoteJudgeTest, NegationFormsAndDoubleNegation) {
  // ず / ません mean ない: a pattern written with ない matches them.
  ExpectFlag("1-2", {1}, "右肘が伸びきらず、他動でも抵抗がある。", {5});
  // "…ないということはない" is affirmative again.
  ExpectFlag("3-4", {2}, "聞いた話を覚えていないということはなく、数分後にも内容を言えた。", {1});
  // 難しい / 困難 after an ability state inability.
  ExpectFlag("1-4", {1}, "自力での起き上がりは困難で、毎朝息子に起こしてもらう。", {3});
}

TEST(NoteJudgeTest, FrequencyPhrasings) {
  // A period with nothing in it is a rate of 0.
  ExpectFlag("4-6", {3}, "怒鳴ることはこの2か月なし。", {1});
  // A sentence that is only a frequency belongs to the behaviour before it.
  ExpectFlag("4-5", {1}, "昔の話を何度も繰り返す。週に3回程度。", {3});
  // A number beats a vague "hardly ever" in the same sentence.
  ExpectFlag("4-7", {1}, "介護への抵抗はほとんどないが、入浴時に月2回ほど拒否する。", {2});
  // Outings add up: the most frequent one sets 2-12.
  ExpectFlag("2-12", {2}, "月1回の受診のほか、週2回はデイケアに通う。", {1});
}

TEST(NoteJudgeTest, WhoDoesWhatAndWatching) {
  // A helper whose act is watching (声かけのみ行う, 確認を…行う) gives 見守り等.
  ExpectFlag("2-11", {3}, "着替えの間、ヘルパーが声かけのみ行っている。", {2});
  ExpectFlag("2-5", {3}, "トイレ後の確認は毎回妻が行う。", {2});
  // The person does it and someone watches: 見守り等.
  ExpectFlag("2-2", {1}, "屋内は自分で歩けるが、ふらつくので家族がそばで見ている。", {2});
  // An act named and then "は自分で": the person does it.
  ExpectAgree("2-5", {1}, "パッドの交換は自分で行う。");
}

TEST(NoteJudgeTest, SuppositionsAndSetPhrases) {
  // What happens without the aid is a supposition.
  ExpectAgree("1-7", {2}, "杖を使って歩いている。杖なしでは数歩でふらつき座り込む。");
  // 「膝の間」 is the 股関節 check, not the knee.
  ExpectFlag("1-2", {1}, "両股関節の開きが悪く、膝の間が拳一つ分しか開かない。", {3});
  // A quoted answer says what was answered, not whether it was right.
  ExpectAgree("3-6", {2}, "季節を聞くと「春」と答えた。");
}

TEST(NoteJudgeTest, Jiritsudo) {
  ExpectFlag("7-1", {2}, "終日ベッド上で過ごし、寝返りもできない。", {9});
  ExpectFlag("7-2", {2}, "夜間を中心に大声を出し、介護を必要とする。", {6});
}

TEST(NoteJudgeTest, ScopeOfNegationAndShorthand) {
  // A head noun of the act sits between the behaviour and its negation.
  ExpectFlag("4-11", {3}, "食器を投げる行為はみられない。", {1});
  // 「…のは難しい」 negates the whole phrase before it.
  ExpectFlag("1-8", {1}, "何にもつかまらずに立つのは困難で、手すりを握って立ち上がる。", {2});
  // Even without the aid: the unaided level.
  ExpectFlag("1-5", {3}, "クッションがなくても姿勢を保てる。", {1});
  // Surveyor shorthand.
  ExpectFlag("1-7", {1}, "屋外の歩行は不可。", {3});
  ExpectFlag("2-10", {1}, "上衣はボタン掛けのみ介助。", {3});
}

TEST(NoteJudgeTest, OccasionsTellTheMoreFrequentSituation) {
  // The side naming more (or larger) occasions is the usual state.
  ExpectFlag("2-10", {4}, "平日は自分で服を着替えるが、週末は妻が全て着せている。", {1});
  ExpectAgree("2-4", {4}, "朝食と昼食は家族が全て食べさせ、夕食のみ自分で食べる。");
  ExpectFlag("2-4", {1}, "朝食と昼食は家族が全て食べさせ、夕食のみ自分で食べる。", {4});
  // A minor situation told as 「…時だけ」; it does not reach a phrase naming
  // the usual state.
  ExpectFlag("2-9", {2}, "いつもは自分でとかすが、手が痛む時だけ妻が整える。", {1});
  ExpectFlag("2-11", {3}, "雨の日に外出する際のみ娘が手伝い、普段は一人ではき替えている。", {1});
  // 日中 is one word (care user dictionary) even at the start of a note.
  ExpectFlag("2-1", {3}, "日中は手すりを持って自分で移るが、夜だけは夫が抱えて移している。", {1});
}

TEST(NoteJudgeTest, AllOfAPartIsAPart) {
  // 「魚や野菜は全て」 beside the person's own part is shared help.
  ExpectFlag("2-4", {4}, "ご飯は自分で口に運ぶが、魚や野菜は全て妻が食べさせている。", {3});
  // A preparation named before the helper serves every dose.
  ExpectFlag("5-1", {3}, "薬の仕分けは月に2回看護師が行い、服用は自分でしている。", {2});
}

TEST(NoteJudgeTest, ReadingGivenUpAndPastStays) {
  // What the sentence says before 「実際には」 was given up.
  ExpectFlag("2-1", {4}, "全介助かと考えたが、実際には手すりを持って自分で移り、職員は横で見守るのみ。", {2});
  // A hospital stay is the past; 「…前から」 is still today.
  ExpectFlag("2-5", {4}, "入院中はおむつで全て介助を受けていたが、今は自分でトイレに行き排尿している。", {1});
  ExpectFlag("2-1", {1}, "2か月前から夫が毎回腰を支えて移乗させている。", {3});
}

TEST(NoteJudgeTest, MedicalStateOfToday) {
  ExpectFlag("6-11", {2}, "床ずれは治っており、処置はしていない。", {1});
  ExpectFlag("6-5", {2}, "先月まで在宅酸素を使っていたが、現在は使用していない。", {1});
}

TEST(NoteJudgeTest, MoreNegationScope) {
  ExpectFlag("2-2", {2}, "屋内を自分で歩いており、付き添う必要はない。", {1});
  ExpectFlag("2-5", {3}, "介助は一切受けておらず、自分でトイレに行っている。", {1});
  // ため links to another clause: 目が離せない is the behaviour, not its negation.
  ExpectFlag("4-9", {1}, "一人で出て行こうとするため目が離せない。週に3回程度。", {3});
}

TEST(NoteJudgeTest, CountAfterAPeriodTopicAndNarrowedCues) {
  ExpectFlag("2-12", {1}, "この1か月は通院で1回外出したのみ。", {2});
  // 「終日ベッドの上」 (C1 or C2) is settled by 寝返りは自分でできる (C1).
  ExpectFlag("7-1", {9}, "寝返りは自分でできるが、終日ベッドの上で過ごす。", {8});
}

TEST(NoteJudgeTest, SupportUsedOutOfHabit) {
  // criteria.md §2: a hand put down out of habit, not to hold the body.
  ExpectFlag("1-4", {2}, "起き上がる際に布団へ手をつくのは習慣で、手をつかなくても起き上がれることを確かめた。", {1});
  ExpectAgree("1-8", {1}, "癖で膝に手を置くことはあるが、置かなくても立ち上がれる。");
}

TEST(NoteJudgeTest, WhatCannotBeDoneWithoutTheAidIsASupposition) {
  ExpectAgree("1-6", {2}, "手すりを握っていないと立位を保てない。");
  ExpectFlag("1-6", {1}, "手すりを握っていないと立位を保てない。", {2});
  // Without a person's help it cannot be done: that is 「できない」 itself.
  ExpectAgree("1-3", {3}, "家族に肩を押してもらわないと寝返りできない。");
}

TEST(NoteJudgeTest, ConcessionOfMannerIsNoContrast) {
  ExpectFlag("1-4", {3}, "ベッド柵を握れば、ゆっくりではあるが自分で上体を起こせる。", {2});
}

TEST(NoteJudgeTest, HelperWordWithHonorific) {
  ExpectFlag("1-11", {1}, "足の爪だけはお嫁さんに切ってもらう。手の爪は自分で切る。", {2});
}

TEST(NoteJudgeTest, OwnPartLimitedBesideAllDoneForThePerson) {
  // criteria.md §3.6: 財布に準備された金の出し入れのみ本人 → 全介助.
  ExpectFlag("5-2", {2}, "預金も年金もすべて次女が管理しており、渡された財布から払うことだけ本人が行う。", {3});
  // 「本人のみで」 is alone, not a limited part.
  ExpectFlag("2-10", {3}, "上着の着替えは本人のみで行っている。", {1});
}

TEST(NoteJudgeTest, FollowingBehindIsWatching) {
  ExpectFlag("2-2", {1}, "廊下は一人で歩くが、転びやすいので娘が後ろからついて歩いている。", {2});
}

TEST(NoteJudgeTest, WhiteCaneIsNoSupport) {
  ExpectAgree("1-7", {1}, "視覚障害があり、白杖で足元を確かめながら一人で歩いている。");
}

TEST(NoteJudgeTest, SeasonAgainstTheMonthOfTheSurvey) {
  ExpectFlag("3-6", {1}, "8月の訪問で季節を尋ねたところ「冬」と答えた。", {2});
  // At the edge of a season the neighbouring season is right too.
  ExpectAgree("3-6", {1}, "11月末の調査で季節を問うと「冬」と答えた。");
  ExpectFlag("3-6", {2}, "3月初めの調査。季節は「春」と答えられた。", {1});
  // A season as a topic (冬場は…) is not when the survey took place.
  ExpectAgree("3-6", {2}, "冬場は外に出ない。6月の調査で季節を尋ねると「冬」と答えた。");
}

TEST(NoteJudgeTest, PhraseAboutADistractorInATopicClause) {
  // 3-7: the name or address of the facility is not asked (criteria.md §2).
  NoteJudgment j = Judge("3-7", {1}, "ここの施設名や住所は言えない。");
  EXPECT_TRUE(j.consistent) << j.reason;
}

TEST(NoteJudgeTest, AgeAnsweredAgainstTheRealAge) {
  // criteria.md §2: 年齢は2歳までの誤差可.
  ExpectFlag("3-3", {1}, "歳を尋ねると「70歳」と返答（実際は88歳）、誕生日も答えられない。", {2});
  ExpectAgree("3-3", {1}, "歳を尋ねると「86歳」と返答した。実際は88歳である。");
}

TEST(NoteJudgeTest, ConditionInsideTheCueIsPartOfIt) {
  // 4-12: nothing happened that others had to deal with (the なければ is the cue's own).
  ExpectFlag("4-12", {2}, "しまい忘れは多いが、家族が対処しなければならない出来事は起きていない。", {1});
}

TEST(NoteJudgeTest, DecidingAloneIsSettledByTheExceptions) {
  // 5-3: 「自分で決める」 says nothing about special cases until the note does.
  ExpectFlag("5-3", {1}, "着る服は自分で決めるが、入院や契約のような大事な判断はできない。", {2});
  ExpectAgree("5-3", {1}, "着る服も受診先も自分で決めている。");
}

TEST(NoteJudgeTest, WipingTheBodyInsteadOfBathing) {
  ExpectFlag("1-10", {2}, "入浴もシャワー浴もせず、訪問介護員が週2回体を拭いている。", {4});
}

TEST(NoteJudgeTest, TwoPatternWordsReadAsOneWordOfTheNote) {
  // 「家の中でも」: でも is one word in a sentence, で|も in the pattern alone.
  ExpectFlag("7-2", {3}, "薬の管理ができず、家の中でも誰かが見ていれば暮らせる程度。", {4});
}

TEST(NoteJudgeTest, MinorSituationDoesNotReachTheEarlierPhrase) {
  ExpectFlag("1-10", {1}, "浴槽にもシャワーにも入っておらず、入浴も行っていない。娘がたまに体を拭いている。", {4});
  ExpectFlag("1-10", {1}, "入浴もシャワーも行っておらず、娘がたまに体を拭いている。", {4});
}

TEST(NoteJudgeTest, HeadNounsAndDegreeCarryTheNegation) {
  // 「伝える手段がない」: the means heads the act; 「抵抗するほどではない」: a degree.
  ExpectFlag("3-1", {1}, "発語がなく、意思を示す方法もない。", {4});
  ExpectFlag("4-7", {3}, "着替えを渋ることはあるが、抵抗するほどではない。", {1});
}

TEST(NoteJudgeTest, ConditionOfAnAbilityIsNotARareSituation) {
  // 「支えたときだけ」 names the condition of the ability: 「できない」.
  ExpectFlag("1-6", {2}, "娘が腰を支えたときだけ、わずかに立っていられる。", {3});
}

TEST(NoteJudgeTest, PassiveRangeOfMotionOnly) {
  ExpectFlag("1-2", {1}, "右肩は他動的にゆっくり動かしても水平まで上がらない。", {2});
  // 自力で上がらないだけでは拘縮ではない (criteria.md §4.1).
  ExpectAgree("1-2", {1}, "自分では腕が上がらないが、他動的に動かすと肩の高さまで上がる。");
}

TEST(NoteJudgeTest, ListJoinedByMoIsNegatedTogether) {
  ExpectFlag("1-5", {3}, "クッションも肘掛けの支えもなしで、15分ほど座っていられた。", {1});
}

TEST(NoteJudgeTest, WordOfTodayEndsThePast) {
  ExpectFlag("2-12", {1}, "前回の外出は半年前の法事で、ここ1か月は家から出ていない。", {3});
}

TEST(NoteJudgeTest, WhatIsDoneBecauseOfAMinorSituationIsUsual) {
  ExpectFlag("2-3", {1}, "たまに水分でむせるため、食事中は家族がそばで見守っている。", {2});
}

TEST(NoteJudgeTest, CannotBeJudgedAndOftenNot) {
  ExpectFlag("1-12", {1}, "意思疎通が難しく、見えているかどうか判断できない。", {5});
  ExpectAgree("3-1", {2}, "調子の良い日は意思を伝えられるが、伝わらないこともある。");
}

TEST(NoteJudgeTest, PoliteNegationAndCopulaBeforeIt) {
  // 「できません」: ます between a pattern's verb and its ない.
  ExpectFlag("1-1", {1}, "左脚は膝を伸ばしたまま持ち上げることができません。", {4});
  // 「一人では着られず」: the negation after 「一人で」 belongs to it.
  ExpectFlag("2-11", {1}, "ズボンは一人でははけず、全部妻にはかせてもらっている。", {4});
}

TEST(NoteJudgeTest, AnsweringThatOneDoesNotKnow) {
  ExpectFlag("3-2", {1}, "一日の予定を尋ねると、知らないと答えた。", {2});
}

TEST(NoteJudgeTest, OnlyWithShika) {
  ExpectFlag("3-1", {1}, "「水」「トイレ」といった短い言葉しか伝えられない。", {3});
}

TEST(NoteJudgeTest, HelperDoingThePersonsPartAgain) {
  // criteria.md §3.6: 本人が行った箇所を介護者がすべてやり直す → 全介助.
  ExpectFlag("1-10", {2}, "自分で洗ってはいるが、洗い残しが多く職員が全身を洗い直している。", {3});
}

TEST(NoteJudgeTest, PhraseWithItsOwnOccasionsIsNotUnderAMinorOne) {
  ExpectFlag("2-6", {1}, "夜間のみおむつを使い、日中も夜間も排便の度に妻が付き添って見守っている。", {2});
}

TEST(NoteJudgeTest, ListOfActsWithTariIsNegatedTogether) {
  ExpectFlag("4-11", {2}, "食器を割ったりシーツを引き裂いたりすることはない。", {1});
}

TEST(NoteJudgeTest, PartNamedWithoutAVerb) {
  // 「手の爪は本人、足の爪は…」: the person's part as a noun phrase.
  ExpectFlag("1-11", {3}, "手の爪は本人、足の爪は妻が切っている。", {2});
}

TEST(NoteJudgeTest, SamePhraseReadByTwoCuesOfOneMeaningCountsOnce) {
  // 「つかまる」 and 「掴まる」 both read 「つかまらず」.
  ExpectFlag("1-4", {1}, "調査時は何もつかまらずに起き上がったが、日頃は毎日ベッド柵を使っていると娘は話す。", {2});
}

TEST(NoteJudgeTest, DegreeAndNegationOfANegation) {
  ExpectFlag("4-7", {3}, "更衣を渋ることはあるが、介助を拒否するまではない。", {1});
  ExpectFlag("1-7", {3}, "歩けなくはなく、何にもつかまらず5m以上歩けた。", {1});
}

TEST(NoteJudgeTest, RateOfGoingWithinThePremisesIsNoOuting) {
  ExpectFlag("2-12", {1}, "同じ敷地内の診療所に週2回通うが、敷地の外へ出ることはここ1か月ない。", {3});
}

TEST(NoteJudgeTest, SpeakerBetweenQuotativeAndVerbOfSaying) {
  // "…ないと介護士は言う": と quotes the statement even with the speaker between.
  ExpectFlag("4-7", {3}, "着替えを渋る日はあるが、手を払いのけたことはないと介護士は言う。", {1});
}

TEST(NoteJudgeTest, ConditionInsideQuotedSpeechIsWhatWasSaid) {
  ExpectFlag("4-8", {1}, "日が暮れると「もう帰らなければ」と言って荷物をまとめることが毎日ある。", {3});
}

TEST(NoteJudgeTest, SentenceThatOnlyReportsWhoSaidTheFrequency) {
  ExpectFlag("4-4", {1},
             "日中は居眠りをして過ごし、夜中に起き出して家の中を片付ける。長女の話では、週に四、五回のことだという。",
             {3});
}

TEST(NoteJudgeTest, NegatedVerbOfDoingWithoutAffirmsTheNeed) {
  ExpectFlag("1-6", {1}, "立っている間は手すりが手放せない。", {2});
  ExpectFlag("2-5", {1}, "排尿の際は家族の声かけが欠かせない。", {2});
}

TEST(NoteJudgeTest, HelpOnlyAttemptedIsNotGiven) {
  ExpectAgree("2-11", {1}, "夫が手伝おうとすると嫌がるので、ズボンは本人が一人ではいている。");
  ExpectFlag("2-11", {1}, "ズボンは毎朝夫が手伝ってはかせている。", {3});
}

TEST(NoteJudgeTest, MedicalActDoneOnceLongAgoIsNotContinuing) {
  ExpectFlag("6-1", {2}, "3か月前の発熱時に点滴を受けたのみ。", {1});
}

TEST(NoteJudgeTest, CheckMovementsAllDoneMeanNoContracture) {
  ExpectFlag("1-2", {2}, "家族の話では、確認方法に示された動作は肩も膝も無理なく行えるという。", {1});
}

TEST(NoteJudgeTest, NoWayOfTellingWhetherThePersonSeesOrHears) {
  ExpectFlag("1-13", {1}, "問いかけへの反応が乏しく、聞こえているのか確かめようがない。", {5});
  ExpectFlag("1-12", {1}, "呼びかけても反応がないため、見えているかどうか確認しようがない。", {5});
}

TEST(NoteJudgeTest, ObjectBetweenTheCueAndItsNegatedVerb) {
  // 「自分で…を着ることはなく」 negates 自分で; 「自分で手を借りずに」 does not.
  ExpectFlag("2-10", {1}, "本人が自分で上着を着ることはなく、毎朝夫が着せている。", {4});
  ExpectFlag("2-2", {3}, "居間までは自分で手を借りずに歩いている。", {1});
}

TEST(NoteJudgeTest, HelperTurningThePersonInBedIsFullHelpToTransfer) {
  ExpectFlag("2-1", {3}, "長男が二時間おきに体の向きを変えている。", {4});
}

TEST(NoteJudgeTest, NegationBeforeAJudgementIsNoCondition) {
  // 「…ないと判断され」: と quotes the judgement; it is not "if not".
  ExpectFlag("2-2", {3}, "車いすを自分でこぐことはできないと判断され、移動は職員が車いすを押している。", {4});
}

TEST(NoteJudgeTest, ProperHelpNotGivenIsInappropriateInOtherWords) {
  ExpectFlag(
      "2-10", {1},
      "一人暮らしで、冬でも薄着のままでいる。適切な介助が提供されていないと判断し、上着の準備と声かけが必要と考える。",
      {2});
}

TEST(NoteJudgeTest, HelpBecauseOfAnOccasionOnlyIsMinor) {
  // 「夜間のみ…ため、妻が…」: the help is given on that occasion only (unlike 「時々むせるため」).
  ExpectFlag("2-5", {3}, "夜間のみ尿器を使うため、妻が尿器を当てている。日中は自分でトイレに行き、用を足している。",
             {1});
}

TEST(NoteJudgeTest, HelperActThatIsTheActItselfHasTheActsRate) {
  ExpectFlag("2-6", {3}, "排便は週に二回、訪問看護師の摘便による。", {4});
}

TEST(NoteJudgeTest, UrgedInAnyWordsThenNotFollowingIsNoResistance) {
  ExpectFlag("4-7", {3}, "入浴するよう娘が勧めるが、本人はそのまま横になっている。", {1});
  ExpectFlag("4-7", {3},
             "夜中に起き出すので、寝室へ戻るよう夫が何度も言い聞かせているが、本人はそのまま居間に座っている。", {1});
}

TEST(NoteJudgeTest, LongStandingWayOfBeingIsNoBehaviour) {
  ExpectFlag("4-5", {3}, "息子の話では、同じことを何度も尋ねるのは若い頃からだという。", {1});
}

TEST(NoteJudgeTest, OwnDailyChoicesButNotOwnWillOutside) {
  ExpectFlag("5-3", {3}, "町内会の集まりには本人の意思ではなく妻に連れられて行く。着る服は自分で選んでいる。", {2});
}

TEST(NoteJudgeTest, ChartMovedOutOfTheFrontIsNoAnswer) {
  ExpectFlag("1-12", {2},
             "正面に置いた視力確認表は目の前でも全く見えない。視野の残っている右側へずらして置くと1ｍ先から見える。",
             {4});
}

TEST(NoteJudgeTest, ProperMethodNamedOnlyAsTheAxis) {
  // After help stated before 不適切 the axis says no direction; after none, help is proper.
  ExpectAgree("1-11", {1},
              "つめは訪問看護師が切っているが、指先は器用で自分でも切れる。本人の力を活かせておらず不適切と判断し、"
              "適切な介助の方法を選択した。");
  ExpectFlag("2-10", {1},
             "日中は一人で、汚れた服を何日も着たままでいる。不適切な状況と判断し、適切な介助の方法を選択する。", {2});
}

TEST(NoteJudgeTest, NoPartLeftToThePersonIsFullHelp) {
  // 「自分で…部分はない」: its 部分 is no amount of the helper's part; 「できないところはない」 is two negations.
  ExpectFlag("2-1", {3}, "本人が自分で動かせる部分はなく、車いすへは夫が抱えて移している。", {4});
  ExpectAgree("2-1", {1}, "ベッドから車いすへ自分で移っている。自分でできないところはない。");
  ExpectFlag("2-1", {3}, "寝たきりで、体位を変えるたびに介護者がお尻を持ち上げて動かしている。", {4});
}

TEST(NoteJudgeTest, ByThePersonsOwnStrength) {
  ExpectFlag("2-4", {2}, "太柄のフォークを使い、本人の力で食べている。", {1});
}

TEST(NoteJudgeTest, TroubleDeniedAndATimeInThePast) {
  ExpectFlag("2-3", {2}, "独居だった頃は娘が食事中に見守っていた。今は飲み込みに異常はない。", {1});
}

TEST(NoteJudgeTest, HandOnTheOwnBodyToldHandFirst) {
  ExpectFlag("1-7", {1}, "片手を太ももに乗せたまま廊下を歩いた。", {2});
}

TEST(NoteJudgeTest, EveryTimeWithoutACount) {
  ExpectFlag("4-5", {2}, "顔を合わせると決まって昔の勤め先の話を始める。", {3});
}

TEST(NoteJudgeTest, ARateToldAsARateInASentenceOfItsOwn) {
  ExpectFlag("4-11", {1}, "腹を立てると手元のコップを放り投げる。月に2回ほどの頻度で、そのつど嫁が後片付けをしている。",
             {2});
}

TEST(NoteJudgeTest, UsualStateOverTheSurveyDay) {
  ExpectFlag("3-4", {1}, "日頃は直前の会話も覚えていない。調査日には朝食の内容を言えた。", {2});
}

TEST(NoteJudgeTest, ADecisionNotThePersonsOwnInOtherWords) {
  ExpectFlag("5-3", {1}, "好きな服を着て過ごしている。旅行は自分で選んだわけではなく、息子が申し込んだ。", {2});
}

TEST(NoteJudgeTest, DeliberatelyNotSayingIsADecision) {
  ExpectFlag("5-3", {2}, "嫁に気を遣って、食事への不満はわざと口にしない。", {1});
}

// Rule set 2026.11.11 (batch 36), one test per family, in sentences of their own.

TEST(NoteJudgeTest, MedicalActDecidesNotWhoDoesItNorWhy) {
  // 術後 excludes only 点滴 (急性期) and 6-12 (術後ドレナージ); the stoma care itself is the treatment.
  ExpectFlag("6-4", {1},
             "直腸がんの術後でストーマを造設しており、訪問看護師が週1回パウチの交換と周りの皮膚の処置をしている。",
             {2});
  ExpectFlag("6-12", {2}, "胸部にドレーンが留置されている。", {1});
  // 内服・湿布・マッサージ are no 疼痛の看護 even when a nurse does them.
  ExpectFlag("6-8", {2}, "腰痛に対して、訪問看護師が週1回マッサージを行っている。", {1});
  // Measuring at visits only is no continuous monitoring; the surveyor's 該当しない.
  ExpectFlag("6-10", {2}, "訪問看護師が週1回の訪問時に血圧と脈拍を測るのみである。", {1});
  ExpectFlag("6-10", {2}, "訪問時に血圧を測っている。モニター測定には該当しない。", {1});
}

TEST(NoteJudgeTest, CheckNotDoneSaysNothingOfTheAbility) {
  ExpectAgree("1-8", {2}, "痛みのため立ち上がりは試行できなかった。家族によると、手すりを握って立ち上がっている。");
}

TEST(NoteJudgeTest, EvenHoldingOnItCannotBeDone) {
  ExpectAgree("1-9", {3}, "手すりにつかまって片足を上げることはできない。");
  // 「つかまらずに歩く」 never seen denies the unaided walk, not the walk.
  ExpectFlag("1-7", {3}, "家具につかまって室内を歩いている。つかまらずに歩くところは見たことがない。", {2});
}

TEST(NoteJudgeTest, HoldingTheOwnThighsIsASupport) {
  ExpectFlag("1-4", {1}, "両膝を抱えるようにして反動で起き上がった。", {2});
}

TEST(NoteJudgeTest, ContractureInOtherWords) {
  ExpectFlag("1-2", {1}, "左肘が固まっており、他動的に動かしても伸びない。", {5});
}

TEST(NoteJudgeTest, ABadDayIsAMinorSituation) {
  ExpectFlag("2-2", {3}, "自分で歩いて移動している。膝の痛みがひどい日は妻が手を引く。", {1});
}

TEST(NoteJudgeTest, ThePersonPuttingNoHandToItIsFullHelp) {
  ExpectFlag("2-1", {3}, "おむつ交換のたびに、夫が体をずらしている。本人は協力動作もできない。", {4});
  ExpectFlag("2-9", {2}, "妻が毎朝ブラシで髪を整え、本人は手を出すことはない。", {3});
}

TEST(NoteJudgeTest, NoOccasionForTheActIsNoAct) {
  // 「自分で温める機会はない」 is no share of the act beside the helper who cooks.
  ExpectFlag("5-6", {3}, "デイサービスのない日も、自分で温める機会はなく、妻が三食を作っている。", {4});
}

TEST(NoteJudgeTest, TodaysStateOpenedBySinceThen) {
  ExpectFlag("2-3", {2}, "入院の頃は食事中に看護師が見守っていた。今は問題なく飲み込めている。", {1});
  ExpectFlag("2-3", {3},
             "汁物でむせることがあり、とろみをつけている。とろみをつけるようになってからは、むせずに飲み込んでいる。",
             {1});
}

TEST(NoteJudgeTest, CleaningWhatThePersonSoiledIsAftercare) {
  ExpectFlag("2-6", {1}, "排便はトイレで自分でしているが、便器を汚すことが多く、娘が毎回掃除している。", {3});
}

TEST(NoteJudgeTest, AnAccusationOfHarmInOtherWords) {
  ExpectFlag("4-1", {1}, "「娘が財布を隠した」と言って探し回ることが週に3回ある。", {3});
  ExpectFlag("4-1", {1}, "「ヘルパーが薬に何か入れた」と言って飲まないことが月に2回ある。", {2});
}

TEST(NoteJudgeTest, RefusingInWordsAndExamplesOfActsDenied) {
  ExpectFlag("4-7", {2}, "職員が着替えを勧めると「あとで」と断ってそのまま座っている。", {1});
  // 「…などの行動はない」: the negation reaches the act before など.
  ExpectFlag("4-7", {2}, "入浴の誘いに渋い顔はするが、職員の手を払いのけるなどの行動はない。", {1});
}

TEST(NoteJudgeTest, TheBehaviourReferredBackDenied) {
  ExpectFlag("4-9", {3}, "以前は毎晩外へ出ようとしていたが、この3か月はその行動はみられない。", {1});
}

TEST(NoteJudgeTest, TheMonthAskedIsNotTheSeason) {
  ExpectFlag("3-6", {1}, "何月かと尋ねると「3月」と答えたが、季節は答えられなかった。", {2});
}

TEST(NoteJudgeTest, HelpThatHindersIndependenceNamesTheProperMethod) {
  ExpectFlag("2-10", {3},
             "妻が毎朝すべて着せているが、本人は自分でボタンも留められる。妻の介助がかえって自立を阻害しており、"
             "不適切と判断し、適切な介助の方法を選択する。",
             {1});
}

// Rule set 2026.11.12 (batch 37), one test per family, in sentences of their own.
TEST(NoteJudgeTest, HelpThatHindersIndependenceBeforeTheProperMethod) {
  // The help told first is the inappropriate actual state once 自立を妨げる follows it.
  ExpectAgree("1-11", {1},
              "息子が週に1回手の爪を全部切っている。本人は自分で爪切りを使えるので、息子の介助が自立を妨げていると"
              "判断し、介助されていないを選んだ。");
}

TEST(NoteJudgeTest, TheNoteWeighsTheSituationsItself) {
  ExpectAgree("2-4", {1}, "週に1回ほど娘がおかずを小さく切る。介助されていない状況の方が多い。");
  ExpectAgree("5-1", {1}, "薬は自分で出して飲む。月に2回ほど飲み忘れて夫が声をかける。介助されていない状況が頻回。");
}

TEST(NoteJudgeTest, AnAnkleSetInPointedFootIsAnotherJoint) {
  ExpectFlag("1-2", {1}, "右足関節は尖足位で、他動的に動かしても中間位まで戻らない。", {5});
  ExpectAgree("1-2", {5}, "両足関節が尖足位。肩・股・膝には制限はない。");
}

TEST(NoteJudgeTest, AJointThatMovesThroughItsWholeRangeIsNotThePart) {
  ExpectFlag("1-2", {1}, "肩と股関節は他動で全可動域動くが、左膝は他動的に伸ばしても曲がったまま。", {4});
}

TEST(NoteJudgeTest, TheActNotSeenOnTheDayIsNoInability) {
  ExpectFlag(
      "1-8", {2},
      "当日は立ち上がりを確認できなかった。娘の話では、肘掛けや机に手をつくことなく、毎回自分で立ち上がっている。",
      {1});
}

TEST(NoteJudgeTest, ImportantMattersAsTheTopicOfADenial) {
  ExpectFlag("5-3", {1}, "着る服は自分で選ぶ。手術や財産など大事なことは、説明を聞いても覚えておらず決められない。",
             {2});
}

TEST(NoteJudgeTest, PressingTheOwnThighsOrTheBedEdge) {
  ExpectFlag("1-7", {1}, "両手で膝を押さえながら廊下を歩いている。", {2});
  ExpectFlag("1-4", {1}, "太ももに手を当てて押し、上体を起こしている。", {2});
  ExpectFlag("1-8", {1}, "両手でベッドの縁を押して立ち上がる。", {2});
}

TEST(NoteJudgeTest, TheFormalRegisterAndAListKeepTheirNegation) {
  ExpectFlag("2-4", {2}, "ご自分で召し上がっておられます。ご家族は見守りもしておられません。", {1});
  ExpectFlag("2-4", {2}, "自分で食べている。家族は声かけや食器の並べ替えもしていない。", {1});
}

TEST(NoteJudgeTest, TheDaysJustAfterAMoveAreThePast) {
  ExpectFlag("4-9", {3}, "退院直後は毎晩外へ出ようとしていた。ここ2か月はそのようなことはない。", {1});
}

TEST(NoteJudgeTest, PuttingItOffInWordsIsNoResistance) {
  ExpectFlag("4-7", {3}, "入浴を勧めると「明日入る」と言ってやらない日が多い。職員を押しのけることはない。", {1});
}

TEST(NoteJudgeTest, HoldingBackOutOfRegardIsADecision) {
  ExpectFlag("5-3", {2}, "食事の量に不満があるが、職員に遠慮して黙っている。", {1});
}

// Rule set 2026.11.13 (batch 38), one test per family, in sentences of their own.
TEST(NoteJudgeTest, TheSurveyorsStatedConclusionIsNoShareOfTheAct) {
  // The person's act and the help for different occasions, then the conclusion in other words.
  ExpectAgree("2-2", {1},
              "台所と洗面所(1日10回ほど)へは自分で歩いて行く。通院(週1回)は車いすを押してもらう。"
              "回数の多い方をとって介助なし。");
  ExpectAgree(
      "2-6", {1},
      "ふだんは介助なし。数日ごとに浣腸をした後はPトイレでズボンの上げ下げを手伝ってもらう。頻度から介助なしと判断。");
  // The shorthand 全介 is all of the act, not a share of it.
  ExpectAgree("5-6", {4}, "入院中で、この1週間は病院の食事を食べている。自分で調理する機会はない。全介と判断。");
  // Even beside the person's own part on other days (class 全介助の表記).
  ExpectAgree(
      "2-10", {4},
      "上着は本人が袖に腕を通すが、ボタンは妻が留めている日と本人が留める日がある。回数の多い方から全介とした。");
}

TEST(NoteJudgeTest, APersonNamedAsTheActorInsideAHelpersCueDoesItThemselves) {
  ExpectAgree("5-5", {1},
              "足が悪く店には行かないが、スマートフォンで自分で注文し、代金も自分で支払っている。介助なし。");
  // The helper's act and then the person's (広げて持つと…自分で) stays a share of the act.
  ExpectAgree("2-10", {3}, "娘が上着を広げて持つと自分で袖を通せる。");
}

TEST(NoteJudgeTest, AConductPreventedByAMeasureIsJudgedWithTheMeasure) {
  ExpectAgree("4-9", {1},
              "施設で出口の扉を壁と同じ色に塗ってからは、この2か月その行動なし。扉の色を戻すと週に4回は"
              "外に出ようとすると思われる。現状で該当なし。");
}

TEST(NoteJudgeTest, APassiveCheckThatCannotMoveTheJointIsAContracture) {
  ExpectFlag("1-2", {1}, "左手の指が他動的にも伸ばせず握ったまま。肩・股・膝は他動で問題なく動く。", {5});
  ExpectFlag("1-2", {1}, "右足首は他動でも動かず、つま先が下がったまま。", {5});
}

TEST(NoteJudgeTest, ANegationAfterATopicOrACompoundVerbStillCounts) {
  ExpectFlag("2-3", {2}, "とろみ付きの汁物をむせ込みなく飲んでいる。家族はそばで見守ってはいない。", {1});
}

TEST(NoteJudgeTest, ASupportThatFailsEvenWithItIsNoSupport) {
  ExpectFlag("1-7", {2}, "家の中では伝い歩きでも3mほどで座り込む。", {3});
  ExpectAgree("1-7", {2}, "家の中は手すりを伝って歩いている。");
}

TEST(NoteJudgeTest, TwoBroadCuesThatShareOneChoiceNameIt) {
  ExpectFlag("5-3", {3}, "趣味の会には家族の意思で通っている。本人の意思ではない。好きな歌番組は毎週見ている。", {2});
}

TEST(NoteJudgeTest, AWishStatedOnTheCarePlanIsTheSpecialCaseDecided) {
  ExpectFlag("5-3", {2}, "ケアプランの担当者会議では、デイサービスの曜日について自分の希望をはっきり述べた。", {1});
}

TEST(NoteJudgeTest, OnlyAnsweringInWordsIsNoResistance) {
  ExpectFlag("4-7", {3}, "着替えを促すと「あとで」と返事をするだけで着替えないことがある。", {1});
}

TEST(NoteJudgeTest, AnExampleWithToIsNegatedLikeNado) {
  ExpectFlag("4-7", {3}, "入浴の介助の際に職員の手を強く拒む等の様子はない。", {1});
}

// Rule set 2026.11.14 (batch 39), one test per family, in sentences of their own.
TEST(NoteJudgeTest, CrawlingAboutIsWandering) {
  ExpectFlag("3-8", {1}, "ほぼ毎日、布団の上を這うようにして動いている。", {3});
}

TEST(NoteJudgeTest, TakingTheMedicineOnlyWhenThePersonFeelsLikeItIsAtWill) {
  ExpectFlag("5-1", {1}, "痛み止めは気分で飲んでおり、誰も確認していない。", {2});
  ExpectFlag("5-1", {1}, "朝の薬を飲まない日もある。", {2});
  // A minor phrase inside a helper's cue still makes the help the rare situation.
  ExpectAgree("2-10", {1}, "ふだんは自分で着替える。娘が法事に出る時だけ上着を着せる。");
}

TEST(NoteJudgeTest, KeepingQuietToSpareSomeoneIsADecision) {
  ExpectFlag("5-3", {2}, "デイの昼食が口に合わないが、職員に悪いと思って黙っている。", {1});
}

TEST(NoteJudgeTest, AnsweringYesAndNotDoingItIsNoResistance) {
  ExpectFlag("4-7", {3}, "歯みがきを促すと「はいはい」と返事はするが、そのまま部屋に戻る。", {1});
}

TEST(NoteJudgeTest, ASpeakerNamedAfterToWithoutAVerbOfSayingQuotes) {
  ExpectFlag("2-10", {3}, "毎朝自分で服を選んで着ている。着替えを手伝うことはないと長女。", {1});
}

TEST(NoteJudgeTest, AHelperLiftingTheHipsToShiftThePositionIsTurning) {
  ExpectFlag("2-1", {3}, "ベッドで過ごしている。2時間おきに看護師が腰を持ち上げて位置を直している。", {4});
}

TEST(NoteJudgeTest, APartOfTheSurveyIsTheSurveyDay) {
  ExpectFlag("3-4", {1},
             "調査の際は直前に話した内容を覚えていた。普段は少し前のことも覚えておらず、何度も同じことを聞くと妻。",
             {2});
}

TEST(NoteJudgeTest, TakingPartBecauseTheFamilySaysSoIsNotTheOwnDecision) {
  ExpectFlag("5-3", {1}, "地区の清掃には息子に言われて参加している。好きなラジオ番組は自分で選んで聞いている。", {2});
}

TEST(NoteJudgeTest, ADoctorsOrderIsNoHelpersInstruction) {
  ExpectAgree("2-2", {4},
              "医師の指示で安静となっており、ここ10日ほど部屋から出ていない。"
              "足の力が弱く、自力で歩くことはできないと考えられる。");
}

// Rule set 2026.11.15 (batch 40), one test per family, in sentences of their own.
TEST(NoteJudgeTest, HoldingInTheArmsToSitUpIsUnable) {
  ExpectFlag("1-4", {1}, "朝はベッドの上で抱え起こすしかない。", {3});
}

TEST(NoteJudgeTest, AHandPutOnWallsWhileWalkingIsSupport) {
  ExpectFlag("1-7", {1}, "居間では棚や壁に手をかけて歩く。", {2});
}

TEST(NoteJudgeTest, StandingUpByPushingWithTheArmsIsSupport) {
  ExpectFlag("1-8", {1}, "膝が痛むため、腕に力を込めて椅子から立ち上がる。", {2});
}

TEST(NoteJudgeTest, TubeFeedingWithoutTheWordNutritionIsFullHelp) {
  ExpectFlag("2-4", {3}, "口からは食べず、看護師が経管で流動食を入れる。", {4});
}

TEST(NoteJudgeTest, TakingTheMedicineByOwnJudgementIsAtWill) {
  ExpectFlag("5-1", {1}, "血圧の薬を自己判断でやめたり飲んだりしている。", {2});
}

TEST(NoteJudgeTest, HoldingTheBacksOfTheKneesToSitUpIsSupport) {
  ExpectFlag("1-4", {1}, "膝の裏を持って勢いをつけ、上体を起こす。", {2});
}

TEST(NoteJudgeTest, AHelperWipingTheFloorCleanIsAfterCare) {
  ExpectFlag("2-5", {1}, "排尿は自分でするが、こぼした尿を妻が床から拭き取る。", {3});
}

TEST(NoteJudgeTest, SightThatCouldNotBeMadeSureOfIsUnknown) {
  ExpectFlag("1-12", {1}, "呼びかけに応じず、見えているかは確かめられない。", {5});
}

TEST(NoteJudgeTest, KeepingQuietOutOfWorryForOthersIsADecision) {
  ExpectFlag("5-3", {2}, "施設の食事に不満があるが、職員の目を気にして言わずにいる。", {1});
}

TEST(NoteJudgeTest, StandingOnOneLegSaidToBeBeyondThePersonIsUnable) {
  ExpectFlag("1-9", {1}, "ふらつきが強く、片足立ちは無理とのこと。", {3});
}

// Rule set 2026.11.16 (batch 41), one test per family, in sentences of their own.
TEST(NoteJudgeTest, StandingWithAHandRestingOnSomethingIsSupport) {
  ExpectFlag("1-6", {3}, "洗面台に手を置いて立ち、歯を磨いている。", {2});
}

TEST(NoteJudgeTest, NotEvenWalkingAlongFurnitureIsUnable) {
  ExpectFlag("1-7", {2}, "足の力が落ち、伝い歩きもできなくなった。", {3});
}

TEST(NoteJudgeTest, ThePersonBringingFoodToTheMouthIsNoHelp) {
  ExpectFlag("2-4", {3}, "柄の長いフォークを使い、自分でおかずを口に運んでいる。", {1});
}

TEST(NoteJudgeTest, AHelperWipingTheFloorAndSeatIsAfterCare) {
  ExpectFlag("2-5", {1}, "排尿は一人で済ませるが、夫が毎晩、寝る前にトイレの床と便座を拭いている。", {3});
}

TEST(NoteJudgeTest, OnlyRinsingTheMouthIsFullHelp) {
  ExpectFlag("2-7", {2}, "本人は口をすすぐだけで、歯ブラシは妻が動かしている。", {3});
}

TEST(NoteJudgeTest, TheSeasonNotGuessedIsUnable) {
  ExpectFlag("3-6", {1}, "季節は言い当てられなかったが、日付は答えた。", {2});
}

TEST(NoteJudgeTest, AHabitSinceThePersonWasWellIsCharacter) {
  ExpectFlag("4-5", {3}, "兄の話では、学生の頃から同じ話を繰り返す人だったそうだ。", {1});
  ExpectFlag("4-15", {3}, "話が脇道にそれやすいが、元気な頃から変わらないと妻は言う。", {1});
}

TEST(NoteJudgeTest, SayingSomethingWasMixedInIsPersecution) {
  ExpectFlag("4-1", {1}, "「お茶に何か混ぜた」と言って職員を責めることが週に2回ある。", {3});
}

TEST(NoteJudgeTest, OnlyNoddingIsNotResistance) {
  ExpectFlag("4-7", {3}, "入浴を勧めるとうなずくだけで、結局入らない日が週に3回ある。", {1});
}

TEST(NoteJudgeTest, NoLongerTryingSinceAMeasureIsAbsent) {
  ExpectFlag("4-9", {3}, "出口に目隠しを置いてから、出て行こうとしなくなった。", {1});
}

TEST(NoteJudgeTest, ChangingTheDoseAtWillIsPartial) {
  ExpectFlag("5-1", {1}, "血圧の薬を勝手に半分に減らしている。", {2});
}

TEST(NoteJudgeTest, AHelperCheckingTheReceiptsIsPartial) {
  ExpectFlag("5-2", {1}, "毎週末に次男が残高とレシートを照らし合わせている。", {2});
}

TEST(NoteJudgeTest, KeepingQuietBecauseItWouldBeUnkindIsADecision) {
  ExpectFlag("5-3", {3}, "ヘルパーに悪いからと、頼みたいことを言わずにいる。", {1});
}

TEST(NoteJudgeTest, ALineKeptInPlaceForUseWhenNeededIsPresent) {
  ExpectFlag("6-2", {1}, "中心静脈のカテーテルは留置したままで、必要になれば再開する。", {2});
}

TEST(NoteJudgeTest, DrainingFluidIsNoUrinaryCatheter) {
  ExpectFlag("6-12", {2}, "胆石の治療で腹部の管から排液を受けている。", {1});
}

TEST(NoteJudgeTest, AnAdultChildMeasuringIsNoMedicalCare) {
  ExpectFlag("6-10", {2}, "長男が夜通し血圧を測って記録している。", {1});
}

TEST(NoteJudgeTest, LeavingTheActToThePersonIsNoHelp) {
  ExpectFlag("1-11", {3}, "娘が切ることもあるが、指先は器用なので本人に任せるのが適切と考えた。", {1});
  ExpectAgree("1-11", {3}, "本人に任せると深爪をするため、妻がすべて切っている。");
}

TEST(NoteJudgeTest, NobodyWatchingTheSwallowingIsAble) {
  ExpectFlag("2-3", {2}, "錠剤ではむせることがあるが、普段の食事は職員がそばで見ていることもない。", {1});
}

TEST(NoteJudgeTest, ARateDeniedIsNoMinorSituation) {
  ExpectFlag("2-1", {1}, "ベッドから車いすへは自分で移るが、週に1回ではなく毎日、妻が体を支えている。", {3});
}

TEST(NoteJudgeTest, ThePersonsTrifleBesideAllTheHelpIsFullHelp) {
  ExpectFlag("2-7", {2}, "口腔ケアは毎食後に看護師が実施。本人はうがいの水を吐き出すことだけ自分でする。", {3});
}

// Rule set 2026.11.17 (batches 42, 43), one test per family, in sentences of their own.
TEST(NoteJudgeTest, AQuestionPutAtTheVisitIsNoEvidence) {
  ExpectFlag("2-3", {2}, "「食事でむせることはありますか」と聞いたところ、妻は首を振り、飲み込みに問題はないと話した。",
             {1});
}

TEST(NoteJudgeTest, AStatementReportedFromASourceIsQuoted) {
  ExpectFlag("4-9", {3}, "この1か月は外へ出ようとする様子はないと施設職員から伺った。", {1});
}

TEST(NoteJudgeTest, ActsGivenAsExamplesAreNegatedAfterTheTopic) {
  ExpectFlag("4-7", {3}, "更衣の際に職員の手を払いのけるなどはなく、声をかければ応じている。", {1});
}

TEST(NoteJudgeTest, AnActInItsTeFormJoinsTheTariList) {
  ExpectFlag("4-7", {3}, "入浴の誘いを拒んで怒鳴ったりすることはない。", {1});
}

TEST(NoteJudgeTest, ThePersonFailingByOwnStrengthDoesNotNegateTheHelp) {
  ExpectFlag("2-1", {1}, "体位交換も自力ではできず、夜勤の職員が行っている。", {4});
}

TEST(NoteJudgeTest, AVerbUsedAsANounIsNegatedAfterIt) {
  ExpectFlag("2-3", {2}, "記録上、今月はむせの記載がなく、食事も普通に飲み込めている。", {1});
}

TEST(NoteJudgeTest, HelpOnEveryOccasionIsNoMinorSituation) {
  ExpectFlag("2-8", {1}, "洗顔の習慣はなく、週2回の入浴の後に娘が毎回顔を拭いている。", {3});
}

TEST(NoteJudgeTest, AHelpersSupportAsTheConditionIsUnable) {
  ExpectFlag("1-8", {2}, "肘掛けを握ったうえで、妻が腰を支えないと立ち上がれない。", {3});
}

TEST(NoteJudgeTest, AHelperCleaningTheTeethIsFullHelp) {
  ExpectFlag("2-7", {2}, "夫が毎晩スポンジで歯と歯ぐきを清掃し、本人は口をすすいで洗面器に吐くところだけ行う。", {3});
}

TEST(NoteJudgeTest, BothHandsAndFeetAreAllOfTheNails) {
  ExpectFlag("1-11", {2}, "手足とも職員がつめ切りを実施しており、本人が自分で切ることはない。", {3});
}

TEST(NoteJudgeTest, NoOccasionForThePersonsActToldWithAListIsNoShare) {
  ExpectFlag("5-6", {3}, "施設の厨房で作った食事が毎食配膳され、自分で盛り付けや温めをする機会はない。", {4});
}

TEST(NoteJudgeTest, TheProperMethodReasonedBeforeInappropriateStands) {
  ExpectFlag("2-6", {1},
             "排便後の拭き残しが多く下着が汚れている。拭き方の声かけと確認が必要と考え、現状は不適切と判断した。", {2});
}

TEST(NoteJudgeTest, RisingFromASeatInItsTeFormIsTheTopic) {
  ExpectFlag("1-8", {1}, "ソファから立ってもらうと、座面の端を手で押すようにして腰を浮かせ、そのまま立ち上がった。",
             {2});
}

TEST(NoteJudgeTest, PushingDownOnTheSeatIsSupport) {
  ExpectFlag("1-4", {1},
             "ベッドの座面の端を両手で押し下げるようにして上体を起こした。肘掛けやベッド柵には触れなかった。", {2});
}

TEST(NoteJudgeTest, AWalkWithoutTheAidDeniedIsSupport) {
  ExpectFlag("1-7", {1}, "シルバーカーを押して近所の店まで歩くが、シルバーカーなしで歩くことはない。", {2});
}

TEST(NoteJudgeTest, AHelperCheckingTheMoneyWithThePersonIsPartial) {
  ExpectFlag("5-2", {1}, "週に1回、財布の中身とレシートを娘と一緒に確認している。", {2});
}

TEST(NoteJudgeTest, AStoryDifferentFromTheFactsIsConfabulation) {
  ExpectFlag("4-2", {1}, "実際には行っていない旅行の話など、事実と違うことを毎日のように話す。", {3});
}

TEST(NoteJudgeTest, SayingSomethingIsMixedIntoTheFoodIsPersecution) {
  ExpectFlag("4-1", {1}, "「味噌汁に何か混ぜとる」と話して口を付けないことが週に2回ほどある。", {3});
}

TEST(NoteJudgeTest, GoingToTheWayOutIsWantingToLeave) {
  ExpectFlag("4-9", {1}, "夜になると毎晩のように勝手口まで行って戸を開けようとする。", {3});
}

TEST(NoteJudgeTest, NoQuarrelsInTheGroupIsAbsent) {
  ExpectFlag("5-4", {3}, "デイでは他の利用者ともめることもなく、輪を乱すこともない。", {1});
}

TEST(NoteJudgeTest, KeepingQuietBecauseItWouldBeUnkindToldWithNodeIsADecision) {
  ExpectFlag("5-3", {3}, "ヘルパーに悪いので頼みたいことを言わないでいる。", {1});
}

TEST(NoteJudgeTest, PhysicalTherapyIsNoPainCare) {
  ExpectFlag("6-8", {2}, "膝の痛みに対し、整形外科で週1回ホットパックと牽引を受けている。", {1});
}

TEST(NoteJudgeTest, JointsMovingFreelyAreNoContracture) {
  ExpectFlag("1-2", {2}, "股関節と膝を他動的に動かしても引っかかりはなく、無理なく動く。", {1});
}

TEST(NoteJudgeTest, NoBehaviourInTheRecentMonthIsARateOfNothing) {
  ExpectFlag("4-9", {3},
             "以前はほぼ毎日玄関に向かっていたが、この1か月は外に出ようとする行動なし。鍵がなければ週3回は出ようとする"
             "と思われる。",
             {1});
}

TEST(NoteJudgeTest, WashingAllOfItAgainInOtherWordsIsFullHelp) {
  ExpectFlag("1-10", {2}, "本人が腕をこすった後、娘が首から足先まで改めて洗っている。", {3});
  ExpectFlag("1-10", {2}, "本人が腕をこすった後、娘が本人の洗った所も含めて首から下を改めて洗っている。", {3});
}

TEST(NoteJudgeTest, LiftingTheHipsToShiftThePersonIsRepositioning) {
  ExpectFlag("2-1", {1}, "日中もベッド上で過ごし、妻がおむつ交換のたびに腰を持ち上げて体を上へずらしている。", {4});
  ExpectFlag("2-1", {1}, "夜勤者が3時間ごとに体位を整えている。", {4});
  ExpectFlag("2-1", {1}, "体位変換は2時間ごとに娘が行っている。", {4});
}

TEST(NoteJudgeTest, ShakingOffTheHandDeniedIsNoResistance) {
  ExpectFlag("4-7", {3}, "介助の際に手を振り払うことはない。", {1});
}

TEST(NoteJudgeTest, OnlyLightAndDarkIsBarelySeeing) {
  ExpectFlag("1-12", {3}, "視力確認表は目の前でも見えず、明暗が分かる程度である。", {4});
}

TEST(NoteJudgeTest, HeardOnlyWhenTheVoiceIsRaisedIsLoudOnly) {
  ExpectFlag("1-13", {1}, "普通の声では返事がなく、声を張り上げると返事をする。", {3});
}

TEST(NoteJudgeTest, AwakeUntilDawnIsDayNightReversal) {
  ExpectFlag("4-4", {1}, "毎晩明け方まで起きており、昼食後から夕方まで眠っている。", {3});
}

TEST(NoteJudgeTest, TheWishToGoHomeWithoutRestlessnessIsAbsent) {
  ExpectFlag("4-8", {3}, "「そろそろ帰らないと」と話すことが毎日あるが、そのまま座っており歩き回る様子はない。", {1});
}

TEST(NoteJudgeTest, AskingForTheMealAgainIsForgetting) {
  ExpectFlag("4-12", {1}, "食後すぐに「ご飯はまだか」と催促することが毎日ある。", {3});
  ExpectFlag("4-12", {1}, "「朝ご飯をもらっていない」と職員に言いに来ることが週に3回ある。", {3});
}

TEST(NoteJudgeTest, UsingOthersThingsWithoutAskingIsSelfish) {
  ExpectFlag("4-14", {1}, "他の利用者の湯のみを断りなく使うことが週に2回ある。", {3});
}

TEST(NoteJudgeTest, AnImportantDecisionHandedToTheFamilyIsTheSpecialCase) {
  ExpectFlag("5-3", {1}, "日々の献立は自分で選んでいるが、入院の同意については判断を娘に委ねた。", {2});
}

TEST(NoteJudgeTest, NoUrineInEverydayWordsIsNoHelp) {
  ExpectFlag("2-5", {4}, "人工透析を受けており、おしっこはもう出ていない。", {1});
}

TEST(NoteJudgeTest, TheHeadWipedByAHelperToldWithNoWa) {
  ExpectFlag("2-9", {1}, "頭髪はなく、頭を拭くのはいつも妻である。", {3});
}

TEST(NoteJudgeTest, NotTakingItWhenNotInTheMoodIsPartial) {
  ExpectFlag("5-1", {1}, "気が向かないと薬を飲まずに捨てている。", {2});
}

TEST(NoteJudgeTest, MeasurementsCountedADayAreNoMonitoring) {
  ExpectFlag("6-10", {2}, "病棟で1日4回、血圧と脈拍を測定している。", {1});
}

TEST(NoteJudgeTest, ThePersonsNatureFromTheStartIsCharacter) {
  ExpectFlag("4-13", {3}, "元来独り言の多い人で、今も食事中によく独り言を言う。", {1});
}

TEST(NoteJudgeTest, TheActShownOnRequestIsNoHelp) {
  ExpectFlag("2-8", {2}, "実際に顔を洗ってもらうと、タオルで顔を拭くところまで一人でできた。", {1});
}

TEST(NoteJudgeTest, AnAidHandedOverThatCannotBeUsedIsNoHelp) {
  ExpectAgree("2-7", {3}, "職員が歯ブラシで磨いている。歯ブラシを渡しても握れない。");
}

TEST(NoteJudgeTest, NotReadableFromTheReactionsIsUnknown) {
  ExpectFlag("1-12", {2}, "視力確認表を見せても、見えているかどうか表情からは読み取れない。", {5});
}

TEST(NoteJudgeTest, AHelperNotEvenDoingAPartIsNoHelp) {
  ExpectFlag("2-10", {4}, "上着は自分だけで着ており、妻は服を用意することもしていない。", {1});
}

// Rule set 2026.11.18 (batches 45, 46, 47), one test per family, in sentences of their own.
TEST(NoteJudgeTest, TheTrunkStiffBesideFreeLimbsIsOther) {
  ExpectFlag("1-2", {1}, "腰は曲がったまま固まっている。両肩と両膝には動かしても制限がない。", {5});
}

TEST(NoteJudgeTest, AVerbUsedAsANounIsNegatedAfterWo) {
  ExpectFlag("2-3", {2}, "今回の食事観察ではむせを認めず、飲み込みも速やかだった。", {1});
}

TEST(NoteJudgeTest, TheWheelchairWorkedByAHelperIsFullHelp) {
  ExpectFlag("2-2", {1}, "腕の力がなく車いすを自分でこぐのは不可能で、移動はいつも職員が操作している。", {4});
}

TEST(NoteJudgeTest, AMedicalActDoneByTheFamilyToldWithNoWa) {
  ExpectFlag("6-10", {2}, "主治医の指示で酸素飽和度を一時間おきに測っているのは長女で、訪問看護師は週一回来るだけ。",
             {1});
}

TEST(NoteJudgeTest, WhetherThePersonSeesLeftOpenIsUnknown) {
  ExpectFlag("1-12", {2}, "絵を見せても、見えているのかどうかはよく分からない。", {5});
  ExpectAgree("1-12", {4}, "目の前の絵を指しても「何か分からん」と言う。");
}

TEST(NoteJudgeTest, AWalkLettingGoOfTheAidDeniedIsSupport) {
  ExpectFlag("1-7", {1}, "歩行器を押して廊下を往復しているが、歩行器を手放して歩くことはない。", {2});
}

TEST(NoteJudgeTest, TheDistanceWalkedToldAsALimitIsUnable) {
  ExpectFlag("1-7", {1}, "平行棒につかまっても続けて歩けるのは二、三歩で、普段は車いすを使う。", {3});
}

TEST(NoteJudgeTest, AnAppointmentDayIsNoDailyRoutine) {
  ExpectFlag("3-2", {2}, "起床から食事、就寝までの一日の流れを説明できる。受診日は覚えていない。", {1});
}

TEST(NoteJudgeTest, TheHelpersPartToldWithTokoroWa) {
  ExpectFlag("2-10", {1}, "上着は自分で着る。襟を整えるところは、毎朝ヘルパーの方が行っている。", {3});
}

TEST(NoteJudgeTest, ClothesHeldOpenForThePersonToStepIntoIsPartial) {
  ExpectFlag("2-11", {1}, "ヘルパーの方が下着を足元で広げると、本人が自分で両足を入れる。", {3});
}

TEST(NoteJudgeTest, ThePersonAsActorPuttingNoHandToItIsFullHelp) {
  ExpectFlag("2-7", {2}, "入れ歯の洗浄は毎晩娘がしており、本人が手を出すことはない。", {3});
}

TEST(NoteJudgeTest, GojishinDeIsByOneself) {
  ExpectFlag("2-8", {2}, "洗面所でご自身で顔を洗っておられ、家族は関わっていない。", {1});
}

TEST(NoteJudgeTest, ARateOfAnotherActAcrossAContrastIsNotTheBehaviours) {
  ExpectAgree("3-9", {2}, "毎日夕方に犬の散歩に出るが、この1か月で一度、帰り道が分からなくなった。");
}

TEST(NoteJudgeTest, IppenIsOnce) {
  ExpectFlag("4-5", {3}, "以前は夜になると同じ話を繰り返していたが、薬が変わってからはいっぺんもない。", {1});
}

TEST(NoteJudgeTest, ASentenceOpeningWithARateTellsThePreviousBehaviour) {
  ExpectFlag("4-12", {3}, "食後すぐに食事を催促することがある。月に二、三度ほどで、そのたびに説明すると納得する。",
             {2});
}

TEST(NoteJudgeTest, TheModelReadsFromTheSupposedSituation) {
  NoteJudgment j = Judge("2-1", {3}, "今は移乗の機会がない。回復後を想定すると一部の手助けが要ると判断した。");
  ASSERT_FALSE(j.words.empty());
  EXPECT_EQ(j.words.front().base, "回復");
}

TEST(NoteJudgeTest, TheArmrestHalfInKanaIsSupport) {
  ExpectFlag("1-8", {1}, "ソファから立つときは肘かけを押して体を起こす。", {2});
}

TEST(NoteJudgeTest, AnsweringAQuietVoiceIsOrdinaryHearing) {
  ExpectFlag("1-13", {3}, "言葉は出ないが、小声で名前を呼んでも振り向いて頷いて応じる。", {1});
}

TEST(NoteJudgeTest, TakenOutBySomeoneIsAnOuting) {
  ExpectFlag("2-12", {3}, "敷地の外には出ない。月に一度だけ息子が床屋へ連れて行く。", {2});
}

TEST(NoteJudgeTest, ThePersonWhoOnlyLiesThereDoesNoPart) {
  ExpectFlag("2-5", {3}, "尿器の当てがいも後始末も夫が行い、本人は寝ているだけ。", {4});
}

TEST(NoteJudgeTest, ClingingToFurnitureIsSupport) {
  ExpectFlag("1-4", {1}, "寝たままでたんすの取っ手にすがって上体を起こす。", {2});
}

// Rule set 2026.11.19 (batches 48, 49), one test per family, in sentences of their own.
TEST(NoteJudgeTest, AParenthesisBeforeTheFullStopStillEndsTheSentence) {
  ExpectAgree("1-2", {5}, "腰が曲がったまま固まっている（主治医）。両肩と両膝はどちらも制限なし。");
}

TEST(NoteJudgeTest, ANarrowRangeOfMotionIsTheFinding) {
  ExpectFlag("1-2", {1}, "首を横に向けられる範囲が狭い。両肩と両膝はどちらも制限なく動く。", {5});
}

TEST(NoteJudgeTest, NoMovementOfOnesOwnIsTheFinding) {
  ExpectFlag("1-1", {1}, "寝たきりで、両下肢に自発的な動きがない。", {4, 5});
}

TEST(NoteJudgeTest, AMedicalActDoneByThePersonAndTheFamilyTogether) {
  ExpectFlag("6-4", {2}, "ストーマ袋の交換は本人と息子で行っており、訪問看護は入っていない。", {1});
}

TEST(NoteJudgeTest, AStatementConfirmedFromTwoSpeakersIsQuoted) {
  ExpectFlag("2-5", {4}, "透析のため尿は出ていないと本人と長女から確認した。", {1});
}

TEST(NoteJudgeTest, AnuriaIsNoHelpWithUrination) {
  ExpectFlag("2-5", {3}, "腎不全で無尿となり、尿器もおむつも使っていない。", {1});
}

TEST(NoteJudgeTest, OnesOwnThighsHeldToSitUpAreSupport) {
  ExpectFlag("1-4", {1}, "両手で自分の太ももを抱えて起き上がる。ベッドの柵にはつかまらない。", {2});
}

TEST(NoteJudgeTest, ARateAfterAContrastOutweighsAHabitBeforeIt) {
  ExpectFlag("4-5", {1}, "昔から話の長い人だった。しかし今月は同じ話を何度も繰り返すことが週に4回ほどある。", {3});
}

TEST(NoteJudgeTest, AnAccusationOfHavingTakenSomethingIsTheBehaviour) {
  ExpectFlag("4-1", {1}, "眼鏡が見当たらないと「眼鏡を持っていったでしょう」と責めることが週に2回ほどある。", {3});
}

TEST(NoteJudgeTest, AnActPromptedWithYouIsThePersonsAct) {
  ExpectFlag("2-10", {1}, "夫が着直すように声をかけている。", {2});
}

TEST(NoteJudgeTest, AHabitDiscountsTheRateToldInTheNextSentence) {
  ExpectFlag("4-3", {2}, "昔から涙もろく、ドラマを見てはよく泣く。月に二回ほど。", {1});
}

TEST(NoteJudgeTest, TheDayServiceScheduleIsNoDailyRoutine) {
  ExpectFlag("3-2", {2}, "起床から就寝までの一日の流れは説明できるが、週に何回通所に行くかは答えられない。", {1});
}

TEST(NoteJudgeTest, MovingAboutByWheelchairIsNotWalking) {
  ExpectFlag("1-7", {2}, "手すりにつかまっても足が出ず、移動は車いすを押してもらっている。", {3});
}

TEST(NoteJudgeTest, ThePersonNotHelpingTheMoveIsFullHelp) {
  ExpectFlag("2-1", {3}, "ベッドから車いすへは息子が移しており、本人が動きを助けることはない。", {4});
}

TEST(NoteJudgeTest, HeardOnlyWhenSpokenToLoudlyIsLoudOnly) {
  ExpectFlag("1-13", {2}, "耳が遠く、家族も大声で呼ばないと振り向かない。", {3});
}

TEST(NoteJudgeTest, AContrastAfterAHeadingOpensItsSentence) {
  ExpectFlag("4-5", {1},
             "【家族】昔から話の長い人だった。【最近】しかし今月は同じ話を何度も繰り返すことが週に4回ほどある。", {3});
}

// Rule set 2026.11.20 (batches 50, 51), one test per family, in sentences of their own.
TEST(NoteJudgeTest, ADoctorsOrderOfRestIsNoHelpersInstruction) {
  ExpectAgree("2-2", {4}, "医師より床上安静の指示が続いており、この10日は部屋から出ていない。");
}

TEST(NoteJudgeTest, TheNeckNamedAsKeibuIsOther) {
  ExpectFlag("1-2", {1}, "頚部が硬く、左右に振り向くことができる範囲が狭い。両肩と両膝は制限なく動く。", {5});
}

TEST(NoteJudgeTest, AHelperOrderingTheGoodsBuysThem) {
  ExpectFlag("5-5", {1}, "店には行けず、必要な物は次女が通販で注文して届けてもらっている。", {4});
}

TEST(NoteJudgeTest, GoodsTakenBackToTheShopAreHelpWithReturns) {
  ExpectFlag("5-5", {1}, "買い過ぎた物は毎回嫁が店に返しに行っている。", {3});
}

TEST(NoteJudgeTest, ThePersonWithNoPartInTheActAfterAClause) {
  ExpectFlag("5-6", {1}, "本人は何が食べたいかを言うこともなく、調理には一切関わっていない。", {4});
}

TEST(NoteJudgeTest, ASideNamedOnceForTwoLimbs) {
  ExpectFlag("1-1", {1}, "脳梗塞の後遺症で、左の腕と脚が思うように動かせない。", {2, 4});
}

TEST(NoteJudgeTest, SomethingHeldToStandIsASupport) {
  ExpectFlag("1-8", {1}, "立ち上がるときは流し台の縁を持って立ち上がる。", {2});
}

TEST(NoteJudgeTest, LongStandingWrittenInKana) {
  ExpectFlag("4-3", {2}, "若いころから感激しやすく、歌番組でよく泣く。月に三回ほど。", {1});
}

TEST(NoteJudgeTest, AnsweringAndGoingOnAsBeforeIsNoResistance) {
  ExpectFlag("4-7", {3}, "夕食後に歯を磨くよう妻が促すと、返事だけして自室に戻ってしまう。", {1});
}

TEST(NoteJudgeTest, WhatThePersonDoesNamedAsOnlyTheRinse) {
  ExpectFlag("2-7", {2}, "入れ歯の洗浄も歯磨きも職員が行う。本人がするのはうがいのみ。", {3});
}

TEST(NoteJudgeTest, NonInvasiveVentilationIsARespirator) {
  ExpectFlag("6-6", {1}, "睡眠時無呼吸のため夜間はNPPVを装着している。", {2});
}

TEST(NoteJudgeTest, TheOneAccusedNamedWithTanoWa) {
  ExpectFlag("4-1", {1}, "「眼鏡を隠したのは娘だ」と言い張ることが週に2回ほどある。", {3});
}

TEST(NoteJudgeTest, TheStoryReferredBackIsTheSameStory) {
  ExpectFlag("4-5", {1}, "昔勤めた会社の話を何度もする。施設でも職員に毎日この話をしている。", {3});
}

TEST(NoteJudgeTest, GoingOutToldWithHe) {
  ExpectFlag("2-12", {1}, "庭先には出るが、敷地の外へ出ることはこの半年一度もない。", {3});
}

TEST(NoteJudgeTest, ATurnAnsweringALoudVoice) {
  ExpectFlag("1-13", {1}, "普通の声では反応がなく、大声で名前を呼ぶと振り向く。", {3});
}

TEST(NoteJudgeTest, DosesPutIntoThePalmAreHelp) {
  ExpectFlag("5-1", {1}, "現在は処方がない。以前は毎朝妻が薬を手のひらに出していた。", {2});
}

TEST(NoteJudgeTest, AskingTheSameAgainAndAgainIsNotRemembering) {
  ExpectFlag("3-4", {1}, "昼食を済ませたのに、まだかと一日に何度も聞く。", {2});
}

TEST(NoteJudgeTest, TheBackWashedByThePersonNamedWithMo) {
  ExpectFlag("1-10", {2}, "手すりを使って湯船に入り、本人も長柄ブラシで背中を洗っている。", {1});
}

TEST(NoteJudgeTest, TheBodysPlaceInBedPutRightIsTurning) {
  ExpectFlag("2-1", {1}, "寝たきりで、夜間も2時間ごとに妻が尻を持ち上げて体の位置を直している。", {4});
}

TEST(NoteJudgeTest, TheDaysJustAfterMovingInAreThePast) {
  ExpectFlag("4-9", {3}, "入居直後は毎晩のように外に出ようとしていた。今は月に1回ほど。", {2});
}

TEST(NoteJudgeTest, SinceThenOpensTodaysState) {
  ExpectFlag("2-3", {2}, "お茶でむせるため、とろみをつけるようにした。それからはむせることはない。", {1});
}

TEST(NoteJudgeTest, DashingThingsToTheFloorIsBreakingThings) {
  ExpectFlag("4-11", {1}, "気に入らないとコップを壁に叩きつけることが週に2回ほどある。", {3});
}

TEST(NoteJudgeTest, PartsTheHandDoesNotReachAreHelp) {
  ExpectFlag("1-10", {1}, "右肩が上がらず、背中には手が届かない。", {2});
}

TEST(NoteJudgeTest, TheFirstPersonOfAQuotedAccountIsItsSpeaker) {
  ExpectFlag("5-5", {1}, "家族記入：「食材は私が買ってきます。」", {4});
}

TEST(NoteJudgeTest, AHelpersActOfUnstatedAmountBesideThePersonsTrifle) {
  ExpectFlag("2-7", {2}, "入れ歯の手入れは妻が行っている。本人は水を口に含むことだけ自分でできる。", {3});
}

TEST(NoteJudgeTest, AVerbBeforeTheYaOfAListIsANoun) {
  ExpectFlag("2-3", {2}, "食事のときのむせや喉の詰まりは見られない。", {1});
}

TEST(NoteJudgeTest, EveryFewDaysIsARate) {
  ExpectFlag("2-6", {2}, "普段は一人でトイレを済ませる。5日おきに下剤を使った日だけ、息子がズボンを上げる。", {1});
}

TEST(NoteJudgeTest, TheBehaviourReferredBackAsAWayOfActing) {
  ExpectFlag("4-9", {3}, "以前は毎日のように外に出ようとしていたが、今はそうした様子はない。", {1});
}

TEST(NoteJudgeTest, MonthsGoneByWithoutTheActAfterAContrast) {
  ExpectFlag("4-11", {2}, "以前は新聞を破いていたが、もう2か月ほどしていないと思う。", {1});
}

TEST(NoteJudgeTest, TheTrifleNamedByACueOfAllTheHelp) {
  ExpectFlag("2-7", {2}, "歯磨きは娘が全部行い、水を含ませると自分で吐き出す。本人ができるのはうがいだけ。", {3});
}

TEST(NoteJudgeTest, AVerbBeforeNoNamesAThingNotAnAct) {
  ExpectFlag("4-11", {2}, "前はシャツを破いていたが、かぶりの服にしてからは、もう2か月ほどしていない。", {1});
}

TEST(NoteJudgeTest, HelpThatHasHappenedIsAMinorSituation) {
  ExpectAgree("2-10", {1}, "上着は毎日自分で着ている。夫が袖を通すのを手伝ったことがある。");
}

TEST(NoteJudgeTest, AWheelchairThePersonCannotPropelIsFullHelp) {
  ExpectFlag("2-2", {1}, "ベッド上安静で部屋から出ていない。車いすも自分ではこげない。", {4});
}

TEST(NoteJudgeTest, TheChartNotMadeOutEvenInFrontOfTheEyes) {
  ExpectFlag("1-12", {3}, "視力確認表を目の前に近づけても図が見えない。", {4});
}

// Rule set 2026.11.21 (batches 52, 53), one test per family, in sentences of their own.
TEST(NoteJudgeTest, ThePreviousSurveyIsThePast) {
  ExpectFlag("2-11", {3}, "前回調査時は娘がズボンの上げ下ろしを手伝っていたが、今回は朝夕とも一人ではき替えている。",
             {1});
}

TEST(NoteJudgeTest, ANounOfTheMotionHeadsANegatedAct) {
  ExpectFlag("1-4", {1}, "膝の痛みがあり、手を使わない起き上がりはできない。", {2});
}

TEST(NoteJudgeTest, AnArmrestOrAnEdgeHeldDownIsASupport) {
  ExpectFlag("1-8", {1}, "アームレストを押して立ち上がる。", {2});
  ExpectFlag("1-8", {1}, "食卓の縁を両手で押さえて腰を上げる。", {2});
}

TEST(NoteJudgeTest, TheActNeverDoneWithoutTheAid) {
  ExpectFlag("1-8", {1}, "肘掛けを使わずに立ち上がることはない。", {2});
}

TEST(NoteJudgeTest, AListJoinedByANakaguro) { ExpectFlag("2-3", {2}, "食事の際のむせ・咳は見られない。", {1}); }

TEST(NoteJudgeTest, TheStaffAbbreviatedAreHelpers) { ExpectFlag("2-10", {1}, "上衣の着脱はHHが全て行う。", {4}); }

TEST(NoteJudgeTest, AteBeforeANounIsAHandPutOnTheBody) {
  ExpectFlag("1-7", {1}, "両手を太ももに当て前屈みで歩く。", {2});
}

TEST(NoteJudgeTest, NoUrineOfThePersonsOwn) { ExpectFlag("2-5", {4}, "腎不全で透析中、自尿はない。", {1}); }

TEST(NoteJudgeTest, WhatTheSurveyorHeardIsAQuote) {
  ExpectFlag("2-5", {4}, "尿は全く出ていないと主治医から聴取した。", {1});
}

TEST(NoteJudgeTest, TheHeadWipedByAHelperNamedFirst) {
  ExpectFlag("2-9", {1}, "髪がなく、毎朝妻が蒸しタオルで頭部を拭く。", {3});
}

TEST(NoteJudgeTest, TheProperMethodAsAConditionJudgedSufficient) {
  ExpectFlag(
      "2-5", {1},
      "一人暮らしで失禁が続いている。トイレへの誘導があれば失敗は防げると判断し、不適切な状況として適切な介助の方法を"
      "選択した。",
      {2});
}

TEST(NoteJudgeTest, TheSupportSoughtOnlyAtATime) {
  ExpectFlag("1-6", {2}, "手すりにつかまるのは夜中にトイレへ起きた時くらいで、ほかは何にもつかまらずに立っていられる。",
             {1});
}

TEST(NoteJudgeTest, ACountOfStepsThenAStop) {
  ExpectFlag("1-7", {2}, "廊下では歩行器を押して4、5歩歩くと膝が折れそうになり、しゃがみ込む。", {3});
}

TEST(NoteJudgeTest, ATimeAfterThePastEventIsToday) {
  ExpectFlag("4-11", {2}, "以前は布団を破っていた。2か月前に部屋を移った後は破ることはない。", {1});
}

TEST(NoteJudgeTest, TheAccusationInThePassive) {
  ExpectFlag("4-1", {1}, "「嫁に何か入れられている」と言ってお茶を飲まないことが週に2回ある。", {3});
}

TEST(NoteJudgeTest, ADoctorsOrderWrittenWithoutNo) {
  ExpectAgree("2-2", {1}, "医師指示により歩行は禁止、車いすを自分でこいで移動している。");
}

TEST(NoteJudgeTest, AStoryOfWhatDidNotHappen) {
  ExpectFlag("4-2", {1}, "実際にはなかった旅行の話を毎日のようにする。", {3});
}

TEST(NoteJudgeTest, WalkingDeniedEvenWithHoldingOn) {
  ExpectFlag("1-7", {2}, "廊下の手すりにつかまっての歩行もできない。", {3});
}

TEST(NoteJudgeTest, AskingForTheMealJustEaten) {
  ExpectFlag("3-4", {1}, "夕食を済ませてすぐに「晩ご飯はまだか」と尋ねる。", {2});
}

TEST(NoteJudgeTest, AnEpisodeThatSubsidesAfterAWhile) {
  ExpectFlag("4-8", {1}, "夕方になると落ち着かなくなり廊下を歩き回る。週に3回ほどで、20分ほどで治まる。", {3});
}

// Rule set 2026.11.22 (batches 54–57), one test per family, in sentences of their own.
TEST(NoteJudgeTest, TheDialectsAspectVerbBeforeANegation) {
  ExpectAgree("2-8", {1}, "左手だけで顔を洗って拭いとる。娘さんは手を出しとらん。");
}

TEST(NoteJudgeTest, NnKattaIsNakatta) { ExpectAgree("3-6", {2}, "いまの季節を尋ねても、どうしても答えられんかった。"); }

TEST(NoteJudgeTest, ATOThatEndsTheSentenceReportsWhatWasSaid) {
  ExpectAgree("2-3", {1}, "食事中、職員は見守りはしていないと。");
}

TEST(NoteJudgeTest, TheOwnThighGraspedOrPushedAgainst) {
  ExpectFlag("1-8", {1}, "両手を太ももに突っ張って腰を上げる。", {2});
}

TEST(NoteJudgeTest, BehaviourToldInKanaOrOtherWords) {
  ExpectFlag("3-8", {1}, "週に3回ほど、夜になると廊下をあてもなく歩きまわる。", {3});
  ExpectFlag("3-8", {1}, "毎晩のように布団の上をはいまわっている。", {3});
  ExpectFlag("4-9", {1}, "月に1回ほど、夜中に外へでていこうとする。", {2});
  ExpectFlag("4-6", {1}, "週に4回ほど、近所に響く声を出す。", {3});
  ExpectFlag("4-10", {1}, "ほぼ毎日、食堂の紙ナプキンを部屋に持って帰る。", {3});
  ExpectFlag("4-13", {1}, "週に5回ほど、誰もいない窓の方に話しかける。", {3});
}

TEST(NoteJudgeTest, TheWardsDoorIsAWayOut) {
  ExpectFlag("4-9", {1}, "ほぼ毎日、昼食後に病棟の出入口まで行って扉を押す。", {3});
}

TEST(NoteJudgeTest, SomeDecisionsNotMadeByThePersonAlone) {
  ExpectFlag("5-3", {1}, "昼に食べる物は自分で決めるが、旅行の行き先になると自分では決められない。", {2});
}

TEST(NoteJudgeTest, NoUrineWrittenInKana) { ExpectFlag("2-5", {4}, "人工透析を受けており、尿はほとんどでない。", {1}); }

TEST(NoteJudgeTest, ThePurposeOfGoingBelongsToTheAct) {
  ExpectAgree("1-10", {1}, "夫は居間にいて、声をかけたり様子を見に行ったりすることはなく、本人が一人で洗っている。");
}

TEST(NoteJudgeTest, ATariListGoesOnAfterAComma) {
  ExpectAgree("2-10", {1}, "上着は一人で着ている。着替えの際に声をかけたり、横で見ている人はいない。");
}

TEST(NoteJudgeTest, AnIndefiniteWordWithMoSaysNoneAtAll) {
  ExpectAgree("1-2", {1}, "肩と膝を他動的に動かしたが、制限はどこもない。");
}

TEST(NoteJudgeTest, HandsFoldedWhileDoingIt) { ExpectFlag("1-8", {2}, "腕を組んだまま椅子から立ち上がる。", {1}); }

TEST(NoteJudgeTest, TheLineKeptReadyToStartAgain) {
  ExpectAgree("6-2", {2}, "高カロリー輸液は先週から中止中。ポートは残し、いつでも再開できるよう看護師が管理している。");
}

TEST(NoteJudgeTest, ImpossibleEvenHoldingOn) {
  ExpectFlag("1-7", {2}, "廊下の手すりにつかまっても歩くのは無理である。", {3});
}

TEST(NoteJudgeTest, DoneAloneAfterACount) {
  ExpectFlag("2-1", {3}, "ベッドから車いすへの乗り移りは、1日に8回ほど一人でしている。", {1});
}

TEST(NoteJudgeTest, TheButtocksLiftedByAHelperToShiftThePerson) {
  ExpectFlag("2-1", {1}, "一日に数回、娘がお尻を持ち上げて寝ている位置を整えている。", {4});
  ExpectFlag("2-1", {1}, "一日に数回、娘がおしりをもちあげて寝ている位置を整えている。", {4});
}

TEST(NoteJudgeTest, TheMattressPushedDownToRise) {
  ExpectFlag("1-8", {1}, "ソファから立つときは、両手でマットレスを強く押して腰を浮かせる。", {2});
}

TEST(NoteJudgeTest, NotSayingByThePersonsOwnChoice) {
  ExpectFlag("5-3", {2}, "ヘルパーの掃除の仕方に不満はあるが、角が立つので言わずにいる。", {1});
}

TEST(NoteJudgeTest, WatchingSaidNotToBeEnough) {
  ExpectFlag("2-2", {2}, "居間へは毎回娘が手を取って連れて行く。声をかけるだけでは途中で座り込んでしまう。", {3});
}

TEST(NoteJudgeTest, TheWardsAideIsAHelper) {
  ExpectAgree("2-11", {3}, "本人がズボンに両足を通し、腰までの引き上げは看護助手が行う。");
}

TEST(NoteJudgeTest, TheKneeInKanaThatWillNotStraighten) {
  ExpectFlag("1-2", {1}, "入浴介助の際、両ひざは職員がゆっくり伸ばしてもまっすぐにならない。", {4});
}

TEST(NoteJudgeTest, TheNeckInKana) {
  ExpectFlag("1-2", {1}, "くびは介護職員が左右に回しても、半分ほどでとまる。", {5});
}

// Rule set 2026.11.23 (batches 58–63), one test per family, in sentences of their own.

TEST(NoteJudgeTest, ALimitOfTheSpineSaidAsTheActItPrevents) {
  ExpectAgree("1-2", {5}, "四肢の関節に制限はみられないが、腰椎の手術後から体を前に曲げられない。");
  ExpectFlag("1-2", {1}, "肩と膝は動かしても制限はないが、頸椎の動きが固い。", {5});
}

TEST(NoteJudgeTest, ABehaviourSaidToDifferFromAHabit) {
  ExpectAgree("4-13", {3},
              "ここ2か月、夜中に一人でぶつぶつ話し続けることが週に4回ほどあり、妻は昔からの性格とは違うと話す。");
}

TEST(NoteJudgeTest, TwoSpeakersJoinedByASymbolAfterAQuote) {
  ExpectAgree("2-3", {1}, "とろみ剤を使ってからは、食事中の見守りも不要と長男・ヘルパー。");
}

TEST(NoteJudgeTest, AHelperSayingEachStep) {
  ExpectFlag("2-10", {1}, "娘が「次は右の袖」と一つずつ伝えると、本人はその順に自分で上着を着る。", {2});
}

TEST(NoteJudgeTest, NoAnswerEvenAtTheBestConditionOfTheCheck) {
  ExpectFlag("1-13", {3}, "耳元で大声を出しても振り向かない。", {4});
  ExpectFlag("1-12", {3}, "視力確認表を目の前に出しても図の名前を答えられない。", {4});
}

TEST(NoteJudgeTest, TheSeasonItselfNotAnswered) {
  ExpectFlag("3-6", {1}, "季節を聞いても答えられなかったが、曜日はすぐに言えた。", {2});
}

TEST(NoteJudgeTest, OneDosePreparedByAHelper) {
  ExpectFlag("5-1", {1}, "息子が袋から1回分を出しておくと、本人が自分で飲む。", {2});
}

TEST(NoteJudgeTest, AWalkInsideTheGroundsIsNoOuting) {
  ExpectFlag("2-12", {1}, "施設の中庭を娘と散歩することが週3回ほどあるが、敷地の外に出ることはこの3か月ない。", {3});
}

// Rule set 2026.11.24 (batches 64–67), one test per family, in sentences of their own.

TEST(NoteJudgeTest, ADoctorsVisitAtHomeIsNoOuting) {
  ExpectAgree("2-12", {3}, "この冬は家の外に出ておらず、通院も月2回の訪問診療に替えている。");
}

TEST(NoteJudgeTest, ABehaviourOfAPastTimeAsTheTopic) {
  ExpectAgree("4-3", {1},
              "自宅で暮らしていた頃は毎晩のように泣いていたそうだが、施設に移ってからはこの1か月その様子はない。");
}

TEST(NoteJudgeTest, ThePersonAsTheyWereSetAgainstToday) {
  ExpectAgree("4-15", {2},
              "寝不足の日に話があちこちに飛んで会話にならないことが、先月は2回あったと娘から聞いた。元々は理路整然と話"
              "す人だという。普段は会話に困らない。");
}

TEST(NoteJudgeTest, ASeasonAnsweredWithoutBrackets) {
  ExpectFlag("3-6", {1}, "季節を尋ねると冬だと答えた（訪問は7月）。", {2});
}

TEST(NoteJudgeTest, WhatTheFigureShowsNotMadeOut) {
  ExpectAgree("1-12", {4}, "視力確認表を顔の前に出しても、何の形が描かれているか分からないと言う。");
}

TEST(NoteJudgeTest, TheListedJointsRuledOutAsAWhole) {
  ExpectAgree("1-2", {5},
              "腰椎は前に曲げられない。肩・股・膝の各関節は他動で動かしてみても制限はなく、腰の制限だけである。");
}

TEST(NoteJudgeTest, ContinuousMeasurementToldWithHakaru) {
  ExpectAgree("6-10", {1}, "看護師が訪問の際に血圧を測っているが、機器で継続的に測ることはない。");
}

TEST(NoteJudgeTest, TheKneecapAsTheOwnBodysSupport) {
  ExpectFlag("1-8", {1}, "椅子から立つときは、左右の膝頭を両手で押さえて体を起こす。", {2});
}

TEST(NoteJudgeTest, ALifeStageLongBeforeTheIllnessAsTheStart) {
  ExpectFlag("4-5", {3}, "独り言が多いのは子どもの頃からで、家族も気にしていない。", {1});
}

TEST(NoteJudgeTest, TheBehaviourReferredBackWithSoushita) {
  ExpectFlag("4-6", {3}, "前は夜中に大声を出すことがあったが、寝室を変えてからは、この1か月そうしたことはない。", {1});
}

TEST(NoteJudgeTest, HalfAYearAgoIsThePast) {
  ExpectAgree("3-8", {1}, "半年前までは毎日のように家の中を歩き回っていたが、骨折後は寝たきりでベッドから動けない。");
}

// Rule set 2026.11.25 (batches 68–79), one test per family, in sentences of their own.

TEST(NoteJudgeTest, ANegationOfObligationIsNoNegation) {
  // 「帰らなきゃ」, 「帰らなくちゃ」, 「帰らなくては」: must go home, not "does not go".
  ExpectAgree("4-8", {3}, "ほぼ毎晩、「息子が迎えに来るから帰らなきゃ」と言って玄関で靴を履こうとする。");
  ExpectAgree("4-8", {3}, "ほぼ毎晩、「息子が迎えに来るから帰らなくちゃ」と言って玄関で靴を履こうとする。");
  ExpectAgree("4-8", {3}, "ほぼ毎晩、「息子が迎えに来るから帰らなくては」と言って玄関で靴を履こうとする。");
}

TEST(NoteJudgeTest, CalmingDownAfterAWhileTellsTheBehaviour) {
  ExpectAgree("4-8", {3},
              "夕方になると「家へ帰る」と言って玄関で靴を探すことがある。娘が隣で昔の話をすると十五分ほどで落ち着く。");
  ExpectAgree(
      "4-8", {3},
      "夕食後に「家へ帰る」と言って玄関で靴を探す。ほぼ毎晩のことで、娘が隣で昔の話をすると十五分ほどで落ち着く。");
}

TEST(NoteJudgeTest, AJointSoundInAPhraseOfItsOwn) {
  ExpectAgree("1-2", {5}, "首に拘縮があり、両肩と両膝は制限なく動かせた。");
}

TEST(NoteJudgeTest, AJointLimitedAtThePreviousSurvey) {
  ExpectAgree("1-2", {1},
              "前回は左膝の曲げ伸ばしに制限があったが、今回は肩・股・膝とも他動でよく動き、制限は見られなかった。");
}

TEST(NoteJudgeTest, AJointThatWillNotBendOrStraighten) {
  ExpectFlag("1-2", {1}, "右膝は伸ばし切れない。", {4});
  ExpectFlag("1-2", {1}, "腰が前にほとんど曲がらない。", {5});
  ExpectFlag("1-2", {1}, "両肩は抵抗なく動いたが、右膝は伸ばし切れず途中で止まった。", {4});
  ExpectAgree("1-2", {5}, "腰部は前にほとんど曲がらない。");
}

TEST(NoteJudgeTest, TheCheckHeldAndColdnessAreNoParalysis) {
  ExpectFlag("1-1", {2}, "左手に冷えとしびれを訴えるが、両腕とも肩の高さまで上げて保つことができた。", {1});
  ExpectFlag("1-1", {4}, "足先に冷たさを訴えるが、両脚とも膝を伸ばしたまま水平に保てた。", {1});
  ExpectFlag("1-1", {2}, "両腕とも肩の高さまで挙げて止めておくことができた。", {1});
}

TEST(NoteJudgeTest, AnEmbeddedQuestionIsNoStatement) {
  ExpectFlag("2-3", {1}, "夕食のたびに汁物でむせ込み、娘が一口ずつ飲み込めたかを確かめている。", {2});
}

TEST(NoteJudgeTest, NoMeansToTellWhetherThePersonSees) {
  ExpectFlag("1-12", {1}, "見えているかどうかが分かる手がかりがない。", {5});
}

TEST(NoteJudgeTest, TheFamilyAsTheSpeakerOfAMedicalReport) {
  ExpectAgree("6-4", {2}, "訪問看護師が週1回ストーマの袋を交換していると夫が話す。");
}

TEST(NoteJudgeTest, TheRarerOfTwoRatedSituations) {
  ExpectFlag(
      "2-2", {3},
      "居室とトイレの間は一人で歩いて移動している（1日10回ほど）。玄関の段差を降りる時（1日2回）は息子が手を引いて"
      "いる。",
      {1});
}

TEST(NoteJudgeTest, ThePersonsClaimInQuotes) {
  ExpectFlag("1-7", {1},
             "本人は「どこにもつかまらずに歩ける」と言う。娘の話では、家の中では家具に手をつきながら伝い歩きしていると"
             "のこと。",
             {2});
}

TEST(NoteJudgeTest, TheFigureAtTheEyesNotMadeOut) {
  ExpectFlag("1-12", {3}, "白内障のため、目の前にかざした視力確認表の図も分からない。", {4});
}

TEST(NoteJudgeTest, WashedOnceMoreIsDoneAgain) {
  ExpectFlag("1-10", {2}, "浴室では本人が腕を少し洗うが、その後で娘が全身をもう一度洗っている。", {3});
}

TEST(NoteJudgeTest, KeepingAWishBackIsADecision) {
  ExpectFlag("5-3", {2}, "デイサービスの昼食に不満があるが、あえて職員には言っていない。", {1});
  ExpectFlag("5-3", {2}, "食事の量を減らしてほしいが、看護師との関係を気にして口に出せずにいる。", {1});
}

TEST(NoteJudgeTest, WhatHappensOnMostDaysAgainstTheSurvey) {
  ExpectFlag("3-4", {1},
             "調査では見せた三品を言えた。ただ娘の話では、昼に食べた物を夕方には覚えていないことがほとんどだという。",
             {2});
}

TEST(NoteJudgeTest, ADependentNounBeforeTheNegationIsFree) {
  ExpectFlag("6-10", {2}, "夜勤帯もモニターを付けたままにすることはない。", {1});
}

TEST(NoteJudgeTest, AMeasuringDeviceWornIsTheItemsCondition) {
  ExpectAgree("6-10", {1}, "訪問時に看護師が脈拍と酸素飽和度を測っているが、体に着けておく測定機器はない。");
}

TEST(NoteJudgeTest, WhatARecordSaysWithToAru) {
  ExpectFlag("6-10", {2}, "介護記録にも、体に付けたままの測定機器はないとある。", {1});
}

TEST(NoteJudgeTest, WhatTheMeasureWouldLeaveIsNoRate) {
  ExpectFlag("4-9", {3},
             "以前はほぼ毎日裏口から外へ出ようとしていた。裏口に暖簾を掛けてから、ここ1か月その行動はない。暖簾がなければ週に"
             "数回は出ようとすると長男はみている。",
             {1});
}

TEST(NoteJudgeTest, TheBehaviourNoLongerSeenSinceAChange) {
  ExpectFlag("4-9", {3},
             "夜中に非常口から出ようとすることが続いたが、扉の前に植木鉢を並べてから、ここ1か月その様子はない。",
             {1});
  ExpectFlag("4-11", {2}, "半年前にカーテンを引きはがしていたが、留め具を替えてからは、そういうことは起きていない。", {1});
}

TEST(NoteJudgeTest, AHairlessHeadWipedByAHelperIsAllOfIt) {
  ExpectFlag("2-9", {1}, "頭髪はほぼなく整髪の場面はない。風呂上がりは孫にタオルで頭を拭いてもらっている。", {3});
  ExpectFlag("2-9", {1}, "剃髪しているため整髪はない。入浴後の頭の拭き取りはいつも介護職員がしている。", {3});
}

TEST(NoteJudgeTest, ThePersonsTrifleBesideHelpOfUnstatedAmount) {
  ExpectFlag("2-7", {2}, "義歯の洗浄は長女が行い、歯ぐきの清拭も長女がする。本人が自分でするのは、口をすすぐくらいだ。", {3});
  ExpectFlag("2-7", {2}, "歯ブラシでの歯みがきは娘が行い、コップも娘が口に運ぶ。本人はうがいをして水を吐き出すだけ。", {3});
}

TEST(NoteJudgeTest, HandedOverAndStillUnable) {
  ExpectFlag("2-8", {2}, "タオルを手渡しても顔まで持っていけず、毎朝ヘルパーが拭いている。", {3});
}

TEST(NoteJudgeTest, ASeasonShownOnACard) {
  ExpectFlag("3-6", {1}, "季節を聞くと言葉では返せなかったが、四季の写真を並べると桜の写真を選んだ（調査は10月）。", {2});
  ExpectFlag("3-6", {2}, "季節を尋ねても言葉では答えられなかったが、四季の絵を見せると紅葉の絵を指さした（11月の調査）。", {1});
}

TEST(NoteJudgeTest, NotInWordsButShownWithAFinger) {
  ExpectFlag("3-2", {2}, "一日の流れを言葉では説明できないが、ホワイトボードの予定を指でたどって示した。", {1});
}

TEST(NoteJudgeTest, TheUnaidedActOnlyAttempted) {
  ExpectFlag("1-8", {1}, "椅子からはテーブルに両手をついて立ち上がる。手を使わずに立とうとすると腰が浮かない。", {2});
}

TEST(NoteJudgeTest, TheOwnThighPushedDownOrHeldAsAPart) {
  ExpectFlag("1-4", {1}, "ベッドで起き上がる時は右手で自分の大腿部を押さえて体を起こしている。", {2});
  ExpectFlag("1-4", {1}, "起き上がる際は両手で太ももを押し下げるようにして上半身を持ち上げる。", {2});
}

TEST(NoteJudgeTest, TheCheckHeldToldWithIrareru) {
  ExpectAgree("1-1", {3}, "両脚とも伸ばしたまま保っていられたが、右腕は胸の高さで落ちてしまう。左腕は上げて止めていられた。");
}

TEST(NoteJudgeTest, TheMovementThatStopsIsALimit) {
  ExpectAgree("1-2", {5}, "体幹を前に倒すよう促しても、背中の途中で動きが止まってしまう。肩・股・膝は他動で制限なく動く。");
}

TEST(NoteJudgeTest, ANegatedThoughtIsNoNegatedBehaviour) {
  ExpectAgree("4-2", {3}, "息子が来たという作り話を週に何度もするが、本人は作り話だとは考えていない様子。");
}

TEST(NoteJudgeTest, CharacterDeniedAsTheWholeExplanation) {
  ExpectAgree("4-5", {3},
              "誰が話しかけても戦争中の話に戻り、何度も同じ話をする。人懐こい性格というだけでは説明がつかないと職員は"
              "話す。");
  ExpectAgree("4-5", {3},
              "訪問者のたびに若い頃の仕事の話を始め、同じ内容を繰り返す。もとの性格だけでは説明できず、毎日のように見ら"
              "れる。");
}

TEST(NoteJudgeTest, TroubleFromNotKnowingDenied) {
  ExpectFlag("3-2", {2}, "娘の話では、日課が分からずに困ることは普段ないという。", {1});
  ExpectFlag("3-4", {2},
             "調査の最初に伝えた三品は思い出せなかったが、家族によると、直前の話を覚えられずに困ることは普段ないという。",
             {1});
}

TEST(NoteJudgeTest, NoScenesThatCallForAResponse) {
  ExpectFlag("4-12", {3}, "探し物をすることはあるが、家族が何か対処しなければならない場面は起きていない。", {1});
}

TEST(NoteJudgeTest, ACountFromARecordNamedByARelativeClause) {
  ExpectFlag("4-1", {3},
             "「娘に指輪を盗られた」と騒ぎ、娘はそのたびに一緒に探している。娘がつけているメモでは、この1か月で2回との"
             "こと。",
             {2});
}

TEST(NoteJudgeTest, NotEveryTimeIsSometimes) {
  ExpectFlag("2-3", {1}, "食事のたびにむせるわけではないが、味噌汁では週に3回ほどむせ込みがあり、妻が飲み込みを確認している。",
             {2});
}

TEST(NoteJudgeTest, NoMedicalProfessionalTakesPart) {
  ExpectFlag("6-4", {2},
             "人工肛門のストーマに付けるパウチの交換はグループホームの介護職員が行っており、この半月、看護師は処置に関わ"
             "っていない。",
             {1});
}

TEST(NoteJudgeTest, TheSameBuildingIsThePremises) {
  ExpectFlag("2-12", {1}, "同じ建物の1階にあるデイサービスへ週3回通い、敷地の外へはこの1か月出ていない。", {3});
}

TEST(NoteJudgeTest, ARateWithNoKotoNamesTheBehaviourBefore) {
  ExpectFlag("4-5", {2},
             "家族の誰にでも若い頃の商売の話を始め、訪問中も同じ話を3回した。息子の話ではほぼ毎日のことで、家族は聞き流"
             "しているという。",
             {3});
}

TEST(NoteJudgeTest, ATraitSinceBeforeTheIllness) {
  ExpectFlag("4-5", {3}, "妻の話では、出会ったころから同じ自慢話を何度もする人だったとのこと。", {1});
  ExpectFlag("4-15", {3}, "長男によると、倒れる前から話があちこちに飛ぶ人で、今も変わらないという。", {1});
}

TEST(NoteJudgeTest, HelpStatedAsTheProperOneBeforeFutekisetsu) {
  ExpectFlag("2-10", {1},
             "上着は自分で着ているが、ボタンを掛け違えたまま外出しようとすることが多い。袖を通すことはできるので、ボタン"
             "掛けを手伝うのが適切と考え、不適切な状況として選択した。",
             {3});
}

TEST(NoteJudgeTest, TheDaysItWorksAreTheFewer) {
  ExpectAgree("3-4", {2}, "訪問時は少し前の話を思い出せたが、妻の話では、夕方には昼の出来事を覚えていられる日のほうが少ないという。");
}

TEST(NoteJudgeTest, HelpDeniedWithWoKariru) {
  ExpectFlag("2-1", {3}, "夜中にトイレへ移る時だけ妻が腰を支えるが、普段は人の手を借りずに乗り移っている。", {1});
}

TEST(NoteJudgeTest, ACallAloneNeverEnough) {
  ExpectFlag("2-2", {2}, "施設に来て日が浅く、居室から食堂へは毎回職員が手を引いて案内している。声をかけるだけで一人で行けたことはない。",
             {3});
}

TEST(NoteJudgeTest, AHandHookedOnAThing) {
  ExpectFlag("1-6", {1},
             "立位の確認は本人が嫌がり行えなかった。妻の話では、洗面所では洗面台の縁に両手をかけて立って顔を洗っていると"
             "いう。",
             {2});
  ExpectFlag("1-8", {1}, "椅子から立つ時は、いつも机の縁に片手をかけて体を引き上げていると職員は話す。", {2});
}

TEST(NoteJudgeTest, AskedByTheCarerIsThePersonsErrand) {
  ExpectAgree("5-5", {1}, "天気の良い日は毎日、娘に頼まれた物もあわせて近所のスーパーで自分で買い物をしている。");
}

TEST(NoteJudgeTest, NoUrineAtAll) {
  ExpectFlag("2-5", {4}, "人工透析を週3回受けており、排尿は全くない。", {1});
}

TEST(NoteJudgeTest, ThePersonTakesNoPartToldWithGa) {
  ExpectAgree("5-6", {4}, "①ホームの食事は職員が作る。②本人が調理や温めに関わることはない。");
}

TEST(NoteJudgeTest, AnInstructionByGesture) {
  ExpectFlag("2-10", {1}, "上着は自分で着るが、袖の左右が分からず手が止まるため、夫が身振りで「こっちの腕から」と示している。", {2});
}

}  // namespace
}  // namespace denen::care
