import request from 'supertest';
import { explainSignal } from '@crypto/signals';
import { LAST_TS, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { SignalsController } from './signals.controller';

describe(SignalsController.name, () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp();
  });

  afterAll(() => t?.close());

  const signalRows = async () =>
    (
      await t.db.pool.query(
        `SELECT symbol, exchange, timeframe, request_limit, horizon_min, risk_score, nowcast_ret, vol, vol_regime,
                method, candle_ts, explain IS NOT NULL AS explained
         FROM signals ORDER BY horizon_min, id`,
      )
    ).rows;

  describe('POST /v1/crypto/signal', () => {
    beforeEach(() => t.db.pool.query('TRUNCATE signals'));

    it('should answer the SPEC §5 heuristic of the latest closed candles with the prototype defaults', async () => {
      const expected = explainSignal(t.recorded.slice(-200));

      const res = await request(t.server).post('/v1/crypto/signal').send({}).expect(200);

      expect(res.body).toEqual({
        symbol: 'BTC/USDT',
        horizon_min: 60,
        risk_score: expected.risk_score,
        nowcast_ret: expected.nowcast_ret,
        vol_regime: expected.vol_regime,
        method: 'heuristic',
        explain: null,
      });
    });

    it('should explain with the last 5 feature rows when asked', async () => {
      const expected = explainSignal(t.recorded.slice(-100));

      const res = await request(t.server)
        .post('/v1/crypto/signal')
        .send({ symbol: 'btc/usdt', explain: true, limit: 100, horizon_min: 240 })
        .expect(200);

      expect(res.body).toMatchObject({ symbol: 'BTC/USDT', horizon_min: 240 });
      expect(res.body.explain).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(Object.keys(res.body.explain)).toEqual([
        'nowcast_ret',
        'vol',
        'vol_regime',
        'risk_score',
        'features_tail',
      ]);
      expect(res.body.explain.features_tail.map((r: { time: string }) => r.time).at(-1)).toBe(
        new Date(LAST_TS).toISOString(),
      );
    });

    it('should persist every call before answering it', async () => {
      const answers = await Promise.all(
        [30, 60, 90].map((horizon_min) =>
          request(t.server)
            .post('/v1/crypto/signal')
            .send({ horizon_min, explain: horizon_min === 90 }),
        ),
      );

      expect(await signalRows()).toEqual(
        answers.map(({ body }) => ({
          symbol: 'BTC/USDT',
          exchange: 'binance',
          timeframe: '1h',
          request_limit: 200,
          horizon_min: body.horizon_min,
          risk_score: body.risk_score,
          nowcast_ret: body.nowcast_ret,
          vol: expect.any(Number),
          vol_regime: body.vol_regime,
          method: 'heuristic',
          candle_ts: String(LAST_TS),
          explained: body.horizon_min === 90,
        })),
      );
    });

    it('should read numbers and booleans sent as strings, as the prototype did', async () => {
      const res = await request(t.server)
        .post('/v1/crypto/signal')
        .send({ limit: '50', horizon_min: '15', explain: 'true' })
        .expect(200);

      expect(res.body).toMatchObject({ horizon_min: 15, explain: expect.any(Object) });
    });

    it.each([
      ['malformed JSON', '{"symbol": "BTCUSDT",', /^body: malformed JSON/],
      ['a body that is no object', '[1, 2]', /^body must be a JSON object/],
      ['horizon_min below 1', '{"horizon_min": 0}', /^horizon_min must not be less than 1$/],
      ['explain that is no boolean', '{"explain": "maybe"}', /^explain must be a boolean value$/],
      ['limit above 1000', '{"limit": 5000}', /^limit must not be greater than 1000$/],
      ['an unknown symbol', '{"symbol": "DOGEUSDT"}', /^symbol: binance has no market DOGE\/USDT/],
      ['an unknown exchange', '{"exchange": "nope"}', /^exchange "nope" is not a ccxt exchange id/],
      ['a bad timeframe', '{"timeframe": "1hour"}', /^timeframe "1hour" is not a ccxt timeframe/],
    ])('should answer 400 naming what is wrong for %s, and persist nothing', async (_, body, message) => {
      const res = await request(t.server)
        .post('/v1/crypto/signal')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);

      expect(res.body).toEqual({
        error: 'Bad Request',
        message: expect.stringMatching(message),
        path: '/v1/crypto/signal',
      });
      expect(await signalRows()).toEqual([]);
    });
  });

  describe('GET /v1/crypto/signals/tail', () => {
    beforeAll(async () => {
      await t.db.pool.query('TRUNCATE signals');
      for (const horizon_min of [1, 2, 3, 4]) {
        await request(t.server).post('/v1/crypto/signal').send({ horizon_min }).expect(200);
      }
      await request(t.server)
        .post('/v1/crypto/signal')
        .send({ symbol: 'BTCUSDT', timeframe: '4h', horizon_min: 5 });
    });

    it('should answer the last n persisted signals, oldest first, each with timestamp and method', async () => {
      const res = await request(t.server).get('/v1/crypto/signals/tail').query({ n: 3 }).expect(200);

      expect(res.body.map((s: { horizon_min: number }) => s.horizon_min)).toEqual([3, 4, 5]);
      expect(res.body[0]).toEqual({
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        limit: 200,
        horizon_min: 3,
        risk_score: expect.any(Number),
        nowcast_ret: expect.any(Number),
        vol: expect.any(Number),
        vol_regime: expect.stringMatching(/^(calm|normal|turbulent)$/),
        method: 'heuristic',
      });
      expect(res.body[2].timeframe).toBe('4h');
    });

    it('should answer 5 by default', async () => {
      const res = await request(t.server).get('/v1/crypto/signals/tail').expect(200);

      expect(res.body).toHaveLength(5);
    });

    it('should answer 400 naming n when it is out of range', async () => {
      const res = await request(t.server).get('/v1/crypto/signals/tail').query({ n: 0 }).expect(400);

      expect(res.body.message).toBe('n must not be less than 1');
    });
  });

  describe('while no model is loaded', () => {
    it('should answer 503 to POST /v1/crypto/ml-signal with a clear message, persisting nothing', async () => {
      const res = await request(t.server).post('/v1/crypto/ml-signal').send({}).expect(503);

      expect(res.body).toEqual({
        error: 'Service Unavailable',
        message: expect.stringMatching(/^no ML model is loaded/),
        path: '/v1/crypto/ml-signal',
      });
      const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM ml_predictions');
      expect(rows[0].n).toBe(0);
    });

    it('should answer 503 to GET /v1/crypto/signals/compare', async () => {
      const res = await request(t.server)
        .get('/v1/crypto/signals/compare')
        .query({ symbol: 'BTCUSDT' })
        .expect(503);

      expect(res.body.message).toMatch(/^no ML model is loaded/);
    });

    it('should still validate the ML input first', async () => {
      const res = await request(t.server)
        .post('/v1/crypto/ml-signal')
        .send({ include_heuristic: 'sometimes' })
        .expect(400);

      expect(res.body.message).toBe('include_heuristic must be a boolean value');
    });

    it('should answer an empty tail of ML predictions', async () => {
      await request(t.server).get('/v1/crypto/ml-predictions/tail').expect(200, []);
    });
  });
});

describe('signals while PostgreSQL is unreachable', () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp({ DATABASE_URL: 'postgres://crypto:crypto@127.0.0.1:1/crypto' });
  });

  afterAll(() => t?.close());

  it('should answer 503 naming PostgreSQL, and keep serving', async () => {
    const first = await request(t.server).post('/v1/crypto/signal').send({}).expect(503);
    const tail = await request(t.server).get('/v1/crypto/signals/tail').expect(503);

    expect(first.body).toEqual({
      error: 'Service Unavailable',
      message: expect.stringMatching(/^PostgreSQL unavailable to .*ECONNREFUSED/),
      path: '/v1/crypto/signal',
    });
    expect(tail.body.message).toMatch(/^PostgreSQL unavailable to read signals/);
    await request(t.server).get('/health').expect(200);
  });
});
