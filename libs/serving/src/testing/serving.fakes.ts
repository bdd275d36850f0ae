import {
  CandleFactory,
  MarketDataError,
  normalizeSymbol,
  timeframeToMs,
  type Candle,
  type MarketKey,
} from '@crypto/candles';
import type { CandleRequest, ExchangeDirectory, ExchangeMarketData, MarketTicker } from '@crypto/market-data';
import type { StoredCandle, UpsertResult } from '@crypto/storage';
import type { CandleStore } from '../market/market-candle.service';

export const HOUR = 3_600_000;
export const BTC_1H: MarketKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
export const BTC_QUERY = { exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };

/** A clock tests move by hand. */
export class TestClock {
  constructor(public time: number) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/**
 * An in-process exchange with one market (BTC/USDT 1h) over a recorded series: candles opening after the
 * clock do not exist yet, the one containing it is open. Records every candle request and the candles
 * answered; `failWith` makes the next requests fail.
 */
export class FakeExchange implements ExchangeMarketData {
  readonly exchangeId = 'binance';
  readonly requests: Array<CandleRequest & { answered: Candle[]; at: number }> = [];
  failWith?: Error;
  /** candle requests made, failed ones included */
  attempts = 0;

  constructor(
    private readonly series: readonly Candle[],
    private readonly clock: TestClock,
  ) {}

  async resolveMarket(symbol: string, timeframe: string): Promise<MarketKey> {
    const unified = normalizeSymbol(symbol);
    if (unified !== BTC_1H.symbol)
      throw new MarketDataError('UNKNOWN_SYMBOL', `binance has no market ${unified}`);
    timeframeToMs(timeframe);
    if (timeframe !== '1h')
      throw new MarketDataError('UNSUPPORTED_TIMEFRAME', `binance does not offer ${timeframe}`);
    return { ...BTC_1H };
  }

  async fetchCandles(_market: MarketKey, request: CandleRequest): Promise<Candle[]> {
    this.attempts++;
    if (this.failWith) throw this.failWith;
    const visible = this.series.filter((c) => c.ts <= this.clock.time && c.ts < (request.until ?? Infinity));
    const answered =
      request.since === undefined
        ? visible.slice(-(request.limit ?? 500))
        : visible.filter((c) => c.ts >= request.since!).slice(0, request.limit ?? Infinity);
    this.requests.push({ ...request, answered, at: this.clock.time });
    return answered.map((c) => ({ ...c }));
  }

  /** Open times of the candles answered closed, over every request (a closed candle fetched twice repeats). */
  closedFetched(): number[] {
    return this.requests.flatMap((r) => r.answered.filter((c) => c.ts + HOUR <= r.at).map((c) => c.ts));
  }

  async fetchTicker(): Promise<MarketTicker> {
    throw new Error('not used');
  }

  async close(): Promise<void> {}
}

export class FakeExchangeDirectory implements ExchangeDirectory {
  constructor(private readonly exchange: FakeExchange) {}

  get(exchangeId: string): ExchangeMarketData {
    if (exchangeId !== 'binance')
      throw new MarketDataError('UNKNOWN_EXCHANGE', `exchange "${exchangeId}" is not a ccxt exchange id`);
    return this.exchange;
  }
}

/** The candle store in memory, with CandleRepository's rules: final rows are never rewritten. */
export class InMemoryCandleStore implements CandleStore {
  readonly rows = new Map<number, StoredCandle>();
  calls = 0;

  async lastFinalTs(): Promise<number | undefined> {
    this.calls++;
    const finals = [...this.rows.values()].filter((c) => c.isFinal).map((c) => c.ts);
    return finals.length ? Math.max(...finals) : undefined;
  }

  async upsert(_market: MarketKey, candles: readonly StoredCandle[]): Promise<UpsertResult> {
    this.calls++;
    const result = { inserted: 0, updated: 0, unchanged: 0 };
    for (const candle of candles) {
      const existing = this.rows.get(candle.ts);
      if (existing?.isFinal) result.unchanged++;
      else {
        result[existing ? 'updated' : 'inserted']++;
        this.rows.set(candle.ts, { ...candle });
      }
    }
    return result;
  }

  async latest(
    _market: MarketKey,
    n: number,
    options: { includeProvisional?: boolean } = {},
  ): Promise<StoredCandle[]> {
    this.calls++;
    return [...this.rows.values()]
      .filter((c) => options.includeProvisional || c.isFinal)
      .sort((a, b) => a.ts - b.ts)
      .slice(-n);
  }
}

/** An hourly BTC-like series of `count` candles ending with the candle opening at `lastTs`. */
export function hourlySeries(count: number, lastTs: number, seed = 7): Candle[] {
  return CandleFactory.series({ count, startTs: lastTs - (count - 1) * HOUR, startClose: 60_000 })
    .randomWalk({ seed })
    .build();
}
