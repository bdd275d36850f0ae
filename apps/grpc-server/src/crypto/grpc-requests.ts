import { normalizeSymbol, timeframeToMs } from '@crypto/candles';
import { assertExchangeId } from '@crypto/market-data';
import {
  MAX_CANDLE_WINDOW,
  MAX_HORIZON_MIN,
  type MarketQuery,
  type MlSignalQuery,
  type SignalQuery,
} from '@crypto/serving';
import type { MLPredictionRequest__Output } from '../generated/crypto/MLPredictionRequest';
import type { OHLCVRequest__Output } from '../generated/crypto/OHLCVRequest';
import type { SignalRequest__Output } from '../generated/crypto/SignalRequest';
import type { StreamRequest__Output } from '../generated/crypto/StreamRequest';

/** A request field out of its bounds; the message names the field. Answered INVALID_ARGUMENT. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

// SPEC §8: the REST defaults. proto3 cannot tell an unset field from its zero value, so "" and 0 mean unset.
export const REQUEST_DEFAULTS = {
  symbol: 'BTCUSDT',
  exchange: 'binance',
  timeframe: '1h',
  limit: 200,
  horizonMin: 60,
  updateIntervalMs: 1_000,
} as const;
/** StreamPrices never updates a symbol more often than this, whatever the client asks */
export const MIN_UPDATE_INTERVAL_MS = 100;

const orDefault = (value: string, fallback: string): string => (value.trim() === '' ? fallback : value);

function bounded(field: string, value: number, fallback: number, max: number): number {
  const given = value === 0 ? fallback : value;
  if (!Number.isInteger(given) || given < 1 || given > max) {
    throw new InvalidRequestError(`${field} must be an integer from 1 to ${max} (got ${value})`);
  }
  return given;
}

/**
 * The market of a request, normalised as REST does it (`BTCUSDT` → `BTC/USDT`, `Binance` → `binance`); a bad
 * value throws the domain's `MarketDataError`, whose message names the value (the status table adds the field).
 */
export function toMarketQuery(request: { symbol: string; exchange: string; timeframe: string }): MarketQuery {
  const exchange = orDefault(request.exchange, REQUEST_DEFAULTS.exchange).trim().toLowerCase();
  assertExchangeId(exchange);
  const timeframe = orDefault(request.timeframe, REQUEST_DEFAULTS.timeframe).trim();
  timeframeToMs(timeframe);
  return { exchange, symbol: normalizeSymbol(orDefault(request.symbol, REQUEST_DEFAULTS.symbol)), timeframe };
}

const limitOf = (request: { limit: number }): number =>
  bounded('limit', request.limit, REQUEST_DEFAULTS.limit, MAX_CANDLE_WINDOW);

export const toCandleQuery = (request: OHLCVRequest__Output): MarketQuery & { limit: number } => ({
  ...toMarketQuery(request),
  limit: limitOf(request),
});

export const toSignalQuery = (request: SignalRequest__Output): SignalQuery => ({
  ...toMarketQuery(request),
  limit: limitOf(request),
  horizonMin: bounded('horizon_min', request.horizon_min, REQUEST_DEFAULTS.horizonMin, MAX_HORIZON_MIN),
  explain: request.explain,
});

/**
 * `include_heuristic` defaults to true in REST; proto3 has no unset bool, so false here is taken as asked
 * (the prototype's clients send the field explicitly).
 */
export const toMlSignalQuery = (request: MLPredictionRequest__Output): MlSignalQuery => ({
  ...toMarketQuery(request),
  limit: limitOf(request),
  includeHeuristic: request.include_heuristic,
});

export interface PriceStreamQuery {
  /** normalised pairs; empty: every symbol on the feed */
  symbols: ReadonlySet<string>;
  intervalMs: number;
}

export function toPriceStreamQuery(request: StreamRequest__Output): PriceStreamQuery {
  const interval = request.update_interval_ms;
  if (interval < 0) {
    throw new InvalidRequestError(
      `update_interval_ms must be 0 (the default, 1000) or more (got ${interval})`,
    );
  }
  return {
    symbols: new Set(request.symbols.map((symbol) => normalizeSymbol(symbol))),
    intervalMs: Math.max(
      MIN_UPDATE_INTERVAL_MS,
      interval === 0 ? REQUEST_DEFAULTS.updateIntervalMs : interval,
    ),
  };
}
