import { normalizeSymbol, timeframeToMs } from '@crypto/candles';
import type { CandleMessage, PriceTick } from '../topics';

/** One `crypto-prices` value (SPEC §8): a live tick or a candle. */
export type PriceFeedMessage = PriceTick | CandleMessage;

/** Why a value is not a price message; a fixed text per rule, so the set of reasons stays small to log. */
export interface MalformedPriceMessage {
  error: string;
}

type Fields = Record<string, unknown>;

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isPrice = (value: unknown): value is number => isFiniteNumber(value) && value > 0;

// The canonical `BASE/QUOTE` only: producers normalise before sending, so `BTCUSDT` here is a producer bug.
function isCanonicalPair(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return normalizeSymbol(value) === value;
  } catch {
    return false;
  }
}

function isTimeframe(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    timeframeToMs(value);
    return true;
  } catch {
    return false;
  }
}

// Candle-only keys: a value carrying any of them is judged as a candle, so its error names the candle rule.
const CANDLE_KEYS = ['timeframe', 'ts', 'closed'] as const;

/**
 * Reads a `crypto-prices` value as a tick `{symbol, price, volume, timestamp, change_24h?, source}` or a candle
 * `{symbol, timeframe, ts, open, high, low, close, volume, closed}`. Returns a fresh object with only those
 * fields, or `{error}` naming the first rule broken (for a log line or a dead-letter reason).
 */
export function parsePriceMessage(value: Buffer | string | null): PriceFeedMessage | MalformedPriceMessage {
  if (value === null || value.length === 0) return { error: 'empty value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch {
    return { error: 'not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: 'not a JSON object' };
  }
  const m = parsed as Fields;
  if (!isCanonicalPair(m['symbol'])) return { error: 'symbol must be a BASE/QUOTE string such as BTC/USDT' };
  return CANDLE_KEYS.some((key) => key in m) ? parseCandle(m['symbol'], m) : parseTick(m['symbol'], m);
}

function parseTick(symbol: string, m: Fields): PriceTick | MalformedPriceMessage {
  const { price, volume, timestamp, change_24h, source } = m;
  if (!isPrice(price)) return { error: 'tick: price must be a finite number > 0' };
  if (!isFiniteNumber(volume) || volume < 0) return { error: 'tick: volume must be a finite number ≥ 0' };
  if (!isFiniteNumber(timestamp) || timestamp <= 0) return { error: 'tick: timestamp must be epoch ms' };
  // null as well as absent: JSON has no undefined, and Python producers write None as null
  if (change_24h != null && !isFiniteNumber(change_24h)) {
    return { error: 'tick: change_24h must be a finite number when present' };
  }
  if (typeof source !== 'string' || source === '')
    return { error: 'tick: source must be a non-empty string' };
  const tick: PriceTick = { symbol, price, volume, timestamp, source };
  if (isFiniteNumber(change_24h)) tick.change_24h = change_24h;
  return tick;
}

function parseCandle(symbol: string, m: Fields): CandleMessage | MalformedPriceMessage {
  const { timeframe, ts, open, high, low, close, volume, closed } = m;
  if (!isTimeframe(timeframe)) return { error: 'candle: timeframe must be a ccxt timeframe such as 1h' };
  if (!isFiniteNumber(ts) || ts <= 0) return { error: 'candle: ts must be epoch ms' };
  if (!isPrice(open) || !isPrice(high) || !isPrice(low) || !isPrice(close)) {
    return { error: 'candle: open, high, low and close must be finite numbers > 0' };
  }
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    return { error: 'candle: high must be the highest price and low the lowest' };
  }
  if (!isFiniteNumber(volume) || volume < 0) return { error: 'candle: volume must be a finite number ≥ 0' };
  if (typeof closed !== 'boolean') return { error: 'candle: closed must be a boolean' };
  return { symbol, timeframe, ts, open, high, low, close, volume, closed };
}

/** Ticks and candles share the topic; only a tick has a `price`. */
export const isPriceTick = (message: PriceFeedMessage): message is PriceTick => 'price' in message;
