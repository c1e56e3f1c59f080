-- Reception (issue 6): places (public facilities, 公共施設一覧), events
-- (イベント一覧) with pre-registration and a waiting list, visits made by card
-- tap at a kiosk or by staff for walk-ins, the idempotency log of kiosk
-- uploads, and evacuation shelters with households and 要配慮者 notes.
-- Portable SQL for SQLite and PostgreSQL (see store/database.h). Card data is
-- never stored here: a card visit names the resident (identity module) only.

-- source_id is the ID (or NO) column of the imported open-data row, NULL for
-- places made in the console; re-importing updates the row with the same
-- source_id. shelter_capacity is 0 for a place that is no evacuation shelter.
CREATE TABLE reception_places (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  source_id TEXT,
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  category TEXT NOT NULL,
  address TEXT NOT NULL,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  shelter_capacity INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, source_id)
);

-- capacity 0 means no limit. preregistration 1: only registered residents
-- are admitted at the door (the card is the ticket). place_id NULL when the
-- imported 場所名称 names no known place (place_name keeps it).
CREATE TABLE reception_events (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  source_id TEXT,
  name TEXT NOT NULL,
  place_id TEXT,
  place_name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  preregistration INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, source_id)
);
CREATE INDEX reception_events_by_date ON reception_events (municipality_code, start_date);

-- Paperless tickets. status: registered | waiting | cancelled. A walk-in
-- registration (no card enrolled) has resident_id NULL and a name.
CREATE TABLE reception_registrations (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  resident_id TEXT,
  name_kana TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  FOREIGN KEY (municipality_code, event_id) REFERENCES reception_events (municipality_code, id)
);
CREATE INDEX reception_registrations_by_event ON reception_registrations (municipality_code, event_id, status);

-- One visit of one person to one place (kind facility), event (kind event) or
-- shelter opening (kind shelter) on one Japanese calendar day. A card visit
-- names the resident; the unique index makes a second check-in of the same
-- resident at the same place and day impossible. district and age_band are
-- copied for analytics so that no join with residents is needed. source:
-- card | walk_in.
CREATE TABLE reception_visits (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  place_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  opening_id TEXT NOT NULL,
  visit_date TEXT NOT NULL,
  resident_id TEXT,
  source TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  district TEXT NOT NULL,
  age_band TEXT NOT NULL,
  checked_in_at_ms BIGINT NOT NULL,
  checked_out_at_ms BIGINT,
  device_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  received_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);
CREATE UNIQUE INDEX reception_visits_once_a_day
  ON reception_visits (municipality_code, kind, place_id, event_id, opening_id, visit_date, resident_id);
CREATE INDEX reception_visits_by_date ON reception_visits (municipality_code, visit_date);
CREATE INDEX reception_visits_by_opening ON reception_visits (municipality_code, opening_id);

-- Every check-in item ever received, by the id the kiosk made, with the
-- outcome given: a repeated upload gets the stored outcome and changes
-- nothing. outcome: checked_in | checked_out | already_checked_in | refused.
CREATE TABLE reception_taps (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  refusal_code TEXT NOT NULL,
  household_id TEXT NOT NULL,
  tapped_at_ms BIGINT NOT NULL,
  device_id TEXT NOT NULL,
  received_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);

-- A place opened as an evacuation shelter by the disaster HQ (災害対策本部),
-- until closed. capacity copied from the place (or set when opening).
CREATE TABLE reception_shelter_openings (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  place_id TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  opened_at_ms BIGINT NOT NULL,
  opened_by TEXT NOT NULL,
  closed_at_ms BIGINT,
  closed_by TEXT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  FOREIGN KEY (municipality_code, place_id) REFERENCES reception_places (municipality_code, id)
);
CREATE INDEX reception_shelter_openings_by_place ON reception_shelter_openings (municipality_code, place_id);

-- A household entry at a shelter: the card holder who arrived first and the
-- members added to it (children without a card); head_visit_id is the first.
CREATE TABLE reception_households (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  opening_id TEXT NOT NULL,
  head_visit_id TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);

-- One evacuee of one household; visit_id is the evacuee's shelter visit.
-- 要配慮者 notes (needs care, allergy, pets, note) are kept only with the
-- evacuee's (or guardian's) consent: care_consent 1, else they are empty.
CREATE TABLE reception_evacuees (
  municipality_code TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  household_id TEXT NOT NULL,
  opening_id TEXT NOT NULL,
  needs_care INTEGER NOT NULL,
  allergy TEXT NOT NULL,
  pets INTEGER NOT NULL,
  care_note TEXT NOT NULL,
  care_consent INTEGER NOT NULL,
  PRIMARY KEY (municipality_code, visit_id)
);
CREATE INDEX reception_evacuees_by_household ON reception_evacuees (municipality_code, household_id);
