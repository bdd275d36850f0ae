import { type Candle, MarketDataError, timeframeToMs } from '@crypto/candles';
import {
  computeInputSeries,
  evaluateOnWindow,
  futureRealizedVol,
  type EvaluationReport,
  type VolatilityModel,
} from '@crypto/model';

const DAY_MS = 86_400_000;

/** The scores of the model and of the baselines at the same origins, over the last `window_days`. */
export interface LiveWindowScores {
  window_days: number;
  from_ts: number;
  to_ts: number;
  origins: number;
  model: EvaluationReport['model'];
  har: EvaluationReport['baselines']['har'];
  ewma: EvaluationReport['baselines']['ewma'];
  persistence: EvaluationReport['baselines']['persistence'];
}

export interface LiveForecastScores {
  windows: LiveWindowScores[];
  /** the realised volatility of the H returns after each origin whose H candles have closed */
  targets: { ts: number; realized: number }[];
}

/** How many candles a market must give for the longest window: its origins, their targets and the inputs' history. */
export function liveCandlesNeeded(
  model: VolatilityModel,
  timeframe: string,
  windowsDays: readonly number[],
): number {
  const perDay = Math.ceil(DAY_MS / timeframeToMs(timeframe));
  return model.requiredCandles + Math.max(...windowsDays) * perDay + model.horizon;
}

/**
 * Live forecast monitoring (issue 14): over each rolling window ending at the latest origin whose target is
 * known, the model's forecasts scored against the realised volatility next to HAR-RV (the coefficients fitted
 * at training), EWMA and persistence made at the same origins. Only origins the model never trained on count
 * (`unseenFrom`: the start of its test window), so right after a promotion the figures are its test window's
 * last days and they then move onto the data that arrives. A window with no such origin is left out.
 */
export function scoreLiveForecasts(
  model: VolatilityModel,
  candles: readonly Candle[],
  { unseenFrom, windowsDays }: { unseenFrom: number; windowsDays: readonly number[] },
): LiveForecastScores {
  const horizon = model.horizon;
  const lastOrigin = candles.at(-1 - horizon)?.ts;
  if (lastOrigin === undefined) return { windows: [], targets: [] };
  const windows: LiveWindowScores[] = [];
  for (const days of windowsDays) {
    const from = Math.max(unseenFrom, lastOrigin - days * DAY_MS + 1);
    if (from > lastOrigin) continue;
    let report: EvaluationReport;
    try {
      report = evaluateOnWindow(model, candles, { from_ts: from, to_ts: lastOrigin }, { har: 'stored' });
    } catch (error) {
      // fewer candles than the inputs' history before the window: nothing to score yet
      if (error instanceof MarketDataError && error.code === 'INSUFFICIENT_DATA') continue;
      throw error;
    }
    const { from_ts, to_ts, n } = report.test_window;
    windows.push({ window_days: days, from_ts, to_ts, origins: n, model: report.model, ...report.baselines });
  }
  const series = computeInputSeries(candles);
  const actual = futureRealizedVol(series.features.ret, horizon);
  const targets: LiveForecastScores['targets'] = [];
  for (let t = 0; t < candles.length - horizon; t++) {
    if (Number.isFinite(actual[t])) targets.push({ ts: candles[t]!.ts, realized: actual[t]! });
  }
  return { windows, targets };
}
