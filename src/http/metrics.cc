#include "http/metrics.h"

#include <cstdio>

namespace denen::http {

const std::vector<double>& RequestMetrics::Buckets() {
  static const std::vector<double> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
  return buckets;
}

void RequestMetrics::Observe(const std::string& method, const std::string& route, int status, int64_t micros) {
  const double seconds = static_cast<double>(micros) / 1e6;
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  Latency& latency = latencies_[{method, route}];
  if (latency.bucket_counts.empty()) latency.bucket_counts.assign(Buckets().size(), 0);
  for (size_t i = 0; i < Buckets().size(); ++i) {
    if (seconds <= Buckets()[i]) {
      ++latency.bucket_counts[i];
      break;
    }
  }
  ++latency.count;
  latency.sum_seconds += seconds;
}

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

std::string RequestMetrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP denen_http_requests_total HTTP requests answered, by method, route pattern and status.\n";
  out += "# TYPE denen_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out += "denen_http_requests_total{method=\"" + EscapeLabelValue(method) + "\",route=\"" + EscapeLabelValue(route) +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP denen_http_request_duration_seconds Time to answer a request, by method and route pattern.\n";
  out += "# TYPE denen_http_request_duration_seconds histogram\n";
  for (const auto& [key, latency] : latencies_) {
    const std::string labels =
        "method=\"" + EscapeLabelValue(key.first) + "\",route=\"" + EscapeLabelValue(key.second) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < Buckets().size(); ++i) {
      cumulative += latency.bucket_counts[i];
      out += "denen_http_request_duration_seconds_bucket{" + labels + ",le=\"" + Number(Buckets()[i]) + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "denen_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(latency.count) +
           "\n";
    out += "denen_http_request_duration_seconds_sum{" + labels + "} " + Number(latency.sum_seconds) + "\n";
    out += "denen_http_request_duration_seconds_count{" + labels + "} " + std::to_string(latency.count) + "\n";
  }
  return out;
}

}  // namespace denen::http
