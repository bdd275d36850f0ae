import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type IORedis from 'ioredis';
import { Partitioners, type Admin, type Consumer } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { loadEnv, ServicesEnv } from '@crypto/config';
import { Channel, createKafka, createRedisConnection, ensureTopics } from '@crypto/messaging';
import { MlflowClient } from '@crypto/registry';
import {
  createTestDatabase,
  createTestObjectStorage,
  type TestDatabase,
  type TestObjectStorage,
} from '@crypto/storage';
import { until } from '@crypto/testing';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app';
import { ADMIN_KEY, promoteRecordedSmokeChampion } from '../testing/rest-test-app';

// The dashboard in headless Chromium (Debian's, installed by `make tools`) against a gateway on the real
// services (a smoke champion trained and promoted in the run): each page loads with no console error, shows
// real data, and takes a live update without reload.
// Screenshots go to docs/screenshots/ (the README shows them).

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '../../../../docs/screenshots');
/** the close of the last recorded BTC/USDT 1h candle, served offline by the emulator */
const LAST_CLOSE = '125455.24';

describe('dashboard (headless Chromium)', () => {
  const kafka = createKafka(loadEnv(ServicesEnv), 'dashboard-test');
  const run = randomBytes(4).toString('hex');
  const topic = `test-dashboard-${run}`;
  const groupId = `test-dashboard-group-${run}`;
  const modelName = `test-dashboard-${run}`;
  const services = loadEnv(ServicesEnv);
  let db: TestDatabase;
  let minio: TestObjectStorage;
  let champion: string;
  let t: EdgeTestApp;
  let base: string;
  let browser: Browser;
  let redis: IORedis;
  let admin: Admin;
  let group: Consumer;

  /** A page of the dashboard with every console error and uncaught exception it raises. */
  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${base}${path}`);
    return { page, errors };
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, partitions: 2, retentionMs: 3_600_000 }]);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'BTC/USDT', partition: 0, value: '{"n":1}' }] });
    await producer.disconnect();
    // a group that starts at the end (it commits nothing): its lag is the message before it, from the low mark
    group = kafka.consumer({ groupId });
    await group.connect();
    await group.subscribe({ topics: [topic] });
    await group.run({ eachMessage: async () => undefined });

    [db, minio] = await Promise.all([createTestDatabase(), createTestObjectStorage()]);
    champion = await promoteRecordedSmokeChampion({ db, minio }, modelName);
    t = await startEdgeTestApp(
      {
        ADMIN_API_KEYS: ADMIN_KEY,
        RATE_LIMIT_POINTS: '0',
        DATABASE_URL: db.url,
        MODEL_NAME: modelName,
        // the champion's live scores within a second of its loading
        MONITOR_INTERVAL_S: '1',
      },
      { listen: true },
    );
    const address = t.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    redis = createRedisConnection(t.env.REDIS_URL);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    redis?.disconnect();
    await t?.close();
    await group?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
    await new MlflowClient(services.MLFLOW_TRACKING_URI)
      .deleteRegisteredModel(modelName)
      .catch(() => undefined);
    await Promise.all([db?.drop(), minio?.drop()]);
  }, 30_000);

  it('should redirect / to the dashboard and refuse a page it does not have', async () => {
    await request(t.server).get('/').expect(302).expect('location', '/dashboard');
    const res = await request(t.server).get('/dashboard/nope').expect(404);
    expect(res.body.message).toMatch(/no dashboard page "nope"/);
  });

  it('should show the market with its stored candles, the services, and live prices and alerts', async () => {
    // a forecast served for the last candle: the chart's ML line has a point
    const served = await request(t.server)
      .post('/v1/crypto/ml-signal')
      .send({ symbol: 'BTCUSDT' })
      .expect(200);
    const signal = await request(t.server).post('/v1/crypto/signal').send({ symbol: 'BTCUSDT' }).expect(200);
    const { page, errors } = await open('/dashboard?symbol=BTCUSDT&timeframe=1h');

    await until('the chart to load', async () => {
      const status = await page.textContent('#chart-status');
      return status !== null && !status.startsWith('loading');
    });
    expect(await page.textContent('#chart-status')).toContain(`last close ${LAST_CLOSE}`);
    expect(served.body.model_version).toBe(champion);
    expect(await page.textContent('#chart-status')).toMatch(
      new RegExp(`^200 closed candles, 1 with an ML forecast, .*, risk score ${signal.body.risk_score}$`),
    );
    await page.waitForSelector('#services .tile.up');
    expect(await page.textContent('#services')).toContain('postgres: up');
    await until('the champion on the page', async () =>
      (await page.textContent('#model'))?.includes(`champion: ${modelName} v${champion}`),
    );

    // live: what the stream apps publish on Redis reaches the open page
    await page.waitForSelector('#live.up');
    const tick = { symbol: 'BTC/USDT', price: 123_456.78, volume: 1, timestamp: Date.now(), source: 'test' };
    const alert = {
      type: 'high_volatility',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      value: 0.02,
      threshold: 0.015,
      severity: 'high',
      message: `dashboard test alert ${run}`,
      timestamp: Date.now(),
      ts: Date.now(),
    };
    await until('the live price and alert', async () => {
      await redis.publish(Channel.Prices, JSON.stringify(tick));
      await redis.publish(Channel.Alerts, JSON.stringify(alert));
      const [price, alerts] = await Promise.all([
        page.textContent('#live-price'),
        page.textContent('#live-alerts'),
      ]);
      return price?.includes('123456.78') && alerts?.includes(alert.message);
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('should show the topics with their offsets, the groups with their lag, and messages to an admin', async () => {
    const { page, errors } = await open('/dashboard/kafka');

    const row = (id: string, name: string) => page.locator(`#${id} tr`, { hasText: name });
    await row('topics', topic).waitFor({ timeout: 20_000 });
    expect(await row('topics', topic).textContent()).toContain('0:1');
    await until('the group with its lag', async () => {
      const text = (await row('groups', groupId).count()) ? await row('groups', groupId).textContent() : '';
      return text?.includes(`${topic}/0: 1`);
    });

    await page.selectOption('form select', topic);
    await page.fill('form input[type=password]', ADMIN_KEY);
    await page.click('form button');
    await page.waitForSelector('#messages pre');
    expect(await page.textContent('#messages')).toContain('"n": 1');
    await page.screenshot({ path: join(SCREENSHOTS, 'kafka.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('should show the champion against its baselines, the decisions, and answer the admin buttons', async () => {
    const { page, errors } = await open('/dashboard/models');

    await until('the champion', async () =>
      (await page.textContent('#champion'))?.includes(`version ${champion}`),
    );
    const champ = await page.textContent('#champion');
    expect(champ).toContain('HAR-RV');
    expect(champ).toMatch(/BiLSTM \(champion\)\d/);
    await until('the registered version', async () =>
      (await page.textContent('#versions'))?.includes('champion (served)'),
    );
    expect(await page.textContent('#decisions')).toContain('champion');
    await until('the live scores', async () =>
      (await page.textContent('#live-monitoring'))?.includes(`${champion} (served)BTC/USDT 1h7 d`),
    );
    expect(await page.textContent('#live-monitoring')).toMatch(/(not degraded|degraded: worse than HAR-RV)/);

    await page.fill('form input[type=password]', ADMIN_KEY);
    await page.click('button[name=reload]');
    await until('the reload answer', async () =>
      (await page.textContent('#model-action'))?.includes(`version ${champion} is already served`),
    );
    // the only champion there ever was: the gateway refuses, and the page says why
    await page.click('button[name=rollback]');
    await until('the rollback refusal', async () =>
      (await page.textContent('#model-action'))?.includes('no earlier version was champion'),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'models.png'), fullPage: true });
    // the 409 of the refused rollback, as the network and the console report it
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
    await page.close();
  }, 60_000);

  it('should show the training run that made the champion, with its steps', async () => {
    const { page, errors } = await open('/dashboard/training');

    await page.locator('#runs tr', { hasText: 'completed' }).first().waitFor({ timeout: 20_000 });
    const runs = await page.textContent('#runs');
    expect(runs).toContain('champion');
    expect(runs).toContain(champion);
    expect(await page.textContent('#active-runs')).toContain('no training running');
    await page.screenshot({ path: join(SCREENSHOTS, 'training.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('should show every service with its version, the apps, and the consoles', async () => {
    const { page, errors } = await open('/dashboard/services');

    const row = (id: string, name: string) => page.locator(`#${id} tr`, { hasText: name }).first();
    await row('platform-services', 'postgres').waitFor({ timeout: 20_000 });
    expect(await row('platform-services', 'postgres').textContent()).toMatch(/^postgresup1\d\.\d+/);
    expect(await row('platform-services', 'mlflow').textContent()).toMatch(/^mlflowup\d+\.\d+\.\d+/);
    expect(await row('platform-services', 'redis').textContent()).toMatch(/^redisup\d+\.\d+/);
    expect(await row('platform-apps', 'gateway').textContent()).toMatch(/^gatewayup[0-9a-f]{12}/);
    // the other apps are rows whatever their state (make test does not start them)
    for (const app of ['grpc-server', 'stream-producer', 'stream-consumer', 'trainer']) {
      expect(await row('platform-apps', app).count()).toBe(1);
    }
    for (const name of [
      'MLflow UI',
      'MinIO console',
      'Swagger UI',
      'GraphQL playground',
      'Bull Board',
      'Prometheus',
    ]) {
      expect(await page.locator('#platform-links a', { hasText: name }).count()).toBe(1);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'services.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
