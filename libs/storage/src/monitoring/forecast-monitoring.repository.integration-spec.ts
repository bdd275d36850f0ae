import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  ForecastMonitoringRepository,
  type ForecastMonitoringSnapshot,
} from './forecast-monitoring.repository';

const MARKET = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const T0 = Date.UTC(2025, 9, 1);
const HOUR = 3_600_000;
const scores = (qlike: number) => ({ rmse: 0.001, mae: 0.0008, qlike, r2: 0.1 });

const snapshot = (
  overrides: Partial<ForecastMonitoringSnapshot> = {},
): Omit<ForecastMonitoringSnapshot, 'computed_at'> => ({
  model_name: 'm',
  model_version: '1',
  ...MARKET,
  window_days: 7,
  from_ts: T0,
  to_ts: T0 + 167 * HOUR,
  origins: 168,
  model: scores(0.3),
  har: scores(0.32),
  ewma: scores(0.5),
  persistence: scores(0.8),
  ...overrides,
});

describe(ForecastMonitoringRepository.name, () => {
  let db: TestDatabase;
  let sut: ForecastMonitoringRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = new ForecastMonitoringRepository(db.pool);
  });

  afterAll(() => db?.drop());

  it('should keep one snapshot per version, market and window, the latest', async () => {
    await sut.save(snapshot());
    await sut.save(snapshot({ model: scores(0.4), origins: 169, to_ts: T0 + 168 * HOUR }));
    await sut.save(snapshot({ window_days: 30, origins: 300 }));
    await sut.save(snapshot({ model_version: '10' }));
    await sut.save(snapshot({ model_name: 'other' }));

    const rows = await sut.list('m');

    expect(rows.map((r) => `${r.model_version}/${r.window_days}`)).toEqual(['10/7', '1/7', '1/30']);
    expect(rows[1]).toEqual({
      ...snapshot({ model: scores(0.4), origins: 169, to_ts: T0 + 168 * HOUR }),
      computed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await sut.list('m', { version: '10' })).map((r) => r.model_version)).toEqual(['10']);
  });

  it("should fill the realised volatility of the version's predictions once, leaving the others", async () => {
    const insert = (version: string, ts: number) =>
      db.pool.query(
        `INSERT INTO ml_predictions (symbol, exchange, timeframe, model_version, prediction, volatility_regime,
           risk_level, confidence, candle_ts) VALUES ('BTC/USDT', 'binance', '1h', $1, 0.003, 'calm', 'low', 0.6, $2)`,
        [version, ts],
      );
    await insert('1', T0);
    await insert('1', T0 + HOUR);
    await insert('2', T0);

    expect(await sut.recordRealized(MARKET, '1', [{ ts: T0, realized: 0.0042 }])).toBe(1);
    expect(await sut.recordRealized(MARKET, '1', [{ ts: T0, realized: 0.9 }])).toBe(0);
    expect(await sut.recordRealized(MARKET, '1', [])).toBe(0);

    const { rows } = await db.pool.query<{
      model_version: string;
      candle_ts: string;
      realized_volatility: number;
    }>(
      'SELECT model_version, candle_ts, realized_volatility FROM ml_predictions ORDER BY model_version, candle_ts',
    );
    expect(rows).toEqual([
      { model_version: '1', candle_ts: String(T0), realized_volatility: 0.0042 },
      { model_version: '1', candle_ts: String(T0 + HOUR), realized_volatility: null },
      { model_version: '2', candle_ts: String(T0), realized_volatility: null },
    ]);
  });
});
