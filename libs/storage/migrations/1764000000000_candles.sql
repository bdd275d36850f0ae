-- Up Migration

-- One row per candle (SPEC §4). The primary key makes ingestion idempotent and serves range and latest-N
-- reads (ORDER BY ts DESC uses it backwards). is_final: the candle had closed when it was stored; a
-- provisional (still open) candle is rewritten by later ingestions until it is final, never after.
CREATE TABLE candles (
  exchange     text             NOT NULL,
  symbol       text             NOT NULL,
  timeframe    text             NOT NULL,
  ts           bigint           NOT NULL,
  open         double precision NOT NULL,
  high         double precision NOT NULL,
  low          double precision NOT NULL,
  close        double precision NOT NULL,
  volume       double precision NOT NULL,
  is_final     boolean          NOT NULL DEFAULT false,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (exchange, symbol, timeframe, ts)
);

COMMENT ON COLUMN candles.symbol IS 'ccxt unified symbol, e.g. BTC/USDT';
COMMENT ON COLUMN candles.timeframe IS 'ccxt timeframe, e.g. 1h';
COMMENT ON COLUMN candles.ts IS 'candle open time, epoch milliseconds UTC';
COMMENT ON COLUMN candles.is_final IS 'true once the candle had closed (ts + timeframe <= time of ingestion)';

-- Down Migration

DROP TABLE candles;
