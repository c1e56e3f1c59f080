-- Care-needs form checks (issue 3): every check of a 認定調査票 version, its
-- findings, and the reviewers' 採用 / 却下 decisions with their history.
-- Portable SQL for SQLite and PostgreSQL (see store/database.h).

-- One row per checked version of a form. form_json is the form as received,
-- parsed_json the answers and per-item notes as the checker read them (the
-- tokki block split into items): evidence offsets point into those notes.
CREATE TABLE care_checks (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  form_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  form_json TEXT NOT NULL,
  parsed_json TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  finding_count INTEGER NOT NULL,
  checked_by TEXT NOT NULL,
  checked_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, form_id, version)
);

CREATE INDEX care_checks_by_time ON care_checks (municipality_code, checked_at_ms);

-- One row per finding. rule_key is what the false-alarm report counts by:
-- the finding's code (警告コード, rule id, ☆/★/未), or "item X" when the
-- engine gives none. The decision columns hold the latest decision.
CREATE TABLE care_findings (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  check_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  rule_key TEXT NOT NULL,
  finding_json TEXT NOT NULL,
  decision TEXT,
  decision_comment TEXT,
  decided_by TEXT,
  decided_at_ms BIGINT,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, check_id, seq),
  FOREIGN KEY (municipality_code, check_id) REFERENCES care_checks (municipality_code, id)
);

CREATE INDEX care_findings_by_rule ON care_findings (municipality_code, kind, rule_key);

-- Every decision ever made, numbered per finding (seq 1, 2, ...).
CREATE TABLE care_finding_decisions (
  municipality_code TEXT NOT NULL,
  finding_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  decision TEXT NOT NULL,
  comment TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, finding_id, seq),
  FOREIGN KEY (municipality_code, finding_id) REFERENCES care_findings (municipality_code, id)
);
