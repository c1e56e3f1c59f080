-- Foundation: municipalities (tenants), staff accounts, sessions, login
-- throttling and the hash-chained audit log. Portable SQL for SQLite and
-- PostgreSQL: instants are BIGINT epoch milliseconds, flags INTEGER 0/1.

CREATE TABLE municipalities (
  municipality_code TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);

CREATE TABLE staff_users (
  municipality_code TEXT NOT NULL REFERENCES municipalities (municipality_code),
  id TEXT NOT NULL,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, id),
  UNIQUE (municipality_code, username)
);

CREATE TABLE staff_sessions (
  municipality_code TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (municipality_code, token_hash),
  FOREIGN KEY (municipality_code, user_id) REFERENCES staff_users (municipality_code, id)
);

CREATE TABLE login_throttle (
  municipality_code TEXT NOT NULL,
  username TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_ms BIGINT NOT NULL,
  locked_until_ms BIGINT NOT NULL,
  PRIMARY KEY (municipality_code, username)
);

CREATE TABLE audit_head (
  municipality_code TEXT NOT NULL PRIMARY KEY,
  last_seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);

CREATE TABLE audit_log (
  municipality_code TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (municipality_code, seq)
);
