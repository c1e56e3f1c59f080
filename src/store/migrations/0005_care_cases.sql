-- Care certification cases (issue 4): one row per application for 要介護認定
-- with its dated milestones, the imported versions of each case's 認定調査票,
-- the office's privacy setting, and the link from a stored check (0002) to the
-- form version it checked. Portable SQL for SQLite and PostgreSQL (see
-- store/database.h). No table holds the 12-digit individual number (個人番号).

-- Per-municipality settings of the care office. store_insured_number = 1 lets
-- the 被保険者番号 be stored with a case; without a row, or with 0, it is not.
CREATE TABLE care_settings (
  municipality_code TEXT NOT NULL PRIMARY KEY REFERENCES municipalities (municipality_code),
  store_insured_number INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

-- One row per application. case_no is the office's own case number (the key
-- of re-imports); insured_ref a pseudonymous reference to the insured person;
-- insured_number the 被保険者番号 or NULL. application_type: new (新規) |
-- renewal (更新) | change (区分変更). Milestones are 'YYYY-MM-DD' or NULL.
-- form_id names the case's 認定調査票 (care_case_forms, care_checks).
CREATE TABLE care_cases (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  case_no TEXT NOT NULL,
  insured_ref TEXT NOT NULL,
  insured_number TEXT,
  application_type TEXT NOT NULL,
  applied_on TEXT NOT NULL,
  surveyed_on TEXT,
  opinion_requested_on TEXT,
  opinion_received_on TEXT,
  primary_judged_on TEXT,
  board_on TEXT,
  certified_on TEXT,
  notified_on TEXT,
  form_id TEXT,
  created_by TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, case_no)
);

CREATE INDEX care_cases_by_form ON care_cases (municipality_code, form_id);
CREATE INDEX care_cases_by_certified ON care_cases (municipality_code, certified_on);

-- Every imported version of a case's 認定調査票 (1, 2, ...): a re-import of the
-- same content adds nothing, a corrected form adds the next version.
CREATE TABLE care_case_forms (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  form_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  form_json TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, form_id, version)
);

-- Which imported form version a stored check checked; NULL for checks of a
-- pasted form (POST /api/v1/care/check). Unique, so that two batch checks
-- running at once cannot both check the same version.
ALTER TABLE care_checks ADD COLUMN case_form_version INTEGER;

CREATE UNIQUE INDEX care_checks_by_form_version ON care_checks (municipality_code, form_id, case_form_version);
