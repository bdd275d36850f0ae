import type { FeatureRow } from '@crypto/features';

export type VolRegime = 'calm' | 'normal' | 'turbulent';

/** Upper bounds (exclusive) of the calm and normal regimes on 24-candle return volatility (SPEC §5). */
export const VOL_REGIME_THRESHOLDS = { calm: 0.005, normal: 0.015 } as const;

/** The SPEC §5 heuristic signal of the last closed candle. */
export interface HeuristicSignal {
  /** Last `ret`, 0 when undefined; rounded to 6 decimals. */
  nowcast_ret: number;
  /** Last `vol24`, 0 when undefined. */
  vol: number;
  vol_regime: VolRegime;
  /** clip(0.6 · (1 − tanh(50 · vol)) + 0.4 · (1 − mom), 0, 1), rounded to 4 decimals. */
  risk_score: number;
}

/** The features the heuristic reads: a feature row, or any snapshot carrying these four. */
export type SignalFeatures = Pick<FeatureRow, 'ret' | 'vol24' | 'sma12' | 'sma48'>;

/** `calm` below 0.005, `normal` below 0.015, else `turbulent` (SPEC §5; the model reuses the thresholds). */
export function volRegime(vol: number): VolRegime {
  if (vol < VOL_REGIME_THRESHOLDS.calm) return 'calm';
  return vol < VOL_REGIME_THRESHOLDS.normal ? 'normal' : 'turbulent';
}

/** SPEC §5 heuristic from the features of the last closed candle; a pure function. */
export function heuristicSignal(features: SignalFeatures): HeuristicSignal {
  const vol = features.vol24 ?? 0;
  // mom = 1 if sma12 > sma48 else 0: an undefined average is not above the other.
  const mom = features.sma12 !== null && features.sma48 !== null && features.sma12 > features.sma48 ? 1 : 0;
  const risk = 0.6 * (1 - Math.tanh(50 * vol)) + 0.4 * (1 - mom);
  return {
    nowcast_ret: roundTo(features.ret ?? 0, 6),
    vol,
    vol_regime: volRegime(vol),
    risk_score: roundTo(Math.min(1, Math.max(0, risk)), 4),
  };
}

/**
 * Rounds the exact decimal value of x to `digits` places (`toFixed`), as Python's `round(x, digits)` did for
 * the prototype's clients, except at exact ties (at 4 places only odd multiples of 1/32 are), which Python
 * rounds to even and this away from zero. Never returns −0.
 */
export function roundTo(x: number, digits: number): number {
  const rounded = Number(x.toFixed(digits));
  return rounded === 0 ? 0 : rounded;
}
