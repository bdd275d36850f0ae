import type { Pool } from 'pg';
import type { MarketKey } from '@crypto/candles';
import { asStorageError } from '../database/pg-errors';
import {
  AppendOnlyTable,
  epochMsOrNull,
  jsonOrNull,
  servedColumns,
  toServedRecord,
  type ServedRow,
  type TableSpec,
} from './append-only.table';
import type { GroupCommitOptions } from './group-commit.writer';
import type { MlPredictionRecord } from './signal.types';

interface PredictionRow extends ServedRow {
  model_version: string;
  prediction: number;
  current_volatility: number | null;
  volatility_regime: string;
  risk_level: string;
  confidence: number;
  candle_ts: string | null;
  heuristic: unknown;
}

const ML_PREDICTIONS: TableSpec<MlPredictionRecord, PredictionRow> = {
  table: 'ml_predictions',
  noun: 'an ML prediction',
  columns: [
    ...servedColumns<MlPredictionRecord>(),
    { name: 'model_version', type: 'text', value: (r) => r.modelVersion },
    { name: 'prediction', type: 'float8', value: (r) => r.prediction },
    { name: 'current_volatility', type: 'float8', value: (r) => r.currentVolatility },
    { name: 'volatility_regime', type: 'text', value: (r) => r.volatilityRegime },
    { name: 'risk_level', type: 'text', value: (r) => r.riskLevel },
    { name: 'confidence', type: 'float8', value: (r) => r.confidence },
    { name: 'candle_ts', type: 'bigint', value: (r) => r.candleTs },
    { name: 'heuristic', type: 'jsonb', value: (r) => jsonOrNull(r.heuristic) },
  ],
  fromRow: (row) => ({
    ...toServedRecord(row),
    modelVersion: row.model_version,
    prediction: row.prediction,
    currentVolatility: row.current_volatility,
    volatilityRegime: row.volatility_regime,
    riskLevel: row.risk_level,
    confidence: row.confidence,
    candleTs: epochMsOrNull(row.candle_ts),
    heuristic: row.heuristic,
  }),
};

/** The forecast served for a candle (its open time, epoch ms) and the version that made it. */
export interface CandleForecastRecord {
  candle_ts: number;
  prediction: number;
  model_version: string;
}

/**
 * ML predictions served (table `ml_predictions`): group-committed saves, latest-n reads, and the forecasts
 * of a market's candles for its charts.
 */
export class MlPredictionRepository extends AppendOnlyTable<MlPredictionRecord, PredictionRow> {
  constructor(pool: Pool, options: GroupCommitOptions = {}) {
    super(pool, ML_PREDICTIONS, options);
  }

  /** The latest forecast served for each candle of `market` opened in [`from`, `to`), oldest candle first. */
  async forecastsByCandle(
    market: MarketKey,
    { from, to }: { from: number; to: number },
  ): Promise<CandleForecastRecord[]> {
    const { rows } = await this.pool
      .query<{ candle_ts: string; prediction: number; model_version: string }>(
        `SELECT DISTINCT ON (candle_ts) candle_ts, prediction, model_version FROM ml_predictions
         WHERE symbol = $1 AND exchange = $2 AND timeframe = $3 AND candle_ts >= $4 AND candle_ts < $5
         ORDER BY candle_ts, created_at DESC, id DESC`,
        [market.symbol, market.exchange, market.timeframe, from, to],
      )
      .catch((error: unknown) => {
        throw asStorageError(error, 'read the forecasts by candle');
      });
    // bigint arrives as text; epoch ms stays far below 2^53
    return rows.map((row) => ({ ...row, candle_ts: Number(row.candle_ts) }));
  }
}
