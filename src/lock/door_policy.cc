#include "lock/door_policy.h"

#include <algorithm>

namespace denen::lock {

void DoorList::Clear() {
  by_id_.clear();
  by_key_.clear();
}

void DoorList::Upsert(const Grant& grant) {
  Remove(grant.id);
  by_id_.emplace(grant.id, grant.identity_key);
  by_key_[grant.identity_key].push_back(grant);
}

void DoorList::Remove(const std::string& grant_id) {
  auto it = by_id_.find(grant_id);
  if (it == by_id_.end()) return;
  auto key_it = by_key_.find(it->second);
  if (key_it != by_key_.end()) {
    auto& grants = key_it->second;
    std::erase_if(grants, [&](const Grant& g) { return g.id == grant_id; });
    if (grants.empty()) by_key_.erase(key_it);
  }
  by_id_.erase(it);
}

const std::vector<Grant>& DoorList::For(std::string_view identity_key) const {
  static const std::vector<Grant> kNone;
  auto it = by_key_.find(identity_key);
  return it == by_key_.end() ? kNone : it->second;
}

std::vector<Grant> DoorList::All() const {
  std::vector<Grant> out;
  out.reserve(by_id_.size());
  for (const auto& [key, grants] : by_key_) out.insert(out.end(), grants.begin(), grants.end());
  std::sort(out.begin(), out.end(), [](const Grant& a, const Grant& b) { return a.id < b.id; });
  return out;
}

std::string_view ReasonId(Reason reason) {
  switch (reason) {
    case Reason::kWindow:
      return "window";
    case Reason::kStanding:
      return "standing";
    case Reason::kShelter:
      return "shelter";
    case Reason::kEmergencyOpen:
      return "emergency_open";
    case Reason::kNoList:
      return "no_list";
    case Reason::kUnknownCard:
      return "unknown_card";
    case Reason::kOutsideWindow:
      return "outside_window";
    case Reason::kExpired:
      return "expired";
    case Reason::kListStale:
      return "list_stale";
    case Reason::kClockUntrusted:
      return "clock_untrusted";
  }
  return "unknown_card";
}

bool IsGranted(Reason reason) {
  return reason == Reason::kWindow || reason == Reason::kStanding || reason == Reason::kShelter ||
         reason == Reason::kEmergencyOpen;
}

Decision Evaluate(const DoorList& list, std::string_view identity_key, const DoorConditions& c) {
  if (c.emergency_open_until_ms && c.now_ms < *c.emergency_open_until_ms) return {true, Reason::kEmergencyOpen};
  if (list.version() == 0) return {false, Reason::kNoList};
  const auto& grants = list.For(identity_key);
  if (grants.empty()) return {false, Reason::kUnknownCard};
  bool has_window = false;
  bool has_other = false;
  bool standing_now = false;
  for (const Grant& g : grants) {
    const bool now_inside = g.from_ms <= c.now_ms && c.now_ms < g.until_ms;
    switch (g.kind) {
      case GrantKind::kShelter:
        if (c.now_ms < g.until_ms) return {true, Reason::kShelter};
        has_other = true;
        break;
      case GrantKind::kStanding:
        standing_now = standing_now || now_inside;
        has_other = true;
        break;
      case GrantKind::kWindow:
        if (now_inside && c.clock_trusted && c.list_fresh) return {true, Reason::kWindow};
        has_window = true;
        break;
    }
  }
  if (standing_now) return {true, Reason::kStanding};
  if (has_window) {
    if (!c.clock_trusted) return {false, Reason::kClockUntrusted};
    bool inside = std::any_of(grants.begin(), grants.end(), [&](const Grant& g) {
      return g.kind == GrantKind::kWindow && g.from_ms <= c.now_ms && c.now_ms < g.until_ms;
    });
    if (inside && !c.list_fresh) return {false, Reason::kListStale};
    return {false, Reason::kOutsideWindow};
  }
  return {false, has_other ? Reason::kExpired : Reason::kUnknownCard};
}

}  // namespace denen::lock
