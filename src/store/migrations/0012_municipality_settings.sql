-- Settings a municipality chooses for itself (docs/operations.md, "Settings of
-- a municipality"). A missing row means the server's configuration applies.
-- Names are those of the config keys, e.g. kpi.min_cell_size,
-- retention.visit_days (settings/municipality_settings.h lists them).
CREATE TABLE municipality_settings (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  name TEXT NOT NULL,
  value BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (municipality_code, name)
);

-- Audit retention (denen retention run): entries of a municipality below
-- before_seq may be deleted, and only those; the append-only triggers of
-- 0001 consult this row. The purge itself is recorded in the chain
-- (action audit.purge, detail kept_from_seq), which audit::Verify checks
-- against the first entry that remains.
CREATE TABLE audit_purges (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  before_seq BIGINT NOT NULL,
  purged_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code)
);
