import { Logger } from '@nestjs/common';
import {
  MarketDataError,
  normalizeSymbol,
  timeframeToMs,
  type Candle,
  type MarketKey,
} from '@crypto/candles';
import type * as ccxt from 'ccxt';
import { DEFAULT_RETRY_POLICY, type RetryHooks, type RetryPolicy } from '../retry/retry-policy';
import { createCcxtExchange, type ExchangeConnection } from './ccxt-exchange.factory';
import { callExchange } from './exchange-errors';
import type { CandleRequest, ExchangeMarketData, MarketTicker } from './exchange-market-data';

export interface CcxtSourceOptions {
  retry?: RetryPolicy;
  /** injectable waits and jitter, so tests of the retry path do not sleep */
  sleep?: RetryHooks['sleep'];
  random?: RetryHooks['random'];
  /** candles per request; default: the exchange's documented maximum (ccxt `features`), else 500 */
  pageLimit?: number;
  now?: () => number;
}

/** Candles fetched when neither `since` nor `limit` is given. */
export const DEFAULT_CANDLE_LIMIT = 500;

/** What a ccxt client knows of its exchange once the markets are loaded. */
export interface MarketCatalog {
  id: string | undefined;
  markets: Record<string, unknown> | undefined;
  timeframes: Record<string, unknown> | undefined;
}

/** Checks a market against loaded ccxt markets and timeframes; see {@link ExchangeMarketData.resolveMarket}. */
export function resolveCcxtMarket(
  exchange: MarketCatalog,
  symbolInput: string,
  timeframe: string,
): MarketKey {
  const symbol = normalizeSymbol(symbolInput);
  timeframeToMs(timeframe);
  if (!exchange.markets?.[symbol]) {
    throw new MarketDataError(
      'UNKNOWN_SYMBOL',
      `${exchange.id} has no market ${symbol} (from "${symbolInput}")`,
    );
  }
  if (exchange.timeframes && !(timeframe in exchange.timeframes)) {
    throw new MarketDataError(
      'UNSUPPORTED_TIMEFRAME',
      `${exchange.id} does not offer timeframe "${timeframe}" (it offers ${Object.keys(exchange.timeframes).join(', ')})`,
    );
  }
  return { exchange: exchange.id!, symbol, timeframe };
}

export function toCandle(row: ccxt.OHLCV): Candle | undefined {
  const [ts, open, high, low, close, volume] = row;
  if ([ts, open, high, low, close].some((v) => typeof v !== 'number')) return undefined;
  return { ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume ?? 0 };
}

export function toMarketTicker(ticker: ccxt.Ticker, symbol: string, now: number): MarketTicker {
  return {
    symbol: ticker.symbol ?? symbol,
    price: ticker.last ?? ticker.close ?? NaN,
    change24hPct: ticker.percentage ?? null,
    volume24h: ticker.baseVolume ?? null,
    timestamp: ticker.timestamp ?? now,
  };
}

/**
 * Exchange market data over ccxt REST (SPEC §4): market checks, paginated candle backfill, ticker; every
 * request retried with exponential backoff and jitter on network, rate-limit and unavailability failures,
 * then failing with a `MarketDataError` that names the exchange and the request.
 */
export class CcxtCandleSource implements ExchangeMarketData {
  private readonly logger = new Logger(CcxtCandleSource.name);
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private marketsLoaded = false;

  constructor(
    private readonly exchange: ccxt.Exchange,
    private readonly options: CcxtSourceOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.now = options.now ?? Date.now;
  }

  static connect(connection: ExchangeConnection, options: CcxtSourceOptions = {}): CcxtCandleSource {
    return new CcxtCandleSource(createCcxtExchange(connection), options);
  }

  get exchangeId(): string {
    return this.exchange.id;
  }

  async resolveMarket(symbol: string, timeframe: string): Promise<MarketKey> {
    await this.loadMarkets();
    return resolveCcxtMarket(this.exchange, symbol, timeframe);
  }

  async fetchCandles(market: MarketKey, request: CandleRequest = {}): Promise<Candle[]> {
    const { symbol, timeframe } = await this.resolveMarket(market.symbol, market.timeframe);
    if (request.since === undefined) {
      return this.fetchLatest(symbol, timeframe, request.limit ?? DEFAULT_CANDLE_LIMIT, request.until);
    }
    return this.backfill(symbol, timeframe, request.since, request.until, request.limit);
  }

  async fetchTicker(symbolInput: string): Promise<MarketTicker> {
    await this.loadMarkets();
    const symbol = normalizeSymbol(symbolInput);
    const ticker = await this.call(`fetchTicker(${symbol})`, () => this.exchange.fetchTicker(symbol));
    return toMarketTicker(ticker, symbol, this.now());
  }

  async close(): Promise<void> {
    await this.exchange.close();
  }

  /**
   * Pages forward from `since` until `until`, `limit` candles, or the candle open now; ascending, no repeats.
   * Exchange outages leave holes, so each page starts one timeframe after the last candle received.
   */
  private async backfill(
    symbol: string,
    timeframe: string,
    since: number,
    until = Infinity,
    limit = Infinity,
  ): Promise<Candle[]> {
    const stepMs = timeframeToMs(timeframe);
    const candles: Candle[] = [];
    let cursor = since;
    let pages = 0;
    while (candles.length < limit && cursor < until && cursor <= this.now()) {
      const page = await this.fetchPage(symbol, timeframe, {
        since: cursor,
        limit: Math.min(this.pageLimit(), limit - candles.length),
      });
      pages++;
      const fresh = page.filter((c) => c.ts >= cursor && c.ts < until);
      if (fresh.length === 0) break;
      candles.push(...fresh);
      cursor = fresh.at(-1)!.ts + stepMs;
      if (pages % 10 === 0) {
        this.logger.log(
          `Backfilling ${symbol} ${timeframe} from ${this.exchangeId}: ${candles.length} candles in ${pages} requests, up to ${new Date(cursor).toISOString()}`,
        );
      }
    }
    this.logger.log(
      `Fetched ${candles.length} ${timeframe} candles of ${symbol} from ${this.exchangeId} in ${pages} request(s) since ${new Date(since).toISOString()}`,
    );
    return candles;
  }

  /**
   * The latest `limit` candles opening before `until`, newest page first, each page ending just before the
   * oldest candle received (ccxt's unified `until` parameter). Stops early if the exchange ignores `until`.
   */
  private async fetchLatest(
    symbol: string,
    timeframe: string,
    limit: number,
    until?: number,
  ): Promise<Candle[]> {
    let candles: Candle[] = [];
    let end = until === undefined ? undefined : until - 1;
    while (candles.length < limit) {
      const page = await this.fetchPage(symbol, timeframe, {
        limit: Math.min(this.pageLimit(), limit - candles.length),
        until: end,
      });
      const older = page
        .filter((c) => end === undefined || c.ts <= end)
        .filter((c) => !candles[0] || c.ts < candles[0].ts);
      if (older.length === 0) break;
      candles = [...older, ...candles];
      end = older[0]!.ts - 1;
    }
    return candles.slice(-limit);
  }

  private async fetchPage(
    symbol: string,
    timeframe: string,
    { since, limit, until }: { since?: number; limit: number; until?: number },
  ): Promise<Candle[]> {
    const range = `${since === undefined ? 'latest' : `since=${since}`}${until === undefined ? '' : ` until=${until}`}`;
    const rows = await this.call(`fetchOHLCV(${symbol}, ${timeframe}, ${range}, limit=${limit})`, () =>
      this.exchange.fetchOHLCV(symbol, timeframe, since, limit, until === undefined ? {} : { until }),
    );
    return rows.map(toCandle).filter((c): c is Candle => c !== undefined);
  }

  private pageLimit(): number {
    const features = this.exchange.features as { spot?: { fetchOHLCV?: { limit?: number } } } | undefined;
    return this.options.pageLimit ?? features?.spot?.fetchOHLCV?.limit ?? DEFAULT_CANDLE_LIMIT;
  }

  private async loadMarkets(): Promise<void> {
    if (this.marketsLoaded) return;
    // a failed load leaves ccxt holding the rejected promise: retries must ask it to reload
    await this.call('loadMarkets', (attempt) => this.exchange.loadMarkets(attempt > 0));
    this.marketsLoaded = true;
  }

  private call<T>(operation: string, request: (attempt: number) => Promise<T>): Promise<T> {
    return callExchange(
      this.exchange,
      operation,
      request,
      { ...this.options, retry: this.retry },
      this.logger,
    );
  }
}
