// Tokenizer: the fields of a token come from MeCab's feature string, read
// once per dictionary entry and thread; the cache must never change a token.
#include "care/tokenizer.h"

#include <gtest/gtest.h>

#include <thread>

#include "care/checker.h"

namespace denen::care {
namespace {

std::unique_ptr<Tokenizer> Open(bool with_care_dictionary) {
  const CareChecker::Options o = CareChecker::DefaultOptions();
  auto t = Tokenizer::Open(o.dicdir, with_care_dictionary ? o.userdic : "");
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error().message);
  return t ? std::move(*t) : nullptr;
}

// Every field, so that two analyses can be compared whole.
std::string Describe(const std::vector<Token> &tokens) {
  std::string out;
  for (const Token &t : tokens) {
    for (std::string_view field : {t.surface, t.base, t.pos, t.pos2, t.reading, t.conjugation, t.kana_base}) {
      out.append(field).append("|");
    }
    out += std::to_string(t.begin) + "-" + std::to_string(t.end) + "\n";
  }
  return out;
}

// Tokens as a fresh thread builds them: its cache is empty.
std::string DescribeOnFreshThread(const Tokenizer &t, const std::string &text) {
  std::string out;
  std::thread([&] { out = Describe(t.Tokenize(text)); }).join();
  return out;
}

constexpr const char *kNote = "摘便を一部介助で行う。ささえてもらえれば歩ける。トイレへはつかまって移動。";

TEST(Tokenizer, FieldsOfAWordMatchMeCabsFeatureString) {
  auto t = Open(true);
  ASSERT_NE(t, nullptr);
  std::vector<Token> tokens = t->Tokenize("ささえて歩く");
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].surface, "ささえ");
  EXPECT_EQ(tokens[0].base, "ささえる");
  EXPECT_EQ(tokens[0].pos, "動詞");
  EXPECT_EQ(tokens[0].pos2, "自立");
  EXPECT_EQ(tokens[0].conjugation, "一段");
  EXPECT_EQ(tokens[0].reading, "ササエ");
  EXPECT_EQ(tokens[0].kana_base, "ササエル");  // written in kana
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, std::string("ささえ").size());
  const Token &walk = tokens.back();
  EXPECT_EQ(walk.base, "歩く");
  EXPECT_EQ(walk.kana_base, "");  // written with kanji
}

TEST(Tokenizer, AWarmCacheGivesTheSameTokensAsAColdOne) {
  auto t = Open(true);
  ASSERT_NE(t, nullptr);
  const std::string cold = DescribeOnFreshThread(*t, kNote);
  ASSERT_FALSE(cold.empty());
  EXPECT_EQ(Describe(t->Tokenize(kNote)), cold);
  EXPECT_EQ(Describe(t->Tokenize(kNote)), cold);  // now every entry is cached on this thread
}

TEST(Tokenizer, EachTokenizerReadsItsOwnDictionary) {
  // 摘便 is a word of the care dictionary only: without it MeCab reads an
  // unknown noun with no dictionary form. Taking turns on one thread, neither
  // may get the other's entries.
  auto care = Open(true);
  auto plain = Open(false);
  ASSERT_NE(care, nullptr);
  ASSERT_NE(plain, nullptr);
  const std::string care_cold = DescribeOnFreshThread(*care, kNote);
  const std::string plain_cold = DescribeOnFreshThread(*plain, kNote);
  ASSERT_NE(care_cold, plain_cold);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(Describe(care->Tokenize(kNote)), care_cold);
    EXPECT_EQ(Describe(plain->Tokenize(kNote)), plain_cold);
  }
  EXPECT_NE(plain->Tokenize("摘便")[0].pos2, "サ変接続");
  EXPECT_EQ(care->Tokenize("摘便")[0].pos2, "サ変接続");
}

TEST(Tokenizer, ManyThreadsAtOnceAgree) {
  auto t = Open(true);
  ASSERT_NE(t, nullptr);
  const std::string expected = DescribeOnFreshThread(*t, kNote);
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 50; ++k) got[i] = Describe(t->Tokenize(kNote));
    });
  }
  for (std::thread &th : threads) th.join();
  for (const std::string &g : got) EXPECT_EQ(g, expected);
}

// TokenText compares with a literal by length and bytes, as std::string_view does.
TEST(TokenTextTest, ComparesWithLiteralsAndViewsAsAStringViewDoes) {
  const std::string text = "動詞です";
  const TokenText verb(std::string_view(text).substr(0, 6));
  EXPECT_TRUE(verb == "動詞");
  EXPECT_FALSE(verb != "動詞");
  EXPECT_FALSE(verb == "動");        // a prefix
  EXPECT_FALSE(verb == "動詞です");  // longer
  EXPECT_FALSE(verb == "名詞");      // same length, other bytes
  EXPECT_TRUE("動詞" == verb);
  EXPECT_TRUE(verb == std::string_view("動詞"));
  EXPECT_TRUE(verb == std::string("動詞"));
  EXPECT_TRUE(TokenText() == "");
  EXPECT_FALSE(TokenText() == "動");
}

}  // namespace
}  // namespace denen::care
