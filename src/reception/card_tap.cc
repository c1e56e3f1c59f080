#include "reception/card_tap.h"

namespace denen::reception {

CardTapResolver CardTapResolverFor(identity::CardResolver& resolver) {
  return [&resolver](std::string_view municipality, const nlohmann::json& evidence) -> Result<CardHolder> {
    DENEN_TRY(parsed, identity::ParseCardEvidence(evidence));
    DENEN_TRY(tap, resolver.Resolve(municipality, parsed, identity::Service::kReception, false));
    return CardHolder{tap.resident_id, tap.name_kana, tap.district, tap.birth_year};
  };
}

}  // namespace denen::reception
