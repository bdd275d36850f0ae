import type { FeatureTailRow } from '@crypto/signals';
import type { CandleWindow, ServedMlSignal, ServedSignal, SignalComparison } from '@crypto/serving';
import type { CompareSignalsResponse } from '../generated/crypto/CompareSignalsResponse';
import type { FeatureData } from '../generated/crypto/FeatureData';
import type { MLPredictionResponse } from '../generated/crypto/MLPredictionResponse';
import type { OHLCVResponse } from '../generated/crypto/OHLCVResponse';
import type { SignalResponse } from '../generated/crypto/SignalResponse';

// The answers carry the numbers of the REST answers of the same use cases; only the shape is gRPC's.

export const toOhlcvResponse = (window: CandleWindow): OHLCVResponse => ({
  symbol: window.market.symbol,
  exchange: window.market.exchange,
  timeframe: window.market.timeframe,
  rows: window.candles.length,
  data: window.candles.map(({ ts, open, high, low, close, volume }) => ({
    timestamp: ts,
    open,
    high,
    low,
    close,
    volume,
  })),
});

// proto3 doubles have no null: a feature not defined yet (the first candles of a window) is NaN, never 0
const orNaN = (value: number | null): number => value ?? Number.NaN;
const toFeatureData = (row: FeatureTailRow): FeatureData => ({
  time: row.time,
  close: row.close,
  ret: orNaN(row.ret),
  vol24: orNaN(row.vol24),
  sma12: orNaN(row.sma12),
  sma48: orNaN(row.sma48),
});

export const toSignalResponse = (signal: ServedSignal): SignalResponse => ({
  symbol: signal.market.symbol,
  horizon_min: signal.horizon_min,
  risk_score: signal.risk_score,
  nowcast_ret: signal.nowcast_ret,
  vol_regime: signal.vol_regime,
  timestamp: signal.timestamp,
  method: signal.method,
  explanation: signal.explain && {
    nowcast_ret: signal.explain.nowcast_ret,
    vol: signal.explain.vol,
    vol_regime: signal.explain.vol_regime,
    risk_score: signal.explain.risk_score,
    features_tail: signal.explain.features_tail.map(toFeatureData),
  },
});

export const toMlPredictionResponse = (signal: ServedMlSignal): MLPredictionResponse => ({
  symbol: signal.market.symbol,
  timestamp: signal.timestamp,
  method: signal.method,
  model_version: signal.model_version,
  ml_prediction: signal.ml_prediction,
  heuristic_comparison: signal.heuristic_comparison,
});

export const toCompareSignalsResponse = (comparison: SignalComparison): CompareSignalsResponse => ({
  symbol: comparison.market.symbol,
  timestamp: comparison.timestamp,
  heuristic: comparison.heuristic,
  ml: comparison.ml,
  comparison: comparison.comparison,
});
