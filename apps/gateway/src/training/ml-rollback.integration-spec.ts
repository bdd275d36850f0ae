import { randomBytes } from 'node:crypto';
import type IORedis from 'ioredis';
import request from 'supertest';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { Channel, createKafka, createRedisConnection, Topic, TopicRecorder } from '@crypto/messaging';
import { initBackend } from '@crypto/model';
import { MlflowClient, ModelAlias, ModelTag } from '@crypto/registry';
import { TrainingRunRepository } from '@crypto/storage';
import { until } from '@crypto/testing';
import { RollbackTag, ROLLED_BACK } from '@crypto/training';
import {
  ADMIN_KEY,
  promoteSmokeVersion,
  servedModelVersion,
  startRestTestApp,
  type RestTestApp,
} from '../testing/rest-test-app';

// SPEC §8 rollback end to end on the real services: two smoke versions trained and promoted through the real
// pipeline, the gateway serving the second; `POST /v1/ml/model/rollback` moves the alias back and the gateway
// serves the first again within 2 s (from the Redis notice) while a loop of ML requests sees no failure.
// A registered model and experiment of this file only: the platform's champion is not touched.
const FOLLOW_BUDGET_MS = 2_000;

describe('POST /v1/ml/model/rollback (real services)', () => {
  const services = loadEnv(ServicesEnv);
  const modelName = `test-rollback-${randomBytes(4).toString('hex')}`;
  const mlflow = new MlflowClient(services.MLFLOW_TRACKING_URI);
  const recorder = new TopicRecorder(createKafka(services, 'test-rollback-recorder'));
  let notices: string[];
  let subscriber: IORedis;
  let t: RestTestApp;
  const versions: { first?: string; second?: string } = {};

  const rollback = (body: object) =>
    request(t.server).post('/v1/ml/model/rollback').set('X-API-Key', ADMIN_KEY).send(body);
  const servedVersion = () => servedModelVersion(t);

  beforeAll(async () => {
    await initBackend();
    // No periodic check: once a version is served (no failed load left to retry), the gateway follows the
    // alias only on a model event, so the rollback below is followed from its notice. A failed load is retried
    // within a second: before a champion exists that finds v1 just as the event does, and a load that failed
    // on a loaded machine (CI) is not left to a retry minutes later.
    t = await startRestTestApp({
      MODEL_NAME: modelName,
      MODEL_RETRY_MIN_MS: '500',
      MODEL_RETRY_MAX_MS: '1000',
      MODEL_CHECK_INTERVAL_S: '0',
    });
    notices = [];
    subscriber = createRedisConnection(services.REDIS_URL);
    subscriber.on('message', (_channel: string, message: string) => notices.push(message));
    await subscriber.subscribe(Channel.ModelEvents);
    await recorder.start([Topic.ModelEvents]);

    versions.first = await promoteSmokeVersion(t, modelName);
    // a second smoke version: with the first champion's alias removed the gate compares it with the baselines
    // only (as it did the first), so it is promoted deterministically and the first stays a former champion
    await mlflow.deleteAlias(modelName, ModelAlias.Champion);
    versions.second = await promoteSmokeVersion(t, modelName);
  }, 180_000);

  afterAll(async () => {
    await recorder.stop();
    subscriber?.disconnect();
    await t?.close();
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
  });

  it('should refuse a request without the API key, a bad version and an unknown one, changing nothing', async () => {
    await request(t.server).post('/v1/ml/model/rollback').send({}).expect(401);
    const bad = await rollback({ version: 'latest' }).expect(400);
    const unknown = await rollback({ version: '99' }).expect(404);
    const same = await rollback({ version: versions.second }).expect(409);

    expect(bad.body).toMatchObject({ error: 'Bad Request', message: expect.stringMatching(/^version /) });
    expect(unknown.body.message).toBe(`version: ${modelName} has no version 99`);
    expect(same.body.message).toBe(
      `version: ${modelName} version ${versions.second} is the champion already`,
    );
    expect((await mlflow.getVersionByAlias(modelName, ModelAlias.Champion))?.version).toBe(versions.second);
  });

  it('should serve the previous champion within 2 s while every request in flight is answered', async () => {
    const answers: { status: number; version: string; at: number }[] = [];
    let done = false;
    const client = async () => {
      while (!done) {
        const res = await request(t.server).post('/v1/crypto/ml-signal').send({ symbol: 'BTCUSDT' });
        answers.push({ status: res.status, version: res.body.model_version, at: Date.now() });
      }
    };
    const clients = [client(), client(), client(), client()];
    await until('requests in flight', async () => (answers.length >= 8 ? true : undefined));

    const started = Date.now();
    const res = await rollback({ reason: 'test: version 2 regressed' }).expect(200);
    const answered = Date.now() - started;
    await until(
      'the previous champion served',
      async () => (answers.some((a) => a.version === versions.first && a.at > started) ? true : undefined),
      FOLLOW_BUDGET_MS * 2,
      5,
    );
    const followedMs = answers.find((a) => a.version === versions.first && a.at > started)!.at - started;
    // a few more answers on the restored model, then stop the loop
    const seen = answers.length;
    await until('answers after the swap', async () => (answers.length >= seen + 8 ? true : undefined));
    done = true;
    await Promise.all(clients);

    console.log(
      `rollback: answered in ${answered} ms, served by the gateway ${followedMs} ms after the request; ` +
        `${answers.length} ML requests during it, ${answers.filter((a) => a.status !== 200).length} failed`,
    );
    expect(res.body).toEqual({
      success: true,
      message: `${modelName} champion rolled back from version ${versions.second} to ${versions.first}: test: version 2 regressed`,
      model_version: versions.first,
      previous_version: versions.second,
    });
    expect(followedMs).toBeLessThan(FOLLOW_BUDGET_MS);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set([versions.second, versions.first]));
    expect(await servedVersion()).toBe(versions.first);
  }, 60_000);

  it('should record the decision and reason on the version, its MLflow run and in training_runs', async () => {
    const demoted = await mlflow.getModelVersion(modelName, versions.second!);
    const tags = Object.fromEntries(demoted.tags.map((tag) => [tag.key, tag.value]));
    const run = await mlflow.getRun(demoted.run_id!);
    const runTags = Object.fromEntries((run.data.tags ?? []).map((tag) => [tag.key, tag.value]));
    const rows = await new TrainingRunRepository(t.db.pool).recent(10);

    expect(tags).toMatchObject({
      [ModelTag.Decision]: ROLLED_BACK,
      [RollbackTag.Reason]: 'test: version 2 regressed',
      [RollbackTag.RolledBackTo]: versions.first,
    });
    expect(runTags).toMatchObject({
      [ModelTag.Decision]: ROLLED_BACK,
      [RollbackTag.Reason]: 'test: version 2 regressed',
    });
    expect(rows.find((r) => r.model_version === versions.second)).toMatchObject({
      mlflow_run_id: demoted.run_id,
      decision: ROLLED_BACK,
      reason: expect.stringMatching(
        new RegExp(`^rolled back to v${versions.first} at .*: test: version 2 regressed$`),
      ),
    });
    expect(rows.find((r) => r.model_version === versions.first)).toMatchObject({ decision: 'champion' });
    const listed = (await request(t.server).get('/v1/ml/runs?n=10').expect(200)).body as {
      decision: string;
    }[];
    expect(listed.map((r) => r.decision)).toContain(ROLLED_BACK);
  });

  it('should announce champion_rolled_back on Kafka model-events and on Redis', async () => {
    const expected = {
      type: 'champion_rolled_back',
      model_name: modelName,
      version: versions.first,
      previous_version: versions.second,
      reason: 'test: version 2 regressed',
    };
    await until('the Kafka message', async () =>
      recorder
        .of(Topic.ModelEvents)
        .some((m) => m.key === modelName && m.value.type === 'champion_rolled_back')
        ? true
        : undefined,
    );

    const kafka = recorder.of(Topic.ModelEvents).filter((m) => m.key === modelName);
    expect(kafka.map((m) => m.value.type)).toEqual([
      'champion_promoted',
      'champion_promoted',
      'champion_rolled_back',
    ]);
    expect(kafka.at(-1)!.value).toMatchObject({
      ...expected,
      metrics: expect.objectContaining({ qlike: expect.any(Number) }),
    });
    const redis = notices
      .map((n) => JSON.parse(n) as Record<string, unknown>)
      .filter((n) => n.model_name === modelName);
    expect(redis.at(-1)).toMatchObject(expected);
  });

  it('should refuse a second rollback when no earlier version was champion', async () => {
    const res = await rollback({}).expect(409);

    expect(res.body.message).toBe(
      `${modelName} version ${versions.first} is the champion and no earlier version was champion: name a version to roll back to`,
    );
    expect(await servedVersion()).toBe(versions.first);
  });
});
