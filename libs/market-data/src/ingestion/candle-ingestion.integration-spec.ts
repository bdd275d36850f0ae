import { join } from 'node:path';
import { readCandleCsv, type Candle, type MarketKey } from '@crypto/candles';
import {
  CandleRepository,
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { BinanceEmulator } from '../emulator/binance-emulator';
import { CcxtExchangeDirectory } from '../exchange/ccxt-exchange.directory';
import type { QualityReport } from '../quality/candle-quality';
import { QualityReportRepository } from '../quality/quality-report.repository';
import { CandleIngestionService } from './candle-ingestion.service';

// End to end on real services: the Binance emulator → real ccxt over HTTP → PostgreSQL (fresh database)
// and MinIO (fresh bucket standing in for quality-reports).
const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;
const LAST_TS = 1759766400000; // 2025-10-06 16:00 UTC
const BTC_1H: MarketKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

describe(CandleIngestionService.name, () => {
  let db: TestDatabase;
  let minio: TestObjectStorage;
  let emulator: BinanceEmulator;
  let exchanges: CcxtExchangeDirectory;
  let candles: CandleRepository;
  let reports: QualityReportRepository;
  let recorded: Candle[];
  let now: number;
  let sut: CandleIngestionService;

  beforeAll(async () => {
    [db, minio, recorded] = await Promise.all([
      createTestDatabase(),
      createTestObjectStorage(),
      readCandleCsv(BTC_FILE),
    ]);
    emulator = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: recorded }],
      now: () => now,
    }).start();
    exchanges = new CcxtExchangeDirectory(
      { baseUrl: emulator.url, timeoutMs: 2_000 },
      { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 10 }, now: () => now },
    );
    candles = new CandleRepository(db.pool);
    reports = new QualityReportRepository(minio.storage, minio.bucket);
    sut = new CandleIngestionService(exchanges, candles, reports, { now: () => now });
  });

  beforeEach(async () => {
    now = LAST_TS + 2 * HOUR;
    emulator.recover();
    await db.pool.query('TRUNCATE candles');
  });

  afterAll(async () => {
    await exchanges?.close();
    await emulator?.stop();
    await Promise.all([db?.drop(), minio?.drop()]);
  });

  it('should backfill the whole recording, store it final, and store its quality report', async () => {
    const result = await sut.ingestFromExchange({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      timeframe: '1h',
      since: Date.UTC(2020, 9, 1),
    });

    expect(result).toMatchObject({
      fetched: 43_779,
      final: 43_779,
      provisional: 0,
      inserted: 43_779,
      updated: 0,
      unchanged: 0,
    });
    expect(await candles.count(BTC_1H)).toBe(43_779);
    expect(await candles.latest(BTC_1H, 2)).toEqual(recorded.slice(-2).map((c) => ({ ...c, isFinal: true })));
    expect(result.quality.pass).toBe(true);
    const stored = await reports.get(result.quality.stored!.key);
    expect(stored.checks.gaps).toMatchObject({ count: 10, missing: 20 });
    expect(stored.market).toEqual(BTC_1H);
    expect(result.quality.stored!.key).toMatch(/^binance\/BTC-USDT\/1h\/\d{4}-\d\d-\d\dT.*\.json$/);
  });

  it('should change nothing when the same range is ingested again', async () => {
    const range = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', since: LAST_TS - 2_999 * HOUR };
    await sut.ingestFromExchange(range);
    const before = await db.pool.query('SELECT * FROM candles ORDER BY ts');

    const again = await sut.ingestFromExchange(range);

    expect(again).toMatchObject({ fetched: 3_000, inserted: 0, updated: 0, unchanged: 3_000 });
    expect((await db.pool.query('SELECT * FROM candles ORDER BY ts')).rows).toEqual(before.rows);
  });

  it('should store the open candle provisional, then final once it has closed', async () => {
    now = LAST_TS + HOUR / 2;
    const first = await sut.ingestFromExchange({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      limit: 24,
    });
    expect(first).toMatchObject({ inserted: 24, final: 23, provisional: 1 });
    expect(await candles.lastFinalTs(BTC_1H)).toBe(LAST_TS - HOUR);

    now = LAST_TS + 2 * HOUR;
    const second = await sut.ingestFromExchange({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });

    expect(second).toMatchObject({ fetched: 1, inserted: 0, updated: 1, final: 1 });
    expect((await candles.latest(BTC_1H, 1))[0]).toEqual({ ...recorded.at(-1)!, isFinal: true });
  });

  it('should store nothing and name the exchange when it stays unavailable', async () => {
    emulator.failAlways({ kind: 'server-error', status: 503 });

    await expect(
      sut.ingestFromExchange({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', limit: 10 }),
    ).rejects.toMatchObject({
      code: 'EXCHANGE_UNAVAILABLE',
      message: expect.stringContaining('after 3 attempts'),
    });
    expect(await candles.count(BTC_1H, { includeProvisional: true })).toBe(0);
  });

  it('should load the recorded CSV like an exchange fetch, idempotently', async () => {
    const market = { exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };

    const first = await sut.ingestCsv(BTC_FILE, market);
    const second = await sut.ingestCsv(BTC_FILE, market);

    expect(first).toMatchObject({ inserted: 43_779, quality: { pass: true } });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 43_779 });
    const keys = await reports.list(BTC_1H);
    const latest = await minio.storage.getJson<QualityReport>(minio.bucket, keys.at(-1)!);
    expect(latest.checks.gaps.count).toBe(10);
  });
});
