-- Up Migration

-- Tables of the later issues (signals, ML serving, stream alerts, training pipeline), created now so the
-- schema is in place. Times of rows are timestamptz; candle_ts refers to candles.ts (epoch ms open time).

CREATE TABLE signals (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at   timestamptz      NOT NULL DEFAULT now(),
  symbol       text             NOT NULL,
  exchange     text             NOT NULL,
  timeframe    text             NOT NULL,
  horizon_min  integer          NOT NULL CHECK (horizon_min > 0),
  risk_score   double precision NOT NULL CHECK (risk_score BETWEEN 0 AND 1),
  nowcast_ret  double precision NOT NULL,
  vol          double precision NOT NULL CHECK (vol >= 0),
  vol_regime   text             NOT NULL CHECK (vol_regime IN ('calm', 'normal', 'turbulent')),
  method       text             NOT NULL DEFAULT 'heuristic',
  candle_ts    bigint,
  explain      jsonb
);
CREATE INDEX signals_created_at_idx ON signals (created_at DESC);
CREATE INDEX signals_symbol_created_at_idx ON signals (symbol, created_at DESC);

CREATE TABLE ml_predictions (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at          timestamptz      NOT NULL DEFAULT now(),
  symbol              text             NOT NULL,
  exchange            text             NOT NULL,
  timeframe           text             NOT NULL,
  model_version       text             NOT NULL,
  prediction          double precision NOT NULL,
  current_volatility  double precision,
  volatility_regime   text             NOT NULL CHECK (volatility_regime IN ('calm', 'normal', 'turbulent')),
  risk_level          text             NOT NULL CHECK (risk_level IN ('low', 'medium', 'high')),
  confidence          double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  candle_ts           bigint,
  heuristic           jsonb
);
CREATE INDEX ml_predictions_created_at_idx ON ml_predictions (created_at DESC);
CREATE INDEX ml_predictions_symbol_created_at_idx ON ml_predictions (symbol, created_at DESC);

CREATE TABLE alerts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at  timestamptz      NOT NULL DEFAULT now(),
  type        text             NOT NULL,
  symbol      text             NOT NULL,
  value       double precision,
  threshold   double precision,
  severity    text             NOT NULL,
  message     text             NOT NULL,
  ts          timestamptz      NOT NULL
);
COMMENT ON COLUMN alerts.ts IS 'when the condition was observed (the Kafka alert timestamp)';
CREATE INDEX alerts_ts_idx ON alerts (ts DESC);
CREATE INDEX alerts_symbol_ts_idx ON alerts (symbol, ts DESC);

CREATE TABLE training_runs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id         text        NOT NULL UNIQUE,
  mlflow_run_id  text,
  status         text        NOT NULL,
  step           text,
  params         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  metrics        jsonb,
  baselines      jsonb,
  decision       text,
  reason         text,
  model_version  text,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
COMMENT ON COLUMN training_runs.job_id IS 'BullMQ id of the flow that ran it';
COMMENT ON COLUMN training_runs.decision IS 'promotion decision, e.g. champion or challenger; reason says why';
CREATE INDEX training_runs_started_at_idx ON training_runs (started_at DESC);

-- Down Migration

DROP TABLE training_runs;
DROP TABLE alerts;
DROP TABLE ml_predictions;
DROP TABLE signals;
