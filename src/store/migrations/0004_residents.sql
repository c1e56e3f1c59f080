-- Residents and their My Number Card identities (issue 5), consent per
-- service, and the edge devices (kiosk, library counter, door) that relay
-- taps. Portable SQL for SQLite and PostgreSQL (see store/database.h).
-- No table holds the individual number (個人番号) or anything derived from it.

-- The salt that makes identity keys (card/certificate.h IdentityKey) differ
-- between municipalities. Made once per municipality, never changed.
CREATE TABLE municipality_identity_salts (
  municipality_code TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (municipality_code),
  salt TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);

-- The minimum the services need. birth_year 0 when not given; contact ''
-- when not given. status: active | withdrawn (the resident left every service).
CREATE TABLE residents (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  name_kanji TEXT NOT NULL,
  district TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  contact TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);
CREATE INDEX residents_by_kana ON residents (municipality_code, name_kana);

-- A card's 利用者証明用電子証明書, mapped many-to-one to a resident. A renewed
-- card adds a row and closes the old one (closed_at_ms, closed_reason), never
-- deletes it. suspended_at_ms is set when staff suspend a lost card; every
-- service refuses a suspended or closed identity. pin_verified_at_ms is the
-- last tap + PIN (§38-4: PIN-less use only after one). revision grows on
-- every change, per municipality, so edge devices can sync incrementally.
CREATE TABLE card_identities (
  municipality_code TEXT NOT NULL,
  identity_key TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  cert_serial TEXT NOT NULL,
  cert_issuer TEXT NOT NULL,
  cert_not_after_ms BIGINT NOT NULL,
  linked_at_ms BIGINT NOT NULL,
  linked_by TEXT NOT NULL,
  pin_verified_at_ms BIGINT NOT NULL,
  suspended_at_ms BIGINT,
  suspended_reason TEXT NOT NULL DEFAULT '',
  closed_at_ms BIGINT,
  closed_reason TEXT NOT NULL DEFAULT '',
  revision BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, identity_key),
  FOREIGN KEY (municipality_code, resident_id) REFERENCES residents (municipality_code, id)
);
CREATE INDEX card_identities_by_resident ON card_identities (municipality_code, resident_id);
CREATE INDEX card_identities_by_revision ON card_identities (municipality_code, revision);

-- Per municipality, the last revision given to a card_identities change.
CREATE TABLE card_identity_revisions (
  municipality_code TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (municipality_code),
  last_revision BIGINT NOT NULL
);

-- Consent per service (reception | library | lock). The current state; each
-- change is also in the audit log with who and when.
CREATE TABLE resident_consents (
  municipality_code TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  service TEXT NOT NULL,
  granted INTEGER NOT NULL,
  changed_at_ms BIGINT NOT NULL,
  changed_by TEXT NOT NULL,
  PRIMARY KEY (municipality_code, resident_id, service),
  FOREIGN KEY (municipality_code, resident_id) REFERENCES residents (municipality_code, id)
);

-- Edge agents (denen-edge) registered by staff. role: kiosk | counter | door.
-- place_id names what the device serves (a facility, a library counter or a
-- door id of the module that owns it), '' when none. Only the SHA-256 of the
-- device's bearer credential is stored. revoked_at_ms set when staff revoke it.
CREATE TABLE edge_devices (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  place_id TEXT NOT NULL,
  credential_hash TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at_ms BIGINT,
  last_seen_ms BIGINT,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (credential_hash)
);
