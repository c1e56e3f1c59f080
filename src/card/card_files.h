// Virtual cards on disk: `denen card mint` writes one (and the test CA when
// missing), denen-vcard loads it. Layout of a card directory:
//   card.json      {"format":"denen-vcard/1","auth_pin":"NNNN","sign_password":"…",
//                   "serial":"HEX","auth_certificate":"auth-cert.pem",
//                   "auth_key":"auth-key.pem","ca_certificate":"ca-cert.pem"}
//   auth-cert.pem, auth-key.pem (0600), ca-cert.pem
// and of a CA directory: ca-cert.pem, ca-key.pem (0600).
// These are test credentials: never trust the test CA in production.
#pragma once

#include <string>

#include "card/test_pki.h"
#include "card/virtual_card.h"
#include "core/clock.h"
#include "core/error.h"

namespace denen::card {

struct MintOptions {
  std::string out_dir;
  std::string ca_dir;  // created with a new test CA when it holds none
  std::string pin;     // 4 digits; random when empty
  int valid_days = 365 * 5;
};

struct MintedCard {
  std::string serial_hex;
  std::string pin;
  bool created_ca = false;
};

Result<KeyAndCertificate> LoadOrCreateTestCa(const std::string& ca_dir, const Clock& clock, bool* created);

Result<MintedCard> MintVirtualCard(const MintOptions& options, const Clock& clock);

Result<VirtualCardSpec> LoadVirtualCard(const std::string& card_dir);

}  // namespace denen::card
