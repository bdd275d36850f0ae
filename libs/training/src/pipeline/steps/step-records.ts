import type { Candle } from '@crypto/candles';
import type { HarBaseline, ModelConfig } from '@crypto/model';
import type { MetricPoint } from '@crypto/registry';

// Small pure conversions the steps share for what they record.

export const rangeOf = (candles: readonly Candle[]) => ({
  from_ts: candles[0]!.ts,
  to_ts: candles.at(-1)!.ts,
});

export const metricsOf = (
  prefix: string,
  m: { rmse: number; mae: number; qlike: number; r2: number },
  step = 0,
): MetricPoint[] =>
  (['rmse', 'mae', 'qlike', 'r2'] as const)
    .filter((k) => Number.isFinite(m[k]))
    .map((k): MetricPoint => ({ key: `${prefix}_${k}`, value: m[k], step }));

/** HAR-RV's coefficients fitted on the training split, as run params: what `evaluate --har stored` scores. */
export const harParamsOf = (har: HarBaseline | undefined): Record<string, number> =>
  har
    ? {
        har_intercept: har.coefficients.intercept,
        har_daily: har.coefficients.daily,
        har_weekly: har.coefficients.weekly,
        har_monthly: har.coefficients.monthly,
        har_fit_origins: har.fit_window.n,
      }
    : {};

export const snakeCase = (config: ModelConfig): Record<string, number> =>
  Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );

export const contentTypeOf = (name: string) =>
  name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
