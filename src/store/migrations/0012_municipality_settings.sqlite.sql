-- Deleting audit entries is allowed below the municipality's audit_purges mark only.
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.seq >= COALESCE((SELECT before_seq FROM audit_purges WHERE municipality_code = OLD.municipality_code), 0)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
