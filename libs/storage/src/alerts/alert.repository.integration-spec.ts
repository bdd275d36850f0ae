import { createPgPool } from '../database/pg-pool';
import { StorageError } from '../storage.error';
import { alertRecord } from '../testing/alert-record.factory';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { AlertRepository, type AlertRecord } from './alert.repository';

const T0 = Date.UTC(2025, 9, 6);
const HOUR = 3_600_000;

/** The alert of the candle i hours after T0. */
const alertAt = (i: number, overrides: Partial<AlertRecord> = {}): AlertRecord =>
  alertRecord({ ts: T0 + i * HOUR, ...overrides });

describe(AlertRepository.name, () => {
  let db: TestDatabase;
  let sut: AlertRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new AlertRepository(db.pool);
  });

  beforeEach(() => db.pool.query('TRUNCATE alerts'));

  afterAll(() => db?.drop());

  const count = async () =>
    (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts')).rows[0]!.n;

  it('should have the SPEC §8 columns: candle ts as epoch ms, produced_at, timeframe, all required', async () => {
    const { rows } = await db.pool.query<{ column_name: string; data_type: string; is_nullable: string }>(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'alerts' ORDER BY ordinal_position",
    );

    expect(
      rows.map((r) => `${r.column_name} ${r.data_type}${r.is_nullable === 'NO' ? ' not null' : ''}`),
    ).toEqual([
      'id bigint not null',
      'created_at timestamp with time zone not null',
      'type text not null',
      'symbol text not null',
      'value double precision not null',
      'threshold double precision not null',
      'severity text not null',
      'message text not null',
      'ts bigint not null',
      'timeframe text not null',
      'produced_at timestamp with time zone not null',
    ]);
  });

  describe('saveMany', () => {
    it('should store alerts in one statement and read them back as saved', async () => {
      const alerts = [
        alertAt(0),
        alertAt(0, { type: 'regime_change', severity: 'info', threshold: 0.015, message: 'regime' }),
        alertAt(1, { type: 'price_change_24h', value: -0.1234, threshold: 0.1, severity: 'warning' }),
      ];
      const statements = jest.spyOn(db.pool, 'query');

      await expect(sut.saveMany(alerts)).resolves.toBe(3);

      expect(statements).toHaveBeenCalledTimes(1);
      statements.mockRestore();
      expect(await sut.tail(10)).toEqual(alerts);
    });

    it('should change nothing when a batch is delivered again, and count only the new alerts', async () => {
      await sut.saveMany([alertAt(0), alertAt(1)]);

      await expect(sut.saveMany([alertAt(0), alertAt(1)])).resolves.toBe(0);
      await expect(sut.saveMany([alertAt(1, { message: 'redone' }), alertAt(2)])).resolves.toBe(1);

      expect((await sut.tail(10)).map((a) => [a.ts, a.message])).toEqual([
        [T0, alertAt(0).message],
        [T0 + HOUR, alertAt(1).message],
        [T0 + 2 * HOUR, alertAt(2).message],
      ]);
    });

    it('should store an alert repeated within one batch once', async () => {
      await expect(sut.saveMany([alertAt(0), alertAt(0)])).resolves.toBe(1);
    });

    it('should keep apart the alerts of two timeframes on candles opening at the same time', async () => {
      await expect(sut.saveMany([alertAt(0), alertAt(0, { timeframe: '4h' })])).resolves.toBe(2);
    });

    it('should answer 0 for no alerts, without a statement', async () => {
      const statements = jest.spyOn(db.pool, 'query');

      await expect(sut.saveMany([])).resolves.toBe(0);

      expect(statements).not.toHaveBeenCalled();
      statements.mockRestore();
    });

    it.each([
      ['an unknown type', { type: 'moon' }, /alerts_type_check/],
      ['an unknown severity', { severity: 'critical' }, /alerts_severity_check/],
      ['no timeframe', { timeframe: undefined as unknown as string }, /null value in column "timeframe"/],
      ['a ts that is no whole number of ms', { ts: T0 + 0.5 }, /invalid input syntax for type bigint/],
      ['a timestamp that is no time', { timestamp: NaN }, /invalid input syntax for type bigint/],
    ])('should refuse a batch with %s, storing none of it', async (_, overrides, message) => {
      await expect(sut.saveMany([alertAt(0), alertAt(1, overrides)])).rejects.toThrow(message);

      expect(await count()).toBe(0);
    });
  });

  describe('tail', () => {
    beforeEach(async () => {
      await sut.saveMany([alertAt(2), alertAt(0), alertAt(3, { symbol: 'ETH/USDT' })]);
      await sut.saveMany([
        alertAt(1),
        alertAt(3, { type: 'rsi_overbought', severity: 'warning' }),
        alertAt(3, { type: 'regime_change', severity: 'info' }),
      ]);
    });

    it('should give the alerts of the latest candles, oldest first, those of one candle as stored', async () => {
      const tail = await sut.tail(4);

      expect(tail.map((a) => [a.ts, a.symbol, a.type])).toEqual([
        [T0 + 2 * HOUR, 'BTC/USDT', 'high_volatility'],
        [T0 + 3 * HOUR, 'ETH/USDT', 'high_volatility'],
        [T0 + 3 * HOUR, 'BTC/USDT', 'rsi_overbought'],
        [T0 + 3 * HOUR, 'BTC/USDT', 'regime_change'],
      ]);
    });

    it('should give only the alerts of a symbol when asked', async () => {
      const tail = await sut.tail(10, { symbol: 'ETH/USDT' });

      expect(tail).toEqual([alertAt(3, { symbol: 'ETH/USDT' })]);
    });

    it('should give every alert when n exceeds them, and none for a symbol without alerts', async () => {
      expect(await sut.tail(100)).toHaveLength(6);
      expect(await sut.tail(5, { symbol: 'SOL/USDT' })).toEqual([]);
    });
  });

  it('should answer StorageError UNAVAILABLE when PostgreSQL cannot be reached', async () => {
    const pool = createPgPool('postgres://crypto:crypto@127.0.0.1:1/none', { connectionTimeoutMillis: 500 });
    const unreachable = new AlertRepository(pool);
    try {
      await expect(unreachable.saveMany([alertAt(0)])).rejects.toMatchObject({
        constructor: StorageError,
        code: 'UNAVAILABLE',
        message: expect.stringContaining('store alerts'),
      });
      await expect(unreachable.tail(1)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('read alerts'),
      });
    } finally {
      await pool.end();
    }
  });
});
