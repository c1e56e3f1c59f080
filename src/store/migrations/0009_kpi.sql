-- KPI report (issue 10): baselines and targets per KPI and fiscal year (年度),
-- and the survey / statistics tables staff upload for cross-domain analysis,
-- each upload a new version. Portable SQL (see store/database.h).

-- One row per municipality, KPI (data/kpi/catalogue.json id) and fiscal year.
-- baseline: the value of baseline_year (the year before the project), entered
-- or imported; target: the goal of fiscal_year. NULL when not set.
CREATE TABLE kpi_goals (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  kpi_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  baseline DOUBLE PRECISION,
  baseline_year INTEGER,
  target DOUBLE PRECISION,
  note TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, kpi_id, fiscal_year)
);

-- An uploaded table (e.g. 地区別人口, 満足度調査). name is unique per
-- municipality; every upload under the same name is a new version.
CREATE TABLE kpi_tables (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, name)
);

-- One version: the validated columns (JSON: [{"name", "type"}]) and rows
-- (JSON array of arrays of text), with the source encoding and a SHA-256 of
-- the uploaded bytes.
CREATE TABLE kpi_table_versions (
  municipality_code TEXT NOT NULL,
  table_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  encoding TEXT NOT NULL,
  columns_json TEXT NOT NULL,
  rows_json TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, table_id, version),
  FOREIGN KEY (municipality_code, table_id) REFERENCES kpi_tables (municipality_code, id)
);
