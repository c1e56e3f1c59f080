// The counter's refusals: plain Japanese for the resident whatever the cause.
#include "library/counter.h"

#include <gtest/gtest.h>

namespace denen::library {
namespace {

TEST(CounterRefusalTest, KnownCodesGetTheirOwnMessageAndHint) {
  const auto not_linked = CounterRefusalJson(
      Error::NotFound("library_not_linked", "このマイナンバーカードは図書館カードと連携していません"), 10);
  EXPECT_EQ(not_linked["status"], "refused");
  EXPECT_EQ(not_linked["message"], "このマイナンバーカードは図書館カードと連携していません");
  EXPECT_NE(not_linked["hint"].get<std::string>().find("連携"), std::string::npos);
  EXPECT_EQ(not_linked["link_path"], "/console/library.html#link");
  EXPECT_EQ(not_linked["clear_after_seconds"], 10);
  const auto suspended = CounterRefusalJson({ErrorKind::kForbidden, "identity_suspended", "suspended"}, 10);
  EXPECT_EQ(suspended["message"], "このマイナンバーカードは一時停止されています");
}

TEST(CounterRefusalTest, CardCheckMessagesAreNotShownToTheResident) {
  const auto refused =
      CounterRefusalJson({ErrorKind::kForbidden, "certificate_revoked", "the certificate is revoked"}, 10);
  EXPECT_EQ(refused["code"], "certificate_revoked");
  EXPECT_EQ(refused["message"], "このカードでは図書館カードを表示できません");
  EXPECT_EQ(refused["hint"], "職員にお声がけください");
}

}  // namespace
}  // namespace denen::library
