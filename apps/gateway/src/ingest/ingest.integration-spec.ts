import request from 'supertest';
import { ADMIN_KEY, HOUR, LAST_TS, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { IngestController } from './ingest.controller';

describe(IngestController.name, () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp();
  });

  afterAll(() => t?.close());

  beforeEach(() => t.db.pool.query('TRUNCATE candles'));

  const ingest = (body: object) =>
    request(t.server).post('/v1/ingest/run').set('X-API-Key', ADMIN_KEY).send(body);

  describe('POST /v1/ingest/run', () => {
    it('should fetch and store the latest `limit` candles, counting them new', async () => {
      const res = await ingest({ symbol: 'BTCUSDT', exchange: 'binance', timeframe: '1h', limit: 48 }).expect(
        200,
      );

      expect(res.body).toEqual({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        source: 'binance REST',
        fetched: 48,
        new: 48,
        already_present: 0,
        updated: 0,
        final: 48,
        provisional: 0,
        range: {
          from_ts: LAST_TS - 47 * HOUR,
          to_ts: LAST_TS,
          from: new Date(LAST_TS - 47 * HOUR).toISOString(),
          to: '2025-10-06T16:00:00.000Z',
        },
        quality: {
          pass: true,
          failed: [],
          report_key: expect.stringMatching(/^binance\/BTC-USDT\/1h\/.*\.json$/),
        },
      });
      expect(await t.minio.storage.exists(t.minio.bucket, res.body.quality.report_key)).toBe(true);
      const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM candles WHERE is_final');
      expect(rows[0].n).toBe(48);
    });

    it('should count candles already stored as already present and change nothing', async () => {
      await ingest({ limit: 24 }).expect(200);

      const res = await ingest({ limit: 36 }).expect(200);

      expect(res.body).toMatchObject({ fetched: 36, new: 12, already_present: 24, updated: 0 });
    });

    it('should backfill from `since`, given as ISO-8601 or epoch ms', async () => {
      const iso = await ingest({ since: '2025-10-06T00:00:00Z' }).expect(200);
      const ms = await ingest({ since: Date.UTC(2025, 9, 5, 12) }).expect(200);

      expect(iso.body).toMatchObject({ fetched: 17, new: 17, range: { from: '2025-10-06T00:00:00.000Z' } });
      expect(ms.body).toMatchObject({ fetched: 29, new: 12, already_present: 17 });
    });

    it('should make the market served from the store afresh', async () => {
      await request(t.server).get('/v1/crypto/ohlcv').query({ limit: 5 }).expect(200);
      await ingest({ limit: 5 }).expect(200);

      const res = await request(t.server).get('/v1/prices/latest').query({ n: 1 }).expect(200);

      expect(res.body.data[0].ts).toBe(LAST_TS);
    });

    it.each([
      ['since that is no date', { since: 'yesterday' }, /^since must be an ISO-8601 date-time/],
      ['limit above the bound', { limit: 100_001 }, /^limit must not be greater than 100000$/],
      ['an unknown symbol', { symbol: 'DOGEUSDT' }, /^symbol: binance has no market DOGE\/USDT/],
    ])('should answer 400 for %s', async (_, body, message) => {
      const res = await ingest(body).expect(400);

      expect(res.body).toEqual({
        error: 'Bad Request',
        message: expect.stringMatching(message),
        path: '/v1/ingest/run',
      });
    });

    it.each([
      ['without an API key', undefined],
      ['with a wrong API key', 'not-the-key'],
    ])('should answer 401 %s and fetch nothing', async (_, key) => {
      const before = t.emulator.requests.length;
      const call = request(t.server).post('/v1/ingest/run');
      if (key) void call.set('X-API-Key', key);

      const res = await call.send({ limit: 5 }).expect(401);

      expect(res.body).toMatchObject({ error: 'Unauthorized', path: '/v1/ingest/run' });
      expect(t.emulator.requests).toHaveLength(before);
    });

    it('should answer 502 and store nothing when the exchange fails', async () => {
      t.emulator.failAlways({ kind: 'server-error', status: 502 });
      try {
        const res = await ingest({ limit: 5 }).expect(502);

        expect(res.body.message).toMatch(/^binance unavailable .* after 2 attempts/);
        const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM candles');
        expect(rows[0].n).toBe(0);
      } finally {
        t.emulator.recover();
      }
    });
  });
});
