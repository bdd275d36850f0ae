import { type Candle, MarketDataError } from '@crypto/candles';
import { fitHar, harComponents, harForecast, HAR_WARMUP } from './har';
import { forecastMetrics, type ForecastMetrics } from './metrics';
import { DEFAULT_MODEL_CONFIG } from './model-config';
import { computeInputSeries, type InputSeries } from './model-inputs';
import { ewmaVolatility, futureRealizedVol } from './realized-vol';
import type { VolatilityModel } from './volatility-model';

export interface EvaluationReport {
  /** Candle ts of the first and last forecast origin scored, and how many. */
  test_window: { from_ts: number; to_ts: number; n: number };
  model: ForecastMetrics;
  baselines: { persistence: ForecastMetrics; ewma: ForecastMetrics; har: ForecastMetrics };
}

/** RiskMetrics' decay for hourly-to-daily use (SPEC §6). */
export const EWMA_LAMBDA = 0.94;

const NO_MODEL: ForecastMetrics = { rmse: NaN, mae: NaN, qlike: NaN, r2: NaN };

/**
 * Scores forecasts of the given origins and the three baselines on them: persistence (vol24 of the origin),
 * EWMA (λ = 0.94) and HAR-RV fitted by least squares on `harFitOrigins` only.
 */
export function scoreOrigins(
  series: InputSeries,
  actual: Float64Array,
  origins: Int32Array,
  forecasts: Float64Array | undefined,
  harFitOrigins: Iterable<number>,
): EvaluationReport {
  const { ret, vol24 } = series.features;
  const components = harComponents(ret);
  const coefficients = fitHar(components, actual, harFitOrigins);
  const ewma = ewmaVolatility(ret, EWMA_LAMBDA);
  const truth = Float64Array.from(origins, (t) => actual[t]!);
  const baseline = (forecast: (t: number) => number) =>
    forecastMetrics(truth, Float64Array.from(origins, forecast));
  return {
    test_window: {
      from_ts: series.ts[origins[0]!]!,
      to_ts: series.ts[origins[origins.length - 1]!]!,
      n: origins.length,
    },
    model: forecasts ? forecastMetrics(truth, forecasts) : NO_MODEL,
    baselines: {
      persistence: baseline((t) => vol24[t]!),
      ewma: baseline((t) => ewma[t]!),
      har: baseline((t) => harForecast(coefficients, components, t)),
    },
  };
}

/**
 * Scores a model (or only the baselines: the model's metrics are then NaN) on the forecast origins of
 * `candles` whose ts lies in [from_ts, to_ts] (the bounds of an EvaluationReport's test_window) and that have
 * a full target and enough history. HAR-RV is fitted only on origins whose targets end by the first scored
 * origin. H is the model's, or the default 24 without a model. MarketDataError('INSUFFICIENT_DATA') when no
 * origin qualifies or no history precedes the window.
 */
export function evaluateOnWindow(
  model: VolatilityModel | undefined,
  candles: readonly Candle[],
  window: { from_ts: number; to_ts: number },
): EvaluationReport {
  const horizon = model?.horizon ?? DEFAULT_MODEL_CONFIG.horizon;
  const series = computeInputSeries(candles);
  const actual = futureRealizedVol(series.features.ret, horizon);
  const earliest = Math.max(HAR_WARMUP, (model?.requiredCandles ?? 0) - 1);
  const scored: number[] = [];
  for (let t = earliest; t < candles.length - horizon; t++) {
    if (series.ts[t]! >= window.from_ts && series.ts[t]! <= window.to_ts) scored.push(t);
  }
  const first = scored[0];
  if (first === undefined) {
    throw new MarketDataError(
      'INSUFFICIENT_DATA',
      `no forecast origin in ${new Date(window.from_ts).toISOString()} … ${new Date(window.to_ts).toISOString()} ` +
        `has ${earliest} candles of history and ${horizon} after it among the ${candles.length} given`,
    );
  }
  const harFit = Array.from(
    { length: Math.max(0, first - horizon - HAR_WARMUP + 1) },
    (_, i) => HAR_WARMUP + i,
  );
  if (harFit.length < HAR_WARMUP) {
    throw new MarketDataError(
      'INSUFFICIENT_DATA',
      `HAR-RV needs ${HAR_WARMUP} fitted origins before the window: give ${2 * HAR_WARMUP + horizon} candles ` +
        `before ${new Date(series.ts[first]!).toISOString()}`,
    );
  }
  const origins = Int32Array.from(scored);
  return scoreOrigins(series, actual, origins, model?.predictOrigins(series, origins), harFit);
}
