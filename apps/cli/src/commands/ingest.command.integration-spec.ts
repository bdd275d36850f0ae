import { loadEnv, ServicesEnv } from '@crypto/config';
import { Bucket, createTestDatabase, ObjectStorage, type TestDatabase } from '@crypto/storage';
import { BTC_FILE, runCli } from '../testing/cli-harness';

// The ingest command against the real PostgreSQL (a fresh database) and MinIO, with the exchange in
// offline mode: ccxt talks to the in-process Binance emulator serving the recorded BTC file.
const ENV_KEYS = ['DATABASE_URL', 'MARKET_DATA_MODE', 'RECORDED_MARKETS'] as const;

interface IngestJson {
  inserted: number;
  updated: number;
  unchanged: number;
  fetched: number;
  quality: { pass: boolean; stored?: { bucket: string; key: string } };
}

describe('ingest command', () => {
  let db: TestDatabase;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const minio = ObjectStorage.fromEnv(loadEnv(ServicesEnv));
  const reportKeys: string[] = [];

  const ingestJson = async (...args: string[]): Promise<IngestJson> => {
    const { code, out, err } = await runCli('ingest', ...args, '--json');
    expect({ code, err: err.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, err: [] });
    const result = JSON.parse(out) as IngestJson;
    if (result.quality.stored) reportKeys.push(result.quality.stored.key);
    return result;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      MARKET_DATA_MODE: 'offline',
      RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}`,
    });
  });

  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await Promise.all(reportKeys.map((key) => minio.remove(Bucket.QualityReports, key)));
    await db?.drop();
  });

  it('should store the latest candles and their quality report, then find them already present', async () => {
    const first = await ingestJson(
      '--symbol',
      'btcusdt',
      '--exchange',
      'binance',
      '--timeframe',
      '1h',
      '--limit',
      '48',
    );
    const second = await ingestJson('--symbol', 'BTC/USDT', '--limit', '48');

    expect(first).toMatchObject({ fetched: 48, inserted: 48, unchanged: 0, quality: { pass: true } });
    expect(second).toMatchObject({ fetched: 48, inserted: 0, updated: 0, unchanged: 48 });
    expect(await minio.exists(Bucket.QualityReports, first.quality.stored!.key)).toBe(true);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n, bool_and(is_final) AS final FROM candles',
    );
    expect(rows[0]).toEqual({ n: 48, final: true });
  });

  it('should backfill from --since', async () => {
    const result = await ingestJson('--since', '2025-10-01T00:00:00Z');

    // 2025-10-01 00:00 → 2025-10-06 16:00: 137 hours, the last 48 already stored
    expect(result).toMatchObject({ fetched: 137, inserted: 89, unchanged: 48 });
  });

  it('should load the recorded file with --from-csv and print a summary with the quality verdict', async () => {
    const { code, out } = await runCli('ingest', '--symbol', 'BTCUSDT', '--from-csv', BTC_FILE);

    expect(code).toBe(0);
    expect(out).toContain('BTC/USDT 1h on binance, from');
    expect(out).toContain('new: 43642, already present: 137, updated: 0');
    expect(out).toContain('quality: pass; gaps 10 (20 missing)');
    const key = /report: s3:\/\/quality-reports\/(\S+)/.exec(out)?.[1];
    expect(key).toMatch(/^binance\/BTC-USDT\/1h\//);
    reportKeys.push(key!);
  });

  it.each([
    [['--since', 'yesterday'], /--since "yesterday" is not an ISO-8601 time/],
    [['--limit', '0'], /--limit "0" is not a whole number ≥ 1/],
    [
      ['--since', '2025-01-01', '--limit', '5'],
      /option '--since <iso>' cannot be used with option '--limit <n>'/,
    ],
    [['--from-csv', BTC_FILE, '--limit', '5'], /cannot be used with option '--limit <n>'/],
    [['--symbol', 'BTC'], /symbol "BTC" is not a trading pair/],
    [['--symbol', 'ETHUSDT'], /binance has no market ETH\/USDT/],
    [['--exchange', 'nowhere'], /exchange "nowhere" is not a ccxt exchange id/],
    [['--timeframe', '7m'], /binance does not offer timeframe "7m"/],
    [['--from-csv', 'missing.csv'], /^error: cannot read missing\.csv: no such file or directory$/m],
  ])('should exit 1 and say what is wrong with %j', async (args, message) => {
    const { code, err } = await runCli('ingest', ...args);

    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it('should name the database and what to check when PostgreSQL cannot be reached', async () => {
    process.env['DATABASE_URL'] = 'postgres://crypto:crypto@127.0.0.1:1/crypto';
    try {
      const { code, err } = await runCli('ingest', '--limit', '5');

      expect(code).toBe(1);
      expect(err).toMatch(/ECONNREFUSED 127\.0\.0\.1:1 \(is the service running\?/);
    } finally {
      process.env['DATABASE_URL'] = db.url;
    }
  });
});
