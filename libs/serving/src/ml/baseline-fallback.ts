import { MarketDataError, type Candle } from '@crypto/candles';
import { computeFeatureColumns } from '@crypto/features';
import {
  HAR_WARMUP,
  harComponents,
  harForecast,
  RISK_LEVEL,
  type VolatilityForecast,
  type VolatilityModel,
} from '@crypto/model';
import { volRegime } from '@crypto/signals';

/** What answers the ML use cases while the fallback is engaged, and why it was. */
export interface EngagedFallback {
  forecaster: 'har-rv';
  /** the champion version it stands in for */
  model_version: string;
  reason: string;
  /** ISO-8601 UTC */
  since: string;
}

/**
 * HAR-RV standing in for a degraded champion that has no earlier champion to roll back to (issue 14,
 * AUTO_ROLLBACK): while engaged for the version served, the ML answers are HAR-RV's forecast with the
 * coefficients fitted when that version was trained, marked as such. It ends when another version is
 * served. Held per process: the app that monitors the champion (the gateway) engages it for itself.
 */
export class BaselineFallback {
  private engaged: EngagedFallback | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  engage(modelVersion: string, reason: string): void {
    this.engaged = {
      forecaster: 'har-rv',
      model_version: modelVersion,
      reason,
      since: new Date(this.now()).toISOString(),
    };
  }

  /** The fallback in force for `modelVersion`, if any (a version served later is never affected). */
  engagedFor(modelVersion: string): EngagedFallback | undefined {
    return this.engaged?.model_version === modelVersion ? this.engaged : undefined;
  }

  get current(): EngagedFallback | undefined {
    return this.engaged;
  }
}

/**
 * HAR-RV's forecast of the next H returns' volatility after the last candle, with `model`'s stored training
 * fit, in the shape of the model's forecast. Confidence 0: HAR-RV has no calibration table, and the fallback
 * should not look surer than it is. `MarketDataError('INSUFFICIENT_DATA')` with fewer than 721 candles;
 * `RangeError` for a model saved before its HAR-RV fit was (no fallback possible).
 */
export function harFallbackForecast(model: VolatilityModel, candles: readonly Candle[]): VolatilityForecast {
  const fit = model.preprocessing.har_baseline;
  if (!fit) throw new RangeError('the model holds no HAR-RV coefficients (saved before they were)');
  if (candles.length <= HAR_WARMUP) {
    throw new MarketDataError(
      'INSUFFICIENT_DATA',
      `HAR-RV needs ${HAR_WARMUP + 1} candles (a month of returns), got ${candles.length}`,
    );
  }
  const { ret, vol24 } = computeFeatureColumns(candles);
  const last = candles.length - 1;
  const prediction = harForecast(fit.coefficients, harComponents(ret), last);
  const regime = volRegime(prediction);
  return {
    prediction,
    current_volatility: Number.isFinite(vol24[last]) ? vol24[last]! : 0,
    volatility_regime: regime,
    risk_level: RISK_LEVEL[regime],
    confidence: 0,
    candle_ts: candles[last]!.ts,
  };
}
