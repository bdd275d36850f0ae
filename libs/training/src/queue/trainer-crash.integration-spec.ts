import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readCandleCsv } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { Channel, createRedisConnection, TrainingJob, type ModelEventMessage } from '@crypto/messaging';
import { SMOKE_MODEL_CONFIG } from '@crypto/model';
import { MlflowClient, ModelAlias } from '@crypto/registry';
import {
  CandleRepository,
  createTestDatabase,
  TrainingRunRepository,
  type TestDatabase,
} from '@crypto/storage';
import { until } from '@crypto/testing';
import { TRAIN_ATTEMPTS_TAG } from '../pipeline/steps/train.step';
import { TrainingJobs, type TrainingJobStatus } from './training-jobs';

// SPEC §7 / issue 14: a trainer killed (SIGKILL) in the middle of training, restarted at once, runs the step
// again within 60 s, and the flow completes once: one MLflow run (resumed), one version, one champion.
const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const MARKET = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
// The trainer's training worker as the trainer app wires it, as a process of its own to kill. It runs the
// lib's build (`make test` builds before the integration tests): decorator metadata, which the env's
// conversions need, comes from tsc, and the model threads run the built `model.thread.js`.
const WORKER = `
const { loadEnv } = require('@crypto/config');
const { createRedisConnection } = require('@crypto/messaging');
const t = require('./dist/index.js');
(async () => {
  const env = loadEnv(t.TrainingEnv);
  const runtime = await t.connectTrainingPipeline(env);
  const jobs = new t.TrainingJobs(createRedisConnection(env.REDIS_URL), {
    prefix: env.TRAINING_QUEUE_PREFIX, attempts: env.TRAINING_ATTEMPTS, backoffMs: env.TRAINING_BACKOFF_MS, runs: runtime.runs,
  });
  const worker = t.createTrainingWorker(runtime.pipeline, jobs, createRedisConnection(env.REDIS_URL), {
    prefix: env.TRAINING_QUEUE_PREFIX, lockDurationMs: env.TRAINING_JOB_LOCK_MS,
  });
  await worker.waitUntilReady();
  process.stdout.write('ready\\n');
})();
`;
const LOCK_MS = 10_000;

describe('a trainer killed mid-training (real services, real processes)', () => {
  const env = loadEnv(ServicesEnv);
  const tag = randomBytes(4).toString('hex');
  const modelName = `test-crash-${tag}`;
  const prefix = `test-crash-${tag}`;
  const mlflow = new MlflowClient(env.MLFLOW_TRACKING_URI);
  const redis = createRedisConnection(env.REDIS_URL);
  const subscriber = createRedisConnection(env.REDIS_URL);
  const announced: ModelEventMessage[] = [];
  const children: ChildProcess[] = [];
  let db: TestDatabase;
  let jobs: TrainingJobs;

  /** A training worker process on this test's database, queue and model; resolves once it listens. */
  const startWorker = (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['-e', WORKER], {
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TRAINING_QUEUE_PREFIX: prefix,
        TRAINING_JOB_LOCK_MS: String(LOCK_MS),
        TRAINING_ATTEMPTS: '2',
        TRAINING_BACKOFF_MS: '100',
        TRAINING_REFRESH_CANDLES: 'false',
        MODEL_NAME: modelName,
        MLFLOW_EXPERIMENT_NAME: `test-crash-${tag}`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
    });
  };
  const trainStep = (status: TrainingJobStatus) => status.steps.find((s) => s.name === TrainingJob.Train)!;

  beforeAll(async () => {
    db = await createTestDatabase();
    const candles = (await readCandleCsv(BTC_FILE)).slice(-2_500);
    await new CandleRepository(db.pool).upsert(
      MARKET,
      candles.map((c) => ({ ...c, isFinal: true })),
    );
    jobs = new TrainingJobs(redis, {
      prefix,
      attempts: 2,
      backoffMs: 100,
      runs: new TrainingRunRepository(db.pool),
    });
    await subscriber.subscribe(Channel.ModelEvents);
    subscriber.on('message', (_channel, message: string) => {
      const event = JSON.parse(message) as ModelEventMessage;
      if (event.model_name === modelName) announced.push(event);
    });
  }, 30_000);

  afterAll(async () => {
    children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
    await jobs?.queue.obliterate({ force: true }).catch(() => undefined);
    await jobs?.close();
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
    subscriber.disconnect();
    redis.disconnect();
    await db?.drop();
  });

  it('should run the killed step again within 60 s of the restart and complete the flow once', async () => {
    const first = await startWorker();
    // enough epochs that training is still running when the test kills it
    const { job_id } = await jobs.enqueue({
      ...MARKET,
      trigger: 'test',
      config: { ...SMOKE_MODEL_CONFIG, epochs: 40, patience: 40 },
    });
    await until(
      'training under way',
      async () => {
        const train = trainStep(await jobs.status(job_id));
        return train.state === 'active' && train.progress > 0;
      },
      90_000,
      100,
    );

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const restartedAt = Date.now();
    await startWorker();
    // until its lock expires the step still looks active; then stalled, then active on the new worker
    const resumed = await until(
      'the train step running again',
      async () => {
        const train = trainStep(await jobs.status(job_id));
        return train.stalls >= 1 && train.state === 'active' && Date.now();
      },
      60_000,
      100,
    );
    const resumedAfterMs = resumed - restartedAt;
    process.stdout.write(`train step resumed ${resumedAfterMs} ms after the restart\n`);
    expect(resumedAfterMs).toBeLessThan(60_000);

    const status = await until(
      'the flow finished',
      async () => {
        const s = await jobs.status(job_id);
        return (s.state === 'completed' || s.state === 'failed') && s;
      },
      120_000,
      200,
    );
    expect(status).toMatchObject({ state: 'completed', failed_reason: null });
    expect(trainStep(status)).toMatchObject({ state: 'completed', stalls: 1 });

    // one MLflow run, resumed once; one registered version; at most one champion, announced once
    const row = (await new TrainingRunRepository(db.pool).get(job_id))!;
    expect(row).toMatchObject({ status: 'completed', step: TrainingJob.Promote });
    const run = await mlflow.getRun(row.mlflow_run_id!);
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.tags).toEqual(expect.arrayContaining([{ key: TRAIN_ATTEMPTS_TAG, value: '2' }]));
    const versions = await mlflow.searchModelVersions(modelName);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ run_id: row.mlflow_run_id, version: row.model_version });
    const champion = await mlflow.getVersionByAlias(modelName, ModelAlias.Champion);
    if (row.decision === 'champion') {
      expect(champion?.version).toBe(row.model_version);
      expect(announced.filter((e) => e.type === 'champion_promoted')).toHaveLength(1);
    } else {
      expect(champion).toBeNull();
      expect(announced).toHaveLength(0);
    }
  }, 240_000);
});
