// Note ↔ answer judgement, one rule family per test. Notes are written here in
// words that appear in neither cases file.
#include <gtest/gtest.h>

#include "care/test_util.h"
#include "care/text.h"

namespace denen::care {
namespace {

NoteJudgment Judge(const std::string &item, std::vector<int> chosen, const std::string &note) {
  const CareChecker &c = testing::Checker();
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

}  // namespace
}  // namespace denen::care
