import { Logger } from '@nestjs/common';
import {
  MarketDataError,
  normalizeSymbol,
  plainCandle,
  timeframeToMs,
  type Candle,
  type MarketKey,
} from '@crypto/candles';
import {
  assertExchangeId,
  toStoredCandles,
  type CandleIngestionService,
  type CandleRequest,
  type ExchangeDirectory,
  type IngestRequest,
  type IngestResult,
} from '@crypto/market-data';
import { asStorageError, type CandleRepository, type StoredCandle } from '@crypto/storage';
import { NO_SERVING_METRICS, type ServingMetrics } from '../serving-metrics';

/** The candle store the service reads and writes (a `CandleRepository`). */
export type CandleStore = Pick<CandleRepository, 'lastFinalTs' | 'upsert' | 'latest'>;

/** A market as a caller names it: symbol in any accepted spelling (`BTCUSDT`, `btc/usdt`, `BTC/USDT`). */
export interface MarketQuery {
  exchange: string;
  symbol: string;
  timeframe: string;
}

/** The latest closed candles of a market, as served. */
export interface CandleWindow {
  market: MarketKey;
  /** closed candles, ascending, at most the limit asked */
  candles: readonly Candle[];
  /** when the exchange last confirmed the store was up to date, epoch ms */
  checkedAt: number;
  /** set when the exchange failed and this older copy is served instead: its age, ms since `checkedAt` */
  staleMs?: number;
}

export interface MarketCandleServiceOptions {
  now?: () => number;
  metrics?: ServingMetrics;
  /** closed candles kept in memory per market: the largest window served (default 1000) */
  capacity?: number;
  /**
   * for how long after they were due for a refresh (the next candle close) a market's candles may still be
   * served while the exchange fails (ms; 0: never, the failure is answered)
   */
  staleMaxMs?: number;
  /** while serving a stale copy, how long to wait before asking the exchange again (ms, default 15 s) */
  staleRecheckMs?: number;
  /**
   * a store behind the exchange by more than this many candles is not backfilled on demand: the latest
   * `capacity` candles are fetched instead (default 20,000)
   */
  maxBackfill?: number;
}

/** What is known of one market in this process. */
interface MarketState {
  /** the latest closed candles stored, ascending, at most `capacity` */
  window: Candle[];
  /** the exchange has nothing older than `window[0]` (the window is short because history is) */
  historyExhausted: boolean;
  /** open time of the latest final candle stored */
  lastFinalTs: number | undefined;
  checkedAt: number;
  /** the store is up to date until then (the next candle close): no exchange call, no database read */
  validUntil: number;
  /** set while an old copy is served because the exchange failed: when it was due for a refresh */
  staleSince?: number;
}

export const MAX_CANDLE_WINDOW = 1000;
const DEFAULT_MAX_BACKFILL = 20_000;
const DEFAULT_STALE_RECHECK_MS = 15_000;
// resolved spellings of markets kept; a bound against callers inventing endless valid spellings
const MAX_RESOLVED = 10_000;

const errorCodeOf = (error: unknown): string | undefined =>
  error instanceof MarketDataError ? error.code : undefined;

/**
 * Candles on demand (SPEC §4, §8): the latest closed candles of a market, from PostgreSQL when the store is
 * up to date with the exchange, otherwise after fetching only what is missing through ccxt (and storing it:
 * a closed candle is never fetched twice). Per market, the window of the latest closed candles is kept in
 * memory until the next candle closes, so steady-state requests touch neither the exchange nor the database.
 * Concurrent requests for a market share one refresh.
 */
export class MarketCandleService {
  private readonly logger = new Logger(MarketCandleService.name);
  private readonly now: () => number;
  private readonly metrics: ServingMetrics;
  private readonly capacity: number;
  private readonly resolved = new Map<string, MarketKey>();
  private readonly states = new Map<string, MarketState>();
  private readonly refreshing = new Map<string, Promise<MarketState>>();

  constructor(
    private readonly exchanges: ExchangeDirectory,
    private readonly candles: CandleStore,
    private readonly ingestion: Pick<CandleIngestionService, 'ingestFromExchange'>,
    private readonly options: MarketCandleServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.metrics = options.metrics ?? NO_SERVING_METRICS;
    this.capacity = options.capacity ?? MAX_CANDLE_WINDOW;
  }

  /**
   * The market as the exchange lists it (`BTC/USDT` on `binance`, `1h`). Throws `MarketDataError`:
   * INVALID_SYMBOL, UNKNOWN_EXCHANGE, UNKNOWN_SYMBOL, INVALID_TIMEFRAME, UNSUPPORTED_TIMEFRAME, or
   * EXCHANGE_UNAVAILABLE when its market list cannot be loaded.
   */
  async resolve(query: MarketQuery): Promise<MarketKey> {
    const spelling = `${query.exchange}\u0000${query.symbol}\u0000${query.timeframe}`;
    const known = this.resolved.get(spelling);
    if (known) return known;
    const market = await this.exchanges.get(query.exchange).resolveMarket(query.symbol, query.timeframe);
    if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear();
    this.resolved.set(spelling, market);
    return market;
  }

  /**
   * The latest `limit` closed candles (1 … capacity), oldest first. Exchange failures are
   * `MarketDataError` EXCHANGE_UNAVAILABLE / RATE_LIMITED unless a copy checked within `staleMaxMs` exists,
   * which is then served with its age (`staleMs`); database failures are `StorageError('UNAVAILABLE')`.
   */
  async latest(query: MarketQuery, limit: number): Promise<CandleWindow> {
    if (!Number.isInteger(limit) || limit < 1 || limit > this.capacity) {
      throw new RangeError(`limit ${limit} is not a whole number in 1…${this.capacity}`);
    }
    const market = await this.resolve(query);
    const key = marketId(market);
    const state = this.states.get(key);
    const now = this.now();
    if (state && now < state.validUntil) {
      this.metrics.candleWindow(state.staleSince === undefined ? 'hit' : 'stale');
      return this.windowOf(market, state, limit, now);
    }
    this.metrics.candleWindow('miss');
    return this.windowOf(market, await this.refreshOnce(key, market, state), limit, this.now());
  }

  /**
   * The latest `n` candles stored (the open one included, `isFinal: false`), oldest first, without asking
   * the exchange. The market is checked without the exchange too: known exchange id, symbol and timeframe
   * spelling.
   */
  async stored(query: MarketQuery, n: number): Promise<{ market: MarketKey; candles: StoredCandle[] }> {
    assertExchangeId(query.exchange);
    timeframeToMs(query.timeframe);
    const market = {
      exchange: query.exchange,
      symbol: normalizeSymbol(query.symbol),
      timeframe: query.timeframe,
    };
    const candles = await this.storage('read stored candles', () =>
      this.candles.latest(market, n, { includeProvisional: true }),
    );
    return { market, candles };
  }

  /** Fetches and stores candles (SPEC §8 `POST /v1/ingest/run`); the market's window is read afresh after. */
  async ingest(request: IngestRequest): Promise<IngestResult> {
    const result = await this.ingestion.ingestFromExchange(request);
    this.states.delete(marketId(result.market));
    return result;
  }

  /** Forgets what is cached (tests, an operator after editing the store by hand). */
  clearCache(): void {
    this.states.clear();
    this.resolved.clear();
  }

  private windowOf(market: MarketKey, state: MarketState, limit: number, now: number): CandleWindow {
    const window: CandleWindow = {
      market,
      candles: state.window.length > limit ? state.window.slice(-limit) : state.window,
      checkedAt: state.checkedAt,
    };
    if (state.staleSince !== undefined) window.staleMs = now - state.checkedAt;
    return window;
  }

  private refreshOnce(key: string, market: MarketKey, state: MarketState | undefined): Promise<MarketState> {
    let pending = this.refreshing.get(key);
    if (!pending) {
      pending = this.refresh(market, state).finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, pending);
    }
    return pending;
  }

  private async refresh(market: MarketKey, previous: MarketState | undefined): Promise<MarketState> {
    try {
      const state = await this.bringUpToDate(market, previous);
      this.states.set(marketId(market), state);
      return state;
    } catch (error) {
      const stale = this.staleFallback(market, previous, error);
      if (!stale) throw error;
      this.states.set(marketId(market), stale);
      return stale;
    }
  }

  /** Asks the exchange for what the store lacks, stores it, and gives the window of the latest candles. */
  private async bringUpToDate(market: MarketKey, previous: MarketState | undefined): Promise<MarketState> {
    const stepMs = timeframeToMs(market.timeframe);
    const checkedAt = this.now();
    // read from the store, not from memory: another process (replica, ingest job) may have stored more
    const lastFinalTs = await this.storage('read the last stored candle', () =>
      this.candles.lastFinalTs(market),
    );
    const fetched = await this.fetchNewer(market, lastFinalTs, checkedAt);
    const stored = toStoredCandles(fetched, market.timeframe, checkedAt);
    await this.storage('store candles', () => this.candles.upsert(market, stored));
    const newFinal = stored.filter((c) => c.isFinal).map(plainCandle);

    let window: Candle[];
    let historyExhausted = previous?.historyExhausted ?? false;
    if (previous && previous.lastFinalTs === lastFinalTs && lastFinalTs !== undefined) {
      window = previous.window.concat(newFinal).slice(-this.capacity);
    } else {
      window = (await this.storage('read candles', () => this.candles.latest(market, this.capacity))).map(
        plainCandle,
      );
      if (lastFinalTs === undefined) historyExhausted = fetched.length <= this.capacity;
    }
    if (window.length < this.capacity && !historyExhausted && window.length > 0) {
      const missing = this.capacity - window.length;
      const older = await this.fetch(market, { until: window[0]!.ts, limit: missing });
      await this.storage('store candles', () =>
        this.candles.upsert(market, toStoredCandles(older, market.timeframe, checkedAt)),
      );
      window = older.concat(window);
      historyExhausted = older.length < missing;
    }

    const open = stored.find((c) => !c.isFinal);
    const nextClose = open ? open.ts + stepMs : (Math.floor(checkedAt / stepMs) + 1) * stepMs;
    const latestFinal = window.at(-1)?.ts;
    this.logger.debug(
      `${market.exchange} ${market.symbol} ${market.timeframe}: ${newFinal.length} new closed candle(s), ${window.length} in memory until ${new Date(nextClose).toISOString()}`,
    );
    return {
      window,
      historyExhausted,
      lastFinalTs: latestFinal ?? lastFinalTs,
      checkedAt,
      validUntil: Math.max(nextClose, checkedAt + 1),
    };
  }

  /**
   * Candles after the last final one stored (the open one included), or the latest `capacity` when the
   * store holds none or is further behind than `maxBackfill` candles.
   */
  private fetchNewer(market: MarketKey, lastFinalTs: number | undefined, now: number): Promise<Candle[]> {
    const stepMs = timeframeToMs(market.timeframe);
    const maxBackfill = this.options.maxBackfill ?? DEFAULT_MAX_BACKFILL;
    if (lastFinalTs === undefined || (now - lastFinalTs) / stepMs > maxBackfill) {
      // one more than the window: the latest candle is usually still open
      return this.fetch(market, { limit: this.capacity + 1 });
    }
    return this.fetch(market, { since: lastFinalTs + stepMs });
  }

  private fetch(market: MarketKey, request: CandleRequest): Promise<Candle[]> {
    return this.exchanges.get(market.exchange).fetchCandles(market, request);
  }

  /** After an exchange failure: the previous window with its age, if it is recent enough to serve. */
  private staleFallback(
    market: MarketKey,
    previous: MarketState | undefined,
    error: unknown,
  ): MarketState | undefined {
    const code = errorCodeOf(error);
    if (!previous || (code !== 'EXCHANGE_UNAVAILABLE' && code !== 'RATE_LIMITED')) return undefined;
    const now = this.now();
    const staleSince = previous.staleSince ?? previous.validUntil;
    if (now - staleSince > (this.options.staleMaxMs ?? 0)) return undefined;
    this.logger.warn(
      `${market.exchange} ${market.symbol} ${market.timeframe}: exchange failed (${(error as Error).message}); serving candles checked ${Math.round((now - previous.checkedAt) / 1000)} s ago`,
    );
    const recheckMs = this.options.staleRecheckMs ?? DEFAULT_STALE_RECHECK_MS;
    return { ...previous, staleSince, validUntil: now + recheckMs };
  }

  private storage<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return work().catch((error: unknown) => {
      throw asStorageError(error, operation);
    });
  }
}

/** One string per market, for maps keyed by market. */
export const marketId = (market: MarketKey): string =>
  `${market.exchange}|${market.symbol}|${market.timeframe}`;
