-- What each edge agent last reported of itself (POST /api/v1/edge/status),
-- for the operators' metrics: how many check-ins wait in its local queue and
-- since when the oldest has waited. NULL until the device first reports.
ALTER TABLE edge_devices ADD COLUMN queued BIGINT;
ALTER TABLE edge_devices ADD COLUMN oldest_queued_at_ms BIGINT;
ALTER TABLE edge_devices ADD COLUMN status_at_ms BIGINT;
