/**
 * Realized-volatility series over per-candle returns (`ret` of SPEC §5, NaN where undefined). Index t is a
 * candle; a window "ending at t" holds candles t−size+1 … t. Each window is summed afresh (no running sums),
 * so a value depends only on the candles of its window: a forecast from the last candles of a series equals
 * the forecast at the same candle of the whole series, bit for bit.
 */

/** Sample std (ddof = 1, as `vol24`: SPEC §5) of the returns t+1 … t+h: the target of origin t; NaN unless all h exist. */
export function futureRealizedVol(ret: Float64Array, horizon: number): Float64Array {
  const n = ret.length;
  const target = new Float64Array(n).fill(NaN);
  for (let t = 0; t + horizon < n; t++) {
    let sum = 0;
    for (let i = t + 1; i <= t + horizon; i++) sum += ret[i]!;
    const mean = sum / horizon;
    let squares = 0;
    for (let i = t + 1; i <= t + horizon; i++) squares += (ret[i]! - mean) * (ret[i]! - mean);
    target[t] = Math.sqrt(squares / (horizon - 1));
  }
  return target;
}

/**
 * Mean of the `size` values ending at t; NaN unless every one is defined (the mean of r² is realized variance).
 * Only indices ≥ `from` are computed (NaN before): a forecast reads just the last rows of a series.
 */
export function rollingMean(values: Float64Array, size: number, from = 0): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  for (let t = Math.max(size - 1, from); t < n; t++) {
    let sum = 0;
    for (let i = t - size + 1; i <= t; i++) sum += values[i]!;
    out[t] = sum / size;
  }
  return out;
}

/** Realized vol over the `size` candles ending at t: √ of the mean squared return (zero-mean, as in HAR-RV). */
export function rollingRealizedVol(ret: Float64Array, size: number, from = 0): Float64Array {
  return rollingMean(
    ret.map((r) => r * r),
    size,
    from,
  ).map(Math.sqrt);
}

/**
 * RiskMetrics EWMA variance: s²_t = λ·s²_{t−1} + (1 − λ)·r_t², started at the first defined r² (zero-mean
 * returns); the forecast vol of origin t is s_t for every candle ahead.
 */
export function ewmaVolatility(ret: Float64Array, lambda = 0.94): Float64Array {
  const out = new Float64Array(ret.length).fill(NaN);
  let variance = NaN;
  for (let t = 0; t < ret.length; t++) {
    const r = ret[t]!;
    if (!Number.isNaN(r))
      variance = Number.isNaN(variance) ? r * r : lambda * variance + (1 - lambda) * r * r;
    out[t] = Math.sqrt(variance);
  }
  return out;
}
