// Adapts identity::CardResolver (issue 5) to the Reception API's
// CardTapResolver: parses the card evidence JSON, verifies it and resolves it
// to a resident who consented to the reception service (a tap without PIN).
// Built only when the identity module is. Safe for concurrent use.
#pragma once

#include "identity/card_resolver.h"
#include "reception/reception_api.h"

namespace denen::reception {

// The resolver must outlive the returned function.
CardTapResolver CardTapResolverFor(identity::CardResolver& resolver);

}  // namespace denen::reception
