import { Logger } from '@nestjs/common';
import { MarketDataError, type Candle, type MarketKey } from '@crypto/candles';
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
}

export interface LiveSourceOptions extends Partial<ExchangeRetryOptions> {
  now?: () => number;
}

/**
 * Live market data over ccxt.pro websockets (`watchOHLCV`, `watchTicker`). Every update of the open candle
 * is emitted with `closed: false`; when a candle with a later open time arrives, the previous one is emitted
 * again with `closed: true` and its last values. ccxt.pro reconnects on the next watch call after a dropped
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
    return new LiveCandleSource(createCcxtProExchange(connection) as unknown as WatchingExchange, options);
  }

  async *stream(request: MarketStreamRequest, signal?: AbortSignal): AsyncGenerator<MarketUpdate> {
    this.marketsLoaded ??= callExchange(
      this.exchange,
      'loadMarkets',
      (attempt) => this.exchange.loadMarkets(attempt > 0),
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
    return this.keepWatching(`watchOHLCV(${market.symbol}, ${market.timeframe})`, stop, () =>
      this.exchange.watchOHLCV(market.symbol, market.timeframe).then((rows) => {
        const candles = rows.map(toCandle).filter((c): c is Candle => c !== undefined);
        for (const candle of candles.sort((a, b) => a.ts - b.ts)) {
          if (current && candle.ts < current.ts) continue; // a late update of a candle already closed
          if (current && candle.ts > current.ts)
            queue.push({ type: 'candle', market, candle: current, closed: true });
          current = candle;
          queue.push({ type: 'candle', market, candle, closed: false });
        }
      }),
    );
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
