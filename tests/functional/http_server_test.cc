// The real HTTP server on a loopback port, called with an HTTP client: cookies,
// CSRF, limits, error bodies and the static console, as a browser meets them.
#include <httplib.h>

#include <thread>

#include "audit/audit_log.h"
#include "http/client_address.h"
#include "http/server.h"
#include "tests/functional/app_test_support.h"

namespace denen::testing {
namespace {

class HttpServerTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    StartServer(false);
  }
  void TearDown() override { StopServer(); }

  void StartServer(bool tls, std::string cert = "", std::string key = "", std::vector<std::string> proxies = {}) {
    http::ServerOptions options;
    options.trusted_proxies = std::move(proxies);
    options.port = 0;
    options.tls = tls;
    options.tls_cert_file = cert;
    options.tls_key_file = key;
    options.web_root = std::string(DENEN_SOURCE_ROOT) + "/web";
    options.max_body_bytes = 64 * 1024;
    options.worker_threads = 4;
    server_ = std::make_unique<http::Server>(options, *app_->router);
    auto bound = server_->Bind();
    ASSERT_TRUE(bound.has_value()) << bound.error().message;
    thread_ = std::thread([this] { (void)server_->Serve(); });
  }

  void StopServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }

  // Logs in over HTTP; returns the Set-Cookie header and the CSRF token.
  std::pair<std::string, std::string> Login(httplib::Client& c, const std::string& user) {
    auto res =
        c.Post("/api/v1/auth/login",
               nlohmann::json{{"username", user}, {"password", std::string(kTestPassword)}}.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    return {res->get_header_value("Set-Cookie"), nlohmann::json::parse(res->body).value("csrf_token", "")};
  }

  static std::string CookiePair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

  static std::string ErrorCode(const httplib::Result& res) {
    return nlohmann::json::parse(res->body)["error"]["code"].get<std::string>();
  }

  size_t UserCount() { return app_->accounts->List("062090")->size(); }

  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST_F(HttpServerTest, MetricsCountRoutesNotPathsAndStayLocal) {
  auto c = Client();
  ASSERT_TRUE(c.Get("/healthz"));
  ASSERT_TRUE(c.Patch("/api/v1/users/some-id-that-must-not-appear", "{}", "application/json"));
  auto res = c.Get("/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(res->get_header_value("Content-Type").starts_with("text/plain; version=0.0.4")) << res->body;
  EXPECT_NE(res->body.find("denen_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1\n"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("{method=\"PATCH\",route=\"/api/v1/users/{id}\",status=\"401\"} 1\n"), std::string::npos)
      << res->body;
  EXPECT_EQ(res->body.find("some-id-that-must-not-appear"), std::string::npos);

  // Through a proxy (X-Forwarded-For), loopback alone is not enough.
  auto proxied = c.Get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}});
  ASSERT_TRUE(proxied);
  EXPECT_EQ(proxied->status, 403);
  EXPECT_EQ(ErrorCode(proxied), "metrics_forbidden");
}

TEST_F(HttpServerTest, MetricsTokenAdmitsAProxiedScraper) {
  StopServer();
  http::ServerOptions options;
  options.port = 0;
  options.metrics_token = "0123456789abcdef0123456789abcdef";
  server_ = std::make_unique<http::Server>(options, *app_->router);
  ASSERT_TRUE(server_->Bind().has_value());
  thread_ = std::thread([this] { (void)server_->Serve(); });
  auto c = Client();
  auto wrong = c.Get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer wrong"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  auto right = c.Get("/metrics", {{"X-Forwarded-For", "203.0.113.9"},
                                  {"Authorization", "Bearer 0123456789abcdef0123456789abcdef"}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 200);
  EXPECT_NE(right->body.find("# TYPE denen_http_request_duration_seconds histogram"), std::string::npos);
}

TEST_F(HttpServerTest, BehindATrustedProxyTheForwardedClientIsRecorded) {
  // The login's audit entry names the client the server believed.
  auto login_client = [&](const std::string& forwarded_for) {
    httplib::Client c = Client();
    httplib::Headers headers;
    if (!forwarded_for.empty()) headers.emplace("X-Forwarded-For", forwarded_for);
    auto res = c.Post("/api/v1/auth/login", headers,
                      nlohmann::json{{"username", "user_admin"}, {"password", std::string(kTestPassword)}}.dump(),
                      "application/json");
    EXPECT_TRUE(res && res->status == 200);
    auto entries = audit::Recent(*app_->db, "062090", 1);
    EXPECT_EQ(entries->front().event.action, "session.login");
    return nlohmann::json::parse(entries->front().event.detail)["client"].get<std::string>();
  };
  // Not configured: the header is anyone's to write, so it is ignored.
  EXPECT_EQ(login_client("203.0.113.7"), "127.0.0.1");

  StopServer();
  StartServer(false, "", "", {"127.0.0.1"});
  EXPECT_EQ(login_client(""), "127.0.0.1");
  EXPECT_EQ(login_client("203.0.113.7"), "203.0.113.7");
  // What the client wrote itself is to the left of what nginx appended.
  EXPECT_EQ(login_client("198.51.100.1, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(login_client("2001:db8::5,127.0.0.1"), "2001:db8::5");
  EXPECT_EQ(login_client("203.0.113.7, not-an-address"), "127.0.0.1");
}

TEST(ClientAddressTest, BelievesOnlyTrustedPeersAndTheirNearestHop) {
  const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2"};
  EXPECT_EQ(http::ClientAddress("192.0.2.9", "203.0.113.7", proxies), "192.0.2.9");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", "", proxies), "10.0.0.1");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.2", proxies), "203.0.113.7");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", " 10.0.0.2 ,10.0.0.2", proxies), "10.0.0.2");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", "203.0.113.7, ", proxies), "10.0.0.1");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", std::string(5000, ','), proxies), "10.0.0.1");
  EXPECT_EQ(http::ClientAddress("10.0.0.1", "[2001:db8::1]:443", proxies), "10.0.0.1");
}

TEST_F(HttpServerTest, ASecondServerOnAPortInUseIsRefused) {
  http::ServerOptions options;
  options.port = server_->port();
  http::Server second(options, *app_->router);
  auto bound = second.Bind();
  ASSERT_FALSE(bound.has_value()) << "two servers share port " << server_->port();
  EXPECT_EQ(bound.error().code, "bind_failed");
}

TEST_F(HttpServerTest, HealthzIsPublic) {
  auto c = Client();
  auto res = c.Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["status"], "ok");
}

TEST_F(HttpServerTest, LoginSetsAStrictHttpOnlyCookie) {
  auto c = Client();
  auto [set_cookie, csrf] = Login(c, "user_admin");
  EXPECT_NE(set_cookie.find("denen_session=062090."), std::string::npos);
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP here
  EXPECT_FALSE(csrf.empty());
}

TEST_F(HttpServerTest, CreatesAUserWithSessionAndCsrf) {
  auto c = Client();
  auto [set_cookie, csrf] = Login(c, "user_admin");
  httplib::Headers headers = {{"Cookie", CookiePair(set_cookie)}, {"X-CSRF-Token", csrf}};
  const std::string body =
      R"({"username":"suzuki","display_name":"鈴木","password":"suzuki-pass-1","roles":["librarian"]})";
  auto created = c.Post("/api/v1/users", headers, body, "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(nlohmann::json::parse(created->body)["user"]["roles"][0], "librarian");

  auto again = c.Post("/api/v1/users", headers, body, "application/json");
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(ErrorCode(again), "username_taken");

  auto list = c.Get("/api/v1/users", {{"Cookie", CookiePair(set_cookie)}});
  EXPECT_NE(list->body.find("suzuki"), std::string::npos);
  EXPECT_EQ(list->body.find("password"), std::string::npos);
}

TEST_F(HttpServerTest, BadInputIsRefusedAndChangesNothing) {
  auto c = Client();
  auto [set_cookie, csrf] = Login(c, "user_admin");
  httplib::Headers headers = {{"Cookie", CookiePair(set_cookie)}, {"X-CSRF-Token", csrf}};
  const size_t before = UserCount();

  auto malformed = c.Post("/api/v1/users", headers, "{\"username\":", "application/json");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(ErrorCode(malformed), "invalid_json");

  auto wrong_type = c.Post("/api/v1/users", headers,
                           R"({"username":"a1b2","display_name":"x","password":"long-enough-1","roles":"admin"})",
                           "application/json");
  EXPECT_EQ(wrong_type->status, 400);
  EXPECT_NE(wrong_type->body.find("roles"), std::string::npos);

  auto unknown_field =
      c.Post("/api/v1/users", headers,
             R"({"username":"a1b2","display_name":"x","password":"long-enough-1","roles":["admin"],"is_root":true})",
             "application/json");
  EXPECT_EQ(unknown_field->status, 400);
  EXPECT_NE(unknown_field->body.find("is_root"), std::string::npos);

  auto unknown_role = c.Post("/api/v1/users", headers,
                             R"({"username":"a1b2","display_name":"x","password":"long-enough-1","roles":["root"]})",
                             "application/json");
  EXPECT_EQ(ErrorCode(unknown_role), "unknown_role");

  auto oversize = c.Post("/api/v1/users", headers, std::string(100 * 1024, ' '), "application/json");
  ASSERT_TRUE(oversize);
  EXPECT_EQ(oversize->status, 413);
  EXPECT_EQ(ErrorCode(oversize), "payload_too_large");

  EXPECT_EQ(UserCount(), before);
}

TEST_F(HttpServerTest, LogoutEndsTheSession) {
  auto c = Client();
  auto [set_cookie, csrf] = Login(c, "user_reception");
  httplib::Headers headers = {{"Cookie", CookiePair(set_cookie)}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(c.Get("/api/v1/auth/session", headers)->status, 200);
  auto out = c.Post("/api/v1/auth/logout", headers, "", "application/json");
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/auth/session", headers)->status, 401);
}

TEST_F(HttpServerTest, ReceptionCannotManageUsers) {
  auto c = Client();
  auto [set_cookie, csrf] = Login(c, "user_reception");
  auto res = c.Get("/api/v1/users", {{"Cookie", CookiePair(set_cookie)}});
  EXPECT_EQ(res->status, 403);
  auto modules = c.Get("/api/v1/modules", {{"Cookie", CookiePair(set_cookie)}});
  EXPECT_EQ(modules->body.find("\"users\""), std::string::npos);
  EXPECT_NE(modules->body.find("\"reception\""), std::string::npos);
}

TEST_F(HttpServerTest, ServesTheConsoleWithSecurityHeaders) {
  auto c = Client();
  auto page = c.Get("/console/login.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("ログイン"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
  auto api_404 = c.Get("/api/v1/does-not-exist");
  EXPECT_EQ(api_404->status, 404);
  EXPECT_EQ(ErrorCode(api_404), "not_found");
}

TEST_F(HttpServerTest, CookieIsSecureUnderTls) {
  StopServer();
  const std::string dir = ::testing::TempDir() + "denen_tls_" + std::to_string(getpid());
  const std::string cmd = "mkdir -p " + dir +
                          " && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + dir +
                          "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl could not make a test certificate";
  app_->staff_api->secure_cookies = true;
  StartServer(true, dir + "/cert.pem", dir + "/key.pem");
  httplib::SSLClient c("127.0.0.1", server_->port());
  c.enable_server_certificate_verification(false);
  auto res = c.Post("/api/v1/auth/login",
                    nlohmann::json{{"username", "user_admin"}, {"password", std::string(kTestPassword)}}.dump(),
                    "application/json");
  ASSERT_TRUE(res) << "TLS request failed";
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
  EXPECT_NE(res->get_header_value("Strict-Transport-Security"), "");
}

}  // namespace
}  // namespace denen::testing
