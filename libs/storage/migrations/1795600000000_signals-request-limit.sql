-- Up Migration

-- The candle window a signal or prediction was computed from, as the caller asked it (`limit` of SPEC §8),
-- so a persisted row tells which request it answered (the prototype's clients read it back from the tails).
ALTER TABLE signals ADD COLUMN request_limit integer CHECK (request_limit > 0);
ALTER TABLE ml_predictions ADD COLUMN request_limit integer CHECK (request_limit > 0);

-- tails read "latest n" in (created_at, id) order: rows of one group commit share a created_at millisecond
DROP INDEX signals_created_at_idx;
CREATE INDEX signals_created_at_idx ON signals (created_at DESC, id DESC);
DROP INDEX ml_predictions_created_at_idx;
CREATE INDEX ml_predictions_created_at_idx ON ml_predictions (created_at DESC, id DESC);

-- Down Migration

DROP INDEX ml_predictions_created_at_idx;
CREATE INDEX ml_predictions_created_at_idx ON ml_predictions (created_at DESC);
DROP INDEX signals_created_at_idx;
CREATE INDEX signals_created_at_idx ON signals (created_at DESC);
ALTER TABLE ml_predictions DROP COLUMN request_limit;
ALTER TABLE signals DROP COLUMN request_limit;
