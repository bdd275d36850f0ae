import { Writable } from 'node:stream';
import request from 'supertest';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app';
import { HealthDetailedController } from './health-detailed.controller';
import { MetricsController } from './metrics.controller';

/** Collects the JSON log lines the app writes. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

describe(MetricsController.name, () => {
  let sut: EdgeTestApp;
  const logs = new LogLines();

  beforeAll(async () => {
    sut = await startEdgeTestApp({}, { logDestination: logs });
  });
  afterAll(() => sut.close());

  it('should serve Prometheus text with the request histogram by route pattern and status', async () => {
    await request(sut.server).get('/health').expect(200);
    await request(sut.server).get('/v1/no/such/route/42').expect(404);
    const res = await request(sut.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/health"[^}]*status="200"[^}]*\} 1/,
    );
    expect(res.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/);
    expect(res.text).not.toContain('/v1/no/such/route/42');
    for (const name of [
      'signals_total',
      'ml_predictions_total',
      'candle_cache_requests_total',
      'exchange_request_duration_seconds',
      'exchange_errors_total',
      'ml_model_loaded',
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
  });

  it('should answer the SPEC JSON counters when JSON is accepted', async () => {
    const res = await request(sut.server).get('/metrics').set('Accept', 'application/json').expect(200);
    expect(res.body).toEqual({
      start_time: expect.any(String),
      requests_total: expect.any(Number),
      signals_total: 0,
      ml_predictions_total: 0,
      last_signal_at: null,
      last_ml_prediction_at: null,
      ml_available: false,
    });
    expect(res.body.requests_total).toBeGreaterThanOrEqual(3);
  });

  it('should echo a well-formed X-Request-Id and log the request once under it', async () => {
    const res = await request(sut.server).get('/health').set('X-Request-Id', 'trace-abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // exactly one line per request, once answered
    expect(logs.lines.filter((line) => line.request_id === 'trace-abc-123')).toEqual([
      expect.objectContaining({ route: '/health', status: 200, msg: 'request completed', level: 'info' }),
    ]);
  });

  it('should replace an X-Request-Id that is not an id with a new UUID', async () => {
    const res = await request(sut.server).get('/health').set('X-Request-Id', 'bad id <script>').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(HealthDetailedController.name, () => {
  it('should report every dependency up when the services run', async () => {
    const sut = await startEdgeTestApp();
    try {
      const res = await request(sut.server).get('/health/detailed').expect(200);
      const { dependencies } = res.body;
      for (const name of ['postgres', 'redis', 'kafka', 'minio', 'mlflow', 'exchange']) {
        expect({ name, ...dependencies[name] }).toMatchObject({ name, status: 'up' });
      }
      expect(dependencies.exchange).toMatchObject({
        mode: 'offline',
        mode_decided_by: 'configured',
        mode_reason: 'MARKET_DATA_MODE=offline',
      });
      expect(dependencies.model).toMatchObject({ status: 'down', error: expect.stringMatching(/no model/) });
      expect(res.body.status).toBe('degraded');
    } finally {
      await sut.close();
    }
  });

  it('should report a dependency down, within the probe timeout, and keep serving when it is unreachable', async () => {
    const sut = await startEdgeTestApp({
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
      REDIS_URL: 'redis://127.0.0.1:9',
      KAFKA_BROKERS: '127.0.0.1:9',
      HEALTH_PROBE_TIMEOUT_MS: '1500',
    });
    try {
      const started = Date.now();
      const res = await request(sut.server).get('/health/detailed').expect(200);
      // the 1.5 s probe timeout plus room for a loaded CI machine; without the timeout the Kafka probe alone
      // would wait out kafkajs' connection retries
      expect(Date.now() - started).toBeLessThan(3_500);
      expect(res.body.status).toBe('degraded');
      for (const name of ['mlflow', 'redis', 'kafka']) {
        expect(res.body.dependencies[name]).toMatchObject({ status: 'down', error: expect.any(String) });
      }
      expect(res.body.dependencies.minio).toMatchObject({ status: 'up' });
      await request(sut.server).get('/health').expect(200);
    } finally {
      await sut.close();
    }
  });
});
