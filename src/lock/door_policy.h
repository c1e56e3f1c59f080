// The door's local decision: given the grants it holds for a card, the time
// and what the door knows about its own state (is the list fresh, is the clock
// trusted, is an emergency open in force), grant or refuse with a reason. Pure
// and allocation-free on the hot path, so a tap is decided in microseconds.
// DoorList is not thread-safe; DoorController serialises access to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lock/access_list.h"

namespace denen::lock {

// The grants of one door, indexed by card identity.
class DoorList {
 public:
  uint64_t version() const { return version_; }
  int64_t signed_at_ms() const { return signed_at_ms_; }
  size_t size() const { return by_id_.size(); }
  bool empty() const { return by_id_.empty(); }

  void SetVersion(uint64_t version, int64_t signed_at_ms) {
    version_ = version;
    signed_at_ms_ = signed_at_ms;
  }
  void Clear();
  void Upsert(const Grant& grant);
  void Remove(const std::string& grant_id);
  // The grants of a card; empty when none.
  const std::vector<Grant>& For(std::string_view identity_key) const;
  std::vector<Grant> All() const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  uint64_t version_ = 0;
  int64_t signed_at_ms_ = 0;
  std::unordered_map<std::string, std::string> by_id_;  // grant id -> identity key
  std::unordered_map<std::string, std::vector<Grant>, Hash, std::equal_to<>> by_key_;
};

enum class Reason {
  kWindow,          // granted: inside a reserved window
  kStanding,        // granted: staff or key holder
  kShelter,         // granted: designated disaster staff at a shelter
  kEmergencyOpen,   // granted: the door is held open by an emergency command
  kNoList,          // refused: the door has never received a valid list
  kUnknownCard,     // refused: no grant for this card
  kOutsideWindow,   // refused: a window exists but not now
  kExpired,         // refused: a standing or shelter right has expired
  kListStale,       // refused: window rights need a list younger than the maximum age
  kClockUntrusted,  // refused: window rights need a trusted clock
};
std::string_view ReasonId(Reason reason);
bool IsGranted(Reason reason);

struct DoorConditions {
  int64_t now_ms = 0;
  bool clock_trusted = false;
  bool list_fresh = false;
  std::optional<int64_t> emergency_open_until_ms;
};

struct Decision {
  bool granted = false;
  Reason reason = Reason::kUnknownCard;
};

// Standing and shelter rights are checked against the local clock even when
// it is not trusted: refusing staff at a shelter in a disaster is the worse
// failure, and their expiries are months apart, not minutes.
Decision Evaluate(const DoorList& list, std::string_view identity_key, const DoorConditions& conditions);

}  // namespace denen::lock
