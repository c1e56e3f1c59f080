// The clock, injected everywhere time matters so that tests never sleep.
// SystemClock reads the real time; FakeClock is set and advanced by tests.
// Both are safe for concurrent use.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace denen {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual int64_t NowMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_millis) : now_(start_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t millis) { now_ = millis; }

 private:
  std::atomic<int64_t> now_;
};

// "2026-11-27T03:04:05.678Z" for a UTC instant in milliseconds.
std::string FormatIsoUtc(int64_t millis);

// Days since 1970-01-01 for a proleptic Gregorian civil date, and back.
int64_t DaysFromCivil(int year, int month, int day);
struct CivilDate {
  int year;
  int month;
  int day;
};
CivilDate CivilFromDays(int64_t days);

}  // namespace denen
