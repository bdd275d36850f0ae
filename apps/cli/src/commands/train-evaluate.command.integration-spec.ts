import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { MlflowClient } from '@crypto/registry';
import { createTestDatabase, type TestDatabase } from '@crypto/storage';
import { BTC_FILE, runCli, ScratchDir } from '../testing/cli-harness';

// `train` then `evaluate` on the real PostgreSQL (a fresh database), MinIO, MLflow (a registered model and an
// experiment of this test only), Kafka and Redis, on the recorded BTC file: trained on 2,600 candles, then
// scored on them and on the 2,534 that follow (the file's last), which the model never saw.
const ENV_KEYS = ['DATABASE_URL', 'MODEL_NAME', 'MLFLOW_EXPERIMENT_NAME'] as const;

describe('train and evaluate commands', () => {
  const tag = randomBytes(4).toString('hex');
  const modelName = `test-cli-bilstm-${tag}`;
  const mlflow = new MlflowClient(loadEnv(ServicesEnv).MLFLOW_TRACKING_URI);
  const scratch = new ScratchDir();
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  let db: TestDatabase;
  let slice: string;
  let recent: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await scratch.create();
    const lines = (await readFile(BTC_FILE, 'utf8')).trimEnd().split('\n');
    const csv = (rows: string[]) => [lines[0], ...rows].join('\n') + '\n';
    slice = await scratch.write('btc-slice.csv', csv(lines.slice(-2_534 - 2_600, -2_534)));
    recent = await scratch.write('btc-recent.csv', csv(lines.slice(-2_534)));
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      MODEL_NAME: modelName,
      MLFLOW_EXPERIMENT_NAME: `test-cli-${tag}`,
    });
  });

  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
    await scratch.remove();
    await db?.drop();
  });

  it('should train once, print the evaluation table and the run, then score the champion as JSON', async () => {
    const train = await runCli('train', '--input', slice, '--epochs', '1');
    expect(train.code).toBe(0);
    expect(train.err).toMatch(/\[train\]/);
    expect(train.out).toMatch(/^bilstm\s+\S+\s+\S+\s+\S+\s+\S+$/m);
    for (const baseline of ['persistence', 'ewma', 'har'])
      expect(train.out).toMatch(new RegExp(`^${baseline}\\s`, 'm'));
    const runId = /MLflow run ([0-9a-f]{32})/.exec(train.out)?.[1];
    const run = await mlflow.getRun(runId!);
    expect(run.info.status).toBe('FINISHED');
    const params = new Map(run.data?.params?.map((p) => [p.key, Number(p.value)]));
    for (const key of ['har_intercept', 'har_daily', 'har_weekly', 'har_monthly', 'har_fit_origins'])
      expect(Number.isFinite(params.get(key))).toBe(true);
    const alias = /version 1: (champion|challenger)/.exec(train.out)?.[1];
    expect(alias).toBeDefined();

    const evaluate = await runCli('evaluate', '--input', slice, '--model-version', '1', '--json');
    expect(evaluate.code).toBe(0);
    const result = JSON.parse(evaluate.out) as { model_version: string; n: number; model: { qlike: number } };
    expect(result).toMatchObject({
      model_version: '1',
      har: 'stored',
      baselines: { persistence: {}, ewma: {}, har: {} },
    });
    expect(result.n).toBeGreaterThan(0);
    expect(result.model.qlike).toBeGreaterThan(0);

    // its own test window has the 1,463 candles before it that a refit needs: today's behaviour
    const refit = await runCli(
      'evaluate',
      '--input',
      slice,
      '--model-version',
      '1',
      '--har',
      'refit',
      '--json',
    );
    expect(refit.code).toBe(0);
    expect(JSON.parse(refit.out)).toMatchObject({ har: 'refit', n: result.n, model: result.model });
  }, 120_000);

  // uses version 1, trained by the test above
  it('should score the 2,534 later candles with the stored HAR-RV, their first 767 only as history', async () => {
    const { code, out } = await runCli('evaluate', '--input', recent, '--model-version', '1', '--json');

    expect(code).toBe(0);
    const result = JSON.parse(out) as { har: string; n: number; model: { qlike: number } };
    // origins from the 768th candle (720 + L 48 − 1 before it), each with H = 24 candles of target after it
    expect(result).toMatchObject({ model_version: '1', har: 'stored', n: 2_534 - 767 - 24 });
    expect(result.model.qlike).toBeGreaterThan(0);
  }, 60_000);

  it('should refuse the 2,534 later candles with --har refit, naming the shortfall', async () => {
    const { code, err } = await runCli(
      'evaluate',
      '--input',
      recent,
      '--model-version',
      '1',
      '--har',
      'refit',
    );

    expect(code).toBe(1);
    expect(err).toMatch(
      /HAR-RV refit needs 720 fitted origins .* 1463 candles before it: 767 precede it, 696 short/,
    );
    expect(err).toMatch(/--har stored/);
  }, 60_000);

  it.each([
    ['a version that does not exist', ['--model-version', '999'], /version 999/],
    ['a missing --input', [], /required option '--input <file>'/],
    ['an unknown --har', ['--har', 'latest'], /'--har <source>' argument 'latest' is invalid.*stored, refit/],
  ])('should refuse %s', async (_case, args, message) => {
    const { code, err } = await runCli('evaluate', ...(args.length ? ['--input', slice, ...args] : args));
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });
});
