-- Up Migration

-- Live forecast monitoring (issue 14): the realised volatility of the H candles after each served ML
-- prediction's origin, filled in once those candles have closed, and for each model version the scores on
-- live data of the model, HAR-RV, EWMA and persistence at the same origins, over rolling windows.
ALTER TABLE ml_predictions ADD COLUMN realized_volatility double precision;
ALTER TABLE ml_predictions ADD COLUMN realized_at timestamptz;
COMMENT ON COLUMN ml_predictions.realized_volatility IS
  'realised volatility of the H returns after candle_ts (the target of the forecast), once known';
CREATE INDEX ml_predictions_market_candle_ts_idx ON ml_predictions (exchange, symbol, timeframe, candle_ts)
  WHERE realized_volatility IS NULL;

CREATE TABLE forecast_monitoring (
  model_name     text             NOT NULL,
  model_version  text             NOT NULL,
  exchange       text             NOT NULL,
  symbol         text             NOT NULL,
  timeframe      text             NOT NULL,
  window_days    integer          NOT NULL CHECK (window_days > 0),
  -- the first and last forecast origin scored (epoch ms) and how many
  from_ts        bigint           NOT NULL,
  to_ts          bigint           NOT NULL,
  origins        integer          NOT NULL CHECK (origins > 0),
  -- {rmse, mae, qlike, r2} of each forecaster on those origins
  model          jsonb            NOT NULL,
  har            jsonb            NOT NULL,
  ewma           jsonb            NOT NULL,
  persistence    jsonb            NOT NULL,
  computed_at    timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (model_name, model_version, exchange, symbol, timeframe, window_days)
);

ALTER TABLE alerts DROP CONSTRAINT alerts_type_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_type_check CHECK (type IN
  ('price_change_24h', 'high_volatility', 'rsi_overbought', 'rsi_oversold', 'regime_change', 'model_degraded'));

-- Down Migration

DELETE FROM alerts WHERE type = 'model_degraded';
ALTER TABLE alerts DROP CONSTRAINT alerts_type_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_type_check
  CHECK (type IN ('price_change_24h', 'high_volatility', 'rsi_overbought', 'rsi_oversold', 'regime_change'));
DROP TABLE forecast_monitoring;
DROP INDEX ml_predictions_market_candle_ts_idx;
ALTER TABLE ml_predictions DROP COLUMN realized_at;
ALTER TABLE ml_predictions DROP COLUMN realized_volatility;
