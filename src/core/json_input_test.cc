#include "core/json_input.h"

#include <gtest/gtest.h>

namespace denen {
namespace {

TEST(JsonInput, ReadsTypedFieldsAndRejectsUnknown) {
  auto json = ParseJson(R"({"name":"山田","age":80,"ok":true,"tags":["a","b"],"extra":1})");
  ASSERT_TRUE(json.has_value());
  auto reader = JsonObjectReader::Of(*json, "本文");
  ASSERT_TRUE(reader.has_value());
  EXPECT_EQ(reader->RequiredString("name").value(), "山田");
  EXPECT_EQ(reader->RequiredInt("age").value(), 80);
  EXPECT_EQ(reader->OptionalBool("ok").value(), true);
  EXPECT_EQ(reader->StringArray("tags", true).value(), (std::vector<std::string>{"a", "b"}));
  auto unknown = reader->RejectUnknown();
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("\"extra\""), std::string::npos);
}

TEST(JsonInput, WrongTypesNameTheField) {
  auto json = ParseJson(R"({"name":5,"age":"80","tags":[1]})");
  auto reader = JsonObjectReader::Of(*json, "本文");
  auto name = reader->RequiredString("name");
  ASSERT_FALSE(name.has_value());
  EXPECT_NE(name.error().message.find("\"name\""), std::string::npos);
  auto age = reader->RequiredInt("age");
  ASSERT_FALSE(age.has_value());
  EXPECT_NE(age.error().message.find("\"age\""), std::string::npos);
  EXPECT_FALSE(reader->StringArray("tags", true).has_value());
  EXPECT_FALSE(reader->RequiredString("missing").has_value());
}

TEST(JsonInput, LengthLimits) {
  auto json = ParseJson(R"({"s":"abcdef","list":["a","b","c"]})");
  auto reader = JsonObjectReader::Of(*json, "本文");
  EXPECT_FALSE(reader->RequiredString("s", 5).has_value());
  EXPECT_FALSE(reader->StringArray("list", true, 2).has_value());
}

TEST(JsonInput, SyntaxErrorsAndNonObjects) {
  EXPECT_EQ(ParseJson("{\"a\":").error().code, "invalid_json");
  EXPECT_EQ(ParseJson("").error().code, "invalid_json");
  auto array = ParseJson("[1]");
  EXPECT_FALSE(JsonObjectReader::Of(*array, "本文").has_value());
}

}  // namespace
}  // namespace denen
