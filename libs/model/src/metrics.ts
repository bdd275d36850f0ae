/** Forecast errors on the natural scale (per-candle std of returns). */
export interface ForecastMetrics {
  rmse: number;
  mae: number;
  /** Patton (2011) variance form: mean(σ²/h² − ln(σ²/h²) − 1), σ actual vol, h forecast vol. */
  qlike: number;
  r2: number;
}

export function forecastMetrics(_actual: ArrayLike<number>, _predicted: ArrayLike<number>): ForecastMetrics {
  throw new Error('not implemented');
}
