-- Deleting audit entries is allowed below the municipality's audit_purges mark only.
CREATE OR REPLACE FUNCTION denen_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.seq < COALESCE(
      (SELECT before_seq FROM audit_purges WHERE municipality_code = OLD.municipality_code), 0) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
