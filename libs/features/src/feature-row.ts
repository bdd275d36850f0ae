/** The SPEC §5 feature columns in the order of the `features` CLI table (SPEC §8); the model reuses it. */
export const FEATURE_COLUMNS = [
  'ret',
  'vol24',
  'sma12',
  'sma48',
  'rsi14',
  'bb_upper',
  'bb_lower',
  'momentum_12',
  'momentum_24',
  'log_volume',
] as const;

/** Per-candle range variance estimators, for the model (not part of the SPEC §8 table). */
export const RANGE_VARIANCE_COLUMNS = ['parkinson_var', 'garman_klass_var'] as const;

export const ALL_FEATURE_COLUMNS = [...FEATURE_COLUMNS, ...RANGE_VARIANCE_COLUMNS] as const;

export type FeatureName = (typeof ALL_FEATURE_COLUMNS)[number];

/** The features of one closed candle; `null` where SPEC §5 leaves a value undefined. */
export type FeatureRow = { ts: number } & { [K in FeatureName]: number | null };

/** Window sizes and the least number of defined values each needs (SPEC §5). */
export const FEATURE_WINDOWS = {
  vol24: { size: 24, minCount: 8 },
  sma12: { size: 12, minCount: 4 },
  sma48: { size: 48, minCount: 12 },
  rsi14: { size: 14 },
  bollinger: { size: 20, widthStd: 2 },
  momentum: [12, 24],
} as const;

// As in rolling-window.ts: `cond ? x : NaN` on the global NaN made TurboFan box x, a heap number per call.
const NAN = NaN;
const FOUR_LN_2 = 4 * Math.LN2;
const GK_CLOSE_WEIGHT = 2 * Math.LN2 - 1;

/** Parkinson per-candle variance (ln(H/L))² / (4 ln 2); NaN when a price is not positive. */
export function parkinsonVariance(high: number, low: number): number {
  const hl = Math.log(high / low);
  return high > 0 && low > 0 ? (hl * hl) / FOUR_LN_2 : NAN;
}

/**
 * Garman–Klass per-candle variance 0.5·(ln(H/L))² − (2 ln 2 − 1)·(ln(C/O))²; NaN when a price is not positive.
 * 0.5·(ln(H/L))² is 2 ln 2 times the Parkinson variance: pass that when already computed (Math.log costs
 * ~40 ns here, a tenth of the whole batch).
 */
export function garmanKlassVariance(
  open: number,
  high: number,
  low: number,
  close: number,
  parkinson = parkinsonVariance(high, low),
): number {
  const co = Math.log(close / open);
  return open > 0 && close > 0 ? (FOUR_LN_2 / 2) * parkinson - GK_CLOSE_WEIGHT * co * co : NAN;
}

/** ln(1 + volume); NaN when volume ≤ −1. */
export function logVolume(volume: number): number {
  return Math.log1p(volume);
}

/** x / base − 1, or NaN when that is not a finite number (base 0). Used by `ret` and momentum. */
export function relativeChange(x: number, base: number): number {
  const change = x / base - 1;
  return Number.isFinite(change) ? change : NAN;
}

/**
 * RSI from the mean gain and mean loss of the window (SPEC §5): 100 when losses are all zero and gains are
 * not, NaN (undefined) when both are zero.
 */
export function rsiFromMeans(meanGain: number, meanLoss: number): number {
  if (meanLoss === 0) return meanGain === 0 ? NAN : 100;
  return 100 - 100 / (1 + meanGain / meanLoss);
}

/** NaN (the typed-array marker for undefined) as `null`, for the row API. */
export function toNullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
