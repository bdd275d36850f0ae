import { MarketDataError } from '@crypto/candles';
import { toStoredCandles } from '@crypto/market-data';
import { StorageError } from '@crypto/storage';
import { ServingMetricsSpy } from '../testing/metrics.spy';
import {
  BTC_1H,
  BTC_QUERY,
  FakeExchange,
  FakeExchangeDirectory,
  HOUR,
  InMemoryCandleStore,
  TestClock,
  hourlySeries,
} from '../testing/serving.fakes';
import { MarketCandleService, type MarketCandleServiceOptions } from './market-candle.service';

const LAST_TS = Date.UTC(2025, 9, 6, 16);
const SERIES = hourlySeries(3_000, LAST_TS);
// the clock half-way through a candle 100 hours before the end of the series
const OPEN_TS = LAST_TS - 100 * HOUR;
const CAPACITY = 100;

describe(MarketCandleService.name, () => {
  let clock: TestClock;
  let exchange: FakeExchange;
  let store: InMemoryCandleStore;
  let ingestion: { ingestFromExchange: jest.Mock };
  let metrics: ServingMetricsSpy;

  const build = (options: MarketCandleServiceOptions = {}) =>
    new MarketCandleService(new FakeExchangeDirectory(exchange), store, ingestion, {
      now: clock.now,
      capacity: CAPACITY,
      metrics,
      ...options,
    });

  beforeEach(() => {
    clock = new TestClock(OPEN_TS + HOUR / 2);
    exchange = new FakeExchange(SERIES, clock);
    store = new InMemoryCandleStore();
    ingestion = { ingestFromExchange: jest.fn() };
    metrics = new ServingMetricsSpy();
  });

  describe('latest', () => {
    it('should fetch the latest candles when nothing is stored, store them and serve the closed ones', async () => {
      const sut = build();

      const window = await sut.latest(BTC_QUERY, 10);

      expect(window.market).toEqual(BTC_1H);
      expect(window.candles.map((c) => c.ts)).toEqual(
        Array.from({ length: 10 }, (_, i) => OPEN_TS - (10 - i) * HOUR),
      );
      expect(window.candles.at(-1)).toEqual(SERIES.find((c) => c.ts === OPEN_TS - HOUR));
      expect(exchange.requests).toEqual([expect.objectContaining({ limit: CAPACITY + 1 })]);
      expect(store.rows.get(OPEN_TS)).toMatchObject({ isFinal: false });
      expect([...store.rows.values()].filter((c) => c.isFinal)).toHaveLength(CAPACITY);
      expect(window.staleMs).toBeUndefined();
    });

    it('should serve from memory until the next candle closes: no exchange call, no database read', async () => {
      const sut = build();
      await sut.latest(BTC_QUERY, 10);
      const [requests, storeCalls] = [exchange.requests.length, store.calls];

      clock.advance(HOUR / 2 - 1);
      const window = await sut.latest(BTC_QUERY, 50);

      expect(window.candles).toHaveLength(50);
      expect([exchange.requests.length, store.calls]).toEqual([requests, storeCalls]);
      expect(metrics.windows).toEqual(['miss', 'hit']);
    });

    it('should fetch only the candles after the last closed one stored once the next candle has closed', async () => {
      const sut = build();
      await sut.latest(BTC_QUERY, 10);

      clock.advance(HOUR);
      const window = await sut.latest(BTC_QUERY, 10);

      expect(exchange.requests.at(-1)).toMatchObject({ since: OPEN_TS });
      expect(window.candles.at(-1)!.ts).toBe(OPEN_TS);
      expect(store.rows.get(OPEN_TS)).toMatchObject({ isFinal: true });
    });

    it('should never fetch a closed candle twice over many candle closes', async () => {
      const sut = build();

      for (let hour = 0; hour < 30; hour++) {
        await sut.latest(BTC_QUERY, 24);
        clock.advance(HOUR);
      }

      const closed = exchange.closedFetched();
      expect(new Set(closed).size).toBe(closed.length);
      expect(closed.length).toBeGreaterThan(CAPACITY);
    });

    it('should read what another process stored and fetch only what comes after it', async () => {
      await store.upsert(
        BTC_1H,
        toStoredCandles(
          SERIES.filter((c) => c.ts < OPEN_TS),
          '1h',
          clock.time,
        ),
      );
      const sut = build();

      const window = await sut.latest(BTC_QUERY, CAPACITY);

      expect(exchange.requests).toEqual([expect.objectContaining({ since: OPEN_TS })]);
      expect(window.candles).toHaveLength(CAPACITY);
      expect(window.candles.at(-1)!.ts).toBe(OPEN_TS - HOUR);
    });

    it('should fetch older candles, once, when the store holds fewer than the window', async () => {
      await store.upsert(
        BTC_1H,
        toStoredCandles(SERIES.filter((c) => c.ts < OPEN_TS).slice(-30), '1h', clock.time),
      );
      const sut = build();

      const window = await sut.latest(BTC_QUERY, CAPACITY);

      expect(window.candles).toHaveLength(CAPACITY);
      expect(exchange.requests.at(-1)).toMatchObject({ until: OPEN_TS - 30 * HOUR, limit: CAPACITY - 30 });
      expect(new Set(exchange.closedFetched()).size).toBe(exchange.closedFetched().length);
    });

    it('should not ask for older candles again when the exchange has no more history', async () => {
      clock = new TestClock(SERIES[0]!.ts + 10 * HOUR + HOUR / 2);
      exchange = new FakeExchange(SERIES, clock);
      const sut = build();

      const first = await sut.latest(BTC_QUERY, CAPACITY);
      clock.advance(HOUR);
      const second = await sut.latest(BTC_QUERY, CAPACITY);

      expect([first.candles.length, second.candles.length]).toEqual([10, 11]);
      expect(exchange.requests.map((r) => r.since ?? 'latest')).toEqual([
        'latest',
        SERIES[0]!.ts + 10 * HOUR,
      ]);
    });

    it('should fetch the latest window, not backfill, when the store is further behind than maxBackfill', async () => {
      await store.upsert(BTC_1H, toStoredCandles(SERIES.slice(0, 5), '1h', clock.time));
      const sut = build({ maxBackfill: 500 });

      const window = await sut.latest(BTC_QUERY, 10);

      expect(exchange.requests[0]).toEqual(expect.objectContaining({ limit: CAPACITY + 1 }));
      expect(exchange.requests[0]!.since).toBeUndefined();
      expect(window.candles.at(-1)!.ts).toBe(OPEN_TS - HOUR);
    });

    it('should refresh a market once for concurrent requests', async () => {
      const sut = build();

      await Promise.all(Array.from({ length: 20 }, () => sut.latest(BTC_QUERY, 10)));

      expect(exchange.requests).toHaveLength(1);
    });

    it('should fail with the exchange error when no copy exists', async () => {
      exchange.failWith = new MarketDataError('EXCHANGE_UNAVAILABLE', 'binance unavailable for fetchOHLCV');
      const sut = build({ staleMaxMs: HOUR });

      await expect(sut.latest(BTC_QUERY, 10)).rejects.toMatchObject({ code: 'EXCHANGE_UNAVAILABLE' });
    });

    it('should serve the previous copy with its age while the exchange fails within staleMaxMs', async () => {
      const sut = build({ staleMaxMs: 10 * 60_000, staleRecheckMs: 60_000 });
      const fresh = await sut.latest(BTC_QUERY, 10);
      clock.advance(HOUR / 2 + 5 * 60_000);
      exchange.failWith = new MarketDataError('EXCHANGE_UNAVAILABLE', 'binance unavailable for fetchOHLCV');

      const stale = await sut.latest(BTC_QUERY, 10);
      const again = await sut.latest(BTC_QUERY, 10);

      expect(stale.candles).toEqual(fresh.candles);
      expect(stale.staleMs).toBe(HOUR / 2 + 5 * 60_000);
      expect(exchange.attempts).toBe(2);
      expect(again.staleMs).toBe(stale.staleMs);
      expect(metrics.windows).toEqual(['miss', 'miss', 'stale']);
    });

    it('should fail once the copy is older than staleMaxMs allows', async () => {
      const sut = build({ staleMaxMs: 10 * 60_000 });
      await sut.latest(BTC_QUERY, 10);
      clock.advance(HOUR / 2 + 11 * 60_000);
      exchange.failWith = new MarketDataError('RATE_LIMITED', 'binance rate-limited fetchOHLCV');

      await expect(sut.latest(BTC_QUERY, 10)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    });

    it('should answer StorageError UNAVAILABLE when the store fails', async () => {
      store.lastFinalTs = () =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      const sut = build();

      await expect(sut.latest(BTC_QUERY, 10)).rejects.toThrow(StorageError);
    });

    it.each([
      ['an unknown exchange', { ...BTC_QUERY, exchange: 'nope' }, 'UNKNOWN_EXCHANGE'],
      ['an unknown symbol', { ...BTC_QUERY, symbol: 'DOGEUSDT' }, 'UNKNOWN_SYMBOL'],
      ['a symbol that is no pair', { ...BTC_QUERY, symbol: 'not a pair' }, 'INVALID_SYMBOL'],
      ['a malformed timeframe', { ...BTC_QUERY, timeframe: 'hourly' }, 'INVALID_TIMEFRAME'],
      ['a timeframe the exchange lacks', { ...BTC_QUERY, timeframe: '3h' }, 'UNSUPPORTED_TIMEFRAME'],
    ])('should reject %s', async (_, query, code) => {
      await expect(build().latest(query, 10)).rejects.toMatchObject({ code });
      expect(exchange.requests).toEqual([]);
    });

    it.each([0, -1, 1.5, CAPACITY + 1])('should reject limit %p', async (limit) => {
      await expect(build().latest(BTC_QUERY, limit)).rejects.toThrow(RangeError);
    });
  });

  describe('stored', () => {
    it('should give the latest stored candles, the open one included, without asking the exchange', async () => {
      const sut = build();
      await sut.latest(BTC_QUERY, 10);
      const requests = exchange.requests.length;

      const { market, candles } = await sut.stored(BTC_QUERY, 3);

      expect(market).toEqual(BTC_1H);
      expect(candles.map((c) => [c.ts, c.isFinal])).toEqual([
        [OPEN_TS - 2 * HOUR, true],
        [OPEN_TS - HOUR, true],
        [OPEN_TS, false],
      ]);
      expect(exchange.requests).toHaveLength(requests);
    });

    it.each([
      ['exchange', { ...BTC_QUERY, exchange: 'nope' }, 'UNKNOWN_EXCHANGE'],
      ['symbol', { ...BTC_QUERY, symbol: '??' }, 'INVALID_SYMBOL'],
      ['timeframe', { ...BTC_QUERY, timeframe: 'x' }, 'INVALID_TIMEFRAME'],
    ])('should reject a bad %s', async (_, query, code) => {
      await expect(build().stored(query, 3)).rejects.toMatchObject({ code });
    });
  });

  describe('ingest', () => {
    it('should read the market afresh after an ingestion', async () => {
      const sut = build();
      await sut.latest(BTC_QUERY, 10);
      ingestion.ingestFromExchange.mockResolvedValue({ market: BTC_1H, inserted: 0 });

      await sut.ingest({ exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h', limit: 5 });
      await sut.latest(BTC_QUERY, 10);

      expect(ingestion.ingestFromExchange).toHaveBeenCalledWith(expect.objectContaining({ limit: 5 }));
      expect(metrics.windows).toEqual(['miss', 'miss']);
    });
  });
});
