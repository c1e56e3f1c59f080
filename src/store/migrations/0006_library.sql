-- The library module (issue 7): the municipality's library systems with their
-- barcode profile, links between a resident and a library card number, and the
-- ILS's monthly loan statistics. Portable SQL for SQLite and PostgreSQL.

-- A library system (the ILS one or more libraries share) and the barcode
-- profile of its cards (JSON, library/barcode_profile.h; docs/library.md).
-- clear_after_seconds: how long the counter monitor shows a barcode.
CREATE TABLE library_systems (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  profile_json TEXT NOT NULL,
  clear_after_seconds INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (municipality_code, id)
);

-- A resident's library card number in one library system. Unlinking keeps
-- the row (unlinked_at_ms, reason) for the audit trail and the KPI over time;
-- while a link is open, a resident has one number per system and a number
-- one resident (the two partial unique indexes).
CREATE TABLE library_card_links (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  library_system_id TEXT NOT NULL,
  resident_id TEXT NOT NULL,
  card_number TEXT NOT NULL,
  linked_at_ms BIGINT NOT NULL,
  linked_by TEXT NOT NULL,
  unlinked_at_ms BIGINT,
  unlinked_by TEXT NOT NULL DEFAULT '',
  unlink_reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (municipality_code, id),
  FOREIGN KEY (municipality_code, library_system_id) REFERENCES library_systems (municipality_code, id),
  FOREIGN KEY (municipality_code, resident_id) REFERENCES residents (municipality_code, id)
);
CREATE UNIQUE INDEX library_card_links_open_resident
  ON library_card_links (municipality_code, library_system_id, resident_id) WHERE unlinked_at_ms IS NULL;
CREATE UNIQUE INDEX library_card_links_open_number
  ON library_card_links (municipality_code, library_system_id, card_number) WHERE unlinked_at_ms IS NULL;
CREATE INDEX library_card_links_by_resident ON library_card_links (municipality_code, resident_id);

-- Loans per month and branch from the ILS's monthly statistics CSV. A
-- re-import replaces the same (system, month, branch) rows.
CREATE TABLE library_loan_stats (
  municipality_code TEXT NOT NULL,
  library_system_id TEXT NOT NULL,
  month TEXT NOT NULL,
  branch TEXT NOT NULL,
  loans BIGINT NOT NULL,
  imported_at_ms BIGINT NOT NULL,
  imported_by TEXT NOT NULL,
  PRIMARY KEY (municipality_code, library_system_id, month, branch),
  FOREIGN KEY (municipality_code, library_system_id) REFERENCES library_systems (municipality_code, id)
);
