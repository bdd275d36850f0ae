import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createRedisConnection } from '@crypto/messaging';
import { initBackend } from '@crypto/model';
import { MlflowClient } from '@crypto/registry';
import {
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { until } from '@crypto/testing';
import { TrainingJobs } from '@crypto/training';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app';
import { promoteRecordedSmokeChampion } from '../testing/rest-test-app';

// The OpenAPI document at /docs-json against the gateway that serves it (issue 14): schemathesis, every phase
// (examples, coverage, fuzzing, stateful) and every check, on the real services with the offline emulator,
// must find nothing: no 5xx, no schema-valid request refused, no schema-violating one accepted, every answer
// as documented. A smoke champion of this file's own is served, so the ML operations answer 200 (their 503
// without a model is specified in the ML specs); trainings go to a queue of this file's own that no trainer
// reads, so `POST /v1/ml/train` queues and answers without anything training.
const ROOT = join(__dirname, '../../../..');
const VENV_SCRIPT = join(ROOT, 'scripts/contract/venv.sh');
const CONFIG = join(__dirname, 'schemathesis.toml');
// the last run's whole report (git-ignored), for the cases and warnings a passing run does not print
const REPORT = join(ROOT, '.local/logs/schemathesis.txt');
const ADMIN_KEY = 'contract-admin-key';
// cases per operation and phase: the whole run stays within about a minute on 2 cores
const MAX_EXAMPLES = process.env['CONTRACT_MAX_EXAMPLES'] ?? '25';
// fixed, so a failure is reproduced by the next run; CONTRACT_SEED explores others
const SEED = process.env['CONTRACT_SEED'] ?? '20261207';
const INSTALL_TIMEOUT_MS = 600_000;
const RUN_TIMEOUT_MS = 300_000;

interface StRun {
  code: number | null;
  output: string;
}

/** Runs `st` (its stdout and stderr together, as a terminal shows them). */
function runSchemathesis(st: string, args: string[], cwd: string): Promise<StRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

describe('the OpenAPI document against the gateway (schemathesis)', () => {
  const services = loadEnv(ServicesEnv);
  const tag = randomBytes(4).toString('hex');
  const modelName = `test-contract-${tag}`;
  const queuePrefix = `test-contract-${tag}`;
  const mlflow = new MlflowClient(services.MLFLOW_TRACKING_URI);
  let st: string;
  let workDir: string;
  let db: TestDatabase;
  let minio: TestObjectStorage;
  let t: EdgeTestApp;

  beforeAll(async () => {
    const [venv] = await Promise.all([
      promisify(execFile)('bash', [VENV_SCRIPT], { timeout: INSTALL_TIMEOUT_MS }),
      initBackend(),
    ]);
    st = venv.stdout.trim();
    workDir = await mkdtemp(join(tmpdir(), 'contract-'));
    [db, minio] = await Promise.all([createTestDatabase(), createTestObjectStorage()]);
    await promoteRecordedSmokeChampion({ db, minio }, modelName);
    t = await startEdgeTestApp(
      {
        DATABASE_URL: db.url,
        QUALITY_REPORTS_BUCKET: minio.bucket,
        ADMIN_API_KEYS: ADMIN_KEY,
        RATE_LIMIT_POINTS: '0',
        MODEL_NAME: modelName,
        TRAINING_QUEUE_PREFIX: queuePrefix,
      },
      { listen: true },
    );
    await until(
      'the champion served',
      async () => ((await t.app.inject({ url: '/v1/ml/model/info' })).json().model_loaded ? true : undefined),
      30_000,
    );
  }, INSTALL_TIMEOUT_MS + 180_000);

  afterAll(async () => {
    await t?.close();
    const redis = createRedisConnection(services.REDIS_URL);
    const jobs = new TrainingJobs(redis, { prefix: queuePrefix });
    await jobs.queue.obliterate({ force: true }).catch(() => undefined);
    await jobs.close();
    redis.disconnect();
    await Promise.all([db?.drop(), minio?.drop(), workDir && rm(workDir, { recursive: true, force: true })]);
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
  });

  it(
    'should find no failure in any phase',
    async () => {
      const port = (t.app.getHttpServer().address() as { port: number }).port;
      const run = await runSchemathesis(
        st,
        [
          '--config-file',
          CONFIG,
          'run',
          `http://127.0.0.1:${port}/docs-json`,
          '--checks',
          'all',
          '--phases',
          'examples,coverage,fuzzing,stateful',
          '--max-examples',
          MAX_EXAMPLES,
          '--seed',
          SEED,
          // one: with two, hypothesis parses its lambdas' sources in two threads at once, which CPython before
          // 3.11.9 / 3.12.1 can fail as `SystemError: AST constructor recursion depth mismatch` (gh-106905)
          '--workers',
          '1',
          '--header',
          `X-API-Key: ${ADMIN_KEY}`,
          '--generation-database',
          'none',
          '--no-color',
        ],
        workDir,
      );

      await mkdir(join(REPORT, '..'), { recursive: true });
      await writeFile(REPORT, run.output);
      // on failure the whole report: each failure with its curl reproduction
      if (run.code !== 0) throw new Error(`schemathesis exited with ${run.code}:\n${run.output}`);
      const cases = /Test cases:\s+(\d+ generated, \d+ passed[^\n]*)/.exec(run.output);
      expect(cases).not.toBeNull();
      const summary = /=+ (.* in [\d.]+s) =+/.exec(run.output)?.[1] ?? '';
      console.log(`schemathesis: ${cases![1]}; ${summary}; the report in ${REPORT}`);
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
