import { Logger } from '@nestjs/common';
import { normalizeSymbol, timeframeToMs, type Candle, type MarketKey } from '@crypto/candles';
import { pause, ticksWithin, type CandleStreamSource, type MarketUpdate } from '@crypto/market-data';
import type { CandleMessage, OutgoingRecord, PriceTick, TopicPublisher } from '@crypto/messaging';
import type { CandleRepository } from '@crypto/storage';
import type { ProducerMetrics } from './producer-metrics';

export interface MarketFeedSettings {
  topic: string;
  exchange: string;
  markets: readonly { symbol: string; timeframe: string }[];
  loop: boolean;
  ticksPerCandle: number;
  retryMs: number;
}

/** Where one market's feed stands, for `/health`. */
export interface MarketFeedStatus {
  status: 'starting' | 'streaming' | 'retrying' | 'over';
  /** open time of the last closed candle published */
  last_closed_ts: number | null;
  error?: string;
}

/** The live side-channel (Redis `prices`) the GraphQL subscriptions read; best effort. */
export type LivePriceChannel = (message: PriceTick | CandleMessage) => void;

const MAX_RETRY_MS = 30_000;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Publishes each configured market's stream to `crypto-prices` (SPEC §8), keyed by symbol: ticks, open
 * candles, and each candle once with `closed: true`, stored in PostgreSQL before it is published so that a
 * consumer warming up from the store never misses it. A replayed candle is preceded by ticks derived from it
 * ({@link ticksWithin}); a replay that is over starts again with its times shifted past the previous lap.
 * A failed publish is retried with backoff until it goes through: a closed candle is never dropped.
 */
export class MarketFeedPublisher {
  private readonly logger = new Logger(MarketFeedPublisher.name);
  private readonly abort = new AbortController();
  private readonly statuses = new Map<string, MarketFeedStatus>();
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly source: CandleStreamSource,
    private readonly publisher: TopicPublisher,
    private readonly candles: Pick<CandleRepository, 'upsert'>,
    private readonly metrics: ProducerMetrics,
    private readonly settings: MarketFeedSettings,
    private readonly live: LivePriceChannel = () => undefined,
  ) {}

  get sourceKind(): CandleStreamSource['kind'] {
    return this.source.kind;
  }

  status(): Record<string, MarketFeedStatus> {
    return Object.fromEntries(this.statuses);
  }

  start(): void {
    this.running ??= Promise.all(this.settings.markets.map((m) => this.runMarket(m)));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async runMarket(request: { symbol: string; timeframe: string }): Promise<void> {
    const market: MarketKey = {
      exchange: this.settings.exchange,
      symbol: normalizeSymbol(request.symbol),
      timeframe: request.timeframe,
    };
    const name = `${market.symbol}@${market.timeframe}`;
    const state: MarketFeedStatus = { status: 'starting', last_closed_ts: null };
    this.statuses.set(name, state);
    const signal = this.abort.signal;
    let failures = 0;
    // times of a replay lap are shifted by the laps before it, so the market's time only moves forward
    let shift = 0;
    while (!signal.aborted) {
      let first: number | undefined;
      let last: number | undefined;
      try {
        const updates = this.source.stream({ ...market, tickers: this.source.kind === 'live' }, signal);
        for await (const update of updates) {
          if (update.type === 'candle') {
            first ??= update.candle.ts;
            last = update.candle.ts;
          }
          await this.publish(market, update, shift, state);
          state.status = 'streaming';
          failures = 0;
        }
        if (signal.aborted || this.source.kind === 'live' || !this.settings.loop) break;
        if (first === undefined || last === undefined) throw new Error(`the recording of ${name} is empty`);
        shift += last - first + timeframeToMs(market.timeframe);
        this.logger.log(`Replay of ${name} over: looping, times shifted by ${shift} ms`);
      } catch (error) {
        if (signal.aborted) break;
        this.metrics.errors.inc({ stage: 'source' });
        state.status = 'retrying';
        state.error = errorText(error);
        const wait = Math.min(MAX_RETRY_MS, this.settings.retryMs * 2 ** failures++);
        this.logger.warn(`${name}: ${state.error}; retrying in ${wait} ms`);
        await pause(wait, signal);
      }
    }
    if (state.status !== 'retrying') state.status = 'over';
  }

  private async publish(
    market: MarketKey,
    update: MarketUpdate,
    shift: number,
    state: MarketFeedStatus,
  ): Promise<void> {
    const { symbol } = market;
    const records: (PriceTick | CandleMessage)[] = [];
    if (update.type === 'ticker') {
      const { price, volume24h, change24hPct, timestamp } = update.ticker;
      const tick: PriceTick = { symbol, price, volume: volume24h ?? 0, timestamp, source: market.exchange };
      if (change24hPct != null) tick.change_24h = change24hPct;
      records.push(tick);
      this.observeDelay(timestamp);
    } else {
      const candle: Candle = shift === 0 ? update.candle : { ...update.candle, ts: update.candle.ts + shift };
      const periodMs = timeframeToMs(market.timeframe);
      if (update.closed) {
        // exactly once per candle, whatever the source repeats
        if (state.last_closed_ts !== null && candle.ts <= state.last_closed_ts) return;
        if (this.source.kind === 'replay') {
          for (const tick of ticksWithin(candle, periodMs, this.settings.ticksPerCandle)) {
            records.push({ symbol, ...tick, source: `replay:${market.exchange}` });
          }
        }
        await this.retry('store', () => this.candles.upsert(market, [{ ...candle, isFinal: true }]));
        this.metrics.candlesStored.inc();
        this.observeDelay(candle.ts + periodMs);
      }
      records.push({ symbol, timeframe: market.timeframe, ...pick(candle), closed: update.closed });
    }
    await this.retry('publish', () =>
      this.publisher.publish(
        records.map((value): OutgoingRecord => ({ topic: this.settings.topic, key: symbol, value })),
      ),
    );
    for (const record of records) {
      const kind = 'price' in record ? 'tick' : record.closed ? 'closed_candle' : 'candle';
      this.metrics.published.inc({ kind });
      this.live(record);
    }
    if (update.type === 'candle' && update.closed)
      state.last_closed_ts = (records.at(-1) as CandleMessage).ts;
  }

  private observeDelay(exchangeTime: number): void {
    // a replay's market time is the recording's: its delay says nothing about the feed
    if (this.source.kind === 'live') this.metrics.feedDelay.observe((Date.now() - exchangeTime) / 1000);
  }

  private async retry<T>(stage: 'publish' | 'store', work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        this.metrics.errors.inc({ stage });
        if (this.abort.signal.aborted) throw error;
        const wait = Math.min(MAX_RETRY_MS, this.settings.retryMs * 2 ** attempt);
        this.logger.warn(`${stage} failed (${errorText(error)}); retrying in ${wait} ms`);
        await pause(wait, this.abort.signal);
      }
    }
  }
}

const pick = ({ ts, open, high, low, close, volume }: Candle) => ({ ts, open, high, low, close, volume });
