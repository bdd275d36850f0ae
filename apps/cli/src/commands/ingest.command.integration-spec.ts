import { loadEnv, ServicesEnv } from '@crypto/config';
import { Bucket, createTestDatabase, ObjectStorage, type TestDatabase } from '@crypto/storage';
import { CandleFactory, formatCandleCsv } from '@crypto/candles';
import { BTC_FILE, runCli, ScratchDir } from '../testing/cli-harness';

// The ingest command against the real PostgreSQL (a fresh database) and MinIO, with the exchange in
// offline mode: ccxt talks to the in-process Binance emulator serving the recorded BTC file.
const ENV_KEYS = ['DATABASE_URL', 'MARKET_DATA_MODE', 'RECORDED_MARKETS'] as const;

interface IngestJson {
  inserted: number;
  updated: number;
  unchanged: number;
  fetched: number;
  rejected: number;
  refused: boolean;
  quality: { pass: boolean; failed: string[]; stored?: { bucket: string; key: string } };
}

describe('ingest command', () => {
  let db: TestDatabase;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const minio = ObjectStorage.fromEnv(loadEnv(ServicesEnv));
  const reportKeys: string[] = [];
  const scratch = new ScratchDir();

  const ingestJson = async (...args: string[]): Promise<IngestJson> => {
    const { code, out, err } = await runCli('ingest', ...args, '--json');
    expect({ code, err: err.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, err: [] });
    const result = JSON.parse(out) as IngestJson;
    if (result.quality.stored) reportKeys.push(result.quality.stored.key);
    return result;
  };

  beforeAll(async () => {
    await scratch.create();
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
    await Promise.all([db?.drop(), scratch.remove()]);
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

  describe('a file whose quality verdict is FAIL', () => {
    // 6 hours of ETH/USDT, one with a negative open, one with its high below open and close
    const candles = CandleFactory.series({ count: 6, startTs: Date.UTC(2025, 0, 1) }).build();
    candles[2] = { ...candles[2]!, open: -5 };
    candles[4] = { ...candles[4]!, high: 1 };
    const args = (file: string) => ['--symbol', 'ETHUSDT', '--from-csv', file];
    // every stored row, so that any insert or update shows
    const table = async (): Promise<unknown> =>
      (
        await db.pool.query(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(concat_ws(',', exchange, symbol, timeframe, ts,
             open, high, low, close, volume, is_final), ';' ORDER BY exchange, symbol, timeframe, ts), '')) AS digest
           FROM candles`,
        )
      ).rows[0];

    it('should be refused with the failing checks, exit 1, and leave the candles table unchanged', async () => {
      const file = await scratch.write('bad.csv', formatCandleCsv(candles));
      const before = await table();

      const { code, out, err } = await runCli('ingest', ...args(file));

      expect(code).toBe(1);
      expect(err).toMatch(
        /^error: .*bad\.csv: quality FAIL \(ohlc_consistency, non_positive_prices\), nothing stored; .*--accept-quality-fail$/m,
      );
      expect(out).toContain('refused: nothing stored');
      const key = /report: s3:\/\/quality-reports\/(\S+)/.exec(out)?.[1];
      expect(key).toMatch(/^binance\/ETH-USDT\/1h\//);
      reportKeys.push(key!);
      expect(await table()).toEqual(before);
      expect((before as { n: number }).n).toBeGreaterThan(0); // the BTC rows of the tests above
    });

    it('should store only its possible candles with --accept-quality-fail', async () => {
      const file = await scratch.write('accepted.csv', formatCandleCsv(candles));

      const result = await ingestJson(...args(file), '--accept-quality-fail');

      expect(result).toMatchObject({ fetched: 6, inserted: 4, rejected: 2, refused: false });
      expect(result.quality).toMatchObject({
        pass: false,
        failed: ['ohlc_consistency', 'non_positive_prices'],
      });
      const { rows } = await db.pool.query<{ ts: string }>(
        "SELECT ts FROM candles WHERE symbol = 'ETH/USDT' ORDER BY ts",
      );
      expect(rows.map((r) => Number(r.ts))).toEqual([0, 1, 3, 5].map((i) => candles[i]!.ts));
    });

    it.each([
      ['empty.csv', '', /^error: .*empty\.csv is empty: expected the header/m],
      ['header.csv', 'ts,open,high,low,close,volume\n', /^error: .*header\.csv holds no candles$/m],
    ])('should refuse %s naming it and store nothing', async (name, text, message) => {
      const file = await scratch.write(name, text);
      const before = await table();

      const { code, err } = await runCli('ingest', ...args(file));

      expect(code).toBe(1);
      expect(err).toMatch(message);
      expect(await table()).toEqual(before);
    });

    it('should refuse --accept-quality-fail without --from-csv', async () => {
      const { code, err } = await runCli('ingest', '--limit', '5', '--accept-quality-fail');

      expect(code).toBe(1);
      expect(err).toMatch(/--accept-quality-fail applies to --from-csv only/);
    });
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
