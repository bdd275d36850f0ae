import type { FeatureRow } from '@crypto/features';
import { roundTo, VOL_REGIME_THRESHOLDS, volRegime, type VolRegime } from '../heuristic-signal';

/** The SPEC §8 alert types, in the order {@link detectAlerts} reports them. */
export const ALERT_TYPES = [
  'price_change_24h',
  'high_volatility',
  'rsi_overbought',
  'rsi_oversold',
  'regime_change',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export type AlertSeverity = 'info' | 'warning' | 'high';

/** Thresholds of the alert rules (SPEC §8; the volatility boundaries are the SPEC §5 regimes). */
export const ALERT_THRESHOLDS = {
  /** |close / close 24 h earlier − 1| above this: `warning` */
  priceChange24h: 0.1,
  /** … above this: `high` */
  priceChange24hHigh: 0.2,
  /** vol24 at or above this is the turbulent regime */
  highVolatility: VOL_REGIME_THRESHOLDS.normal,
  /** rsi14 above this is overbought */
  rsiOverbought: 80,
  /** rsi14 below this is oversold */
  rsiOversold: 20,
} as const;

/** The price change is measured against the candle that opened this long before (24 h, epoch ms). */
export const CHANGE_24H_MS = 86_400_000;

/** What the rules read of one closed candle of a market. */
export interface AlertSnapshot {
  /** candle open time, epoch ms */
  ts: number;
  close: number;
  /** close / close of the candle opened 24 h earlier − 1 (see {@link change24h}); null when unknown */
  change24h: number | null;
  vol24: number | null;
  rsi14: number | null;
}

/** The market the snapshots are of: named in every message. */
export interface AlertMarket {
  /** ccxt unified, `BTC/USDT` */
  symbol: string;
  timeframe: string;
}

/**
 * A SPEC §8 `alerts` message, with the market's `timeframe` beside the SPEC fields (additive): the 1h and
 * the 4h candles of a symbol that open at the same time raise distinct alerts, stored apart.
 */
export interface MarketAlert {
  type: AlertType;
  symbol: string;
  timeframe: string;
  /** what crossed: the signed 24 h change as a fraction, vol24, or rsi14 */
  value: number;
  /** the boundary it crossed (for a regime change, the boundary between the two regimes nearest the value) */
  threshold: number;
  severity: AlertSeverity;
  message: string;
  /** when the alert was produced, epoch ms */
  timestamp: number;
  /** open time of the candle it is about, epoch ms */
  ts: number;
}

/**
 * close / close24hAgo − 1, rounded to 12 decimals so that a close exactly 10 % above is 0.1 and does not
 * cross 0.10 on float error (110 / 100 − 1 is 0.10000000000000009); null when there is no positive earlier
 * close (the market's first day).
 */
export function change24h(close: number, close24hAgo: number | null | undefined): number | null {
  if (close24hAgo == null || !(close24hAgo > 0) || !Number.isFinite(close24hAgo)) return null;
  const change = close / close24hAgo - 1;
  return Number.isFinite(change) ? roundTo(change, 12) : null;
}

/** The snapshot of a closed candle from its features and the close of the candle opened 24 h earlier. */
export function toAlertSnapshot(
  candle: { ts: number; close: number },
  features: Pick<FeatureRow, 'vol24' | 'rsi14'>,
  close24hAgo: number | null | undefined,
): AlertSnapshot {
  return {
    ts: candle.ts,
    close: candle.close,
    change24h: change24h(candle.close, close24hAgo),
    vol24: features.vol24,
    rsi14: features.rsi14,
  };
}

const defined = (value: number | null): value is number => value !== null && Number.isFinite(value);

/** What a rule found: the alert without the fields every alert of the candle shares. */
type Finding = Pick<MarketAlert, 'value' | 'threshold' | 'severity' | 'message'>;
type Rule = (previous: AlertSnapshot, current: AlertSnapshot) => Finding | undefined;

/** 0: within ±10 %, 1: beyond 10 % (warning), 2: beyond 20 % (high). */
function priceChangeBand(change: number): 0 | 1 | 2 {
  const size = Math.abs(change);
  if (size > ALERT_THRESHOLDS.priceChange24hHigh) return 2;
  return size > ALERT_THRESHOLDS.priceChange24h ? 1 : 0;
}

const REGIME_ORDER: readonly VolRegime[] = ['calm', 'normal', 'turbulent'];
// REGIME_LOWER_BOUND[i]: the vol24 at which REGIME_ORDER[i] starts
const REGIME_LOWER_BOUND = [0, VOL_REGIME_THRESHOLDS.calm, VOL_REGIME_THRESHOLDS.normal] as const;

/** The boundary crossed nearest the new regime: its lower bound going up, its upper bound going down. */
function regimeBoundary(from: VolRegime, to: VolRegime): number {
  const [i, j] = [REGIME_ORDER.indexOf(from), REGIME_ORDER.indexOf(to)];
  return REGIME_LOWER_BOUND[j > i ? j : j + 1]!;
}

const percent = (fraction: number): string => `${roundTo(fraction * 100, 2)}%`;

const RULES: Record<AlertType, Rule> = {
  price_change_24h: ({ change24h: before }, { change24h: change, close }) => {
    if (!defined(change) || !defined(before)) return undefined;
    const [band, bandBefore] = [priceChangeBand(change), priceChangeBand(before)];
    const otherDirection = bandBefore > 0 && Math.sign(change) !== Math.sign(before);
    if (band === 0 || (band <= bandBefore && !otherDirection)) return undefined;
    const threshold = band === 2 ? ALERT_THRESHOLDS.priceChange24hHigh : ALERT_THRESHOLDS.priceChange24h;
    return {
      value: change,
      threshold,
      severity: band === 2 ? 'high' : 'warning',
      message: `price ${change > 0 ? 'up' : 'down'} ${percent(Math.abs(change))} in 24h to ${close} (beyond ${percent(threshold)})`,
    };
  },
  high_volatility: ({ vol24: before }, { vol24: vol }) => {
    if (!defined(vol) || !defined(before)) return undefined;
    if (volRegime(vol) !== 'turbulent' || volRegime(before) === 'turbulent') return undefined;
    const threshold = ALERT_THRESHOLDS.highVolatility;
    return {
      value: vol,
      threshold,
      severity: 'high',
      message: `vol24 ${vol.toFixed(4)} entered the turbulent regime (≥ ${threshold})`,
    };
  },
  rsi_overbought: ({ rsi14: before }, { rsi14: rsi }) => {
    const threshold = ALERT_THRESHOLDS.rsiOverbought;
    if (!defined(rsi) || !defined(before) || !(rsi > threshold && before <= threshold)) return undefined;
    return {
      value: rsi,
      threshold,
      severity: 'warning',
      message: `rsi14 ${rsi.toFixed(1)} crossed above ${threshold} (overbought)`,
    };
  },
  rsi_oversold: ({ rsi14: before }, { rsi14: rsi }) => {
    const threshold = ALERT_THRESHOLDS.rsiOversold;
    if (!defined(rsi) || !defined(before) || !(rsi < threshold && before >= threshold)) return undefined;
    return {
      value: rsi,
      threshold,
      severity: 'warning',
      message: `rsi14 ${rsi.toFixed(1)} crossed below ${threshold} (oversold)`,
    };
  },
  regime_change: ({ vol24: before }, { vol24: vol }) => {
    if (!defined(vol) || !defined(before)) return undefined;
    const [from, to] = [volRegime(before), volRegime(vol)];
    if (from === to) return undefined;
    return {
      value: vol,
      threshold: regimeBoundary(from, to),
      severity: 'info',
      message: `vol regime ${from} → ${to} (vol24 ${vol.toFixed(4)})`,
    };
  },
};

/**
 * The alerts of a market's closed candle `current`, given the candle before it (`previous`), produced at
 * `producedAt` (epoch ms). A pure function; the stream calls it once per closed candle.
 *
 * Edge semantics, so that the stream never repeats itself:
 * - every rule fires on the candle where its condition starts: the previous candle did not satisfy it and
 *   this one does; while the condition lasts nothing more is said;
 * - a rule judges a crossing only from two defined values: no previous snapshot (the market's first candle,
 *   or `previous` not earlier than `current`: a redelivered candle), or a null/NaN value on either side
 *   (the warm-up of a feature), gives no alert of that rule;
 * - `price_change_24h`: |change24h| > 0.10 is `warning`, > 0.20 is `high` (exactly 0.10 or 0.20 is the
 *   band below). It fires when the change enters a band from a lower one — none → warning, none → high, and
 *   again warning → high as it escalates — and when it turns to the other direction beyond 10 %
 *   (+12 % → −15 %: a new condition); falling back to a lower band says nothing;
 * - `high_volatility` (`high`): vol24 enters the turbulent regime (≥ 0.015, {@link volRegime});
 * - `rsi_overbought` / `rsi_oversold` (`warning`): rsi14 goes above 80 from ≤ 80 / below 20 from ≥ 20;
 * - `regime_change` (`info`): the vol24 regime differs from the previous candle's (beside `high_volatility`
 *   when the new regime is turbulent); `threshold` is the boundary crossed nearest the new regime.
 *
 * Alerts come in the order of {@link ALERT_TYPES}.
 */
export function detectAlerts(
  market: AlertMarket,
  previous: AlertSnapshot | null,
  current: AlertSnapshot,
  producedAt: number,
): MarketAlert[] {
  if (previous === null || !(previous.ts < current.ts)) return [];
  return ALERT_TYPES.flatMap((type) => {
    const finding = RULES[type](previous, current);
    if (finding === undefined) return [];
    const alert: MarketAlert = {
      type,
      symbol: market.symbol,
      timeframe: market.timeframe,
      value: finding.value,
      threshold: finding.threshold,
      severity: finding.severity,
      message: `${market.symbol} ${market.timeframe}: ${finding.message}`,
      timestamp: producedAt,
      ts: current.ts,
    };
    return [alert];
  });
}
