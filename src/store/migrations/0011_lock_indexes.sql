-- Indexes the 50-municipality benchmark showed missing (docs/bench-tenants.md):
-- a reservation's unlock right and the lock KPI's probe look rights up by
-- reservation, and the access log reads a municipality's newest events.
CREATE INDEX lock_rights_by_reservation ON lock_rights (municipality_code, reservation_id);
CREATE INDEX lock_access_events_by_time ON lock_access_events (municipality_code, at_ms);
