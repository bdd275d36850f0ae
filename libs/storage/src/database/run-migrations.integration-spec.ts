import { readdirSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { MIGRATIONS_DIR, runMigrations } from './run-migrations';

const TABLES = ['alerts', 'candles', 'forecast_monitoring', 'ml_predictions', 'signals', 'training_runs'];
// every migration name, in the order node-pg-migrate applies them
const MIGRATIONS = readdirSync(MIGRATIONS_DIR)
  .filter((file) => file.endsWith('.sql'))
  .map((file) => file.replace(/\.sql$/, ''))
  .sort();

describe(runMigrations.name, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db?.drop());

  const tables = async () =>
    (
      await db.pool.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'pgmigrations' ORDER BY 1",
      )
    ).rows.map((r) => r.table_name);

  it('should have created every table of the schema', async () => {
    expect(await tables()).toEqual(TABLES);
  });

  it('should apply nothing when the schema is up to date', async () => {
    await expect(runMigrations(db.url)).resolves.toEqual([]);
  });

  it('should key candles by (exchange, symbol, timeframe, ts) with the specified column types', async () => {
    const { rows } = await db.pool.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'candles' ORDER BY ordinal_position",
    );
    const key = await db.pool.query<{ column_name: string }>(
      `SELECT a.attname AS column_name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = 'candles'::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    );

    expect(Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]))).toEqual({
      exchange: 'text',
      symbol: 'text',
      timeframe: 'text',
      ts: 'bigint',
      open: 'double precision',
      high: 'double precision',
      low: 'double precision',
      close: 'double precision',
      volume: 'double precision',
      is_final: 'boolean',
      ingested_at: 'timestamp with time zone',
    });
    expect(key.rows.map((r) => r.column_name)).toEqual(['exchange', 'symbol', 'timeframe', 'ts']);
  });

  it.each([
    [
      'a vol_regime outside calm/normal/turbulent',
      "INSERT INTO signals (symbol, exchange, timeframe, horizon_min, risk_score, nowcast_ret, vol, vol_regime) VALUES ('BTC/USDT', 'binance', '1h', 60, 0.5, 0, 0.01, 'wild')",
    ],
    [
      'a risk_score above 1',
      "INSERT INTO signals (symbol, exchange, timeframe, horizon_min, risk_score, nowcast_ret, vol, vol_regime) VALUES ('BTC/USDT', 'binance', '1h', 60, 1.5, 0, 0.01, 'calm')",
    ],
    [
      'a confidence above 1',
      "INSERT INTO ml_predictions (symbol, exchange, timeframe, model_version, prediction, volatility_regime, risk_level, confidence) VALUES ('BTC/USDT', 'binance', '1h', '1', 0.01, 'calm', 'low', 2)",
    ],
    [
      'a risk_level outside low/medium/high',
      "INSERT INTO ml_predictions (symbol, exchange, timeframe, model_version, prediction, volatility_regime, risk_level, confidence) VALUES ('BTC/USDT', 'binance', '1h', '1', 0.01, 'calm', 'extreme', 0.5)",
    ],
    [
      'a second run with the same job_id',
      "INSERT INTO training_runs (job_id, status) VALUES ('job-1', 'running'), ('job-1', 'running')",
    ],
  ])('should reject %s', async (_, sql) => {
    await expect(db.pool.query(sql)).rejects.toThrow(/violates/);
  });

  it('should revert the latest migration and apply it again', async () => {
    await expect(runMigrations(db.url, { direction: 'down' })).resolves.toEqual([MIGRATIONS.at(-1)]);

    await expect(runMigrations(db.url)).resolves.toEqual([MIGRATIONS.at(-1)]);
    expect(await tables()).toEqual(TABLES);
  });

  it('should drop the tables of the signals migration when it is reverted', async () => {
    const signalsMigration = '1764000000001_signals-predictions-alerts-training-runs';
    const after = MIGRATIONS.slice(MIGRATIONS.indexOf(signalsMigration));
    for (const _ of after) await runMigrations(db.url, { direction: 'down' });
    expect(await tables()).toEqual(['candles']);

    await expect(runMigrations(db.url)).resolves.toEqual(after);
    expect(await tables()).toEqual(TABLES);
  });

  it('should apply each migration once when runs overlap', async () => {
    const fresh = await createTestDatabase();
    try {
      await runMigrations(fresh.url, { direction: 'down' });
      await runMigrations(fresh.url, { direction: 'down' });

      const runs = await Promise.all([
        runMigrations(fresh.url),
        runMigrations(fresh.url),
        runMigrations(fresh.url),
      ]);

      expect(runs.flat().sort()).toEqual(MIGRATIONS.slice(-2));
    } finally {
      await fresh.drop();
    }
  });

  it('should name the cause when the database cannot be reached', async () => {
    await expect(runMigrations('postgres://crypto:crypto@127.0.0.1:1/none')).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
