import { join } from 'node:path';
import { readCandleCsv, type Candle, type MarketKey } from '@crypto/candles';
import {
  BinanceEmulator,
  CandleIngestionService,
  CcxtExchangeDirectory,
  QualityReportRepository,
  type RecordedRequest,
} from '@crypto/market-data';
import {
  CandleRepository,
  createTestDatabase,
  createTestObjectStorage,
  SignalRepository,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { MarketCandleService } from './market/market-candle.service';
import { HeuristicSignalService } from './signals/heuristic-signal.service';
import { TestClock } from './testing/serving.fakes';

// Real services end to end: the Binance emulator → real ccxt over HTTP → PostgreSQL (a fresh database).
const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;
const LAST_TS = 1759766400000; // 2025-10-06 16:00 UTC, the last candle of the recording
const BTC_1H: MarketKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const QUERY = { exchange: 'binance', symbol: 'btc/usdt', timeframe: '1h' };
// half-way through the candle 48 hours before the end of the recording: that one is open
const START = LAST_TS - 48 * HOUR + HOUR / 2;

/**
 * The candles the emulator answered to a klines request made at `now` (Binance paging, as documented in
 * libs/market-data/README.md), with whether each had closed by then.
 */
function answered(
  request: RecordedRequest,
  series: readonly Candle[],
  now: number,
): Array<{ ts: number; closed: boolean }> {
  const { startTime, endTime, limit = '500' } = request.query;
  const last = Math.min(endTime === undefined ? Infinity : Number(endTime), now);
  const visible = series.filter(
    (c) => c.ts <= last && (startTime === undefined || c.ts >= Number(startTime)),
  );
  const page = startTime === undefined ? visible.slice(-Number(limit)) : visible.slice(0, Number(limit));
  return page.map((c) => ({ ts: c.ts, closed: c.ts + HOUR <= now }));
}

describe('serving on PostgreSQL and the exchange emulator', () => {
  let db: TestDatabase;
  let minio: TestObjectStorage;
  let recorded: Candle[];
  let clock: TestClock;
  let emulator: BinanceEmulator;
  let exchanges: CcxtExchangeDirectory;
  let repository: CandleRepository;
  let ingestion: CandleIngestionService;
  // klines requests so far, each with the clock it was made at
  let klines: Array<{ request: RecordedRequest; now: number }>;

  const service = (options: ConstructorParameters<typeof MarketCandleService>[3] = {}) =>
    new MarketCandleService(exchanges, repository, ingestion, { now: clock.now, ...options });

  /** Records the klines requests made by `work`, at the clock they were made at. */
  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    const before = emulator.requests.length;
    const result = await work();
    for (const request of emulator.requests.slice(before)) {
      if (request.path === '/api/v3/klines' && request.outcome === 200)
        klines.push({ request, now: clock.time });
    }
    return result;
  }

  beforeAll(async () => {
    [db, minio, recorded] = await Promise.all([
      createTestDatabase(),
      createTestObjectStorage(),
      readCandleCsv(BTC_FILE),
    ]);
    clock = new TestClock(START);
    emulator = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: recorded }],
      now: clock.now,
    }).start();
    exchanges = new CcxtExchangeDirectory(
      { baseUrl: emulator.url, timeoutMs: 500 },
      { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 }, now: clock.now },
    );
    repository = new CandleRepository(db.pool);
    ingestion = new CandleIngestionService(
      exchanges,
      repository,
      new QualityReportRepository(minio.storage, minio.bucket),
      {
        now: clock.now,
      },
    );
  });

  beforeEach(async () => {
    clock.time = START;
    klines = [];
    emulator.recover();
    await db.pool.query('TRUNCATE candles, signals');
  });

  afterAll(async () => {
    await exchanges?.close();
    await emulator?.stop();
    await Promise.all([db?.drop(), minio?.drop()]);
  });

  describe(MarketCandleService.name, () => {
    it('should fetch the latest candles on first use, store them, and then serve from memory', async () => {
      const sut = service();

      const first = await tracked(() => sut.latest(QUERY, 200));
      const requests = emulator.requests.length;
      const second = await tracked(() => sut.latest(QUERY, 500));

      const closed = recorded.filter((c) => c.ts + HOUR <= START);
      expect(first.market).toEqual(BTC_1H);
      expect(first.candles).toEqual(closed.slice(-200));
      expect(second.candles).toEqual(closed.slice(-500));
      expect(emulator.requests.length).toBe(requests);
      expect(await repository.count(BTC_1H)).toBe(1000);
      expect(await repository.count(BTC_1H, { includeProvisional: true })).toBe(1001);
    });

    it('should never fetch a closed candle twice, hour after hour, and finalise the open one', async () => {
      const sut = service();
      for (let hour = 0; hour < 6; hour++) {
        const window = await tracked(() => sut.latest(QUERY, 24));
        expect(window.candles.at(-1)!.ts).toBe(START - HOUR / 2 - HOUR + hour * HOUR);
        clock.advance(HOUR);
      }

      const closedAnswered = klines
        .flatMap(({ request, now }) => answered(request, recorded, now))
        .filter((c) => c.closed);
      expect(new Set(closedAnswered.map((c) => c.ts)).size).toBe(closedAnswered.length);
      expect(klines.slice(-5).map(({ request }) => request.query.startTime)).toEqual(
        [1, 2, 3, 4, 5].map((h) => String(START - HOUR / 2 + (h - 1) * HOUR)),
      );
      const latest = await repository.latest(BTC_1H, 1);
      expect(latest[0]).toEqual({
        ...recorded.find((c) => c.ts === START - HOUR / 2 + 4 * HOUR),
        isFinal: true,
      });
    });

    it('should serve a second process from the store, asking the exchange only for newer candles', async () => {
      await tracked(() => service().latest(QUERY, 200));
      klines = [];

      const window = await tracked(() => service().latest(QUERY, 1000));

      expect(window.candles).toHaveLength(1000);
      expect(klines.map(({ request }) => request.query.startTime)).toEqual([String(START - HOUR / 2)]);
    });

    it('should name the exchange after its retries when it answers 5xx', async () => {
      emulator.failAlways({ kind: 'server-error', status: 503 });

      await expect(service().latest(QUERY, 10)).rejects.toMatchObject({
        code: 'EXCHANGE_UNAVAILABLE',
        message: expect.stringMatching(/binance unavailable .*after 2 attempts/),
      });
      expect(await repository.count(BTC_1H, { includeProvisional: true })).toBe(0);
    });

    it('should give up after the timeout when the exchange does not answer', async () => {
      const sut = service();
      await sut.latest(QUERY, 10);
      clock.advance(HOUR);
      emulator.failAlways({ kind: 'timeout' });

      await expect(sut.latest(QUERY, 10)).rejects.toMatchObject({
        code: 'EXCHANGE_UNAVAILABLE',
        message: expect.stringContaining('RequestTimeout'),
      });
    });

    it('should serve the copy it has, with its age, when the exchange fails within staleMaxMs', async () => {
      const sut = service({ staleMaxMs: 10 * 60_000 });
      const fresh = await sut.latest(QUERY, 10);
      clock.advance(HOUR / 2 + 60_000);
      emulator.failAlways({ kind: 'server-error', status: 500 });

      const stale = await sut.latest(QUERY, 10);

      expect(stale.candles).toEqual(fresh.candles);
      expect(stale.staleMs).toBe(HOUR / 2 + 60_000);
    });
  });

  describe(HeuristicSignalService.name, () => {
    it('should persist each signal it answers', async () => {
      const signals = new SignalRepository(db.pool);
      const sut = new HeuristicSignalService(service(), signals, { now: clock.now });

      const answers = await Promise.all(
        [60, 120, 240].map((horizonMin) =>
          sut.generate({ ...QUERY, limit: 200, horizonMin, explain: horizonMin === 240 }),
        ),
      );

      const { rows } = await db.pool.query(
        'SELECT symbol, horizon_min, risk_score, vol_regime, request_limit, explain IS NOT NULL AS explained FROM signals ORDER BY id',
      );
      expect(rows).toEqual(
        answers.map((a) => ({
          symbol: 'BTC/USDT',
          horizon_min: a.horizon_min,
          risk_score: a.risk_score,
          vol_regime: a.vol_regime,
          request_limit: 200,
          explained: a.horizon_min === 240,
        })),
      );
      await signals.close();
    });
  });
});
