import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { createKafka, Topic, TopicRecorder } from '@crypto/messaging';
import { initBackend } from '@crypto/model';
import { MlflowClient, ModelAlias } from '@crypto/registry';
import { TrainingRunRepository } from '@crypto/storage';
import { until } from '@crypto/testing';
import { ROLLED_BACK } from '@crypto/training';
import {
  promoteSmokeVersion,
  servedModelVersion,
  startRestTestApp,
  type RestTestApp,
} from '../testing/rest-test-app';

// Live forecast monitoring on the real services: a smoke champion trained and promoted through the real
// pipeline has live scores against the baselines right after the promotion (backfilled from the stored
// candles), on /v1/ml/monitoring, the model info and /metrics. A margin of -1 makes any model "worse than
// HAR-RV" (its QLIKE above 0), so the degraded path runs deterministically: the alert is stored and served,
// and with AUTO_ROLLBACK a second, degraded champion is rolled back to the first by itself.
const EVERY_MODEL_DEGRADED = '-1';

interface LiveWindow {
  model_version: string;
  symbol: string;
  window_days: number;
  origins: number;
  from_ts: number;
  to_ts: number;
  model: { qlike: number; rmse: number };
  har: { qlike: number };
  ewma: { qlike: number };
  persistence: { qlike: number };
}

describe('live forecast monitoring (real services)', () => {
  const modelName = `test-monitoring-${randomBytes(4).toString('hex')}`;
  const services = loadEnv(ServicesEnv);
  const mlflow = new MlflowClient(services.MLFLOW_TRACKING_URI);
  const recorder = new TopicRecorder(createKafka(services, 'test-monitoring-recorder'));
  let t: RestTestApp;
  const versions: { first?: string; second?: string } = {};

  const monitoring = async () => (await request(t.server).get('/v1/ml/monitoring').expect(200)).body;
  const windowsOf = async (version: string) =>
    ((await monitoring()).windows as LiveWindow[]).filter((w) => w.model_version === version);

  beforeAll(async () => {
    await initBackend();
    await recorder.start([Topic.Alerts]);
    t = await startRestTestApp({
      MODEL_NAME: modelName,
      MONITOR_INTERVAL_S: '1',
      MONITOR_DEGRADED_MARGIN: EVERY_MODEL_DEGRADED,
      AUTO_ROLLBACK: 'true',
    });
    versions.first = await promoteSmokeVersion(t, modelName);
  }, 180_000);

  afterAll(async () => {
    await recorder.stop();
    await t?.close();
    await mlflow.deleteRegisteredModel(modelName).catch(() => undefined);
  });

  it("should score the champion's unseen origins against the baselines right after the promotion", async () => {
    const windows = await until(
      'the live windows of the champion',
      async () => {
        const found = await windowsOf(versions.first!);
        return found.length === 2 ? found : undefined;
      },
      30_000,
    );

    expect(windows.map((w) => [w.symbol, w.window_days])).toEqual([
      ['BTC/USDT', 7],
      ['BTC/USDT', 30],
    ]);
    for (const w of windows) {
      expect(w.origins).toBeGreaterThan(0);
      expect(w.to_ts).toBeGreaterThan(w.from_ts);
      for (const forecaster of [w.model, w.har, w.ewma, w.persistence])
        expect(forecaster.qlike).toEqual(expect.any(Number));
    }
    // 7 days of hourly origins at most; the 30-day window holds the 7-day one
    expect(windows[0]!.origins).toBeLessThanOrEqual(7 * 24);
    expect(windows[1]!.origins).toBeGreaterThanOrEqual(windows[0]!.origins);
    // the smoke model's test window ends the recording and is shorter than 30 days: the 30-day window holds
    // exactly its origins, so the live scores of the model and of HAR-RV are the training's own evaluation
    const info = (await request(t.server).get('/v1/ml/model/info').expect(200)).body;
    expect(windows[1]!.model.qlike).toBeCloseTo(info.metrics.qlike, 6);
    expect(windows[1]!.har.qlike).toBeCloseTo(info.baselines.har.qlike, 6);
  });

  it('should show the live scores in the model info and on /metrics', async () => {
    const info = (await request(t.server).get('/v1/ml/model/info').expect(200)).body;
    const metrics = (await request(t.server).get('/metrics').set('Accept', 'text/plain').expect(200)).text;

    expect(info.live_monitoring).toEqual(await windowsOf(versions.first!));
    const [week] = info.live_monitoring as LiveWindow[];
    expect(metrics).toContain(
      `ml_live_qlike{model_version="${versions.first}",window_days="7",symbol="BTC/USDT",timeframe="1h",forecaster="model",app="gateway"} ${week!.model.qlike}`,
    );
    expect(metrics).toMatch(
      new RegExp(`ml_live_origins\\{model_version="${versions.first}",window_days="7"`),
    );
  });

  it('should raise one model_degraded alert, stored, served and on Kafka, and call the champion degraded', async () => {
    const alerts = await until(
      'the model_degraded alert',
      async () => {
        const tail = (await request(t.server).get('/v1/alerts/tail?n=10&symbol=BTCUSDT').expect(200))
          .body as { type: string; message: string; value: number }[];
        const degraded = tail.filter((a) => a.type === 'model_degraded');
        return degraded.length > 0 ? degraded : undefined;
      },
      30_000,
    );
    const judged = (await windowsOf(versions.first!)).find((w) => w.window_days === 7)!;

    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      value: judged.model.qlike,
      message: expect.stringContaining(`${modelName} v${versions.first} live QLIKE`),
    });
    const onKafka = await until('the alert on Kafka', async () => {
      const found = recorder
        .of(Topic.Alerts)
        .filter((m) => m.value.type === 'model_degraded' && String(m.value.message).includes(modelName));
      return found.length > 0 ? found : undefined;
    });
    expect(onKafka).toHaveLength(1);
    expect(onKafka[0]).toMatchObject({
      key: 'BTC/USDT',
      value: { severity: 'high', value: judged.model.qlike },
    });
    expect(await monitoring()).toMatchObject({
      model_name: modelName,
      served_version: versions.first,
      degraded_margin: -1,
      degraded: true,
    });
  });

  it('should answer HAR-RV with its stored fit, marked, for a degraded champion with no earlier one', async () => {
    const fallback = await until(
      'the fallback engaged',
      async () => (await monitoring()).fallback ?? undefined,
    );
    const answer = (
      await request(t.server).post('/v1/crypto/ml-signal').send({ symbol: 'BTCUSDT' }).expect(200)
    ).body;

    // HAR-RV written out from the coefficients the training logged in MLflow and the recorded returns
    const info = (await request(t.server).get('/v1/ml/model/info').expect(200)).body;
    const params = Object.fromEntries(
      ((await mlflow.getRun(info.run_id)).data.params ?? []).map((p) => [p.key, Number(p.value)]),
    );
    const closes = t.recorded.map((c) => c.close);
    const rv = (size: number) => {
      let squares = 0;
      for (let i = closes.length - size; i < closes.length; i++)
        squares += (closes[i]! / closes[i - 1]! - 1) ** 2;
      return Math.sqrt(squares / size);
    };
    const expected =
      params['har_intercept']! +
      params['har_daily']! * rv(24) +
      params['har_weekly']! * rv(168) +
      params['har_monthly']! * rv(720);
    expect(fallback).toMatchObject({ forecaster: 'har-rv', model_version: versions.first });
    expect(fallback.reason).toContain('no earlier version was champion');
    expect(answer).toMatchObject({ model_version: versions.first, fallback });
    expect(answer.ml_prediction.prediction).toBeCloseTo(expected, 10);
    expect(answer.ml_prediction.confidence).toBe(0);
  });

  it('should roll a degraded champion back to the previous one by itself (AUTO_ROLLBACK)', async () => {
    // the first champion had no predecessor to go back to, so it is still served; a second one has one
    await mlflow.deleteAlias(modelName, ModelAlias.Champion);
    // the gateway may roll it back before it is seen served: wait for the decision instead
    versions.second = await promoteSmokeVersion(t, modelName, { awaitServed: false });

    await until(
      'the first champion served again',
      async () => {
        const runs = await new TrainingRunRepository(t.db.pool).recent(10);
        const rolledBack = runs.find((r) => r.model_version === versions.second)?.decision === ROLLED_BACK;
        return rolledBack && (await servedModelVersion(t)) === versions.first ? true : undefined;
      },
      60_000,
    );
    const runs = await new TrainingRunRepository(t.db.pool).recent(10);

    expect(runs.find((r) => r.model_version === versions.second)).toMatchObject({
      decision: ROLLED_BACK,
      reason: expect.stringContaining(`AUTO_ROLLBACK: ${modelName} v${versions.second} live QLIKE`),
    });
    expect((await mlflow.getVersionByAlias(modelName, ModelAlias.Champion))?.version).toBe(versions.first);
    expect((await windowsOf(versions.second!)).length).toBe(2);
  }, 180_000);
});
