#include "edge/door_role.h"

namespace denen::edge {

std::function<nlohmann::json(const card::Bytes&)> DoorTapHandler(lock::DoorController& door,
                                                                  const LocalCardCheck& check, const Clock& clock) {
  return [&door, &check, &clock](const card::Bytes& certificate) -> nlohmann::json {
    auto key = check.IdentityKeyOf(certificate);
    if (!key) return {{"kind", "door"}, {"granted", false}, {"reason", key.error().code}};
    auto decision = door.Decide(*key, clock.NowMillis());
    if (!decision) return {{"kind", "door"}, {"granted", false}, {"reason", decision.error().code}};
    return {{"kind", "door"}, {"granted", decision->granted}, {"reason", std::string(lock::ReasonId(decision->reason))}};
  };
}

}  // namespace denen::edge
