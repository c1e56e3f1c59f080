-- Smart locks (issue 8): facilities, rooms and their doors; reservations and
-- the unlock rights derived from them; standing (staff, key holders) and
-- shelter rights; each door's materialised, versioned access list; the
-- municipality's Ed25519 signing key; emergency commands; and the access log
-- uploaded by door controllers. Portable SQL (see store/database.h).

-- kind: community_centre | school_gym | city_hall | other. shelter 1 when the
-- facility is a designated shelter (指定避難所).
CREATE TABLE lock_facilities (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  shelter INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, name)
);

CREATE TABLE lock_rooms (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, facility_id, name),
  FOREIGN KEY (municipality_code, facility_id) REFERENCES lock_facilities (municipality_code, id)
);

-- A door of a facility; room_id NULL for an entrance of the whole facility.
-- version: the newest version of the door's access list; acked_version: the
-- version the door last reported holding; delta_floor: the oldest version a
-- delta can start from (older doors get a full snapshot). refreshed_*: the
-- identity and rights revisions the list was last computed from.
CREATE TABLE lock_doors (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  room_id TEXT,
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  acked_version BIGINT NOT NULL,
  delta_floor BIGINT NOT NULL,
  refreshed_identity_revision BIGINT NOT NULL,
  refreshed_rights_revision BIGINT NOT NULL,
  refreshed_at_ms BIGINT NOT NULL,
  last_sync_ms BIGINT,
  lock_state TEXT NOT NULL DEFAULT 'unknown',
  battery_percent INTEGER,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  FOREIGN KEY (municipality_code, facility_id) REFERENCES lock_facilities (municipality_code, id)
);

-- payment: unpaid | paid | waived. status: pending | approved | cancelled.
-- external_ref: the reservation number of the city's reservation system (CSV
-- import key), '' for reservations made here.
CREATE TABLE lock_reservations (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  external_ref TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  room_id TEXT,
  reserved_on TEXT NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  fee_yen BIGINT NOT NULL,
  payment TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);
CREATE INDEX lock_reservations_by_date ON lock_reservations (municipality_code, facility_id, reserved_on);
CREATE INDEX lock_reservations_by_ref ON lock_reservations (municipality_code, external_ref);

-- kind: window (from a reservation) | standing (staff, key holders) | shelter
-- (designated disaster staff). A right opens every door of the facility when
-- room_id is NULL, else the room's doors and the facility's entrances.
-- revision: the rights revision of its last change (grant or revocation).
CREATE TABLE lock_rights (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  room_id TEXT,
  kind TEXT NOT NULL,
  from_ms BIGINT NOT NULL,
  until_ms BIGINT NOT NULL,
  reservation_id TEXT,
  note TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at_ms BIGINT,
  revision BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);
CREATE INDEX lock_rights_by_revision ON lock_rights (municipality_code, revision);
CREATE INDEX lock_rights_by_facility ON lock_rights (municipality_code, facility_id);
CREATE INDEX lock_rights_by_resident ON lock_rights (municipality_code, resident_id);

-- Grows on every change of rights, per municipality, so doors know to refresh.
CREATE TABLE lock_rights_revisions (
  municipality_code TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (municipality_code),
  last_revision BIGINT NOT NULL
);

-- The entries of each door's list: one row per (right, identity) with the
-- version that added it and the version that removed it (NULL while live).
CREATE TABLE lock_door_entries (
  municipality_code TEXT NOT NULL,
  door_id TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  right_id TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  added_version BIGINT NOT NULL,
  removed_version BIGINT,
  identity_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_ms BIGINT NOT NULL,
  until_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, door_id, entry_id, added_version)
);
CREATE INDEX lock_door_entries_live ON lock_door_entries (municipality_code, door_id, removed_version);
CREATE INDEX lock_door_entries_added ON lock_door_entries (municipality_code, door_id, added_version);
CREATE INDEX lock_door_entries_by_right ON lock_door_entries (municipality_code, door_id, right_id);
CREATE INDEX lock_door_entries_by_resident ON lock_door_entries (municipality_code, door_id, resident_id);

-- The Ed25519 key pair that signs access lists (hex). The public key is pinned
-- in each door at registration; the secret never leaves the server.
CREATE TABLE lock_signing_keys (
  municipality_code TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (municipality_code),
  public_key TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);

-- Remote commands for doors (kind: emergency_open | emergency_end), carried in
-- the next signed list until the door acknowledges them.
CREATE TABLE lock_commands (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  door_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  until_ms BIGINT NOT NULL,
  reason TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  acked_at_ms BIGINT,
  PRIMARY KEY (municipality_code, id)
);
CREATE INDEX lock_commands_by_door ON lock_commands (municipality_code, door_id, acked_at_ms);

-- Every attempt at a door, as uploaded; event_id is made at the door, so a
-- retried upload never counts twice. outcome: granted | refused.
CREATE TABLE lock_access_events (
  municipality_code TEXT NOT NULL,
  event_id TEXT NOT NULL,
  door_id TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  identity_key TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  received_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, event_id)
);
CREATE INDEX lock_access_events_by_door ON lock_access_events (municipality_code, door_id, at_ms);
CREATE INDEX lock_access_events_by_key ON lock_access_events (municipality_code, identity_key);
