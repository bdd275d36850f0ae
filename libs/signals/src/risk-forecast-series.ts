import type { Candle } from '@crypto/candles';
import { computeFeatureColumns, featureRowAt } from '@crypto/features';
import { heuristicSignal } from './heuristic-signal';

/** Candles of history the features of a range's first candle need: sma48 reads 48 (SPEC §5). */
export const FEATURE_HISTORY_CANDLES = 48;

/** The model's default horizon (libs/model DEFAULT_MODEL_CONFIG): it forecasts the next 24 returns' volatility. */
export const DEFAULT_FORECAST_HORIZON = 24;

/** One closed candle with the SPEC §5 heuristic computed on it. */
export interface PriceRiskPoint {
  /** candle open time, epoch ms */
  ts: number;
  close: number;
  /** 24-candle return volatility at this candle; null while the window is short */
  vol24: number | null;
  risk_score: number;
}

/** The ML forecast of a candle against what happened. */
export interface ForecastPoint {
  ts: number;
  /** the latest forecast stored for this candle; null when none was */
  predicted: number | null;
  /** vol24 at the candle: the volatility the forecast started from */
  current: number | null;
  /** the volatility of the next returns the forecast was about; null until they are all known */
  realised: number | null;
}

/** A forecast stored for a candle (its open time). */
export interface CandleForecast {
  candle_ts: number;
  prediction: number;
}

/** Candle open times `from` (inclusive) to `to` (exclusive), epoch ms. */
export interface CandleRange {
  from: number;
  to: number;
}

const orNull = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);

/** Sample std (ddof = 1, as vol24 and the model's target) of ret[t+1 … t+h]; null unless all h are known. */
function nextReturnsVol(ret: Float64Array, t: number, horizon: number): number | null {
  if (t + horizon >= ret.length) return null;
  let sum = 0;
  for (let i = t + 1; i <= t + horizon; i++) sum += ret[i]!;
  const mean = sum / horizon;
  let squares = 0;
  for (let i = t + 1; i <= t + horizon; i++) squares += (ret[i]! - mean) ** 2;
  return orNull(Math.sqrt(squares / (horizon - 1)));
}

/**
 * The candles of `range` with their close and the SPEC §5 heuristic risk score, and the forecast stored for
 * each against the realised volatility of the next `horizon` returns (the daily report's charts, the
 * dashboard's). `candles` are ascending and may begin before the range (the features' history) and go past
 * it (the returns a late forecast is about).
 */
export function riskForecastSeries(
  candles: readonly Candle[],
  range: CandleRange,
  predictions: readonly CandleForecast[],
  horizon = DEFAULT_FORECAST_HORIZON,
): { prices: PriceRiskPoint[]; forecasts: ForecastPoint[] } {
  const columns = computeFeatureColumns(candles);
  // the latest stored forecast of a candle wins (predictions come oldest first)
  const forecastOf = new Map(predictions.map((p) => [p.candle_ts, p.prediction]));
  const prices: PriceRiskPoint[] = [];
  const forecasts: ForecastPoint[] = [];
  candles.forEach((candle, t) => {
    if (candle.ts < range.from || candle.ts >= range.to) return;
    const features = featureRowAt(columns, t);
    prices.push({
      ts: candle.ts,
      close: candle.close,
      vol24: features.vol24,
      risk_score: heuristicSignal(features).risk_score,
    });
    forecasts.push({
      ts: candle.ts,
      predicted: forecastOf.get(candle.ts) ?? null,
      current: features.vol24,
      realised: nextReturnsVol(columns.ret, t, horizon),
    });
  });
  return { prices, forecasts };
}
