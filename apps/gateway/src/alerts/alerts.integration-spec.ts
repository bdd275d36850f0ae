import request from 'supertest';
import { AlertRepository, alertRecord, type AlertRecord } from '@crypto/storage';
import { HOUR, LAST_TS, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { AlertsController } from './alerts.controller';

/** The alert of the candle i hours before the last recorded one, as the stream stores it. */
const alertAt = (i: number, overrides: Partial<AlertRecord> = {}): AlertRecord =>
  alertRecord({ ts: LAST_TS - i * HOUR, ...overrides });

describe(AlertsController.name, () => {
  let t: RestTestApp;
  // 25 BTC alerts, one per hour, then an ETH one on the last candle: stored as the stream does
  const btc = Array.from({ length: 25 }, (_, k) => alertAt(24 - k));
  const eth = alertAt(0, {
    symbol: 'ETH/USDT',
    type: 'price_change_24h',
    value: -0.1234,
    threshold: 0.1,
    severity: 'warning',
    message: 'ETH/USDT 1h: price down 12.34% in 24h to 4012.5 (beyond 10%)',
  });

  beforeAll(async () => {
    t = await startRestTestApp();
    await new AlertRepository(t.db.pool).saveMany([...btc, eth]);
  });

  afterAll(() => t?.close());

  describe('GET /v1/alerts/tail', () => {
    it('should answer the last n stored alerts, oldest first, as the stream published them', async () => {
      const res = await request(t.server).get('/v1/alerts/tail').query({ n: 3 }).expect(200);

      expect(res.body).toEqual([btc[23], btc[24], eth]);
    });

    it('should answer 20 by default', async () => {
      const res = await request(t.server).get('/v1/alerts/tail').expect(200);

      expect(res.body).toEqual([...btc.slice(-19), eth]);
    });

    it.each(['ETHUSDT', 'eth/usdt', 'ETH-USDT'])(
      'should answer only the alerts of symbol %s',
      async (symbol) => {
        const res = await request(t.server).get('/v1/alerts/tail').query({ symbol }).expect(200);

        expect(res.body).toEqual([eth]);
      },
    );

    it('should answer every alert of a symbol when n exceeds them, and [] for a symbol without any', async () => {
      const all = await request(t.server).get('/v1/alerts/tail').query({ n: 1000, symbol: 'BTCUSDT' });
      const none = await request(t.server).get('/v1/alerts/tail').query({ symbol: 'SOLUSDT' });

      expect(all.body).toEqual(btc);
      expect(none.body).toEqual([]);
    });

    it.each([
      ['n', { n: 0 }, /^n must not be less than 1$/],
      ['n', { n: 1001 }, /^n must not be greater than 1000$/],
      ['n', { n: 'many' }, /^n must be an integer number$/],
      ['n', { n: '2.5' }, /^n must be an integer number$/],
      ['symbol', { symbol: 'BTC-USDT-X' }, /^symbol/],
    ])('should answer 400 naming %s for %j', async (_, query, message) => {
      const res = await request(t.server).get('/v1/alerts/tail').query(query).expect(400);

      expect(res.body).toEqual({
        error: 'Bad Request',
        message: expect.stringMatching(message),
        path: expect.stringMatching(/^\/v1\/alerts\/tail\?/),
      });
    });
  });

  it('should document n (optional, an integer) with its SPEC default of 20, and symbol', async () => {
    const { body: document } = await request(t.server).get('/docs-json').expect(200);
    const parameters = document.paths['/v1/alerts/tail'].get.parameters as Array<{
      name: string;
      required: boolean;
      schema: { type: string; default?: unknown };
    }>;

    expect(parameters.map((p) => [p.name, p.required, p.schema.type, p.schema.default])).toEqual([
      ['n', false, 'integer', 20],
      ['symbol', false, 'string', undefined],
    ]);
  });
});

describe('alerts while PostgreSQL is unreachable', () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp({ DATABASE_URL: 'postgres://crypto:crypto@127.0.0.1:1/crypto' });
  });

  afterAll(() => t?.close());

  it('should answer 503 naming PostgreSQL', async () => {
    const res = await request(t.server).get('/v1/alerts/tail').expect(503);

    expect(res.body).toEqual({
      error: 'Service Unavailable',
      message: expect.stringMatching(/^PostgreSQL unavailable to read alerts .*ECONNREFUSED/),
      path: '/v1/alerts/tail',
    });
  });
});
