import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { MlflowClient } from '@crypto/registry';
import { createTestDatabase, type TestDatabase } from '@crypto/storage';
import { BTC_FILE, runCli, ScratchDir } from '../testing/cli-harness';

// `train` then `evaluate` on the real PostgreSQL (a fresh database), MinIO, MLflow (a registered model and an
// experiment of this test only), Kafka and Redis, on the last candles of the recorded BTC file.
const ENV_KEYS = ['DATABASE_URL', 'MODEL_NAME', 'MLFLOW_EXPERIMENT_NAME'] as const;

describe('train and evaluate commands', () => {
  const tag = randomBytes(4).toString('hex');
  const modelName = `test-cli-bilstm-${tag}`;
  const mlflow = new MlflowClient(loadEnv(ServicesEnv).MLFLOW_TRACKING_URI);
  const scratch = new ScratchDir();
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  let db: TestDatabase;
  let slice: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await scratch.create();
    const lines = (await readFile(BTC_FILE, 'utf8')).trimEnd().split('\n');
    slice = await scratch.write('btc-slice.csv', [lines[0], ...lines.slice(-2_600)].join('\n') + '\n');
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
    expect((await mlflow.getRun(runId!)).info.status).toBe('FINISHED');
    const alias = /version 1: (champion|challenger)/.exec(train.out)?.[1];
    expect(alias).toBeDefined();

    const evaluate = await runCli('evaluate', '--input', slice, '--model-version', '1', '--json');
    expect(evaluate.code).toBe(0);
    const result = JSON.parse(evaluate.out) as { model_version: string; n: number; model: { qlike: number } };
    expect(result).toMatchObject({ model_version: '1', baselines: { persistence: {}, ewma: {}, har: {} } });
    expect(result.n).toBeGreaterThan(0);
    expect(result.model.qlike).toBeGreaterThan(0);
  }, 120_000);

  it.each([
    ['a version that does not exist', ['--model-version', '999'], /version 999/],
    ['a missing --input', [], /required option '--input <file>'/],
  ])('should refuse %s', async (_case, args, message) => {
    const { code, err } = await runCli('evaluate', ...(args.length ? ['--input', slice, ...args] : args));
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });
});
