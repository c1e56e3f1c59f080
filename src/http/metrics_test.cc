#include "http/metrics.h"

#include <gtest/gtest.h>

namespace denen::http {
namespace {

TEST(RequestMetricsTest, CountsByRouteAndStatusAndFillsCumulativeBuckets) {
  RequestMetrics m;
  m.Observe("GET", "/api/v1/residents/{id}", 200, 800);     // 0.8 ms
  m.Observe("GET", "/api/v1/residents/{id}", 200, 30000);   // 30 ms
  m.Observe("GET", "/api/v1/residents/{id}", 404, 2000);    // 2 ms
  m.Observe("POST", "/api/v1/auth/login", 401, 20000000);   // 20 s: above every bucket
  const std::string text = m.Render();

  EXPECT_NE(text.find("# TYPE denen_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("denen_http_requests_total{method=\"GET\",route=\"/api/v1/residents/{id}\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("denen_http_requests_total{method=\"GET\",route=\"/api/v1/residents/{id}\",status=\"404\"} 1\n"),
            std::string::npos);
  const std::string get = "method=\"GET\",route=\"/api/v1/residents/{id}\"";
  EXPECT_NE(text.find("denen_http_request_duration_seconds_bucket{" + get + ",le=\"0.001\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("denen_http_request_duration_seconds_bucket{" + get + ",le=\"0.0025\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("denen_http_request_duration_seconds_bucket{" + get + ",le=\"0.05\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("denen_http_request_duration_seconds_bucket{" + get + ",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("denen_http_request_duration_seconds_count{" + get + "} 3\n"), std::string::npos);
  EXPECT_NE(text.find("denen_http_request_duration_seconds_sum{" + get + "} 0.0328\n"), std::string::npos) << text;
  const std::string login = "method=\"POST\",route=\"/api/v1/auth/login\"";
  EXPECT_NE(text.find("denen_http_request_duration_seconds_bucket{" + login + ",le=\"10\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("denen_http_request_duration_seconds_bucket{" + login + ",le=\"+Inf\"} 1\n"), std::string::npos);
}

TEST(RequestMetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace denen::http
