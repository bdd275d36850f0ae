import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startEdgeTestApp, type EdgeTestApp } from '../testing/edge-test-app';
import { startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimit } from './rate-limit';

const RELOAD = '/v1/ml/model/reload';
const HEALTH_QUERY = '/graphql?query=%7Bhealth%7Bstatus%7D%7D';

describe(ApiKeyGuard.name, () => {
  let sut: EdgeTestApp;

  beforeAll(async () => {
    sut = await startEdgeTestApp({ ADMIN_API_KEYS: 'first-key, second-key' });
  });
  afterAll(() => sut.close());

  it.each([
    ['missing', undefined, /send an X-API-Key/],
    ['empty', '', /send an X-API-Key/],
    ['wrong', 'first-key-but-longer', /not valid/],
    ['of another length', 'x', /not valid/],
  ])('should answer 401 with the SPEC body when the key is %s', async (_, key, message) => {
    const call = request(sut.server).post(RELOAD);
    const res = await (key === undefined ? call : call.set('X-API-Key', key)).expect(401);
    expect(res.body).toEqual({
      error: 'Unauthorized',
      message: expect.stringMatching(message),
      path: RELOAD,
    });
  });

  it.each(['first-key', 'second-key'])(
    'should let the operation run with the configured key %s',
    async (key) => {
      // no model registry in this process: the operation itself answers 503, past the guard
      const res = await request(sut.server).post(RELOAD).set('X-API-Key', key);
      expect(res.status).toBe(503);
    },
  );

  it('should not ask for a key on other operations', async () => {
    await request(sut.server).get('/v1/ml/model/info').expect(200);
  });

  it('should refuse admin operations when no key is configured', async () => {
    const open = await startEdgeTestApp({ ADMIN_API_KEYS: '' });
    try {
      const res = await request(open.server).post(RELOAD).set('X-API-Key', 'anything').expect(401);
      expect(res.body.message).toMatch(/no ADMIN_API_KEYS configured/);
    } finally {
      await open.close();
    }
  });
});

describe(RateLimit.name, () => {
  const limited = (prefix: string, more: Record<string, string> = {}) =>
    startEdgeTestApp({
      RATE_LIMIT_POINTS: '5',
      RATE_LIMIT_WINDOW_S: '60',
      RATE_LIMIT_PREFIX: prefix,
      ...more,
    });

  it('should share one budget across two replicas through Redis and answer 429 with Retry-After past it', async () => {
    const prefix = `test:rate-limit:${randomBytes(4).toString('hex')}`;
    const [a, b] = await Promise.all([limited(prefix), limited(prefix)]);
    try {
      for (const replica of [a, a, a, b]) {
        const res = await request(replica.server).get(HEALTH_QUERY).expect(200);
        expect(res.headers['x-ratelimit-limit']).toBe('5');
      }
      const fifth = await request(b.server).get(HEALTH_QUERY).expect(200);
      expect(fifth.headers['x-ratelimit-remaining']).toBe('0');

      const refused = await request(a.server).get(HEALTH_QUERY).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.body).toEqual({
        error: 'Too Many Requests',
        message: expect.stringMatching(/rate limit of 5 requests per 60 s exceeded; retry in \d+ s/),
        path: HEALTH_QUERY,
      });
      // probes and scrapes are never limited
      await request(a.server).get('/health').expect(200);
      await request(b.server).get('/metrics').expect(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('should keep limiting per replica, and keep serving, while Redis is unreachable', async () => {
    const sut = await limited('test:rate-limit:down', {
      REDIS_URL: 'redis://127.0.0.1:9',
      RATE_LIMIT_POINTS: '2',
    });
    try {
      await request(sut.server).get(HEALTH_QUERY).expect(200);
      await request(sut.server).get(HEALTH_QUERY).expect(200);
      await request(sut.server).get(HEALTH_QUERY).expect(429);
    } finally {
      await sut.close();
    }
  });
});

describe('HTTP protection', () => {
  let sut: EdgeTestApp;

  beforeAll(async () => {
    sut = await startEdgeTestApp({ BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'http://dashboard.example' });
  });
  afterAll(() => sut.close());

  it('should answer 413 with the SPEC body when the body is larger than BODY_LIMIT_BYTES', async () => {
    const res = await request(sut.server)
      .post('/v1/crypto/signal')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ symbol: 'BTCUSDT', padding: 'x'.repeat(4096) }))
      .expect(413);
    expect(res.body).toEqual({
      error: 'Payload Too Large',
      message: expect.stringMatching(/body/),
      path: '/v1/crypto/signal',
    });
  });

  it('should set the security headers on every answer', async () => {
    const res = await request(sut.server).get('/health').expect(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('should allow a configured origin, with the headers a browser client needs', async () => {
    const res = await request(sut.server)
      .options('/v1/crypto/signal')
      .set('Origin', 'http://dashboard.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-api-key')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://dashboard.example');
    expect(res.headers['access-control-allow-headers']).toMatch(/X-API-Key/i);
  });

  it('should not allow an origin that is not configured', async () => {
    const res = await request(sut.server)
      .get('/health')
      .set('Origin', 'http://elsewhere.example')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('JSON nesting limit', () => {
  let t: RestTestApp;
  /** `{"symbol": {"a": {"a": … 1}}}`: the object plus `levels` levels under `symbol` */
  const nestedBody = (levels: number) => `{"symbol":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
  const post = (path: string, body: string) =>
    request(t.server).post(path).set('Content-Type', 'application/json').send(body);

  beforeAll(async () => {
    t = await startRestTestApp({ BODY_MAX_DEPTH: '64' });
  });
  afterAll(() => t?.close());

  it('should answer 400 naming the limit, not 500, to a body nested 5,000 levels deep, and keep serving', async () => {
    const body = nestedBody(5_000);
    expect(body.length).toBeGreaterThan(30_000);
    const res = await post('/v1/crypto/signal', body).expect(400);
    expect(res.body).toEqual({
      error: 'Bad Request',
      message: 'body: objects and arrays nested deeper than 64 levels (BODY_MAX_DEPTH)',
      path: '/v1/crypto/signal',
    });
    const next = await post('/v1/crypto/signal', '{"symbol":"BTCUSDT","limit":50}').expect(200);
    expect(next.body.symbol).toBe('BTC/USDT');
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM signals')).rows[0].n).toBe(1);
  });

  it('should let a body at the limit through to validation, which names the field', async () => {
    const res = await post('/v1/crypto/signal', nestedBody(63)).expect(400);
    expect(res.body.message).toMatch(/^symbol/);
  });

  it('should refuse GraphQL variables nested past the limit the same way', async () => {
    const variables = `{"input":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const res = await post('/graphql', `{"query":"{ health { status } }","variables":${variables}}`).expect(
      400,
    );
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].message).toBe(
      'body: objects and arrays nested deeper than 64 levels (BODY_MAX_DEPTH)',
    );
  });
});
