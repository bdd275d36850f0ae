import type { Pool } from 'pg';
import { asStorageError } from '../database/pg-errors';

/** RMSE, MAE, QLIKE and R² of one forecaster on a window's origins. */
export interface ForecastScores {
  rmse: number;
  mae: number;
  qlike: number;
  r2: number;
}

/** A market as the candles table keys it. */
export interface MonitoredMarket {
  exchange: string;
  symbol: string;
  timeframe: string;
}

/** One model version's live scores on one market over a rolling window (table `forecast_monitoring`). */
export interface ForecastMonitoringSnapshot extends MonitoredMarket {
  model_name: string;
  model_version: string;
  window_days: number;
  /** first and last forecast origin scored (epoch ms), and how many */
  from_ts: number;
  to_ts: number;
  origins: number;
  model: ForecastScores;
  har: ForecastScores;
  ewma: ForecastScores;
  persistence: ForecastScores;
  /** ISO-8601 UTC */
  computed_at: string;
}

/** A realised target: the volatility of the H returns after the origin candle `ts`. */
export interface RealizedTarget {
  ts: number;
  realized: number;
}

type SnapshotRow = Omit<ForecastMonitoringSnapshot, 'from_ts' | 'to_ts' | 'computed_at'> & {
  from_ts: string;
  to_ts: string;
  computed_at: Date;
};

const COLUMNS =
  'model_name, model_version, exchange, symbol, timeframe, window_days, from_ts, to_ts, origins, model, har, ewma, persistence, computed_at';

const toSnapshot = ({ from_ts, to_ts, computed_at, ...row }: SnapshotRow): ForecastMonitoringSnapshot => ({
  ...row,
  // epoch ms stays far below 2^53
  from_ts: Number(from_ts),
  to_ts: Number(to_ts),
  computed_at: computed_at.toISOString(),
});

/**
 * The live forecast monitoring in PostgreSQL: the latest snapshot per (model version, market, window), and
 * the realised targets of the served predictions (`ml_predictions.realized_volatility`).
 */
export class ForecastMonitoringRepository {
  constructor(private readonly pool: Pool) {}

  /** Replaces the snapshot of its (model version, market, window). */
  async save(snapshot: Omit<ForecastMonitoringSnapshot, 'computed_at'>): Promise<void> {
    const s = snapshot;
    await this.pool
      .query(
        `INSERT INTO forecast_monitoring (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())
         ON CONFLICT (model_name, model_version, exchange, symbol, timeframe, window_days) DO UPDATE SET
           from_ts = EXCLUDED.from_ts, to_ts = EXCLUDED.to_ts, origins = EXCLUDED.origins,
           model = EXCLUDED.model, har = EXCLUDED.har, ewma = EXCLUDED.ewma,
           persistence = EXCLUDED.persistence, computed_at = EXCLUDED.computed_at`,
        [
          s.model_name,
          s.model_version,
          s.exchange,
          s.symbol,
          s.timeframe,
          s.window_days,
          s.from_ts,
          s.to_ts,
          s.origins,
          JSON.stringify(s.model),
          JSON.stringify(s.har),
          JSON.stringify(s.ewma),
          JSON.stringify(s.persistence),
        ],
      )
      .catch((error: unknown) => {
        throw asStorageError(error, 'store a forecast monitoring snapshot');
      });
  }

  /** Every snapshot of a registered model, newest version first (versions compare as numbers). */
  async list(
    modelName: string,
    { version }: { version?: string } = {},
  ): Promise<ForecastMonitoringSnapshot[]> {
    const { rows } = await this.pool
      .query<SnapshotRow>(
        `SELECT ${COLUMNS} FROM forecast_monitoring
         WHERE model_name = $1 AND ($2::text IS NULL OR model_version = $2)
         ORDER BY model_version::bigint DESC, exchange, symbol, timeframe, window_days`,
        [modelName, version ?? null],
      )
      .catch((error: unknown) => {
        throw asStorageError(error, 'read the forecast monitoring');
      });
    return rows.map(toSnapshot);
  }

  /**
   * Fills the realised volatility of the served predictions of `modelVersion` on `market` whose origin
   * (`candle_ts`) is among `targets` and still has none. Resolves to how many rows were filled.
   */
  async recordRealized(
    market: MonitoredMarket,
    modelVersion: string,
    targets: readonly RealizedTarget[],
  ): Promise<number> {
    if (targets.length === 0) return 0;
    const { rowCount } = await this.pool
      .query(
        `UPDATE ml_predictions p SET realized_volatility = t.realized, realized_at = now()
         FROM unnest($5::bigint[], $6::float8[]) AS t (ts, realized)
         WHERE p.exchange = $1 AND p.symbol = $2 AND p.timeframe = $3 AND p.model_version = $4
           AND p.candle_ts = t.ts AND p.realized_volatility IS NULL`,
        [
          market.exchange,
          market.symbol,
          market.timeframe,
          modelVersion,
          targets.map((t) => t.ts),
          targets.map((t) => t.realized),
        ],
      )
      .catch((error: unknown) => {
        throw asStorageError(error, 'record realised volatilities');
      });
    return rowCount ?? 0;
  }
}
