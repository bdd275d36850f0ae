import type { Candle } from '@crypto/candles';
import * as featureRow from './feature-row';
import { ALL_FEATURE_COLUMNS, FEATURE_WINDOWS, type FeatureName, type FeatureRow } from './feature-row';

// Imported functions bound once: tsx (esbuild) and swc compile each call of an imported function to a
// module getter, which cost ~100 ns per candle in FeatureState.update (measured with --cpu-prof).
const { garmanKlassVariance, logVolume, parkinsonVariance, relativeChange, rsiFromMeans, toNullable } =
  featureRow;

/** The features of a candle series as columns: `ts` and one Float64Array per feature, NaN where undefined. */
export type FeatureColumns = { length: number; ts: Float64Array } & { [K in FeatureName]: Float64Array };

/**
 * Batch form of SPEC §5: the reference definition. Each window is read afresh at every index (a two-pass
 * mean and sample std, ddof = 1), so each value follows the SPEC text on its own; O(n · window).
 * Independent of {@link FeatureState} (they share only the per-value formulas of feature-row.ts), which the
 * property tests hold against this.
 *
 * With `from`, the windowed features (vol24, the SMAs, Bollinger, RSI, momentum) are computed at candles
 * `from` … end only and NaN before; the per-candle ones (ret, log volume, range variances) everywhere. Each
 * value reads its own window alone, so those computed are the numbers of the whole series: a forecast that
 * reads the last rows of a long history needs no more.
 */
export function computeFeatureColumns(candles: readonly Candle[], from = 0): FeatureColumns {
  const n = candles.length;
  const columns = { length: n, ts: new Float64Array(n) } as FeatureColumns;
  for (const name of ALL_FEATURE_COLUMNS) columns[name] = new Float64Array(n).fill(NaN, 0, from);
  const close = new Float64Array(n);
  candles.forEach((c, t) => {
    columns.ts[t] = c.ts;
    close[t] = c.close;
    columns.log_volume[t] = logVolume(c.volume);
    const parkinson = parkinsonVariance(c.high, c.low);
    columns.parkinson_var[t] = parkinson;
    columns.garman_klass_var[t] = garmanKlassVariance(c.open, c.high, c.low, c.close, parkinson);
  });

  const { vol24, sma12, sma48, rsi14, bollinger, momentum } = FEATURE_WINDOWS;
  const { ret } = columns;
  // Each feature: undefined (NaN) before its first defined index, then its definition at every index.
  ret.fill(NaN, 0, 1);
  for (let t = 1; t < n; t++) ret[t] = relativeChange(close[t]!, close[t - 1]!);
  for (let t = from; t < n; t++) {
    columns.vol24[t] = windowStd(ret, t, vol24.size, windowMean(ret, t, vol24.size, vol24.minCount));
  }
  // sma12, the Bollinger mean and sma48 average the closes ending at t (all defined: a Candle's close is
  // finite) over 12, 20 and 48 candles, or as many as exist: one backward sum, widened 12 → 20 → 48.
  columns.bb_upper.fill(NaN, 0, bollinger.size - 1);
  columns.bb_lower.fill(NaN, 0, bollinger.size - 1);
  for (let t = from; t < n; t++) {
    const sum12 = sumBack(close, t, 0, sma12.size);
    const sum20 = sum12 + sumBack(close, t, sma12.size, bollinger.size);
    const sum48 = sum20 + sumBack(close, t, bollinger.size, sma48.size);
    const held12 = Math.min(t + 1, sma12.size);
    const held48 = Math.min(t + 1, sma48.size);
    columns.sma12[t] = held12 >= sma12.minCount ? sum12 / held12 : NaN;
    columns.sma48[t] = held48 >= sma48.minCount ? sum48 / held48 : NaN;
    if (t >= bollinger.size - 1) {
      const mean = sum20 / bollinger.size;
      const std = windowStd(close, t, bollinger.size, mean);
      columns.bb_upper[t] = mean + bollinger.widthStd * std;
      columns.bb_lower[t] = mean - bollinger.widthStd * std;
    }
  }
  // RSI: simple means (not Wilder's smoothing) of the positive parts and of the negated negative parts of
  // the close differences; candle 0 has no difference, so 14 of them exist from candle 14 (SPEC §5).
  const gain = new Float64Array(n).fill(NaN, 0, 1);
  const loss = new Float64Array(n).fill(NaN, 0, 1);
  for (let t = 1; t < n; t++) {
    const difference = close[t]! - close[t - 1]!;
    gain[t] = Math.max(difference, 0);
    loss[t] = Math.max(-difference, 0);
  }
  for (let t = from; t < n; t++) {
    const meanGain = windowMean(gain, t, rsi14.size, rsi14.size);
    columns.rsi14[t] = rsiFromMeans(meanGain, windowMean(loss, t, rsi14.size, rsi14.size));
  }
  const [short, long] = momentum;
  columns.momentum_12.fill(NaN, 0, short);
  for (let t = Math.max(short, from); t < n; t++) {
    columns.momentum_12[t] = relativeChange(close[t]!, close[t - short]!);
  }
  columns.momentum_24.fill(NaN, 0, long);
  for (let t = Math.max(long, from); t < n; t++) {
    columns.momentum_24[t] = relativeChange(close[t]!, close[t - long]!);
  }
  return columns;
}

/** Batch form of SPEC §5 as rows, `null` where undefined. */
export function computeFeatures(candles: readonly Candle[]): FeatureRow[] {
  const columns = computeFeatureColumns(candles);
  return Array.from({ length: columns.length }, (_, t) => featureRowAt(columns, t));
}

export function featureRowAt(columns: FeatureColumns, t: number): FeatureRow {
  const row = { ts: columns.ts[t]! } as FeatureRow;
  for (const name of ALL_FEATURE_COLUMNS) row[name] = toNullable(columns[name][t]!);
  return row;
}

// Mean of the defined values among the `size` entries ending at t (a window counts the candles in it,
// not only the defined values: SPEC §5); NaN when fewer than minCount are defined.
function windowMean(values: Float64Array, t: number, size: number, minCount: number): number {
  let sum = 0;
  let count = 0;
  for (let i = Math.max(0, t - size + 1); i <= t; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) {
      sum += x;
      count++;
    }
  }
  return count >= minCount && count > 0 ? sum / count : NaN;
}

// Sum of the values `fromBack` … `toBack − 1` places before t (0 is t itself), stopping at index 0.
function sumBack(values: Float64Array, t: number, fromBack: number, toBack: number): number {
  const stop = Math.max(t - toBack, -1);
  let sum = 0;
  for (let i = t - fromBack; i > stop; i--) sum += values[i]!;
  return sum;
}

// Sample standard deviation (ddof = 1: SPEC §5) of the same window, second pass around its mean (NaN when the
// mean is undefined); below two defined values NaN.
function windowStd(values: Float64Array, t: number, size: number, mean: number): number {
  if (Number.isNaN(mean)) return NaN;
  let squares = 0;
  let count = 0;
  for (let i = Math.max(0, t - size + 1); i <= t; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) {
      squares += (x - mean) * (x - mean);
      count++;
    }
  }
  return Math.sqrt(squares / (count - 1));
}
