import { normalizeSymbol } from '@crypto/candles';
import type { AlertUpdate, PredictionUpdate, PriceUpdate } from './live.types';

/** A JSON message of a live channel as received: anything, checked field by field. */
type Message = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Message => (v !== null && typeof v === 'object' ? (v as Message) : {});

/** `BTC/USDT` however it was spelt; null when it is not a trading pair. */
export function symbolOf(value: unknown): string | null {
  const given = str(value);
  if (given === null) return null;
  try {
    return normalizeSymbol(given);
  } catch {
    return null;
  }
}

/** A price tick (`{symbol, price, volume, timestamp, change_24h?, source}`) or a candle message (its close). */
export function toPriceUpdate(m: Message): PriceUpdate | undefined {
  const symbol = symbolOf(m.symbol);
  const price = num(m.price) ?? num(m.close);
  const timestamp = num(m.timestamp) ?? num(m.ts);
  if (symbol === null || price === null || timestamp === null) return undefined;
  return {
    symbol,
    price,
    volume: num(m.volume),
    change24h: num(m.change_24h),
    timestamp,
    source: str(m.source) ?? str(m.timeframe),
  };
}

/** A `predictions` message: the heuristic and/or ML output for a symbol and candle, flat or nested. */
export function toPredictionUpdate(m: Message): PredictionUpdate | undefined {
  const symbol = symbolOf(m.symbol);
  const timestamp = num(m.timestamp) ?? num(m.ts) ?? num(m.candle_ts);
  if (symbol === null || timestamp === null) return undefined;
  const heuristic = obj(m.heuristic);
  const ml = obj(m.ml);
  return {
    symbol,
    timestamp,
    timeframe: str(m.timeframe),
    riskScore: num(m.risk_score) ?? num(heuristic.risk_score),
    volRegime: str(m.vol_regime) ?? str(heuristic.vol_regime),
    prediction: num(m.prediction) ?? num(ml.prediction),
    riskLevel: str(m.risk_level) ?? str(ml.risk_level),
    modelVersion: str(m.model_version) ?? str(ml.model_version),
    payload: JSON.stringify(m),
  };
}

/** An alert (`{type, symbol, value, threshold, severity, message, timestamp}`, SPEC §8). */
export function toAlertUpdate(m: Message): AlertUpdate | undefined {
  const symbol = symbolOf(m.symbol);
  const [type, severity, message, timestamp] = [
    str(m.type),
    str(m.severity),
    str(m.message),
    num(m.timestamp),
  ];
  if (symbol === null || type === null || severity === null || message === null || timestamp === null) {
    return undefined;
  }
  return { type, symbol, value: num(m.value), threshold: num(m.threshold), severity, message, timestamp };
}

export const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, high: 2 };

/** Does a subscription's `symbols` argument (any spelling; empty or null: all) let `symbol` through? */
export function wantsSymbol(requested: readonly string[] | null | undefined, symbol: string): boolean {
  return !requested || requested.length === 0 || requested.some((s) => symbolOf(s) === symbol);
}
