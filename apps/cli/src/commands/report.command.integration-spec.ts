import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { readCandleCsv } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { CandleIngestionService, QualityReportRepository } from '@crypto/market-data';
import { MlflowClient, ModelAlias, RunArtifact } from '@crypto/registry';
import {
  AlertRepository,
  ForecastMonitoringRepository,
  alertRecord,
  CandleRepository,
  createTestDatabase,
  createTestObjectStorage,
  MlPredictionRepository,
  SignalRepository,
  TrainingRunRepository,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { BTC_FILE, runCli, ScratchDir } from '../testing/cli-harness';

// The report command on the real PostgreSQL (a fresh database holding the recorded BTC candles and a day of
// served signals, predictions and alerts), MinIO (fresh buckets for the quality and daily reports) and
// MLflow (a registered model of its own, promoted champion with an evaluation), Prometheus as it runs.
const ENV_KEYS = [
  'DATABASE_URL',
  'REPORTS_BUCKET',
  'QUALITY_REPORTS_BUCKET',
  'MODEL_NAME',
  'GATEWAY_METRICS_URL',
] as const;
const HOUR = 3_600_000;
const DAY = '2025-10-05';
const FROM = Date.UTC(2025, 9, 5);
const MARKET = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface ReportJson {
  date: string;
  files: { path: string; width?: number; height?: number }[];
  stored: { bucket: string; key: string } | null;
  unavailable: string[];
}

const scores = (rmse: number) => ({ rmse, mae: rmse * 0.7, qlike: rmse * 9, r2: 0.2 });

/** A local port nothing listens on (fetch refuses the "bad ports" such as 1 before connecting). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Distinct RGBA colours of a PNG: 1 for a blank image. */
function coloursOf(png: PNG): number {
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
  return colours.size;
}

describe('report command', () => {
  let db: TestDatabase;
  let reports: TestObjectStorage;
  let quality: TestObjectStorage;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const scratch = new ScratchDir();
  const mlflow = new MlflowClient(loadEnv(ServicesEnv).MLFLOW_TRACKING_URI);
  const modelName = `test-report-${randomBytes(4).toString('hex')}`;

  const reportJson = async (...args: string[]): Promise<ReportJson> => {
    const { code, out, err } = await runCli('report', ...args, '--json');
    expect({ code, err: err.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, err: [] });
    return JSON.parse(out) as ReportJson;
  };

  beforeAll(async () => {
    [db, reports, quality] = await Promise.all([
      createTestDatabase(),
      createTestObjectStorage(),
      createTestObjectStorage(),
      scratch.create(),
    ]);
    // the recorded candles and their quality report, as `ingest --from-csv` stores them
    const noExchange = { get: () => Promise.reject(new Error('a CSV load reads no exchange')) };
    await new CandleIngestionService(
      noExchange as never,
      new CandleRepository(db.pool),
      new QualityReportRepository(quality.storage, quality.bucket),
    ).ingestCsv(BTC_FILE, MARKET);
    // what the gateway and the stream served about the day's candles
    const signals = new SignalRepository(db.pool);
    const predictions = new MlPredictionRepository(db.pool);
    for (let h = 0; h < 6; h++) {
      await signals.save({
        ...MARKET,
        createdAt: new Date(FROM + (h + 1) * HOUR + 2_000),
        limit: 200,
        horizonMin: 60,
        riskScore: 0.5 + h / 100,
        nowcastRet: 0.001,
        vol: 0.004,
        volRegime: 'calm',
        method: 'heuristic',
        candleTs: FROM + h * HOUR,
        explain: null,
      });
    }
    for (let h = 0; h < 12; h++) {
      await predictions.save({
        ...MARKET,
        createdAt: new Date(FROM + (h + 1) * HOUR + 3_000),
        limit: 1000,
        modelVersion: '1',
        prediction: 0.003 + h / 10_000,
        currentVolatility: 0.004,
        volatilityRegime: 'calm',
        riskLevel: 'low',
        confidence: 0.8,
        candleTs: FROM + h * HOUR,
        heuristic: null,
      });
    }
    await Promise.all([signals.close(), predictions.close()]);
    await new AlertRepository(db.pool).saveMany([
      alertRecord({ ts: FROM + 3 * HOUR }),
      alertRecord({
        ts: FROM + 7 * HOUR,
        type: 'rsi_overbought',
        severity: 'warning',
        value: 81.2,
        threshold: 80,
        message: 'BTC/USDT 1h: rsi14 81.2 crossed 80',
      }),
      // the day after: not in the report
      alertRecord({ ts: FROM + 30 * HOUR }),
    ]);
    const runs = new TrainingRunRepository(db.pool);
    await runs.start('binance-btc-usdt-1h-test-flow', { symbol: 'BTC/USDT' }, 'running');
    await runs.update('binance-btc-usdt-1h-test-flow', {
      status: 'completed',
      decision: 'champion',
      reason: 'beats persistence and EWMA on QLIKE',
      model_version: '1',
      metrics: scores(0.0021),
      finished_at: new Date(),
    });
    // a champion of our own registered model, with the evaluation the training pipeline logs
    const experiment = await mlflow.ensureExperiment(loadEnv(ServicesEnv).MLFLOW_EXPERIMENT_NAME);
    const run = await mlflow.createRun(experiment, { runName: modelName });
    await mlflow.uploadArtifact(
      run,
      RunArtifact.Evaluation,
      JSON.stringify({
        test_window: { from_ts: FROM - 40 * 24 * HOUR, to_ts: FROM - 10 * 24 * HOUR, n: 700 },
        model: scores(0.0021),
        baselines: { persistence: scores(0.003), ewma: scores(0.0027), har: scores(0.0024) },
      }),
      'application/json',
    );
    await mlflow.endRun(run.run_id);
    await mlflow.ensureRegisteredModel(modelName);
    const version = await mlflow.createModelVersion(modelName, {
      source: `${run.artifact_uri}/model`,
      runId: run.run_id,
    });
    await mlflow.setAlias(modelName, ModelAlias.Champion, version.version);
    // its live scores, as the gateway's monitoring stores them
    await new ForecastMonitoringRepository(db.pool).save({
      model_name: modelName,
      model_version: version.version,
      ...MARKET,
      window_days: 7,
      from_ts: FROM - 7 * 24 * HOUR,
      to_ts: FROM - 25 * HOUR,
      origins: 144,
      model: scores(0.003),
      har: scores(0.0025),
      ewma: scores(0.0035),
      persistence: scores(0.004),
    });

    for (const key of ENV_KEYS) saved[key] = process.env[key];
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      REPORTS_BUCKET: reports.bucket,
      QUALITY_REPORTS_BUCKET: quality.bucket,
      MODEL_NAME: modelName,
      // no gateway there: with Prometheus holding nothing of 2025, the metrics are unavailable
      GATEWAY_METRICS_URL: `http://127.0.0.1:${await closedPort()}/metrics`,
    });
  }, 60_000);

  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
    await Promise.all([db?.drop(), reports?.drop(), quality?.drop(), scratch.remove()]);
  });

  describe('the report of a recorded day', () => {
    let result: ReportJson;
    let markdown: string;

    beforeAll(async () => {
      result = await reportJson('--date', DAY, '--output', scratch.file('out'));
      markdown = await readFile(scratch.file(`out/report-${DAY}.md`), 'utf8');
    }, 60_000);

    it('should write the Markdown and two PNG charts that decode to what was reported, none blank', async () => {
      expect(result.files.map((f) => f.path)).toEqual([
        scratch.file(`out/report-${DAY}.md`),
        scratch.file(`out/report-${DAY}-price-risk.png`),
        scratch.file(`out/report-${DAY}-forecast-realised.png`),
      ]);
      for (const file of result.files.slice(1)) {
        const bytes = await readFile(file.path);
        expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
        const png = PNG.sync.read(bytes);
        expect([png.width, png.height]).toEqual([file.width, file.height]);
        expect(png.width).toBeGreaterThan(1000);
        expect(coloursOf(png)).toBeGreaterThan(50);
      }
    });

    it("should summarise the day's recorded candles", async () => {
      const day = (await readCandleCsv(BTC_FILE)).filter((c) => c.ts >= FROM && c.ts < FROM + 24 * HOUR);
      const price = (x: number) =>
        x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

      expect(day).toHaveLength(24);
      expect(markdown).toContain('# Daily report: BTC/USDT 1h on binance, 2025-10-05');
      expect(markdown).toContain(
        `24 closed candles (00:00 → 23:00 UTC). Close ${price(day[0]!.close)} → ${price(day[23]!.close)}`,
      );
      expect(markdown).toContain(`![Price and heuristic risk score](report-${DAY}-price-risk.png)`);
      expect(markdown).toContain('Forecasts whose outcome is known: 12;');
    });

    it("should list the day's signals, predictions and alerts, and not the next day's", () => {
      expect(markdown).toContain('Heuristic signals served for the day: 6.');
      expect(markdown).toContain('| 2025-10-05T06:00:02Z | 05:00 | 0.5500 | 0.0040 | calm | heuristic |');
      expect(markdown).toContain('ML predictions served for the day: 12.');
      expect(markdown).toContain('2 alerts (1 high, 1 warning).');
      expect(markdown).toContain(
        '| 07:00 | rsi_overbought | warning | 81.2000 | 80.0000 | BTC/USDT 1h: rsi14 81.2 crossed 80 |',
      );
    });

    it('should give the champion against the baselines and the training decision', () => {
      expect(markdown).toMatch(
        new RegExp(`Champion: \\*\\*${modelName} v1\\*\\* \\(MLflow run \`[0-9a-f]+\`\\)`),
      );
      expect(markdown).toContain('| rmse | 0.002100 | 0.003000 | 0.002700 | 0.002400 |');
      expect(markdown).toContain(
        '| BTC/USDT 1h | 7 d | 144 | 0.0270 | 0.0225 | 0.0315 | 0.0360 | +20.00 % |',
      );
      expect(markdown).toContain(
        '| `binance-btc-usdt-1h-test-flow` | completed | champion | v1 | 0.018900 | beats persistence and EWMA on QLIKE |',
      );
    });

    it('should give the verdict of the latest quality report', () => {
      expect(markdown).toMatch(
        new RegExp(
          `Latest report \`s3://${quality.bucket}/binance/BTC-USDT/1h/[^\`]+\\.json\`, generated [^:]+:\\d\\d:[^:]+: \\*\\*PASS\\*\\* on 43779 candles`,
        ),
      );
    });

    it('should state that the service metrics are unavailable, and why', () => {
      expect(result.unavailable).toEqual([
        expect.stringMatching(
          /^Service metrics unavailable: Prometheus at \S+( has no sample of job "gateway" for the day|: .+); gateway metrics at http:\/\/127\.0\.0\.1:\d+\/metrics: ECONNREFUSED$/,
        ),
      ]);
      expect(markdown).toContain(`_${result.unavailable[0]}._`);
    });

    it('should store the report and its charts in MinIO', async () => {
      expect(result.stored).toEqual({
        bucket: reports.bucket,
        key: `${DAY}/binance/BTC-USDT/1h/report-${DAY}.md`,
      });
      expect((await reports.storage.getBytes(reports.bucket, result.stored!.key)).toString('utf8')).toBe(
        markdown,
      );
      const keys = (await reports.storage.list(reports.bucket)).map((o) => o.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          `${DAY}/binance/BTC-USDT/1h/report-${DAY}-price-risk.png`,
          `${DAY}/binance/BTC-USDT/1h/report-${DAY}-forecast-realised.png`,
          `${DAY}/binance/BTC-USDT/1h/manifest.json`,
        ]),
      );
    });
  });

  it('should report the day of the latest stored candle without --date', async () => {
    const result = await reportJson('--output', scratch.file('latest'));

    // the recording ends 2025-10-06 16:00 UTC
    expect(result.date).toBe('2025-10-06');
    expect(await readFile(scratch.file('latest/report-2025-10-06.md'), 'utf8')).toContain(
      '17 closed candles (00:00 → 16:00 UTC)',
    );
  }, 60_000);

  it.each([
    [['--date', '2025-02-30'], /^error: --date "2025-02-30" is not a calendar date YYYY-MM-DD\n$/],
    [['--date', 'yesterday'], /^error: --date "yesterday" is not a calendar date YYYY-MM-DD\n$/],
    [['--symbol', 'BTC-USDT-X'], /^error: .*BTC-USDT-X/],
  ])('should refuse %j with one line naming it', async (args, message) => {
    const { code, err } = await runCli('report', ...args, '--output', scratch.file('bad'));

    expect(code).toBe(1);
    expect(
      err
        .split('\n')
        .filter((l) => l.startsWith('error'))
        .join('\n') + '\n',
    ).toMatch(message);
  });
});
