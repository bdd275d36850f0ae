import type { Candle } from '@crypto/candles';
import { computeFeatureColumns, type FeatureColumns } from '@crypto/features';
import { harComponents } from './har';
import { rollingMean, rollingRealizedVol } from './realized-vol';

/**
 * The per-candle inputs of the model, by name. The §5 features and the range variances come from
 * `@crypto/features`; the rest are transforms of them: log realized vol at HAR-RV's daily / weekly / monthly
 * scales and over 4 candles, log range vol (Parkinson over 4 candles to a month, Garman–Klass daily), and the
 * position in the week (the next day's share of weekend hours drives BTC vol: measured in
 * docs/model-card.md). Windows count candles, so on 1h candles "daily" is 24 of them.
 */
export const INPUT_COLUMNS = [
  'log_rv_4',
  'log_rv_daily',
  'log_rv_weekly',
  'log_rv_monthly',
  'log_parkinson_vol_4',
  'log_parkinson_vol_daily',
  'log_parkinson_vol_weekly',
  'log_parkinson_vol_monthly',
  'log_garman_klass_vol_daily',
  'log_vol24',
  'ret',
  'rsi14',
  'momentum_24',
  'log_bb_width',
  'log_volume_weekly_change',
  'week_sin_1',
  'week_cos_1',
  'week_sin_2',
  'week_cos_2',
  'week_sin_3',
  'week_cos_3',
] as const;

export type InputName = (typeof INPUT_COLUMNS)[number];

/** Candles before the first candle whose inputs are all defined: the monthly window (720) of returns. */
export const INPUT_WARMUP = 720;

export function isInputName(name: string): name is InputName {
  return (INPUT_COLUMNS as readonly string[]).includes(name);
}

/** Per-candle series the model and its baselines read, NaN where undefined. */
export interface InputSeries {
  length: number;
  ts: Float64Array;
  features: FeatureColumns;
  inputs: Record<InputName, Float64Array>;
}

// A per-candle vol below 1e-5 is far under any traded market (BTC 1h sits near 1e-3): the floor only keeps
// a flat window (zero-volume candles before an outage) finite on the log scale.
const MIN_VOL = 1e-5;
const HOUR_MS = 3_600_000;
const WEEK_HOURS = 168;
// 1970-01-01 was a Thursday: shift so that hour 0 of the week is Monday 00:00 UTC.
const EPOCH_WEEK_OFFSET_HOURS = 3 * 24;

/**
 * The inputs at every candle, or — with `from` — at candles `from` … end only (NaN before): each value
 * reads its own window alone, so a forecast that reads the last L rows computes just those, with the same
 * numbers; the windows (up to 720 candles a row) are where the time goes.
 */
export function computeInputSeries(candles: readonly Candle[], from = 0): InputSeries {
  const n = candles.length;
  const features = computeFeatureColumns(candles, from);
  const { ret, parkinson_var, garman_klass_var, vol24, rsi14, momentum_24, bb_upper, bb_lower, log_volume } =
    features;
  /** A column of `value(t)` at t ≥ from, NaN before. */
  const column = (value: (t: number) => number) => {
    const out = new Float64Array(n).fill(NaN, 0, from);
    for (let t = from; t < n; t++) out[t] = value(t);
    return out;
  };
  const logVol = (vol: Float64Array) => column((t) => Math.log(Math.max(vol[t]!, MIN_VOL)));
  const har = harComponents(ret, from);
  const rangeVol = (variance: Float64Array, size: number) => {
    const mean = rollingMean(variance, size, from);
    return column((t) => Math.log(Math.max(Math.sqrt(mean[t]!), MIN_VOL)));
  };
  const weekPhase = column(
    (t) =>
      (2 * Math.PI * ((Math.floor(features.ts[t]! / HOUR_MS) + EPOCH_WEEK_OFFSET_HOURS) % WEEK_HOURS)) /
      WEEK_HOURS,
  );
  const harmonic = (k: number, f: (x: number) => number) => column((t) => f(k * weekPhase[t]!));
  const volumeWeekMean = rollingMean(log_volume, 168, from);
  const inputs: Record<InputName, Float64Array> = {
    log_rv_4: logVol(rollingRealizedVol(ret, 4, from)),
    log_rv_daily: logVol(har.daily),
    log_rv_weekly: logVol(har.weekly),
    log_rv_monthly: logVol(har.monthly),
    log_parkinson_vol_4: rangeVol(parkinson_var, 4),
    log_parkinson_vol_daily: rangeVol(parkinson_var, 24),
    log_parkinson_vol_weekly: rangeVol(parkinson_var, 168),
    log_parkinson_vol_monthly: rangeVol(parkinson_var, 720),
    // Garman–Klass may go slightly negative on a candle (close far from open in a narrow range): clipped at 0.
    log_garman_klass_vol_daily: rangeVol(
      garman_klass_var.map((v) => Math.max(v, 0)),
      24,
    ),
    log_vol24: logVol(vol24),
    ret: column((t) => ret[t]!),
    rsi14: column((t) => rsi14[t]! / 100 - 0.5),
    momentum_24: column((t) => momentum_24[t]!),
    log_bb_width: column((t) =>
      Math.log(Math.max((bb_upper[t]! - bb_lower[t]!) / candles[t]!.close, MIN_VOL)),
    ),
    log_volume_weekly_change: column((t) => log_volume[t]! - volumeWeekMean[t]!),
    week_sin_1: harmonic(1, Math.sin),
    week_cos_1: harmonic(1, Math.cos),
    week_sin_2: harmonic(2, Math.sin),
    week_cos_2: harmonic(2, Math.cos),
    week_sin_3: harmonic(3, Math.sin),
    week_cos_3: harmonic(3, Math.cos),
  };
  return { length: candles.length, ts: features.ts, features, inputs };
}
