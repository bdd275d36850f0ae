import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { Partitioners } from 'kafkajs';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { QualityReportRepository } from '@crypto/market-data';
import {
  Channel,
  createKafka,
  createRedisConnection,
  Topic,
  type ModelEventMessage,
} from '@crypto/messaging';
import { initBackend, SMOKE_MODEL_CONFIG } from '@crypto/model';
import { ChampionModelLoader, MlflowClient, ModelAlias, ModelTag, ServingModel } from '@crypto/registry';
import {
  Bucket,
  CandleRepository,
  createTestDatabase,
  ObjectStorage,
  TrainingRunRepository,
  type TestDatabase,
} from '@crypto/storage';
import { StoredCandleProvider } from '../candles/candle-provider';
import { KafkaRedisModelEventPublisher } from '../events/model-event.publisher';
import { TrainingDataStore } from '../pipeline/training-data.store';
import type { ModelOps } from '../pipeline/model-ops';
import type { TrainingDeps } from '../pipeline/training-deps';
import { TrainingPipeline } from '../pipeline/training-pipeline';
import { RedisChampionLock, type ChampionLock } from '../promotion/champion-lock';
import { ChampionRollback, ROLLED_BACK } from '../promotion/champion-rollback';
import { FakeModelOps } from '../testing/fake-model-ops';
import { TrainingJobs, type TrainingJobStatus } from './training-jobs';
import { createTrainingWorker } from './training.worker';

// The training flow on the real services: PostgreSQL (fresh database), MinIO, MLflow (a registered model
// and an experiment of this test only), Redis (a BullMQ prefix of this test only) and Kafka.
const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const MARKET = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
// the last candles of the file (no gaps since 2023): the smoke configuration's three splits, and the
// 1,464 candles evaluateOnWindow wants before a window to fit HAR-RV's monthly component
const SLICE = 2_500;

describe('training flow (real services)', () => {
  const env = loadEnv(ServicesEnv);
  const tag = randomBytes(4).toString('hex');
  const modelName = `test-bilstm-${tag}`;
  // the fake model's tests register under their own name: a fake cannot read a real model's files
  const fakeModelName = `${modelName}-fake`;
  const raceModelName = `${modelName}-race`;
  const queuePrefix = `test-training-${tag}`;
  const mlflow = new MlflowClient(env.MLFLOW_TRACKING_URI);
  const objects = ObjectStorage.fromEnv(env);
  const kafka = createKafka(env, `training-test-${tag}`);
  const redis: IORedis[] = [];
  const connection = () => {
    const c = createRedisConnection(env.REDIS_URL);
    redis.push(c);
    return c;
  };
  const noticed: ModelEventMessage[] = [];
  let db: TestDatabase;
  let candles: Candle[];
  let publisher: KafkaRedisModelEventPublisher;
  const closers: (() => Promise<unknown>)[] = [];

  const deps = (overrides: Partial<TrainingDeps> = {}, name = modelName): TrainingDeps => ({
    candles: new StoredCandleProvider(new CandleRepository(db.pool)),
    data: new TrainingDataStore(objects),
    qualityReports: new QualityReportRepository(objects, Bucket.QualityReports, `test-${tag}/`),
    runs: new TrainingRunRepository(db.pool),
    mlflow,
    events: publisher,
    settings: {
      experimentName: `test-training-${tag}`,
      modelName: name,
      requireHar: false,
      codeVersion: 'test-sha',
      modelDefaults: SMOKE_MODEL_CONFIG,
    },
    ...overrides,
  });

  /** A queue and its worker running `pipeline`; the flow's status once its root finished. */
  let queues = 0;
  const startQueue = (pipeline: TrainingPipeline, attempts = 2) => {
    // a queue of its own: a worker of another pipeline must not take its jobs
    const prefix = `${queuePrefix}-${++queues}`;
    const jobs = new TrainingJobs(connection(), {
      prefix,
      attempts,
      backoffMs: 100,
      runs: new TrainingRunRepository(db.pool),
    });
    const worker: Worker = createTrainingWorker(pipeline, jobs, connection(), {
      prefix,
      lockDurationMs: 60_000,
      progressIntervalMs: 0,
    });
    closers.push(
      () => worker.close(),
      () => jobs.close(),
    );
    const finished = async (jobId: string): Promise<TrainingJobStatus> => {
      for (;;) {
        const status = await jobs.status(jobId);
        if (status.state === 'completed' || status.state === 'failed') return status;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    return { jobs, worker, finished };
  };

  beforeAll(async () => {
    await initBackend();
    db = await createTestDatabase();
    candles = (await readCandleCsv(BTC_FILE)).slice(-SLICE);
    await new CandleRepository(db.pool).upsert(
      MARKET,
      candles.map((c) => ({ ...c, isFinal: true })),
    );
    const subscriber = connection();
    await subscriber.subscribe(Channel.ModelEvents);
    subscriber.on('message', (_channel, message: string) => {
      const event = JSON.parse(message) as ModelEventMessage;
      if (event.model_name.startsWith(modelName)) noticed.push(event);
    });
    publisher = new KafkaRedisModelEventPublisher(
      kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }),
      connection(),
    );
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await publisher?.close();
    for (const name of [modelName, fakeModelName, raceModelName])
      await mlflow.deleteRegisteredModel(name).catch(() => undefined);
    for (const key of (await objects.list(Bucket.QualityReports, `test-${tag}/`)).map((o) => o.key))
      await objects.remove(Bucket.QualityReports, key);
    redis.forEach((c) => c.disconnect());
    await db?.drop();
  });

  it('should train the BiLSTM through every step and record the run, its artifacts and the version', async () => {
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    closers.push(() => kafkaAdmin.disconnect());
    const offsetsBefore = await kafkaAdmin.fetchTopicOffsets(Topic.ModelEvents);
    const { jobs, finished } = startQueue(new TrainingPipeline(deps()));

    const { job_id } = await jobs.enqueue({ ...MARKET, symbol: 'btcusdt', trigger: 'test' });
    await expect(jobs.enqueue({ ...MARKET, trigger: 'test' })).rejects.toThrow(/already training/);
    const status = await finished(job_id);

    expect(status).toMatchObject({ state: 'completed', progress: 100, failed_reason: null });
    expect(status.steps.map((s) => s.state)).toEqual(Array(7).fill('completed'));
    const decision = status.result!;
    const runId = status.mlflow_run_id!;

    // MLflow: params, one loss / val_loss per epoch, final metrics of the model and the baselines, tags
    const run = await mlflow.getRun(runId);
    const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      sequence_length: String(SMOKE_MODEL_CONFIG.sequenceLength),
      horizon: String(SMOKE_MODEL_CONFIG.horizon),
      epochs: String(SMOKE_MODEL_CONFIG.epochs),
      symbol: 'BTC/USDT',
      candles: String(SLICE),
    });
    const metrics = new Map((run.data.metrics ?? []).map((m) => [m.key, m.value]));
    for (const key of [
      'loss',
      'val_loss',
      'test_qlike',
      'test_rmse',
      'test_r2',
      'persistence_qlike',
      'ewma_qlike',
      'har_qlike',
      'gate_qlike',
    ])
      expect(Number.isFinite(metrics.get(key))).toBe(true);
    const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ [ModelTag.CodeVersion]: 'test-sha', [ModelTag.Decision]: decision.alias });
    expect(tags[ModelTag.DataHash]).toMatch(/^[0-9a-f]{64}$/);
    expect(tags[ModelTag.DataTo]).toBe(new Date(candles.at(-1)!.ts).toISOString());
    expect(tags[ModelTag.Backend]).toMatch(/^(tensorflow|wasm|cpu)$/);
    expect(run.info.status).toBe('FINISHED');

    // artifacts are in MinIO's mlflow bucket, behind the tracking server
    const keys = (await objects.list(Bucket.Mlflow, `${run.info.experiment_id}/${runId}/artifacts/`)).map(
      (o) => o.key.split('/artifacts/')[1],
    );
    expect(keys).toEqual(
      expect.arrayContaining([
        'model/model.json',
        'model/weights.bin',
        'model/preprocessing.json',
        'preprocessing.json',
        'evaluation.json',
      ]),
    );

    // the version exists under the alias the gate chose, with the reason when it lost
    const version = await mlflow.getVersionByAlias(modelName, decision.alias!);
    expect(version?.version).toBe(decision.version);
    expect(version?.run_id).toBe(runId);
    const row = await new TrainingRunRepository(db.pool).get(job_id);
    expect(row).toMatchObject({
      status: 'completed',
      decision: decision.alias,
      model_version: decision.version,
      mlflow_run_id: runId,
    });
    if (decision.promote) {
      const offsetsAfter = await kafkaAdmin.fetchTopicOffsets(Topic.ModelEvents);
      expect(Number(offsetsAfter[0]!.offset)).toBeGreaterThan(Number(offsetsBefore[0]!.offset));
      expect(noticed.at(-1)).toMatchObject({
        type: 'champion_promoted',
        version: decision.version,
        run_id: runId,
      });
    } else {
      expect(version?.tags).toEqual(
        expect.arrayContaining([{ key: ModelTag.RejectionReason, value: decision.reason }]),
      );
    }

    // what was registered loads, checksum verified
    const loaded = await new ChampionModelLoader(mlflow, modelName).load({ version: decision.version! });
    expect(loaded.info).toMatchObject({
      model_version: decision.version,
      run_id: runId,
      sequence_length: SMOKE_MODEL_CONFIG.sequenceLength,
      horizon: SMOKE_MODEL_CONFIG.horizon,
    });
    expect(loaded.model.predict(candles).prediction).toBeGreaterThan(0);
    loaded.model.dispose();
  }, 150_000);

  describe('with a model whose score the test chooses', () => {
    const fake = new FakeModelOps({ model: 0.3, persistence: 0.5, ewma: 0.45, har: 0.4 });
    const pipeline = () => new TrainingPipeline(deps({ model: fake as ModelOps }, fakeModelName));
    const serving = () => new ServingModel(new ChampionModelLoader(mlflow, fakeModelName, fake));
    let servedBefore: string | undefined;

    it('should make a candidate that beats every rival champion and tell the serving processes', async () => {
      fake.scores = { model: 0.1, persistence: 0.5, ewma: 0.45, har: 0.4 };
      const state = await pipeline().run({ ...MARKET, trigger: 'test' });
      expect(state.decision).toMatchObject({ promote: true, alias: 'champion' });
      expect((await mlflow.getVersionByAlias(fakeModelName, ModelAlias.Champion))?.version).toBe(
        state.decision!.version,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(noticed.at(-1)).toMatchObject({ type: 'champion_promoted', version: state.decision!.version });
      servedBefore = state.decision!.version!;
    });

    it('should register a challenger that loses the gate with its reason, and keep serving the champion', async () => {
      const sut = serving();
      await sut.reload();
      fake.scores = { model: 0.42, persistence: 0.5, ewma: 0.45, har: 0.4 };
      const state = await pipeline().run({ ...MARKET, trigger: 'test' });

      expect(state.decision).toMatchObject({ promote: false, alias: 'challenger' });
      expect(state.decision!.reason).toMatch(/does not beat champion v\d+/);
      const challenger = await mlflow.getVersionByAlias(fakeModelName, ModelAlias.Challenger);
      expect(challenger?.tags).toEqual(
        expect.arrayContaining([{ key: ModelTag.RejectionReason, value: state.decision!.reason }]),
      );
      expect((await mlflow.getVersionByAlias(fakeModelName, ModelAlias.Champion))?.version).toBe(
        servedBefore,
      );
      await expect(sut.reload()).resolves.toMatchObject({ changed: false });
      expect(sut.info?.model_version).toBe(servedBefore);
      sut.close();
    });

    it('should refuse a champion whose files were changed and keep serving the model it had', async () => {
      const sut = serving();
      await sut.reload();
      const champion = (await mlflow.getVersionByAlias(fakeModelName, ModelAlias.Champion))!;
      const run = await mlflow.getRun(champion.run_id!);
      const key = `${run.info.experiment_id}/${run.info.run_id}/artifacts/model/weights.bin`;
      await objects.putBytes(Bucket.Mlflow, key, Buffer.from([9, 9, 9, 9]));

      await expect(sut.reload({ force: true })).rejects.toMatchObject({
        code: 'BAD_ARTIFACT',
        message: expect.stringMatching(/sha256/),
      });
      expect(sut.info?.model_version).toBe(champion.version);
      await expect(sut.use((_model, info) => info.model_version)).resolves.toBe(champion.version);
      sut.close();
    });

    it('should retry a step while MLflow is unreachable, then fail the flow and leave the champion alone', async () => {
      const champion = (await mlflow.getVersionByAlias(fakeModelName, ModelAlias.Champion))!.version;
      // port 9 (discard) is closed on loopback: a real connection refusal
      const down = new MlflowClient('http://127.0.0.1:9', 1_000);
      const { jobs, finished } = startQueue(
        new TrainingPipeline(deps({ model: fake as ModelOps, mlflow: down }, fakeModelName)),
        2,
      );

      const { job_id } = await jobs.enqueue({ ...MARKET, trigger: 'test' });
      const status = await finished(job_id);

      expect(status).toMatchObject({ state: 'failed', step: 'train' });
      expect(status.steps.find((s) => s.name === 'train')).toMatchObject({ state: 'failed', attempts: 2 });
      expect(status.failed_reason).toMatch(/did not answer/);
      const row = await new TrainingRunRepository(db.pool).get(job_id);
      expect(row).toMatchObject({ status: 'failed', step: 'train', decision: null });
      expect((await mlflow.getVersionByAlias(fakeModelName, ModelAlias.Champion))?.version).toBe(champion);
      // the market is free again
      await expect(jobs.lock.holder(MARKET)).resolves.toBeNull();
    }, 30_000);
  });

  describe('two changes of the champion at once', () => {
    const fake = new FakeModelOps({ model: 0.3, persistence: 0.5, ewma: 0.45, har: 0.4 });
    // each on a Redis connection of its own, as two trainers (or a trainer and the gateway) hold it
    const lockOf = () => new RedisChampionLock(connection(), { pollMs: 20 });
    const pipeline = (championLock: ChampionLock) =>
      new TrainingPipeline(deps({ model: fake as ModelOps, championLock }, raceModelName));
    const champion = async () =>
      (await mlflow.getVersionByAlias(raceModelName, ModelAlias.Champion))?.version;
    /** `champion_promoted` / `champion_rolled_back` of this model as the serving processes saw them, once n */
    const changes = async (n: number) => {
      for (let waited = 0; waited < 5_000; waited += 50) {
        const seen = noticed.filter((e) => e.model_name === raceModelName);
        if (seen.length >= n) return seen.map((e) => [e.type, e.previous_version, e.version]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`fewer than ${n} model events of ${raceModelName} after 5 s`);
    };
    /**
     * Lets the holders of the locks it wraps ask for them only once all `parties` have come: each has read the
     * champion it decides on (the evaluate step re-scored it, the rollback is about to), so the lock alone
     * stands between two decisions on one champion.
     */
    const raceOf = (parties: number) => {
      let arrived = 0;
      let start!: () => void;
      const all = new Promise<void>((resolve) => (start = resolve));
      return (inner: ChampionLock): ChampionLock => ({
        hold: async (model, who, change, options) => {
          if (++arrived === parties) start();
          await all;
          return inner.hold(model, who, change, options);
        },
      });
    };
    const request = { ...MARKET, trigger: 'test' } as const;
    let first: string;

    it('should decide two racing promotions one after the other: one champion, the other its challenger', async () => {
      const seed = await pipeline(lockOf()).run(request);
      first = seed.decision!.version!;
      fake.scores.model = 0.2;
      const race = raceOf(2);

      const states = await Promise.all([
        pipeline(race(lockOf())).run(request),
        pipeline(race(lockOf())).run(request),
      ]);

      const winner = states.find((s) => s.decision!.promote);
      const loser = states.find((s) => !s.decision!.promote);
      expect(winner).toBeDefined();
      const won = winner!.decision!.version!;
      expect(loser?.champion?.version).toBe(won); // evaluated against the first, re-scored the winner
      expect(loser?.decision).toMatchObject({
        alias: 'challenger',
        reason: expect.stringContaining(`does not beat champion v${won} (0.2000 ≥ 0.2000)`),
      });
      expect(await champion()).toBe(won);
      expect(await changes(2)).toEqual([
        ['champion_promoted', null, first],
        ['champion_promoted', first, won],
      ]);
      const runs = new TrainingRunRepository(db.pool);
      await expect(runs.get(winner!.flow_id)).resolves.toMatchObject({
        decision: 'champion',
        model_version: won,
      });
      await expect(runs.get(loser!.flow_id)).resolves.toMatchObject({
        decision: 'challenger',
        model_version: loser!.decision!.version,
      });
    });

    it('should decide a promotion and a rollback racing one after the other, and record both', async () => {
      const before = (await champion())!;
      fake.scores.model = 0.1;
      const race = raceOf(2);
      const rollback = new ChampionRollback({
        registry: mlflow,
        runs: new TrainingRunRepository(db.pool),
        events: publisher,
        modelName: raceModelName,
        championLock: race(lockOf()),
      });

      const [promoted, rolled] = await Promise.all([
        pipeline(race(lockOf())).run(request),
        rollback.rollback({ reason: 'race test' }),
      ]);

      // each change was decided on the champion the other left: the chain of events has no fork
      const [, , a, b] = await changes(4);
      expect(a![1]).toBe(before);
      expect(b![1]).toBe(a![2]);
      expect(await champion()).toBe(b![2]);
      const version = promoted.decision!.version!;
      expect(promoted.decision).toMatchObject({ promote: true, alias: 'champion' });
      expect([a![0], b![0]].sort()).toEqual(['champion_promoted', 'champion_rolled_back']);
      const demoted = await mlflow.getModelVersion(raceModelName, rolled.previous_version);
      expect(demoted.tags).toEqual(
        expect.arrayContaining([
          { key: ModelTag.Decision, value: ROLLED_BACK },
          { key: 'crypto.rollback_reason', value: 'race test' },
        ]),
      );
      if (a![0] === 'champion_promoted') {
        // promoted first, then rolled back: the rollback demoted the new version back to the one before
        expect(rolled).toMatchObject({ previous_version: version, model_version: before });
      } else {
        // rolled back first: the promotion re-scored the restored champion and beat it
        expect(rolled.previous_version).toBe(before);
        expect(promoted.decision!.reason).toContain(`champion v${rolled.model_version} (0.1000 < 0.3000)`);
      }
      const row = await new TrainingRunRepository(db.pool).get(promoted.flow_id);
      expect(row).toMatchObject({ status: 'completed', model_version: version });
    });
  });
});
