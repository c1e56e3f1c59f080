#include "lock/lock_driver.h"

#include <fstream>

namespace denen::lock {

Result<void> SimulatedLockDriver::Unlock() {
  std::lock_guard lock(mutex_);
  if (failing_) return Fail(Error::Unavailable("lock_driver_failed", "錠の操作に失敗しました(模擬)"));
  unlocked_ = true;
  ++unlock_count_;
  return {};
}

Result<void> SimulatedLockDriver::Lock() {
  std::lock_guard lock(mutex_);
  if (failing_) return Fail(Error::Unavailable("lock_driver_failed", "錠の操作に失敗しました(模擬)"));
  unlocked_ = false;
  return {};
}

LockStatus SimulatedLockDriver::Status() const {
  std::lock_guard lock(mutex_);
  return {unlocked_ ? "unlocked" : "locked", battery_percent_};
}

int SimulatedLockDriver::unlock_count() const {
  std::lock_guard lock(mutex_);
  return unlock_count_;
}

void SimulatedLockDriver::set_battery_percent(std::optional<int> percent) {
  std::lock_guard lock(mutex_);
  battery_percent_ = percent;
}

void SimulatedLockDriver::set_failing(bool failing) {
  std::lock_guard lock(mutex_);
  failing_ = failing;
}

Result<void> GpioRelayDriver::Write(bool energise) {
  std::lock_guard lock(mutex_);
  std::ofstream out(path_, std::ios::trunc);
  const bool high = energise != active_low_;
  out << (high ? "1" : "0") << "\n";
  out.flush();
  if (!out) {
    state_ = "unknown";
    return Fail(Error::Unavailable("lock_driver_failed", "リレーの制御ファイルに書き込めません: " + path_));
  }
  state_ = energise ? "unlocked" : "locked";
  return {};
}

Result<void> GpioRelayDriver::Unlock() { return Write(true); }
Result<void> GpioRelayDriver::Lock() { return Write(false); }

LockStatus GpioRelayDriver::Status() const {
  std::lock_guard lock(mutex_);
  return {state_, std::nullopt};
}

}  // namespace denen::lock
