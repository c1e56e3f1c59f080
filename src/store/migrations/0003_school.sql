-- Schools (issue 9): the city's schools and partner schools outside it, their
-- classes (incl. special-needs classes, 特別支援学級), which school each
-- teacher account belongs to, joint online class sessions with each school's
-- confirmation, special-needs ICT use per class and period, and anonymous
-- satisfaction answers. Portable SQL for SQLite and PostgreSQL (see
-- store/database.h). No table holds a child's name.

-- kind: elementary | junior_high | other; in_city 1 for the municipality's own
-- schools, 0 for partner schools outside it.
CREATE TABLE school_schools (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  in_city INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, name)
);

-- grade 0 for classes that mix grades (special-needs classes often do).
CREATE TABLE school_classes (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  name TEXT NOT NULL,
  grade INTEGER NOT NULL,
  special_needs INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, school_id, name),
  FOREIGN KEY (municipality_code, school_id) REFERENCES school_schools (municipality_code, id)
);

-- Which school a staff user with the school role acts for. board = 1 (and no
-- school) for the board of education (教育委員会), who sees every school.
-- A school-role user without a row here sees nothing.
CREATE TABLE school_staff (
  municipality_code TEXT NOT NULL,
  user_id TEXT NOT NULL,
  school_id TEXT,
  board INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, user_id),
  FOREIGN KEY (municipality_code, user_id) REFERENCES staff_users (municipality_code, id)
);

-- status: planned | held | cancelled | cut_short; actual_minutes is set when
-- recorded (0 for cancelled). ict_tools is a JSON array of strings.
-- survey_token is "CODE-RANDOM" (the code scopes the public lookup).
CREATE TABLE school_sessions (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  session_date TEXT NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  subject TEXT NOT NULL,
  unit TEXT NOT NULL,
  conference_url TEXT NOT NULL,
  ict_tools TEXT NOT NULL,
  planned_by_school_id TEXT NOT NULL,
  status TEXT NOT NULL,
  actual_minutes INTEGER,
  record_note TEXT NOT NULL,
  survey_token TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, survey_token)
);

CREATE INDEX school_sessions_by_date ON school_sessions (municipality_code, session_date);

-- The classes taking part in a session; school_id is the class's school,
-- copied so that per-school queries need no join.
CREATE TABLE school_session_classes (
  municipality_code TEXT NOT NULL,
  session_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  PRIMARY KEY (municipality_code, session_id, class_id),
  FOREIGN KEY (municipality_code, session_id) REFERENCES school_sessions (municipality_code, id),
  FOREIGN KEY (municipality_code, class_id) REFERENCES school_classes (municipality_code, id)
);

CREATE INDEX school_session_classes_by_school ON school_session_classes (municipality_code, school_id);

-- One row per participating school once it has confirmed the plan.
CREATE TABLE school_session_confirmations (
  municipality_code TEXT NOT NULL,
  session_id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  confirmed_by TEXT NOT NULL,
  confirmed_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, session_id, school_id),
  FOREIGN KEY (municipality_code, session_id) REFERENCES school_sessions (municipality_code, id)
);

-- ICT use in a special-needs class for one period. child_notes are the
-- teacher's optional per-child notes: shown only to that school, never
-- exported or counted.
CREATE TABLE school_ict_uses (
  municipality_code TEXT NOT NULL,
  id TEXT NOT NULL,
  school_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  use_date TEXT NOT NULL,
  period INTEGER NOT NULL,
  minutes INTEGER NOT NULL,
  tools TEXT NOT NULL,
  aim TEXT NOT NULL,
  child_notes TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, class_id, use_date, period),
  FOREIGN KEY (municipality_code, class_id) REFERENCES school_classes (municipality_code, id)
);

CREATE INDEX school_ict_uses_by_school ON school_ict_uses (municipality_code, school_id, use_date);

-- Anonymous answers: device_hash is the SHA-256 of the device's random id,
-- so one device answers a session once. respondent: pupil | teacher;
-- grade_band: lower | middle | upper | junior_high for pupils, '' for teachers.
CREATE TABLE school_survey_answers (
  municipality_code TEXT NOT NULL,
  session_id TEXT NOT NULL,
  device_hash TEXT NOT NULL,
  school_id TEXT NOT NULL,
  respondent TEXT NOT NULL,
  grade_band TEXT NOT NULL,
  rating INTEGER NOT NULL,
  comment TEXT NOT NULL,
  answered_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, session_id, device_hash),
  FOREIGN KEY (municipality_code, session_id) REFERENCES school_sessions (municipality_code, id)
);
