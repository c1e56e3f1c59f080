// The agent's door role: a tap's certificate is checked here (chain, expiry,
// revocation against the cached CRL, see card_trust.h), turned into the
// identity key, and decided by the lock module's DoorController, which logs
// it and drives the lock. Works with no network. Built when the lock module is.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "edge/card_trust.h"
#include "lock/door_controller.h"

namespace denen::edge {

// The handler for AgentOptions::door_tap. `door`, `check` and `clock` must
// outlive it. The event: {"kind": "door", "granted", "reason"} where reason is
// the door's reason id, or the certificate's refusal code.
std::function<nlohmann::json(const card::Bytes&)> DoorTapHandler(lock::DoorController& door,
                                                                  const LocalCardCheck& check, const Clock& clock);

}  // namespace denen::edge
