import type { MarketKey } from '@crypto/candles';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { StoredCandleFactory } from '../testing/stored-candle.factory';
import { CandleRepository } from './candle.repository';

const BTC_1H: MarketKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

describe(CandleRepository.name, () => {
  let db: TestDatabase;
  let sut: CandleRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new CandleRepository(db.pool);
  });

  beforeEach(() => db.pool.query('TRUNCATE candles'));

  afterAll(() => db?.drop());

  describe('upsert', () => {
    it('should insert new candles and read them back exactly', async () => {
      const candles = StoredCandleFactory.series({ count: 48 }).build();

      await expect(sut.upsert(BTC_1H, candles)).resolves.toEqual({ inserted: 48, updated: 0, unchanged: 0 });
      await expect(sut.range(BTC_1H, { from: T0, to: T0 + 48 * HOUR })).resolves.toEqual(candles);
    });

    it('should change nothing when the same candles are ingested again', async () => {
      const candles = StoredCandleFactory.series({ count: 24 }).build();
      await sut.upsert(BTC_1H, candles);
      const before = await db.pool.query('SELECT * FROM candles ORDER BY ts');

      const second = await sut.upsert(BTC_1H, candles);

      expect(second).toEqual({ inserted: 0, updated: 0, unchanged: 24 });
      await expect(db.pool.query('SELECT * FROM candles ORDER BY ts')).resolves.toMatchObject({
        rows: before.rows,
      });
    });

    it('should never rewrite a final candle, even with other values', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 5 }).build());

      const result = await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 5 }).shiftedBy(7).build());

      expect(result).toEqual({ inserted: 0, updated: 0, unchanged: 5 });
      expect((await sut.latest(BTC_1H, 1))[0]!.open).toBe(104);
    });

    it('should update a provisional candle and make it final once closed', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 3 }).withProvisionalLast().build());
      expect(await sut.count(BTC_1H)).toBe(2);

      const closed = StoredCandleFactory.series({ count: 4 }).build();
      closed[2] = { ...closed[2]!, close: 150, volume: 99 };
      const result = await sut.upsert(BTC_1H, closed);

      expect(result).toEqual({ inserted: 1, updated: 1, unchanged: 2 });
      const [third] = await sut.range(BTC_1H, { from: T0 + 2 * HOUR, to: T0 + 3 * HOUR });
      expect(third).toMatchObject({ close: 150, volume: 99, isFinal: true });
    });

    it('should leave an unchanged provisional candle untouched', async () => {
      const candles = StoredCandleFactory.series({ count: 3 }).withProvisionalLast().build();
      await sut.upsert(BTC_1H, candles);

      await expect(sut.upsert(BTC_1H, candles)).resolves.toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    });

    it('should keep markets apart', async () => {
      const candles = StoredCandleFactory.series({ count: 3 }).build();
      await sut.upsert(BTC_1H, candles);

      await expect(sut.upsert({ ...BTC_1H, timeframe: '4h' }, candles)).resolves.toMatchObject({
        inserted: 3,
      });
      await expect(sut.upsert({ ...BTC_1H, exchange: 'kraken' }, candles)).resolves.toMatchObject({
        inserted: 3,
      });
      expect(await sut.count(BTC_1H)).toBe(3);
    });

    it('should store the last of repeated timestamps in one call', async () => {
      const [first] = StoredCandleFactory.series({ count: 1 }).build();

      const result = await sut.upsert(BTC_1H, [first!, { ...first!, close: 42 }]);

      expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      expect((await sut.latest(BTC_1H, 1))[0]!.close).toBe(42);
    });

    it('should store a large series in batches within one call', async () => {
      const candles = StoredCandleFactory.series({ count: 25_000 }).build();

      await expect(sut.upsert(BTC_1H, candles)).resolves.toEqual({
        inserted: 25_000,
        updated: 0,
        unchanged: 0,
      });
      expect(await sut.count(BTC_1H)).toBe(25_000);
    });

    it('should store nothing when a batch fails', async () => {
      const candles = StoredCandleFactory.series({ count: 12_000 }).build();
      candles[11_000] = { ...candles[11_000]!, open: Number.NaN, ts: Number.NaN };

      await expect(sut.upsert(BTC_1H, candles)).rejects.toThrow();
      expect(await sut.count(BTC_1H)).toBe(0);
    });
  });

  describe('range', () => {
    it('should return candles with from <= ts < to, oldest first', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 10 }).build());

      const candles = await sut.range(BTC_1H, { from: T0 + 2 * HOUR, to: T0 + 5 * HOUR });

      expect(candles.map((c) => (c.ts - T0) / HOUR)).toEqual([2, 3, 4]);
    });

    it('should include the provisional candle only when asked', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 4 }).withProvisionalLast().build());
      const window = { from: T0, to: T0 + 4 * HOUR };

      expect(await sut.range(BTC_1H, window)).toHaveLength(3);
      expect(await sut.range(BTC_1H, window, { includeProvisional: true })).toHaveLength(4);
    });
  });

  describe('latest', () => {
    it('should return the latest n final candles, oldest first', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 10 }).withProvisionalLast().build());

      const candles = await sut.latest(BTC_1H, 3);

      expect(candles.map((c) => (c.ts - T0) / HOUR)).toEqual([6, 7, 8]);
      expect((await sut.latest(BTC_1H, 1, { includeProvisional: true }))[0]).toMatchObject({
        ts: T0 + 9 * HOUR,
        isFinal: false,
      });
    });

    it('should return the latest n opened before a time when asked', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 10 }).build());

      const candles = await sut.latest(BTC_1H, 3, { before: T0 + 5 * HOUR });

      expect(candles.map((c) => (c.ts - T0) / HOUR)).toEqual([2, 3, 4]);
    });

    it('should return what there is when fewer than n are stored', async () => {
      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 2 }).build());

      expect(await sut.latest(BTC_1H, 100)).toHaveLength(2);
    });
  });

  describe('lastFinalTs', () => {
    it('should give the open time of the latest final candle, or undefined', async () => {
      await expect(sut.lastFinalTs(BTC_1H)).resolves.toBeUndefined();

      await sut.upsert(BTC_1H, StoredCandleFactory.series({ count: 5 }).withProvisionalLast().build());

      await expect(sut.lastFinalTs(BTC_1H)).resolves.toBe(T0 + 3 * HOUR);
    });
  });
});
