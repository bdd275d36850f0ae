import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import type IORedis from 'ioredis';
import request from 'supertest';
import type { Candle } from '@crypto/candles';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { QualityReportRepository } from '@crypto/market-data';
import { Channel, createRedisConnection, type ModelEventMessage } from '@crypto/messaging';
import { initBackend, SMOKE_MODEL_CONFIG } from '@crypto/model';
import { ChampionModelLoader, MlflowClient, ModelAlias, ModelTag } from '@crypto/registry';
import { Bucket, CandleRepository, ObjectStorage } from '@crypto/storage';
import { sleep, until } from '@crypto/testing';
import {
  connectTrainingPipeline,
  createTrainingWorker,
  TrainingDataStore,
  TrainingEnv,
  TrainingJobs,
  type TrainingJobStatus,
  type TrainingRuntime,
} from '@crypto/training';
import { ADMIN_KEY, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';

// The ML lifecycle end to end on the real services: a smoke-sized training flow queued through the gateway's
// REST API, run by a real BullMQ worker (the trainer's createTrainingWorker) on a slice of the BTC file,
// logged to MLflow (artifacts in MinIO) and promoted; the gateway loads the champion from the Redis
// model event without a restart and serves the same forecast the model library computes offline.
// A registered model, experiment and queue prefix of this file only: the platform's champion is not touched.
const MARKET = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
// the last candles of the file: the smoke configuration's splits plus HAR-RV's monthly warm-up
const SLICE = 2_500;

const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;

/** A TCP relay to MLflow that can be switched on and off: MLflow "going away" and coming back. */
class SwitchableRelay {
  private server: TcpServer | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  static async onFreePort(target: URL): Promise<SwitchableRelay> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return new SwitchableRelay(port, target);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async on(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async off(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    if (this.server) await new Promise((resolve) => this.server!.close(resolve));
    this.server = undefined;
  }
}

describe('the champion served by the gateway and the training endpoints (real services)', () => {
  const services = loadEnv(ServicesEnv);
  const tag = randomBytes(4).toString('hex');
  const modelName = `test-gateway-${tag}`;
  const queuePrefix = `test-gateway-${tag}`;
  const mlflow = new MlflowClient(services.MLFLOW_TRACKING_URI);
  const objects = ObjectStorage.fromEnv(services);
  const redis: IORedis[] = [];
  const connection = () => {
    const c = createRedisConnection(services.REDIS_URL);
    redis.push(c);
    return c;
  };
  let t: RestTestApp;
  let slice: Candle[];
  let runtime: TrainingRuntime;
  let workerJobs: TrainingJobs;
  let worker: ReturnType<typeof createTrainingWorker>;
  /** the champion the flow promoted, then the versions this file registers */
  const versions: { champion?: string; second?: string; runId?: string; jobId?: string } = {};

  const mlSignal = () => request(t.server).post('/v1/crypto/ml-signal').send({ symbol: 'BTCUSDT' });
  const servedVersion = async () =>
    (await request(t.server).get('/v1/ml/model/info').expect(200)).body.model_version as string | null;

  beforeAll(async () => {
    await initBackend();
    // the gateway reloads only on a model event here: no retry or periodic check would find the champion first
    t = await startRestTestApp({
      MODEL_NAME: modelName,
      TRAINING_QUEUE_PREFIX: queuePrefix,
      TRAINING_ATTEMPTS: '1',
      MODEL_RETRY_MIN_MS: '600000',
      MODEL_RETRY_MAX_MS: '600000',
      MODEL_CHECK_INTERVAL_S: '0',
    });
    slice = t.recorded.slice(-SLICE);
    await new CandleRepository(t.db.pool).upsert(
      MARKET,
      slice.map((c) => ({ ...c, isFinal: true })),
    );
    // the trainer: the pipeline on the test database and bucket, the smoke configuration, a worker
    const trainingEnv = loadEnv(TrainingEnv, {
      ...process.env,
      DATABASE_URL: t.db.url,
      MODEL_NAME: modelName,
      MLFLOW_EXPERIMENT_NAME: `test-gateway-${tag}`,
      TRAINING_REFRESH_CANDLES: 'false',
      GIT_SHA: 'test-sha',
    });
    runtime = await connectTrainingPipeline(trainingEnv, {
      data: new TrainingDataStore(t.minio.storage, { raw: t.minio.bucket, processed: t.minio.bucket }),
      qualityReports: new QualityReportRepository(t.minio.storage, t.minio.bucket),
      settings: {
        experimentName: trainingEnv.MLFLOW_EXPERIMENT_NAME,
        modelName,
        requireHar: false,
        codeVersion: 'test-sha',
        modelDefaults: SMOKE_MODEL_CONFIG,
      },
    });
    workerJobs = new TrainingJobs(connection(), { prefix: queuePrefix });
    worker = createTrainingWorker(runtime.pipeline, workerJobs, connection(), {
      prefix: queuePrefix,
      lockDurationMs: 60_000,
      progressIntervalMs: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await workerJobs?.queue.obliterate({ force: true }).catch(() => undefined);
    await workerJobs?.close();
    await runtime?.close();
    await t?.close();
    redis.forEach((c) => c.disconnect());
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
  });

  describe('before any champion exists', () => {
    it('should answer 503 on the ML endpoints and serve everything else', async () => {
      const res = await mlSignal().expect(503);

      expect(res.body.message).toMatch(/^no ML model is loaded/);
      await request(t.server).get('/v1/crypto/signals/compare').expect(503);
      await request(t.server).post('/v1/crypto/signal').send({ symbol: 'BTCUSDT' }).expect(200);
      expect((await request(t.server).get('/health').expect(200)).body.ml_available).toBe(false);
      expect(await servedVersion()).toBeNull();
    });

    it('should answer 503 to a reload naming the missing champion', async () => {
      const res = await request(t.server).post('/v1/ml/model/reload').set('X-API-Key', ADMIN_KEY).expect(503);

      expect(res.body.message).toBe(
        `reloading the champion failed (no model registered as ${modelName}@champion); no model is served`,
      );
    });
  });

  describe('POST /v1/ml/train refusals', () => {
    it.each([
      ['no key', {}],
      ['a wrong key', { 'X-API-Key': 'nope' }],
    ])('should answer 401 with %s', async (_what, headers) => {
      await request(t.server).post('/v1/ml/train').set(headers).send({ symbol: 'BTCUSDT' }).expect(401);
    });

    it.each([
      [{ symbol: 'BTC' }, /^symbol "BTC" is not a trading pair/],
      [{ timeframe: '7x' }, /timeframe/],
      [{ epochs: 0 }, /^epochs must not be less than 1$/],
      [{ epochs: 'many' }, /^epochs must be an integer number$/],
      [{ limit: 1_000_001 }, /^limit must not be greater than 100000$/],
      [{ register: 'maybe' }, /^register must be a boolean value$/],
    ])('should answer 400 to %j naming the field', async (body, message) => {
      const res = await request(t.server)
        .post('/v1/ml/train')
        .set('X-API-Key', ADMIN_KEY)
        .send(body)
        .expect(400);

      expect(res.body.message).toMatch(message);
    });

    it('should answer 404 for a job it never queued', async () => {
      const res = await request(t.server).get('/v1/ml/train/binance-btc-usdt-1h-0-000000').expect(404);

      expect(res.body).toEqual({
        error: 'Not Found',
        message: 'no training job binance-btc-usdt-1h-0-000000',
        path: '/v1/ml/train/binance-btc-usdt-1h-0-000000',
      });
    });
  });

  describe('a training flow queued through the gateway', () => {
    let final: TrainingJobStatus;
    const progress: number[] = [];
    const states = new Set<string>();

    it('should queue it, refuse a second one for the market, and report its progress to completion', async () => {
      const res = await request(t.server)
        .post('/v1/ml/train')
        .set('X-API-Key', ADMIN_KEY)
        .send({ symbol: 'btcusdt', timeframe: '1h' })
        .expect(200);
      const jobId = res.body.job_id as string;
      expect(res.body).toEqual({ job_id: expect.stringMatching(/^binance-btc-usdt-1h-\d+-[0-9a-f]{6}$/) });
      const again = await request(t.server)
        .post('/v1/ml/train')
        .set('X-API-Key', ADMIN_KEY)
        .send({ symbol: 'BTC/USDT' })
        .expect(409);
      expect(again.body.message).toBe(`BTC/USDT 1h on binance is already training (job ${jobId})`);

      final = await until(
        'the flow to finish',
        async () => {
          const status = (await request(t.server).get(`/v1/ml/train/${jobId}`).expect(200))
            .body as TrainingJobStatus;
          progress.push(status.progress);
          states.add(status.state);
          return status.state === 'completed' || status.state === 'failed' ? status : undefined;
        },
        90_000,
      );

      expect(final).toMatchObject({ job_id: jobId, state: 'completed', step: 'promote', progress: 100 });
      expect(final.request).toMatchObject({ ...MARKET, trigger: 'api' });
      expect(states.has('active')).toBe(true);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(new Set(progress).size).toBeGreaterThan(2);
      // the smoke model beats persistence and EWMA on this slice by a wide margin (QLIKE ~0.42 vs ~0.56)
      expect(final.result).toMatchObject({ promote: true, alias: 'champion' });
      versions.champion = final.result!.version!;
      versions.runId = final.mlflow_run_id!;
      versions.jobId = jobId;
    }, 100_000);

    it('should record the MLflow run with params, per-epoch losses and the final metrics of model and baselines', async () => {
      const run = await mlflow.getRun(versions.runId!);
      const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
      const metrics = new Map((run.data.metrics ?? []).map((m) => [m.key, m.value]));

      expect(params).toMatchObject({
        symbol: 'BTC/USDT',
        candles: String(SLICE),
        sequence_length: String(SMOKE_MODEL_CONFIG.sequenceLength),
        horizon: String(SMOKE_MODEL_CONFIG.horizon),
        epochs: String(SMOKE_MODEL_CONFIG.epochs),
      });
      const epochs = metrics.get('epochs_run')!;
      expect(epochs).toBeGreaterThanOrEqual(1);
      for (const key of ['loss', 'val_loss']) {
        const history = await metricHistory(services.MLFLOW_TRACKING_URI, versions.runId!, key);
        // one point per epoch run
        expect(history).toHaveLength(epochs);
        expect(new Set(history.map((h) => h.step)).size).toBe(epochs);
        history.forEach((h) => expect(Number.isFinite(h.value)).toBe(true));
      }
      for (const prefix of ['test', 'persistence', 'ewma', 'har'])
        for (const metric of ['rmse', 'mae', 'qlike', 'r2'])
          expect(Number.isFinite(metrics.get(`${prefix}_${metric}`))).toBe(true);
      expect(run.info.status).toBe('FINISHED');
    });

    it("should keep the run's artifacts in MinIO's mlflow bucket and register the champion", async () => {
      const run = await mlflow.getRun(versions.runId!);
      const keys = (
        await objects.list(Bucket.Mlflow, `${run.info.experiment_id}/${versions.runId}/artifacts/`)
      ).map((o) => o.key.split('/artifacts/')[1]);

      expect(keys).toEqual(
        expect.arrayContaining([
          'model/model.json',
          'model/weights.bin',
          'model/preprocessing.json',
          'preprocessing.json',
          'evaluation.json',
        ]),
      );
      const champion = await mlflow.getVersionByAlias(modelName, ModelAlias.Champion);
      expect(champion).toMatchObject({ version: versions.champion, run_id: versions.runId });
    });

    it('should list the run with its metrics and promotion decision in GET /v1/ml/runs', async () => {
      const res = await request(t.server).get('/v1/ml/runs').query({ n: 5 }).expect(200);

      expect(res.body[0]).toMatchObject({
        job_id: versions.jobId,
        mlflow_run_id: versions.runId,
        status: 'completed',
        decision: 'champion',
        model_version: versions.champion,
        metrics: { qlike: expect.any(Number), rmse: expect.any(Number) },
        baselines: { persistence: { qlike: expect.any(Number) }, ewma: { qlike: expect.any(Number) } },
        reason: expect.stringMatching(/^QLIKE beats persistence/),
        finished_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      await request(t.server).get('/v1/ml/runs').query({ n: 0 }).expect(400);
    });
  });

  describe('serving the promoted champion', () => {
    it('should load it from the model event, without a restart or a reload call', async () => {
      await until('the gateway to serve the champion', async () =>
        (await servedVersion()) === versions.champion ? true : undefined,
      );

      const info = (await request(t.server).get('/v1/ml/model/info').expect(200)).body;
      expect(info).toMatchObject({
        model_loaded: true,
        model_name: modelName,
        model_version: versions.champion,
        alias: 'champion',
        run_id: versions.runId,
        sequence_length: SMOKE_MODEL_CONFIG.sequenceLength,
        horizon: SMOKE_MODEL_CONFIG.horizon,
        baselines: { persistence: { qlike: expect.any(Number) } },
      });
      const metrics = (await request(t.server).get('/metrics').expect(200)).text;
      expect(metrics).toContain(`ml_model_loaded{version="${versions.champion}",app="gateway"} 1`);
      expect((await request(t.server).get('/health').expect(200)).body.ml_available).toBe(true);
    }, 30_000);

    it('should answer ml-signal with that version and the forecast the model library computes offline', async () => {
      const res = await mlSignal().expect(200);

      const offline = await new ChampionModelLoader(mlflow, modelName).load({ version: versions.champion! });
      const expected = offline.model.predict(slice);
      offline.model.dispose();
      expect(res.body.model_version).toBe(versions.champion);
      expect(res.body.ml_prediction).toMatchObject({
        prediction: expected.prediction,
        current_volatility: expected.current_volatility,
        confidence: expected.confidence,
        volatility_regime: expected.volatility_regime,
        prediction_timestamp: new Date(slice.at(-1)!.ts).toISOString(),
      });
      await request(t.server).get('/v1/crypto/signals/compare').expect(200);
    });

    it('should answer GraphQL modelInfo and generateMlSignal with it', async () => {
      const res = await request(t.server)
        .post('/graphql')
        .send({
          query: `mutation { generateMlSignal(input: {symbol: "BTCUSDT"}) { modelVersion mlPrediction { prediction } error } }`,
        })
        .expect(200);
      const info = await request(t.server)
        .post('/graphql')
        .send({ query: '{ modelInfo { modelLoaded modelVersion modelName } }' })
        .expect(200);

      expect(res.body.data.generateMlSignal).toMatchObject({ modelVersion: versions.champion, error: null });
      expect(res.body.data.generateMlSignal.mlPrediction.prediction).toBeGreaterThan(0);
      expect(info.body.data.modelInfo).toEqual({
        modelLoaded: true,
        modelVersion: versions.champion,
        modelName,
      });
    });
  });

  describe('POST /v1/ml/model/reload', () => {
    /** registers the champion's files again as a new version (tags as given) and points the alias at it */
    const registerAgain = async (tags: Record<string, string>): Promise<string> => {
      const champion = await mlflow.getModelVersion(modelName, versions.champion!);
      const version = await mlflow.createModelVersion(modelName, {
        source: champion.source,
        runId: champion.run_id!,
        tags,
      });
      await mlflow.setAlias(modelName, ModelAlias.Champion, version.version);
      return version.version;
    };

    it('should swap to the version the alias names while every request in flight is answered', async () => {
      const champion = await mlflow.getModelVersion(modelName, versions.champion!);
      const checksum = champion.tags.find((tag) => tag.key === ModelTag.ArtifactsSha256)!.value;
      versions.second = await registerAgain({ [ModelTag.ArtifactsSha256]: checksum });
      const answers: { status: number; version: string }[] = [];
      let reloaded = false;
      // four clients asking in a loop before, during and after the swap
      const client = async () => {
        while (!reloaded || !answers.some((a) => a.version === versions.second)) {
          const res = await mlSignal();
          answers.push({ status: res.status, version: res.body.model_version });
          if (answers.length > 2_000) throw new Error('the swap never showed');
        }
      };
      const clients = [client(), client(), client(), client()];
      await until('requests in flight', async () => (answers.length >= 8 ? true : undefined));

      const res = await request(t.server).post('/v1/ml/model/reload').set('X-API-Key', ADMIN_KEY).expect(200);
      reloaded = true;
      await Promise.all(clients);

      expect(res.body).toEqual({
        success: true,
        message: `now serving ${modelName} version ${versions.second} (was ${versions.champion})`,
        model_version: versions.second,
      });
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(new Set(answers.map((a) => a.version))).toEqual(new Set([versions.champion, versions.second]));
      const metrics = (await request(t.server).get('/metrics').expect(200)).text;
      expect(metrics).toContain(`ml_model_loaded{version="${versions.second}",app="gateway"} 1`);
      expect(metrics).not.toContain(`ml_model_loaded{version="${versions.champion}"`);
    }, 60_000);

    it('should keep serving the model it has when the new champion files fail their checksum', async () => {
      const bad = await registerAgain({ [ModelTag.ArtifactsSha256]: '0'.repeat(64) });
      // the promotion notice as the pipeline publishes it: the gateway tries, refuses, keeps its model
      const event: ModelEventMessage = {
        type: 'champion_promoted',
        model_name: modelName,
        version: bad,
        alias: 'champion',
        run_id: versions.runId!,
        metrics: { rmse: 0, mae: 0, qlike: 0, r2: 0 },
        previous_version: versions.second!,
        timestamp: Date.now(),
      };
      expect(await connection().publish(Channel.ModelEvents, JSON.stringify(event))).toBeGreaterThan(0);
      await sleep(500);

      const res = await request(t.server).post('/v1/ml/model/reload').set('X-API-Key', ADMIN_KEY).expect(503);

      expect(res.body.message).toMatch(
        new RegExp(
          `^reloading the champion failed \\(.*version ${bad}: files of .* have sha256 [0-9a-f]{64}, 0{64} was recorded\\); version ${versions.second} is still served$`,
        ),
      );
      expect((await mlSignal().expect(200)).body.model_version).toBe(versions.second);
      expect(await servedVersion()).toBe(versions.second);
      await mlflow.setAlias(modelName, ModelAlias.Champion, versions.second!);
    });
  });

  describe('with MLflow unreachable at start-up', () => {
    let relay: SwitchableRelay;
    let down: RestTestApp;

    beforeAll(async () => {
      relay = await SwitchableRelay.onFreePort(new URL(services.MLFLOW_TRACKING_URI));
      down = await startRestTestApp({
        MODEL_NAME: modelName,
        MLFLOW_TRACKING_URI: relay.url,
        MODEL_RETRY_MIN_MS: '200',
        MODEL_RETRY_MAX_MS: '500',
        MODEL_CHECK_INTERVAL_S: '0',
      });
      await new CandleRepository(down.db.pool).upsert(
        MARKET,
        slice.map((c) => ({ ...c, isFinal: true })),
      );
    });

    afterAll(async () => {
      await down?.close();
      await relay?.off();
    });

    it('should start, answer 503 on the ML endpoints only, and load the champion by itself once MLflow answers', async () => {
      await request(down.server).post('/v1/crypto/ml-signal').send({}).expect(503);
      await request(down.server).post('/v1/crypto/signal').send({}).expect(200);
      expect((await request(down.server).get('/health').expect(200)).body.ml_available).toBe(false);

      await relay.on();
      const version = await until('the champion to load after MLflow returned', async () => {
        const res = await request(down.server).get('/v1/ml/model/info').expect(200);
        return res.body.model_version ?? undefined;
      });

      expect(version).toBe(versions.second);
      const res = await request(down.server).post('/v1/crypto/ml-signal').send({}).expect(200);
      expect(res.body.ml_prediction.prediction).toBe(
        (await mlSignal().expect(200)).body.ml_prediction.prediction,
      );
    }, 30_000);
  });

  describe('with Redis unreachable', () => {
    let noRedis: RestTestApp;

    beforeAll(async () => {
      // port 9 (discard) is closed on loopback: a real connection refusal
      noRedis = await startRestTestApp({ REDIS_URL: 'redis://127.0.0.1:9' });
    });

    afterAll(() => noRedis?.close());

    it('should answer 503 at once on the training queue and serve the runs from PostgreSQL', async () => {
      const started = Date.now();
      const res = await request(noRedis.server)
        .post('/v1/ml/train')
        .set('X-API-Key', ADMIN_KEY)
        .send({ symbol: 'BTCUSDT' })
        .expect(503);

      // at once: a command queued for the away Redis would wait out ioredis' retries (tens of seconds); the
      // bound leaves room for a loaded CI machine
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.body.message).toMatch(/^the training queue \(Redis\) is unavailable to start a training/);
      await request(noRedis.server).get('/v1/ml/train/binance-btc-usdt-1h-0-000000').expect(503);
      await request(noRedis.server).get('/v1/ml/runs').expect(200);
    });
  });

  describe('Bull Board at /admin/queues', () => {
    it.each([
      ['no credentials', {}],
      ['a wrong X-API-Key', { 'X-API-Key': 'nope' }],
      ['a wrong Basic password', { Authorization: basic('nope') }],
    ])('should refuse %s with 401 asking for Basic credentials', async (_what, headers) => {
      const res = await request(t.server).get('/admin/queues').set(headers).expect(401);

      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(res.body).toMatchObject({ error: 'Unauthorized', path: '/admin/queues' });
      await request(t.server).get('/admin/queues/api/queues').set(headers).expect(401);
    });

    it('should serve the board, its assets from the gateway itself, and the training queue, to an admin key', async () => {
      const page = await request(t.server)
        .get('/admin/queues')
        .set('Authorization', basic(ADMIN_KEY))
        .expect(200);

      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<base href="/admin/queues/"');
      expect(page.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
      const script = /src="(static\/js\/main\.[0-9a-f]+\.js)"/.exec(page.text)![1];
      await request(t.server).get(`/admin/queues/${script}`).expect(401);
      const asset = await request(t.server)
        .get(`/admin/queues/${script}`)
        .set('Authorization', basic(ADMIN_KEY))
        .expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      const api = await request(t.server)
        .get('/admin/queues/api/queues')
        .set('X-API-Key', ADMIN_KEY)
        .expect(200);
      const training = (api.body.queues as { name: string; counts: Record<string, number> }[]).find(
        (q) => q.name === 'training',
      );
      expect(training?.counts.completed).toBeGreaterThanOrEqual(7);
    });
  });
});

/** MLflow's metric history (the client library needs only the latest values). */
async function metricHistory(
  trackingUri: string,
  runId: string,
  key: string,
): Promise<{ step: number; value: number }[]> {
  const url = new URL('/api/2.0/mlflow/metrics/get-history', trackingUri);
  url.searchParams.set('run_id', runId);
  url.searchParams.set('metric_key', key);
  const body = (await (await fetch(url)).json()) as { metrics?: { step: number; value: number }[] };
  return (body.metrics ?? []).sort((a, b) => a.step - b.step);
}
