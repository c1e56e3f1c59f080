// What moves the bolt. A door controller talks to its lock only through this
// interface: a simulated driver for tests and demos, a relay driver that
// writes to a sysfs-like GPIO value file, and room for commercial smart-lock
// APIs as further drivers. Implementations must be safe for concurrent use.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/error.h"

namespace denen::lock {

struct LockStatus {
  std::string state = "unknown";       // locked | unlocked | unknown
  std::optional<int> battery_percent;  // when the driver reports it
};

class LockDriver {
 public:
  virtual ~LockDriver() = default;
  virtual Result<void> Unlock() = 0;
  virtual Result<void> Lock() = 0;
  virtual LockStatus Status() const = 0;
};

// Keeps the state in memory and counts unlocks; can be told to fail.
class SimulatedLockDriver final : public LockDriver {
 public:
  Result<void> Unlock() override;
  Result<void> Lock() override;
  LockStatus Status() const override;
  int unlock_count() const;
  void set_battery_percent(std::optional<int> percent);
  void set_failing(bool failing);

 private:
  mutable std::mutex mutex_;
  bool unlocked_ = false;
  int unlock_count_ = 0;
  bool failing_ = false;
  std::optional<int> battery_percent_;
};

// Drives a relay through a GPIO value file (e.g. /sys/class/gpio/gpio17/value
// after export): writes "1" to energise (unlock) and "0" to release. With
// active_low the values are swapped. Exporting the pin and setting its
// direction is the installer's job (docs/lock.md).
class GpioRelayDriver final : public LockDriver {
 public:
  GpioRelayDriver(std::string value_path, bool active_low) : path_(std::move(value_path)), active_low_(active_low) {}
  Result<void> Unlock() override;
  Result<void> Lock() override;
  LockStatus Status() const override;

 private:
  Result<void> Write(bool energise);
  std::string path_;
  bool active_low_;
  mutable std::mutex mutex_;
  std::string state_ = "unknown";
};

}  // namespace denen::lock
