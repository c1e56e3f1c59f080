// Request metrics in the Prometheus text format (version 0.0.4): a counter of
// requests by method, route pattern and status, and a latency histogram by
// method and route pattern. Labels are route patterns, never raw paths, so the
// number of series stays bounded and no identifier ends up in a metric.
// Safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace denen::http {

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static const std::vector<double>& Buckets();

  void Observe(const std::string& method, const std::string& route, int status, int64_t micros);

  // The exposition text, with HELP and TYPE lines.
  std::string Render() const;

 private:
  struct Latency {
    std::vector<uint64_t> bucket_counts;  // cumulative at render time
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Latency> latencies_;
};

// Escapes a label value as the text format requires (backslash, quote, newline).
std::string EscapeLabelValue(const std::string& value);

}  // namespace denen::http
