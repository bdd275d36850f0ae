import { Logger } from '@nestjs/common';
import { MarketDataError, timeframeToMs, type Candle, type MarketKey } from '@crypto/candles';
import type * as ccxt from 'ccxt';
import {
  resolveCcxtMarket,
  toCandle,
  toMarketTicker,
  type MarketCatalog,
} from '../exchange/ccxt-candle-source';
import { createCcxtProExchange, type ExchangeConnection } from '../exchange/ccxt-exchange.factory';
import {
  callExchange,
  isRetryableExchangeError,
  toMarketDataError,
  type ExchangeRetryOptions,
} from '../exchange/exchange-errors';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, RetriesExhaustedError } from '../retry/retry-policy';
import { pause, type CandleStreamSource, type MarketStreamRequest, type MarketUpdate } from './market-stream';
import { UpdateQueue } from './update-queue';

/** The parts of a ccxt.pro client the live source uses (a ccxt.pro `Exchange` satisfies it). */
export interface WatchingExchange extends MarketCatalog {
  loadMarkets(reload?: boolean): Promise<unknown>;
  watchOHLCV(symbol: string, timeframe?: string): Promise<ccxt.OHLCV[]>;
  watchTicker(symbol: string): Promise<ccxt.Ticker>;
  close(): Promise<unknown>;
  /** ccxt.pro refuses plain `ws://` URLs (the emulator's) until this has run */
  loadHttpProxyAgent?(): Promise<unknown>;
  /** REST, to read the final values of a candle whose last websocket update was missed */
  fetchOHLCV?(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<ccxt.OHLCV[]>;
}

export interface LiveSourceOptions extends Partial<ExchangeRetryOptions> {
  now?: () => number;
  /** read each closed candle back over REST before emitting it closed (one request a candle); `connect` sets it */
  confirmClosed?: boolean;
}

/**
 * Live market data over ccxt.pro websockets (`watchOHLCV`, `watchTicker`). Every update of the open candle
 * is emitted with `closed: false`; when a candle with a later open time arrives, the previous one is emitted
 * again with `closed: true` and its final values — with `confirmClosed`, read back over REST together with any
 * candle missed while reconnecting; else the last update seen. ccxt.pro reconnects on the next watch call after a dropped
 * connection: failures are retried with backoff (the count resets after a success), then end the stream
 * with a `MarketDataError`.
 */
export class LiveCandleSource implements CandleStreamSource {
  readonly kind = 'live';
  private readonly logger = new Logger(LiveCandleSource.name);
  private readonly retryOptions: ExchangeRetryOptions;
  private marketsLoaded?: Promise<unknown>;

  constructor(
    private readonly exchange: WatchingExchange,
    private readonly options: LiveSourceOptions = {},
  ) {
    this.retryOptions = { ...options, retry: options.retry ?? DEFAULT_RETRY_POLICY };
  }

  static connect(connection: ExchangeConnection, options: LiveSourceOptions = {}): LiveCandleSource {
    const exchange = createCcxtProExchange(connection) as unknown as WatchingExchange;
    return new LiveCandleSource(exchange, { confirmClosed: true, ...options });
  }

  async *stream(request: MarketStreamRequest, signal?: AbortSignal): AsyncGenerator<MarketUpdate> {
    this.marketsLoaded ??= callExchange(
      this.exchange,
      'loadMarkets',
      async (attempt) => {
        await this.exchange.loadHttpProxyAgent?.();
        return this.exchange.loadMarkets(attempt > 0);
      },
      this.retryOptions,
      this.logger,
    ).catch((error: unknown) => {
      this.marketsLoaded = undefined;
      throw error;
    });
    if (request.exchange !== this.exchange.id) {
      throw new MarketDataError(
        'UNKNOWN_EXCHANGE',
        `this live source streams ${this.exchange.id}, not "${request.exchange}"`,
      );
    }
    await this.marketsLoaded;
    const market = resolveCcxtMarket(this.exchange, request.symbol, request.timeframe);
    const queue = new UpdateQueue<MarketUpdate>();
    const stop = new AbortController();
    const onAbort = () => {
      stop.abort();
      queue.end();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const loops = [this.watchCandles(market, queue, stop.signal)];
    if (request.tickers !== false) loops.push(this.watchTickers(market, queue, stop.signal));
    Promise.all(loops).then(
      () => queue.end(),
      (error: unknown) => queue.fail(error),
    );
    this.logger.log(`Watching ${market.symbol} ${market.timeframe} on ${market.exchange}`);
    try {
      yield* queue;
    } finally {
      stop.abort();
      queue.end();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    await this.exchange.close();
  }

  private watchCandles(
    market: MarketKey,
    queue: UpdateQueue<MarketUpdate>,
    stop: AbortSignal,
  ): Promise<void> {
    let current: Candle | undefined;
    return this.keepWatching(`watchOHLCV(${market.symbol}, ${market.timeframe})`, stop, async () => {
      const rows = await this.exchange.watchOHLCV(market.symbol, market.timeframe);
      if (stop.aborted) return;
      const candles = rows.map(toCandle).filter((c): c is Candle => c !== undefined);
      for (const candle of candles.sort((a, b) => a.ts - b.ts)) {
        if (current && candle.ts < current.ts) continue; // a late update of a candle already closed
        if (current && candle.ts > current.ts) {
          for (const closed of await this.closedUntil(market, current, candle.ts)) {
            queue.push({ type: 'candle', market, candle: closed, closed: true });
          }
        }
        current = candle;
        queue.push({ type: 'candle', market, candle, closed: false });
      }
    });
  }

  /**
   * The candles from `last` (the last one seen open) up to `nextTs`, closed, as the exchange's REST API has
   * them: the last websocket update of a candle may not be its final one, and whole candles go missing while
   * a connection is re-established. Without `confirmClosed` or when REST fails: `last` as last seen.
   */
  private async closedUntil(market: MarketKey, last: Candle, nextTs: number): Promise<Candle[]> {
    if (!this.options.confirmClosed || !this.exchange.fetchOHLCV) return [last];
    const stepMs = timeframeToMs(market.timeframe);
    try {
      const count = Math.min(1000, Math.ceil((nextTs - last.ts) / stepMs));
      const rows = await this.exchange.fetchOHLCV(market.symbol, market.timeframe, last.ts, count);
      const closed = rows
        .map(toCandle)
        .filter((c): c is Candle => c !== undefined && c.ts >= last.ts && c.ts < nextTs);
      return closed.length > 0 ? closed : [last];
    } catch (error) {
      const at = new Date(last.ts).toISOString();
      this.logger.warn(
        `${market.symbol} ${market.timeframe} from ${at} not confirmed over REST (${String(error)}): last update used`,
      );
      return [last];
    }
  }

  private watchTickers(
    market: MarketKey,
    queue: UpdateQueue<MarketUpdate>,
    stop: AbortSignal,
  ): Promise<void> {
    const now = this.options.now ?? Date.now;
    return this.keepWatching(`watchTicker(${market.symbol})`, stop, () =>
      this.exchange.watchTicker(market.symbol).then((ticker) => {
        queue.push({ type: 'ticker', market, ticker: toMarketTicker(ticker, market.symbol, now()) });
      }),
    );
  }

  /** Calls `watch` until `stop`, retrying failures with backoff; consecutive failures past the policy end it. */
  private async keepWatching(
    operation: string,
    stop: AbortSignal,
    watch: () => Promise<void>,
  ): Promise<void> {
    const { retry, random } = this.retryOptions;
    const exchangeId = this.exchange.id ?? 'exchange';
    let failures = 0;
    while (!stop.aborted) {
      try {
        await watch();
        failures = 0;
      } catch (error) {
        if (stop.aborted) return;
        if (!isRetryableExchangeError(error)) throw toMarketDataError(error, exchangeId, operation);
        if (++failures > retry.retries)
          throw toMarketDataError(new RetriesExhaustedError(failures, error), exchangeId, operation);
        const delayMs = backoffDelayMs(retry, failures, random);
        this.logger.warn(
          `${exchangeId} ${operation} failed (${(error as Error).constructor.name}); retry ${failures}/${retry.retries} in ${delayMs} ms`,
        );
        await (this.retryOptions.sleep ?? ((ms: number) => pause(ms, stop)))(delayMs);
      }
    }
  }
}
