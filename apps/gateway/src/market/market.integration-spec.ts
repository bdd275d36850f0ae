import request from 'supertest';
import { FEATURE_COLUMNS } from '@crypto/features';
import { HOUR, LAST_TS, startRestTestApp, type RestTestApp } from '../testing/rest-test-app';
import { MarketController } from './market.controller';

const klines = (t: RestTestApp) => t.emulator.requests.filter((r) => r.path === '/api/v3/klines');

describe(MarketController.name, () => {
  let t: RestTestApp;

  beforeAll(async () => {
    t = await startRestTestApp();
  });

  afterAll(() => t?.close());

  describe('GET /v1/crypto/ohlcv', () => {
    it('should answer the latest closed candles with the SPEC shape and the prototype defaults', async () => {
      const res = await request(t.server).get('/v1/crypto/ohlcv').expect(200);

      expect(Object.keys(res.body)).toEqual(['symbol', 'exchange', 'timeframe', 'limit', 'rows', 'data']);
      expect(res.body).toMatchObject({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        limit: 200,
        rows: 200,
      });
      const last = t.recorded.at(-1)!;
      expect(res.body.data.at(-1)).toEqual({ ...last, time: '2025-10-06T16:00:00.000Z' });
      expect(res.body.data[0].ts).toBe(t.recorded.at(-200)!.ts);
    });

    it('should accept the symbol spellings of the prototype and answer the unified one', async () => {
      for (const symbol of ['btcusdt', 'btc/usdt', 'BTC-USDT']) {
        const res = await request(t.server).get('/v1/crypto/ohlcv').query({ symbol, limit: 3 }).expect(200);
        expect([res.body.symbol, res.body.rows]).toEqual(['BTC/USDT', 3]);
      }
    });

    it('should store what it fetched and serve the next requests without asking the exchange again', async () => {
      await request(t.server).get('/v1/crypto/ohlcv').query({ limit: 10 }).expect(200);
      const before = klines(t).length;

      await request(t.server).get('/v1/crypto/ohlcv').query({ limit: 1000 }).expect(200);
      await request(t.server).post('/v1/crypto/signal').send({}).expect(200);

      expect(klines(t)).toHaveLength(before);
      const { rows } = await t.db.pool.query<{ n: number; last: string }>(
        "SELECT count(*)::int AS n, max(ts) AS last FROM candles WHERE symbol = 'BTC/USDT' AND timeframe = '1h' AND is_final",
      );
      // the window (1000) and one more, fetched in case the latest was still open
      expect(rows[0]).toEqual({ n: 1001, last: String(LAST_TS) });
    });

    it.each([
      ['limit above 1000', { limit: 1001 }, /^limit must not be greater than 1000$/],
      ['limit below 1', { limit: 0 }, /^limit must not be less than 1$/],
      ['a limit that is no number', { limit: 'abc' }, /^limit must be an integer number$/],
      ['a symbol that is no pair', { symbol: 'BTC' }, /^symbol "BTC" is not a trading pair/],
      [
        'a symbol the exchange does not list',
        { symbol: 'DOGEUSDT' },
        /^symbol: binance has no market DOGE\/USDT/,
      ],
      ['an exchange ccxt does not know', { exchange: 'nope' }, /^exchange "nope" is not a ccxt exchange id/],
      [
        'a timeframe that is no timeframe',
        { timeframe: 'hourly' },
        /^timeframe "hourly" is not a ccxt timeframe/,
      ],
      [
        'a timeframe the exchange does not offer',
        { timeframe: '3h' },
        /^timeframe: binance does not offer timeframe "3h"/,
      ],
    ])('should answer 400 naming the field for %s', async (_, query, message) => {
      const res = await request(t.server).get('/v1/crypto/ohlcv').query(query).expect(400);

      expect(res.body).toEqual({
        error: 'Bad Request',
        message: expect.stringMatching(message),
        path: expect.stringMatching(/^\/v1\/crypto\/ohlcv\?/),
      });
    });

    it('should answer 502 with the exchange message when the exchange keeps failing with 5xx', async () => {
      t.emulator.failAlways({ kind: 'server-error', status: 503 });
      try {
        const res = await request(t.server).get('/v1/crypto/ohlcv').query({ timeframe: '4h' }).expect(502);

        expect(res.body).toEqual({
          error: 'Bad Gateway',
          message: expect.stringMatching(
            /^binance unavailable for fetchOHLCV\(BTC\/USDT, 4h.* after 2 attempts \(OperationFailed: .*Internal error/,
          ),
          path: '/v1/crypto/ohlcv?timeframe=4h',
        });
      } finally {
        t.emulator.recover();
      }
    });

    it('should answer 502 when the exchange does not answer before the timeout', async () => {
      t.emulator.failAlways({ kind: 'timeout' });
      try {
        const res = await request(t.server).get('/v1/crypto/ohlcv').query({ timeframe: '2h' }).expect(502);

        expect(res.body.message).toMatch(/^binance unavailable .* after 2 attempts \(RequestTimeout/);
      } finally {
        t.emulator.recover();
      }
    });

    it('should serve the market once the exchange is back', async () => {
      const res = await request(t.server)
        .get('/v1/crypto/ohlcv')
        .query({ timeframe: '4h', limit: 2 })
        .expect(200);

      // 4h candles aggregated by the exchange, aligned on 00:00 UTC: the last opens at 16:00
      expect(res.body.data.at(-1).ts).toBe(LAST_TS);
      expect(res.body.data[0].ts).toBe(LAST_TS - 4 * HOUR);
    });
  });

  describe('GET /v1/crypto/indicators', () => {
    it('should answer the §5 features of the latest candle and of the tail before it', async () => {
      const res = await request(t.server).get('/v1/crypto/indicators').query({ tail: 3 }).expect(200);

      expect(res.body).toMatchObject({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        limit: 200,
        rows: 200,
      });
      expect(res.body.tail).toHaveLength(3);
      expect(res.body.latest).toEqual(res.body.tail[2]);
      expect(Object.keys(res.body.latest)).toEqual(['ts', 'time', 'close', ...FEATURE_COLUMNS]);
      expect(res.body.latest).toMatchObject({ ts: LAST_TS, close: 125455.24, rsi14: expect.any(Number) });
    });

    it('should answer 400 naming tail when it is out of range', async () => {
      const res = await request(t.server).get('/v1/crypto/indicators').query({ tail: 101 }).expect(400);

      expect(res.body.message).toBe('tail must not be greater than 100');
    });
  });

  describe('GET /v1/prices/latest', () => {
    it('should answer the last n stored candles without asking the exchange', async () => {
      await request(t.server).get('/v1/crypto/ohlcv').expect(200);
      const before = t.emulator.requests.length;

      const res = await request(t.server)
        .get('/v1/prices/latest')
        .query({ symbol: 'BTCUSDT', timeframe: '1h', n: 2 })
        .expect(200);

      expect(res.body).toEqual({
        symbol: 'BTC/USDT',
        exchange: 'binance',
        timeframe: '1h',
        n: 2,
        rows: 2,
        data: t.recorded.slice(-2).map((c) => ({ ...c, time: new Date(c.ts).toISOString(), final: true })),
      });
      expect(t.emulator.requests).toHaveLength(before);
    });

    it('should answer no rows for a market nothing is stored of', async () => {
      const res = await request(t.server).get('/v1/prices/latest').query({ symbol: 'ETHUSDT' }).expect(200);

      expect(res.body).toMatchObject({ symbol: 'ETH/USDT', n: 5, rows: 0, data: [] });
    });
  });
});
