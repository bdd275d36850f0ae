-- Up Migration

-- The alerts table as the stream writes it (SPEC §8 `alerts`). Nothing wrote it before, so the columns can
-- become NOT NULL and change type without a backfill. `ts` becomes the open time of the candle the alert is
-- about, epoch ms bigint like candles.ts and the candle_ts of signals; the time the alert was produced
-- (the message's `timestamp`) is produced_at; created_at stays the time it was stored. An alert is unique
-- per (symbol, timeframe, type, ts): a redelivered batch inserts nothing (ON CONFLICT DO NOTHING), and the
-- 1h and 4h candles of a symbol opening at the same time keep their own alerts.
ALTER TABLE alerts ADD COLUMN timeframe text NOT NULL;
ALTER TABLE alerts ADD COLUMN produced_at timestamptz NOT NULL;
ALTER TABLE alerts ALTER COLUMN ts TYPE bigint USING (extract(epoch FROM ts) * 1000)::bigint;
ALTER TABLE alerts ALTER COLUMN value SET NOT NULL;
ALTER TABLE alerts ALTER COLUMN threshold SET NOT NULL;
ALTER TABLE alerts ADD CONSTRAINT alerts_type_check
  CHECK (type IN ('price_change_24h', 'high_volatility', 'rsi_overbought', 'rsi_oversold', 'regime_change'));
ALTER TABLE alerts ADD CONSTRAINT alerts_severity_check CHECK (severity IN ('info', 'warning', 'high'));
ALTER TABLE alerts ADD CONSTRAINT alerts_symbol_timeframe_type_ts_key UNIQUE (symbol, timeframe, type, ts);

COMMENT ON COLUMN alerts.ts IS 'open time of the candle the alert is about, epoch milliseconds UTC';
COMMENT ON COLUMN alerts.produced_at IS 'when the alert was produced (the Kafka alert timestamp)';
COMMENT ON COLUMN alerts.value IS 'what crossed: the signed 24 h change as a fraction, vol24 or rsi14';

-- tails read "latest n" in (ts, id) order: the alerts of one candle share a ts
DROP INDEX alerts_ts_idx;
DROP INDEX alerts_symbol_ts_idx;
CREATE INDEX alerts_ts_idx ON alerts (ts DESC, id DESC);
CREATE INDEX alerts_symbol_ts_idx ON alerts (symbol, ts DESC, id DESC);

-- Down Migration

DROP INDEX alerts_symbol_ts_idx;
DROP INDEX alerts_ts_idx;
CREATE INDEX alerts_ts_idx ON alerts (ts DESC);
CREATE INDEX alerts_symbol_ts_idx ON alerts (symbol, ts DESC);
COMMENT ON COLUMN alerts.value IS NULL;
COMMENT ON COLUMN alerts.ts IS 'when the condition was observed (the Kafka alert timestamp)';
ALTER TABLE alerts DROP CONSTRAINT alerts_symbol_timeframe_type_ts_key;
ALTER TABLE alerts DROP CONSTRAINT alerts_severity_check;
ALTER TABLE alerts DROP CONSTRAINT alerts_type_check;
ALTER TABLE alerts ALTER COLUMN threshold DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN value DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN ts TYPE timestamptz USING to_timestamp(ts / 1000.0);
ALTER TABLE alerts DROP COLUMN produced_at;
ALTER TABLE alerts DROP COLUMN timeframe;
