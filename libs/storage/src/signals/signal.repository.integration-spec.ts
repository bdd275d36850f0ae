import { createPgPool } from '../database/pg-pool';
import { StorageError } from '../storage.error';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { MlPredictionRepository } from './ml-prediction.repository';
import { SignalRepository } from './signal.repository';
import type { MlPredictionRecord, SignalRecord } from './signal.types';

const T0 = Date.UTC(2026, 0, 1);

/** Signal records for tests (STYLE §12): one per second from T0, calm BTC signals unless told. */
const signalAt = (i: number, overrides: Partial<SignalRecord> = {}): SignalRecord => ({
  createdAt: new Date(T0 + i * 1000),
  symbol: 'BTC/USDT',
  exchange: 'binance',
  timeframe: '1h',
  limit: 200,
  horizonMin: 60,
  riskScore: 0.5,
  nowcastRet: 0.001 * i,
  vol: 0.004,
  volRegime: 'calm',
  method: 'heuristic',
  candleTs: 1759766400000,
  explain: null,
  ...overrides,
});

const predictionAt = (i: number, overrides: Partial<MlPredictionRecord> = {}): MlPredictionRecord => ({
  createdAt: new Date(T0 + i * 1000),
  symbol: 'BTC/USDT',
  exchange: 'binance',
  timeframe: '1h',
  limit: 200,
  modelVersion: '3',
  prediction: 0.006,
  currentVolatility: 0.005,
  volatilityRegime: 'normal',
  riskLevel: 'medium',
  confidence: 0.7,
  candleTs: 1759766400000,
  heuristic: { heuristic_risk_score: 0.5 },
  ...overrides,
});

describe(SignalRepository.name, () => {
  let db: TestDatabase;
  let sut: SignalRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  beforeEach(async () => {
    await db.pool.query('TRUNCATE signals');
    sut = new SignalRepository(db.pool);
  });

  afterEach(() => sut.close());

  afterAll(() => db?.drop());

  it('should store a signal with its explain and read it back as saved', async () => {
    const explain = { vol: 0.004, features_tail: [{ time: '2025-10-06T16:00:00.000Z', close: 125455.24 }] };

    await sut.save(signalAt(0, { explain }));

    expect(await sut.tail(5)).toEqual([signalAt(0, { explain })]);
  });

  it('should commit each saved row before its save resolves, many saves in few statements', async () => {
    const statements = jest.spyOn(db.pool, 'query');
    const saves = Array.from({ length: 300 }, (_, i) => sut.save(signalAt(i)));

    await Promise.all(saves);

    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM signals');
    expect(rows[0]!.n).toBe(300);
    expect(statements.mock.calls.length).toBeLessThanOrEqual(2);
    statements.mockRestore();
  });

  it('should give the latest n, oldest first', async () => {
    for (const i of [0, 1, 2, 3]) await sut.save(signalAt(i));

    const tail = await sut.tail(2);

    expect(tail.map((s) => s.createdAt.getTime())).toEqual([T0 + 2000, T0 + 3000]);
  });

  it('should keep the save order of rows stored in the same millisecond', async () => {
    const sameTime = { createdAt: new Date(T0) };
    await Promise.all([1, 2, 3].map((i) => sut.save(signalAt(i, { ...sameTime, nowcastRet: i }))));

    expect((await sut.tail(3)).map((s) => s.nowcastRet)).toEqual([1, 2, 3]);
  });

  it('should filter by symbol when asked', async () => {
    await sut.save(signalAt(0, { symbol: 'ETH/USDT' }));
    await sut.save(signalAt(1));

    expect((await sut.tail(5, { symbol: 'ETH/USDT' })).map((s) => s.symbol)).toEqual(['ETH/USDT']);
  });

  it('should fail only the row the table refuses when it is saved with others', async () => {
    const results = await Promise.allSettled([
      sut.save(signalAt(0)),
      sut.save(signalAt(1, { volRegime: 'wild' })),
      sut.save(signalAt(2)),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await sut.tail(5)).toHaveLength(2);
  });

  it('should answer StorageError UNAVAILABLE when PostgreSQL cannot be reached', async () => {
    const pool = createPgPool('postgres://crypto:crypto@127.0.0.1:1/none', { connectionTimeoutMillis: 500 });
    const unreachable = new SignalRepository(pool);
    try {
      await expect(unreachable.save(signalAt(0))).rejects.toMatchObject({
        constructor: StorageError,
        code: 'UNAVAILABLE',
        message: expect.stringContaining('store a signal'),
      });
      await expect(unreachable.tail(1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      await unreachable.close();
      await pool.end();
    }
  });
});

describe(MlPredictionRepository.name, () => {
  let db: TestDatabase;
  let sut: MlPredictionRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new MlPredictionRepository(db.pool);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should store predictions and read the latest n back oldest first', async () => {
    await Promise.all([0, 1, 2].map((i) => sut.save(predictionAt(i, { modelVersion: String(i) }))));

    expect(await sut.tail(2)).toEqual([
      predictionAt(1, { modelVersion: '1' }),
      predictionAt(2, { modelVersion: '2' }),
    ]);
  });

  it('should give the latest forecast of each candle of the market in the range, oldest candle first', async () => {
    const HOUR = 3_600_000;
    const C0 = 1759700000000 - (1759700000000 % HOUR);
    await db.pool.query('TRUNCATE ml_predictions');
    await Promise.all([
      sut.save(predictionAt(0, { candleTs: C0, prediction: 0.001, modelVersion: '1' })),
      // served again later by a newer version: that one wins
      sut.save(predictionAt(5, { candleTs: C0, prediction: 0.002, modelVersion: '2' })),
      sut.save(predictionAt(1, { candleTs: C0 + HOUR, prediction: 0.003 })),
      // outside the range, another market, no candle
      sut.save(predictionAt(2, { candleTs: C0 + 2 * HOUR, prediction: 0.004 })),
      sut.save(predictionAt(3, { candleTs: C0, symbol: 'ETH/USDT', prediction: 0.005 })),
      sut.save(predictionAt(4, { candleTs: null, prediction: 0.006 })),
    ]);

    const forecasts = await sut.forecastsByCandle(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      { from: C0, to: C0 + 2 * HOUR },
    );

    expect(forecasts).toEqual([
      { candle_ts: C0, prediction: 0.002, model_version: '2' },
      { candle_ts: C0 + HOUR, prediction: 0.003, model_version: '3' },
    ]);
  });
});
