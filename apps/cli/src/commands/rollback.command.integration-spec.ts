import { randomBytes } from 'node:crypto';
import { readCandleCsv } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { Channel, createRedisConnection } from '@crypto/messaging';
import { MlflowClient, ModelAlias } from '@crypto/registry';
import {
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { until } from '@crypto/testing';
import { promoteSmokeChampion, ROLLED_BACK } from '@crypto/training';
import { BTC_FILE, runCli } from '../testing/cli-harness';

// `rollback` on the real MLflow, PostgreSQL (a fresh database), Kafka and Redis: two smoke versions trained and
// promoted through the real pipeline, then the second rolled back to the first.
const ENV_KEYS = ['DATABASE_URL', 'MODEL_NAME'] as const;

describe('rollback command', () => {
  const services = loadEnv(ServicesEnv);
  const modelName = `test-cli-rollback-${randomBytes(4).toString('hex')}`;
  const mlflow = new MlflowClient(services.MLFLOW_TRACKING_URI);
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  const notices: string[] = [];
  const versions: { first?: string; second?: string } = {};
  let db: TestDatabase;
  let minio: TestObjectStorage;
  let subscriber: ReturnType<typeof createRedisConnection>;

  beforeAll(async () => {
    [db, minio] = await Promise.all([createTestDatabase(), createTestObjectStorage()]);
    const candles = (await readCandleCsv(BTC_FILE)).slice(-2_500);
    const promote = () =>
      promoteSmokeChampion({ databaseUrl: db.url, pool: db.pool, storage: minio, modelName, candles });
    versions.first = await promote();
    // without the first's alias the gate compares the second with the baselines only: it is promoted too
    await mlflow.deleteAlias(modelName, ModelAlias.Champion);
    versions.second = await promote();
    subscriber = createRedisConnection(services.REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) => notices.push(message));
    await subscriber.subscribe(Channel.ModelEvents);
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    Object.assign(process.env, { DATABASE_URL: db.url, MODEL_NAME: modelName });
  }, 180_000);

  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    subscriber?.disconnect();
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
    await Promise.all([db?.drop(), minio?.drop()]);
  });

  it('should refuse a version that is not a number, changing nothing', async () => {
    const { code, err } = await runCli('rollback', '--version', 'v1');

    expect(code).toBe(1);
    expect(err).toMatch(/--version "v1" is not a model version number/);
    expect((await mlflow.getVersionByAlias(modelName, ModelAlias.Champion))?.version).toBe(versions.second);
  });

  it('should put the previous champion back, record why, and announce it', async () => {
    const { code, out } = await runCli('rollback', '--reason', 'v2 overshoots', '--json');

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      success: true,
      message: `${modelName} champion rolled back from version ${versions.second} to ${versions.first}: v2 overshoots`,
      model_version: versions.first,
      previous_version: versions.second,
    });
    expect((await mlflow.getVersionByAlias(modelName, ModelAlias.Champion))?.version).toBe(versions.first);
    const { rows } = await db.pool.query<{ decision: string; reason: string }>(
      'SELECT decision, reason FROM training_runs WHERE model_version = $1',
      [versions.second],
    );
    expect(rows).toEqual([
      { decision: ROLLED_BACK, reason: expect.stringMatching(/^rolled back to v\d+ at .+: v2 overshoots$/) },
    ]);
    await until('the Redis notice', async () =>
      notices.some(
        (n) => JSON.parse(n).type === 'champion_rolled_back' && JSON.parse(n).model_name === modelName,
      ),
    );
  });

  it('should refuse a second rollback naming why', async () => {
    const { code, err } = await runCli('rollback');

    expect(code).toBe(1);
    expect(err).toMatch(/no earlier version was champion: name a version to roll back to/);
  });
});
