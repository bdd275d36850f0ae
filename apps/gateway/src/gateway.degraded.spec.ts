import request from 'supertest';
import { GatewayModule } from './gateway.module';
import { startEdgeTestApp, type EdgeTestApp } from './testing/edge-test-app';

// Port 1 refuses every connection: each dependency is down from the first moment, which is what this
// spec is about — and why it needs no running service.
const DOWN = {
  DATABASE_URL: 'postgres://crypto:crypto@127.0.0.1:1/crypto',
  REDIS_URL: 'redis://127.0.0.1:1',
  KAFKA_BROKERS: '127.0.0.1:1',
  MINIO_ENDPOINT: 'http://127.0.0.1:1',
  MLFLOW_TRACKING_URI: 'http://127.0.0.1:1',
  HEALTH_PROBE_TIMEOUT_MS: '500',
};

describe(`${GatewayModule.name} with every dependency down`, () => {
  let gateway: EdgeTestApp;

  beforeAll(async () => {
    gateway = await startEdgeTestApp(DOWN);
  });

  afterAll(() => gateway.close());

  it('should boot and answer /health with ML unavailable', async () => {
    const res = await request(gateway.server).get('/health').expect(200);

    expect(res.body).toEqual({ status: 'ok', ml_available: false, timestamp: expect.any(String) });
    expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
  });

  it('should report each dependency down in /health/detailed', async () => {
    const res = await request(gateway.server).get('/health/detailed').expect(200);

    expect(res.body.status).toBe('degraded');
    for (const name of ['postgres', 'redis', 'kafka', 'minio', 'mlflow', 'model']) {
      expect(res.body.dependencies[name]).toMatchObject({ status: 'down' });
    }
  });

  it('should answer 503 in the SPEC body when the store is unreachable', async () => {
    const res = await request(gateway.server).get('/v1/crypto/signals/tail').expect(503);

    expect(res.body).toEqual({
      error: 'Service Unavailable',
      message: expect.any(String),
      path: '/v1/crypto/signals/tail',
    });
  });

  it('should answer 503 on ML signals while no model is loaded', async () => {
    const res = await request(gateway.server).post('/v1/crypto/ml-signal').send({}).expect(503);

    expect(res.body.path).toBe('/v1/crypto/ml-signal');
  });

  it('should still serve Prometheus metrics', async () => {
    const res = await request(gateway.server).get('/metrics').expect(200);

    expect(res.text).toContain('process_cpu_user_seconds_total{app="gateway"}');
  });

  it('should answer the SPEC error body naming the path on an unknown route', async () => {
    const res = await request(gateway.server).get('/v1/nope').expect(404);

    expect(res.body).toEqual({ error: 'Not Found', message: 'Cannot GET /v1/nope', path: '/v1/nope' });
  });
});
