import type { Pool } from 'pg';
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

/** ML predictions served (table `ml_predictions`): group-committed saves, latest-n reads. */
export class MlPredictionRepository extends AppendOnlyTable<MlPredictionRecord, PredictionRow> {
  constructor(pool: Pool, options: GroupCommitOptions = {}) {
    super(pool, ML_PREDICTIONS, options);
  }
}
