import type { ServedMlSignal, ServedSignal, SignalComparison } from '@crypto/serving';
import type { MlPredictionRecord, SignalRecord } from '@crypto/storage';
import type {
  CompareResponseDto,
  HeuristicComparisonDto,
  MlPredictionRecordDto,
  MlSignalResponseDto,
  SignalRecordDto,
  SignalResponseDto,
} from './signals.responses';

export const toSignalResponse = (signal: ServedSignal): SignalResponseDto => ({
  symbol: signal.market.symbol,
  horizon_min: signal.horizon_min,
  risk_score: signal.risk_score,
  nowcast_ret: signal.nowcast_ret,
  vol_regime: signal.vol_regime,
  method: signal.method,
  explain: signal.explain,
});

export const toSignalRecord = (record: SignalRecord): SignalRecordDto => ({
  timestamp: record.createdAt.toISOString(),
  symbol: record.symbol,
  exchange: record.exchange,
  timeframe: record.timeframe,
  limit: record.limit,
  horizon_min: record.horizonMin,
  risk_score: record.riskScore,
  nowcast_ret: record.nowcastRet,
  vol: record.vol,
  vol_regime: record.volRegime,
  method: record.method,
});

export const toMlSignalResponse = (signal: ServedMlSignal): MlSignalResponseDto => ({
  symbol: signal.market.symbol,
  method: signal.method,
  timestamp: signal.timestamp,
  model_version: signal.model_version,
  ml_prediction: signal.ml_prediction,
  heuristic_comparison: signal.heuristic_comparison,
  ...(signal.fallback ? { fallback: signal.fallback } : {}),
});

/** A stored prediction as the ml-signal answer it was, with its market. */
export const toMlPredictionRecord = (record: MlPredictionRecord): MlPredictionRecordDto => ({
  symbol: record.symbol,
  method: 'ml',
  timestamp: record.createdAt.toISOString(),
  model_version: record.modelVersion,
  ml_prediction: {
    prediction: record.prediction,
    current_volatility: record.currentVolatility ?? 0,
    volatility_regime: record.volatilityRegime,
    risk_level: record.riskLevel,
    confidence: record.confidence,
    prediction_timestamp: record.candleTs === null ? '' : new Date(record.candleTs).toISOString(),
  },
  heuristic_comparison: (record.heuristic as HeuristicComparisonDto | null) ?? null,
  exchange: record.exchange,
  timeframe: record.timeframe,
  limit: record.limit,
});

export const toCompareResponse = (comparison: SignalComparison): CompareResponseDto => ({
  symbol: comparison.market.symbol,
  timestamp: comparison.timestamp,
  heuristic: comparison.heuristic,
  ml: comparison.ml,
  comparison: comparison.comparison,
});
