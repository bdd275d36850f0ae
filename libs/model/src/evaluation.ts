import { type Candle, MarketDataError } from '@crypto/candles';
import { Logger } from '@nestjs/common';
import { fitHar, type HarCoefficients, harComponents, harForecast, HAR_WARMUP } from './har';
import { forecastMetrics, type ForecastMetrics } from './metrics';
import { DEFAULT_MODEL_CONFIG } from './model-config';
import { computeInputSeries, type InputSeries } from './model-inputs';
import type { HarBaseline } from './model-preprocessing';
import { ewmaVolatility, futureRealizedVol } from './realized-vol';
import type { VolatilityModel } from './volatility-model';

export interface EvaluationReport {
  /** Candle ts of the first and last forecast origin scored, and how many. */
  test_window: { from_ts: number; to_ts: number; n: number };
  model: ForecastMetrics;
  baselines: { persistence: ForecastMetrics; ewma: ForecastMetrics; har: ForecastMetrics };
  /** Set by evaluateOnWindow: which HAR-RV coefficients `baselines.har` used. */
  har_source?: HarSource;
}

/**
 * Where evaluateOnWindow takes HAR-RV's coefficients from: `stored`, those fitted on the model's training
 * split and saved with it (no history needed beyond the inputs'); `refit`, least squares on the origins of
 * the given candles whose targets end by the first scored origin (720 of them, so 1,463 candles before it
 * at H = 24).
 */
export const HAR_SOURCES = ['stored', 'refit'] as const;
export type HarSource = (typeof HAR_SOURCES)[number];

/** RiskMetrics' decay for hourly-to-daily use (SPEC §6). */
export const EWMA_LAMBDA = 0.94;

const NO_MODEL: ForecastMetrics = { rmse: NaN, mae: NaN, qlike: NaN, r2: NaN };

const logger = new Logger('VolatilityModelEvaluation');

/** HAR-RV fitted by least squares on the given origins (ascending) of a series, with the span it was fitted on. */
export function fitHarBaseline(series: InputSeries, actual: Float64Array, origins: Int32Array): HarBaseline {
  return {
    coefficients: fitHar(harComponents(series.features.ret), actual, origins),
    fit_window: {
      from_ts: series.ts[origins[0]!]!,
      to_ts: series.ts[origins[origins.length - 1]!]!,
      n: origins.length,
    },
  };
}

/**
 * Scores forecasts of the given origins and the three baselines on them: persistence (vol24 of the origin),
 * EWMA (λ = 0.94) and HAR-RV with the given coefficients.
 */
export function scoreOrigins(
  series: InputSeries,
  actual: Float64Array,
  origins: Int32Array,
  forecasts: Float64Array | undefined,
  har: HarCoefficients,
): EvaluationReport {
  const { ret, vol24 } = series.features;
  const components = harComponents(ret);
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
      har: baseline((t) => harForecast(har, components, t)),
    },
  };
}

/**
 * Scores a model (or only the baselines: the model's metrics are then NaN) on the forecast origins of
 * `candles` whose ts lies in [from_ts, to_ts] (the bounds of an EvaluationReport's test_window) and that have
 * a full target and the history the inputs need (the first candles serve only as history). HAR-RV takes the
 * model's stored coefficients with `har: 'stored'`; with `'refit'` (the default, and the fallback for a model
 * saved without them) it is fitted only on origins whose targets end by the first scored origin. H is the
 * model's, or the default 24 without a model. MarketDataError('INSUFFICIENT_DATA') when no origin qualifies
 * or a refit lacks history, naming the shortfall.
 */
export function evaluateOnWindow(
  model: VolatilityModel | undefined,
  candles: readonly Candle[],
  window: { from_ts: number; to_ts: number },
  options: { har?: HarSource } = {},
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
  const stored = options.har === 'stored' ? model?.preprocessing.har_baseline : undefined;
  let source: HarSource = 'stored';
  let har = stored?.coefficients;
  if (!har) {
    const why =
      options.har === 'stored'
        ? `${model ? "the model's preprocessing holds no HAR-RV coefficients (saved before they were)" : 'no model holds HAR-RV coefficients'}, so HAR-RV is refitted`
        : '';
    if (why) logger.warn(`${why} on the origins before ${new Date(series.ts[first]!).toISOString()}`);
    har = refitHar(series, actual, first, horizon, why && `${why}: `);
    source = 'refit';
  }
  const origins = Int32Array.from(scored);
  return {
    ...scoreOrigins(series, actual, origins, model?.predictOrigins(series, origins), har),
    har_source: source,
  };
}

/**
 * HAR-RV fitted on the origins (from its warm-up on) whose targets end by origin `first`; at least
 * HAR_WARMUP of them, so `first` needs 2·HAR_WARMUP + H − 1 candles before it.
 */
function refitHar(
  series: InputSeries,
  actual: Float64Array,
  first: number,
  horizon: number,
  context: string,
): HarCoefficients {
  const needed = 2 * HAR_WARMUP + horizon - 1;
  if (first < needed) {
    throw new MarketDataError(
      'INSUFFICIENT_DATA',
      `${context}HAR-RV refit needs ${HAR_WARMUP} fitted origins before the first scored origin ` +
        `${new Date(series.ts[first]!).toISOString()}, i.e. ${needed} candles before it: ` +
        `${first} precede it, ${needed - first} short`,
    );
  }
  const fitOrigins = Int32Array.from({ length: first - horizon - HAR_WARMUP + 1 }, (_, i) => HAR_WARMUP + i);
  return fitHarBaseline(series, actual, fitOrigins).coefficients;
}
