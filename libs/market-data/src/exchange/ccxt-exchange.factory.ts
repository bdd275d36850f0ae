import { MarketDataError } from '@crypto/candles';
import * as ccxt from 'ccxt';

/** How to reach an exchange through ccxt. */
export interface ExchangeConnection {
  /** a ccxt exchange id: `binance`, `kraken`, `coinbase`, … */
  exchangeId: string;
  /**
   * Replaces the origin of every REST API URL of the exchange (path kept), e.g. the exchange emulator
   * `http://127.0.0.1:8765`: `https://api.binance.com/api/v3` becomes `http://127.0.0.1:8765/api/v3`.
   */
  baseUrl?: string;
  /** the same for websocket URLs (ccxt.pro) */
  wsBaseUrl?: string;
  /** per-request timeout (ccxt default 10 s) */
  timeoutMs?: number;
}

type NestedUrls = string | { [key: string]: NestedUrls };

/** `urls` with the origin of each `http(s)` (or `ws(s)`) URL replaced by `baseUrl`, paths kept. */
export function overrideUrlOrigins(
  urls: NestedUrls,
  baseUrl: string,
  protocols: readonly string[],
): NestedUrls {
  if (typeof urls === 'string') {
    if (!protocols.some((p) => urls.startsWith(`${p}://`))) return urls;
    const url = new URL(urls);
    return `${baseUrl.replace(/\/+$/, '')}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
  }
  return Object.fromEntries(
    Object.entries(urls).map(([key, value]) => [key, overrideUrlOrigins(value, baseUrl, protocols)]),
  );
}

// the published typings describe `exchanges` as the map of classes; at runtime it is the list of ids
const EXCHANGE_IDS = ccxt.exchanges as unknown as readonly string[];
// looked up on every request of every transport
const KNOWN_EXCHANGES = new Set(EXCHANGE_IDS);

export function assertExchangeId(exchangeId: string): void {
  if (!KNOWN_EXCHANGES.has(exchangeId)) {
    throw new MarketDataError(
      'UNKNOWN_EXCHANGE',
      `exchange "${exchangeId}" is not a ccxt exchange id (${EXCHANGE_IDS.length} are known, e.g. binance, kraken, coinbase)`,
    );
  }
}

function configure<T extends ccxt.Exchange>(exchange: T, connection: ExchangeConnection): T {
  if (connection.timeoutMs !== undefined) exchange.timeout = connection.timeoutMs;
  if (connection.baseUrl) {
    exchange.urls.api = overrideUrlOrigins(exchange.urls.api as NestedUrls, connection.baseUrl, [
      'http',
      'https',
    ]) as typeof exchange.urls.api;
  }
  if (connection.wsBaseUrl) {
    exchange.urls.api = overrideUrlOrigins(exchange.urls.api as NestedUrls, connection.wsBaseUrl, [
      'ws',
      'wss',
    ]) as typeof exchange.urls.api;
  }
  // Spot only: binance-like exchanges otherwise also load futures / options markets (more requests, and
  // endpoints the emulator does not serve).
  const fetchMarkets = exchange.options['fetchMarkets'] as { types?: unknown } | undefined;
  if (Array.isArray(fetchMarkets?.types))
    exchange.options['fetchMarkets'] = { ...fetchMarkets, types: ['spot'] };
  return exchange;
}

/** A ccxt REST client for `connection.exchangeId`; `MarketDataError('UNKNOWN_EXCHANGE')` for an unknown id. */
export function createCcxtExchange(connection: ExchangeConnection): ccxt.Exchange {
  assertExchangeId(connection.exchangeId);
  const ExchangeClass = (ccxt as unknown as Record<string, new (config: object) => ccxt.Exchange>)[
    connection.exchangeId
  ]!;
  return configure(new ExchangeClass({ enableRateLimit: true }), connection);
}

/** A ccxt.pro (websocket) client; `MarketDataError('UNKNOWN_EXCHANGE')` when ccxt.pro lacks the exchange. */
export function createCcxtProExchange(connection: ExchangeConnection): ccxt.Exchange {
  assertExchangeId(connection.exchangeId);
  const ExchangeClass = (
    ccxt.pro as unknown as Record<string, (new (config: object) => ccxt.Exchange) | undefined>
  )[connection.exchangeId];
  if (!ExchangeClass) {
    throw new MarketDataError(
      'UNKNOWN_EXCHANGE',
      `exchange "${connection.exchangeId}" has no websocket API in ccxt.pro`,
    );
  }
  return configure(new ExchangeClass({ enableRateLimit: true }), connection);
}
