import type { Candle } from '@crypto/candles';
import { computeFeatureColumns, featureRowAt } from '@crypto/features';
import { heuristicSignal } from '@crypto/signals';
import type { ForecastPoint, PriceRiskPoint, ReportedPrediction } from './daily-report';
import type { ReportDay } from './report-day';

/** Candles of history the features of the day's first candle need: sma48 reads 48 (SPEC §5). */
export const FEATURE_HISTORY_CANDLES = 48;

/** The model's default horizon (libs/model DEFAULT_MODEL_CONFIG): it forecasts the next 24 returns' volatility. */
export const DEFAULT_FORECAST_HORIZON = 24;

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
 * The day's candles with their close and the SPEC §5 heuristic risk score, and the forecast stored for each
 * against the realised volatility of the next `horizon` returns. `candles` are ascending and may begin
 * before the day (the features' history) and go past it (the returns a late forecast is about).
 */
export function dailySeries(
  candles: readonly Candle[],
  day: ReportDay,
  predictions: readonly Pick<ReportedPrediction, 'candle_ts' | 'prediction'>[],
  horizon = DEFAULT_FORECAST_HORIZON,
): { prices: PriceRiskPoint[]; forecasts: ForecastPoint[] } {
  const columns = computeFeatureColumns(candles);
  // the latest stored forecast of a candle wins (predictions come oldest first)
  const forecastOf = new Map(predictions.map((p) => [p.candle_ts, p.prediction]));
  const prices: PriceRiskPoint[] = [];
  const forecasts: ForecastPoint[] = [];
  candles.forEach((candle, t) => {
    if (candle.ts < day.from || candle.ts >= day.to) return;
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
