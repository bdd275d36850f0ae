/** Forecast errors on the natural scale (per-candle std of returns). */
export interface ForecastMetrics {
  rmse: number;
  mae: number;
  /** Patton (2011), variance form: mean(σ²/h² − ln(σ²/h²) − 1), σ the actual vol, h the forecast vol. */
  qlike: number;
  /** 1 − SSE / SST around the mean of the actual values. */
  r2: number;
}

/** The four metrics of vol forecasts against realized vols, pair by pair (NaN metrics when there is none). */
export function forecastMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): ForecastMetrics {
  if (actual.length !== predicted.length)
    throw new RangeError(`${actual.length} actual values for ${predicted.length} forecasts`);
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let squares = 0;
  let absolute = 0;
  let total = 0;
  let qlike = 0;
  for (let i = 0; i < n; i++) {
    const sigma = actual[i]!;
    const h = predicted[i]!;
    const error = sigma - h;
    squares += error * error;
    absolute += Math.abs(error);
    total += (sigma - mean) * (sigma - mean);
    const ratio = (sigma * sigma) / (h * h);
    qlike += ratio - Math.log(ratio) - 1;
  }
  return { rmse: Math.sqrt(squares / n), mae: absolute / n, qlike: qlike / n, r2: 1 - squares / total };
}
