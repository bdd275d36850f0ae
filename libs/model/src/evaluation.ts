import type { Candle } from '@crypto/candles';
import type { ForecastMetrics } from './metrics';
import type { VolatilityModel } from './volatility-model';

export interface EvaluationReport {
  /** Candle ts of the first and last forecast origin scored, and how many. */
  test_window: { from_ts: number; to_ts: number; n: number };
  model: ForecastMetrics;
  baselines: { persistence: ForecastMetrics; ewma: ForecastMetrics; har: ForecastMetrics };
}

/**
 * Scores a model (or only the baselines, `model` then holds NaN metrics) on the windows of `candles` whose
 * targets lie in [from_ts, to_ts]. HAR-RV is fitted on candles before the scored window only.
 */
export function evaluateOnWindow(
  _model: VolatilityModel | undefined,
  _candles: readonly Candle[],
  _window: { from_ts: number; to_ts: number },
): EvaluationReport {
  throw new Error('not implemented');
}
