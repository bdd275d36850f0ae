import { join } from 'node:path';
import { MarketDataError, readCandleCsv, type Candle, type MarketKey } from '@crypto/candles';
import { BinanceEmulator, type EmulatedFailure } from '../emulator/binance-emulator';
import { CcxtCandleSource, type CcxtSourceOptions } from './ccxt-candle-source';

// Real ccxt over HTTP against the Binance emulator on an ephemeral port, serving the recorded BTC file.
const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;
const LAST_TS = 1759766400000; // 2025-10-06 16:00 UTC, the last recorded candle
const BTC_1H: MarketKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

describe(CcxtCandleSource.name, () => {
  let recorded: Candle[];
  let emulator: BinanceEmulator;
  let sleeps: number[];
  const sources: CcxtCandleSource[] = [];

  const connect = (options: CcxtSourceOptions & { timeoutMs?: number } = {}) => {
    const { timeoutMs = 2_000, ...rest } = options;
    const source = CcxtCandleSource.connect(
      { exchangeId: 'binance', baseUrl: emulator.url, timeoutMs },
      {
        retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 5_000 },
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 1,
        ...rest,
      },
    );
    sources.push(source);
    return source;
  };
  const klineRequests = () => emulator.requests.filter((r) => r.path === '/api/v3/klines');
  const slice = (fromTs: number, toTs: number) => recorded.filter((c) => c.ts >= fromTs && c.ts < toTs);

  beforeAll(async () => {
    recorded = await readCandleCsv(BTC_FILE);
    emulator = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: recorded }],
    }).start();
  });

  beforeEach(() => {
    sleeps = [];
    emulator.requests.length = 0;
    emulator.recover();
    emulator.setNow(LAST_TS + 2 * HOUR);
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
  });

  afterAll(() => emulator.stop());

  describe('resolveMarket', () => {
    it.each(['BTCUSDT', 'btc/usdt', 'BTC/USDT'])(
      'should load the markets and normalise "%s" to BTC/USDT',
      async (symbol) => {
        await expect(connect().resolveMarket(symbol, '1h')).resolves.toEqual(BTC_1H);
        expect(emulator.requests.map((r) => r.path)).toEqual(['/api/v3/exchangeInfo']);
      },
    );

    it.each([
      ['ETH/USDT', '1h', 'UNKNOWN_SYMBOL', 'binance has no market ETH/USDT'],
      ['BTC', '1h', 'INVALID_SYMBOL', 'symbol "BTC"'],
      ['BTC/USDT', '7m', 'UNSUPPORTED_TIMEFRAME', 'binance does not offer timeframe "7m"'],
      ['BTC/USDT', 'hourly', 'INVALID_TIMEFRAME', 'timeframe "hourly"'],
    ])('should reject %s %s with %s', async (symbol, timeframe, code, message) => {
      const error = await connect()
        .resolveMarket(symbol, timeframe)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MarketDataError);
      expect(error).toMatchObject({ code, message: expect.stringContaining(message) });
    });

    it('should reject an exchange id ccxt does not know', () => {
      expect(() => CcxtCandleSource.connect({ exchangeId: 'binanse' })).toThrow(
        expect.objectContaining({ code: 'UNKNOWN_EXCHANGE', message: expect.stringContaining('"binanse"') }),
      );
    });
  });

  describe('fetchCandles', () => {
    it('should backfill page by page from since, each page starting after the last candle received', async () => {
      const since = Date.UTC(2021, 3, 18); // spans the 2021-04-20 and 2021-04-25 outages
      const until = since + 2_500 * HOUR;

      const candles = await connect({ pageLimit: 1000 }).fetchCandles(BTC_1H, { since, until });

      expect(candles).toEqual(slice(since, until));
      expect(candles).toHaveLength(2_500 - 5);
      const starts = klineRequests().map((r) => Number(r.query['startTime']));
      expect(starts).toEqual([since, candles[999]!.ts + HOUR, candles[1999]!.ts + HOUR]);
    });

    it('should stop at the candle open now when no end is given', async () => {
      const now = LAST_TS + HOUR / 2;
      emulator.setNow(now);
      const since = LAST_TS - 1_500 * HOUR;

      const candles = await connect({ pageLimit: 1000, now: () => now }).fetchCandles(BTC_1H, { since });

      expect(candles.map((c) => c.ts)).toEqual(slice(since, Infinity).map((c) => c.ts));
      expect(klineRequests()).toHaveLength(2);
    });

    it('should return the first `limit` candles from since', async () => {
      const since = Date.UTC(2022, 0, 1);

      const candles = await connect({ pageLimit: 100 }).fetchCandles(BTC_1H, { since, limit: 250 });

      expect(candles).toEqual(slice(since, since + 250 * HOUR));
      expect(klineRequests().map((r) => r.query['limit'])).toEqual(['100', '100', '50']);
    });

    it('should return the latest candles in one request when they fit in a page', async () => {
      const candles = await connect().fetchCandles(BTC_1H, { limit: 24 });

      expect(candles).toEqual(recorded.slice(-24));
      expect(klineRequests()).toHaveLength(1);
    });

    it('should page backwards through the latest candles when more than a page is asked', async () => {
      const candles = await connect({ pageLimit: 1000 }).fetchCandles(BTC_1H, { limit: 2_200 });

      expect(candles).toEqual(recorded.slice(-2_200));
      expect(klineRequests().map((r) => [r.query['endTime'], r.query['limit']])).toEqual([
        [undefined, '1000'],
        [String(recorded.at(-1_000)!.ts - 1), '1000'],
        [String(recorded.at(-2_000)!.ts - 1), '200'],
      ]);
    });

    it('should give the latest candles before `until`, across an outage', async () => {
      const until = Date.UTC(2021, 3, 26); // after the 2021-04-25 05:00–07:00 outage

      const candles = await connect({ pageLimit: 10 }).fetchCandles(BTC_1H, { until, limit: 30 });

      expect(candles).toEqual(recorded.filter((c) => c.ts < until).slice(-30));
      expect(klineRequests()).toHaveLength(3);
    });

    it('should give every candle there is when fewer than asked exist', async () => {
      const until = recorded[5]!.ts;

      await expect(connect().fetchCandles(BTC_1H, { until, limit: 100 })).resolves.toEqual(
        recorded.slice(0, 5),
      );
    });

    it('should include the candle still open at the exchange, as the exchange reports it', async () => {
      emulator.setNow(LAST_TS + HOUR / 4);

      const candles = await connect().fetchCandles(BTC_1H, { limit: 2 });

      expect(candles.map((c) => c.ts)).toEqual([LAST_TS - HOUR, LAST_TS]);
      expect(candles[1]!.volume).toBeCloseTo(recorded.at(-1)!.volume / 4, 6);
    });

    it('should serve a coarser timeframe aggregated from the recorded candles', async () => {
      const since = Date.UTC(2024, 4, 1);

      const [first] = await connect().fetchCandles({ ...BTC_1H, timeframe: '4h' }, { since, limit: 1 });

      const hours = slice(since, since + 4 * HOUR);
      expect(first).toEqual({
        ts: since,
        open: hours[0]!.open,
        high: Math.max(...hours.map((c) => c.high)),
        low: Math.min(...hours.map((c) => c.low)),
        close: hours[3]!.close,
        volume: expect.closeTo(
          hours.reduce((sum, c) => sum + c.volume, 0),
          6,
        ),
      });
    });

    it('should name the timeframe when the exchange cannot serve it', async () => {
      await expect(
        connect().fetchCandles({ ...BTC_1H, timeframe: '1m' }, { limit: 5 }),
      ).rejects.toMatchObject({
        code: 'UNSUPPORTED_TIMEFRAME',
        message: expect.stringContaining('Invalid interval'),
      });
      expect(klineRequests()).toHaveLength(1);
    });
  });

  describe('retries', () => {
    it.each<[string, EmulatedFailure]>([
      ['a 500', { kind: 'server-error', status: 500 }],
      ['a 502 gateway page', { kind: 'server-error', status: 502 }],
      ['a 503', { kind: 'server-error', status: 503 }],
      ['a 504', { kind: 'server-error', status: 504 }],
      ['a timeout', { kind: 'timeout' }],
      ['a 429 rate limit', { kind: 'rate-limit', retryAfterSeconds: 1 }],
    ])('should retry after %s and then succeed', async (_, failure) => {
      const source = connect({ timeoutMs: 300 });
      await source.resolveMarket('BTC/USDT', '1h');
      emulator.failNext(failure, 2);

      const candles = await source.fetchCandles(BTC_1H, { limit: 5 });

      expect(candles).toEqual(recorded.slice(-5));
      expect(klineRequests().map((r) => r.outcome)).toEqual([...Array(2).fill(expect.anything()), 200]);
      expect(sleeps).toHaveLength(2);
    });

    it('should back off exponentially between attempts', async () => {
      emulator.failNext({ kind: 'server-error' }, 2);

      await connect().resolveMarket('BTC/USDT', '1h');

      expect(sleeps).toEqual([100, 200]);
    });

    it('should wait as long as Retry-After asks when rate-limited', async () => {
      emulator.failNext({ kind: 'rate-limit', retryAfterSeconds: 3 }, 1);

      await connect().resolveMarket('BTC/USDT', '1h');

      expect(sleeps).toEqual([3_000]);
    });

    it('should fail with EXCHANGE_UNAVAILABLE naming the request when the retries are used up', async () => {
      const source = connect();
      await source.resolveMarket('BTC/USDT', '1h');
      emulator.failAlways({ kind: 'server-error', status: 503 });

      const error = await source.fetchCandles(BTC_1H, { limit: 5 }).catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'EXCHANGE_UNAVAILABLE',
        message: expect.stringMatching(
          /^binance unavailable for fetchOHLCV\(BTC\/USDT, 1h, latest, limit=5\) after 3 attempts/,
        ),
      });
      expect(klineRequests()).toHaveLength(3);
    });

    it.each<[string, EmulatedFailure]>([
      ['rate limit', { kind: 'rate-limit' }],
      ['ban', { kind: 'ban', retryAfterSeconds: 120 }],
    ])('should fail with RATE_LIMITED when the %s persists', async (_, failure) => {
      emulator.failAlways(failure);

      await expect(connect().resolveMarket('BTC/USDT', '1h')).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringContaining('binance rate-limited loadMarkets after 3 attempts'),
      });
    });

    it('should load the markets again after a failed first load', async () => {
      emulator.failNext({ kind: 'server-error' }, 1);

      await expect(connect().resolveMarket('btcusdt', '1h')).resolves.toEqual(BTC_1H);
      expect(emulator.requests.map((r) => r.outcome)).toEqual([503, 200]);
    });

    it('should not retry a symbol the exchange does not list', async () => {
      await expect(connect().fetchTicker('ETH/USDT')).rejects.toMatchObject({ code: 'UNKNOWN_SYMBOL' });
      expect(sleeps).toEqual([]);
    });
  });

  describe('fetchTicker', () => {
    it('should give the last price and the 24h change and volume', async () => {
      const ticker = await connect().fetchTicker('btcusdt');

      const day = recorded.slice(-24);
      expect(ticker).toEqual({
        symbol: 'BTC/USDT',
        price: 125455.24,
        change24hPct: Number(((100 * (125455.24 - day[0]!.open)) / day[0]!.open).toFixed(3)),
        volume24h: expect.closeTo(
          day.reduce((sum, c) => sum + c.volume, 0),
          6,
        ),
        timestamp: LAST_TS + HOUR - 1,
      });
    });
  });
});
