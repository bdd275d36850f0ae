import { BinanceEmulator } from './binance-emulator';
import { CandleFactory } from '@crypto/candles';

// Raw HTTP against the emulator: the Binance formats and paging rules ccxt relies on, and the failure switch.
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const candles = CandleFactory.series({ count: 48, startTs: T0 }).withReturns(Array(47).fill(0.001)).build();

describe(BinanceEmulator.name, () => {
  let sut: BinanceEmulator;

  const get = async (path: string) => {
    const response = await fetch(`${sut.url}${path}`);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text.startsWith('<') ? text : JSON.parse(text),
    };
  };
  const openTimes = (body: unknown) => (body as number[][]).map((k) => (k[0]! - T0) / HOUR);

  beforeAll(async () => {
    sut = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles }],
      now: () => T0 + 100 * HOUR,
    }).start();
  });

  beforeEach(() => {
    sut.recover();
    sut.setNow(T0 + 100 * HOUR);
    sut.requests.length = 0;
  });

  afterAll(() => sut.stop());

  describe('GET /api/v3/klines', () => {
    it('should answer Binance kline rows: open time, OHLCV as strings, close time, quote volume', async () => {
      const { status, body } = await get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1');

      const last = candles.at(-1)!;
      expect(status).toBe(200);
      expect(body).toEqual([
        [
          last.ts,
          String(last.open),
          String(last.high),
          String(last.low),
          String(last.close),
          String(last.volume),
          last.ts + HOUR - 1,
          String(last.volume * last.close),
          0,
          '0',
          '0',
          '0',
        ],
      ]);
    });

    it.each([
      ['startTime=' + (T0 + 10 * HOUR) + '&limit=3', [10, 11, 12]],
      ['endTime=' + (T0 + 10 * HOUR) + '&limit=3', [8, 9, 10]],
      ['startTime=' + (T0 + 10 * HOUR) + '&endTime=' + (T0 + 11 * HOUR), [10, 11]],
      ['limit=2', [46, 47]],
      ['startTime=' + (T0 + 10 * HOUR + 1) + '&limit=2', [11, 12]],
    ])('should page like Binance for %s', async (query, hours) => {
      const { body } = await get(`/api/v3/klines?symbol=BTCUSDT&interval=1h&${query}`);

      expect(openTimes(body)).toEqual(hours);
    });

    it('should default to the latest 500', async () => {
      expect(openTimes((await get('/api/v3/klines?symbol=BTCUSDT&interval=1h')).body)).toHaveLength(48);
    });

    it('should not serve candles after its clock, and serve the open one partly filled', async () => {
      sut.setNow(T0 + 10 * HOUR + HOUR / 2);

      const { body } = await get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2');

      expect(openTimes(body)).toEqual([9, 10]);
      expect(Number((body as string[][])[1]![5])).toBeCloseTo(candles[10]!.volume / 2, 9);
    });

    it('should aggregate to a multiple of the recorded timeframe', async () => {
      const { body } = await get(`/api/v3/klines?symbol=BTCUSDT&interval=1d&limit=5`);

      expect(openTimes(body)).toEqual([0, 24]);
      expect((body as string[][])[0]![4]).toBe(String(candles[23]!.close));
    });

    it.each([
      ['symbol=ETHUSDT&interval=1h', -1121, 'Invalid symbol.'],
      ['interval=1h', -1102, "Mandatory parameter 'symbol'"],
      ['symbol=BTCUSDT', -1102, "Mandatory parameter 'interval'"],
      ['symbol=BTCUSDT&interval=7m', -1120, 'Invalid interval.'],
      ['symbol=BTCUSDT&interval=1m', -1120, 'cannot be derived from the recorded 60m candles'],
      ['symbol=BTCUSDT&interval=1h&limit=1001', -1130, "parameter 'limit'"],
      ['symbol=BTCUSDT&interval=1h&limit=0', -1130, "parameter 'limit'"],
      ['symbol=BTCUSDT&interval=1h&startTime=abc', -1100, "parameter 'startTime'"],
      ['symbol=BTCUSDT&interval=1h&startTime=5&endTime=4', -1023, 'Start time is greater than end time.'],
    ])('should answer 400 {code, msg} to %s', async (query, code, msg) => {
      const { status, body } = await get(`/api/v3/klines?${query}`);

      expect(status).toBe(400);
      expect(body).toEqual({ code, msg: expect.stringContaining(msg) });
    });
  });

  describe('GET /api/v3/exchangeInfo', () => {
    it('should list the recorded symbols as spot markets with their filters', async () => {
      const { body } = await get('/api/v3/exchangeInfo');

      expect(body).toMatchObject({
        timezone: 'UTC',
        symbols: [
          {
            symbol: 'BTCUSDT',
            status: 'TRADING',
            baseAsset: 'BTC',
            quoteAsset: 'USDT',
            isSpotTradingAllowed: true,
          },
        ],
      });
    });
  });

  describe('GET /api/v3/ticker/24hr', () => {
    it('should summarise the 24 hours before its clock', async () => {
      sut.setNow(T0 + 30 * HOUR - 1);

      const { body } = await get('/api/v3/ticker/24hr?symbol=BTCUSDT');

      expect(body).toMatchObject({
        symbol: 'BTCUSDT',
        lastPrice: String(candles[29]!.close),
        openPrice: String(candles[6]!.open),
        count: 24,
      });
    });
  });

  it.each(['/api/v3/time', '/api/v3/ping'])('should answer %s', async (path) => {
    expect((await get(path)).status).toBe(200);
  });

  it('should answer 404 with an HTML page for an endpoint it does not emulate', async () => {
    const { status, body } = await get('/fapi/v1/exchangeInfo');

    expect(status).toBe(404);
    expect(body).toContain('404');
  });

  describe('failure switch', () => {
    it('should fail the next requests as told, then recover by itself', async () => {
      sut.failNext({ kind: 'server-error', status: 500 }, 2);

      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await get('/api/v3/ping')).status);

      expect(statuses).toEqual([500, 500, 200]);
      expect(sut.requests.map((r) => r.outcome)).toEqual([500, 500, 200]);
    });

    it('should send the rate-limit headers Binance sends with a 429', async () => {
      sut.failNext({ kind: 'rate-limit', retryAfterSeconds: 7 });

      const { status, headers, body } = await get('/api/v3/ping');

      expect(status).toBe(429);
      expect(headers.get('retry-after')).toBe('7');
      expect(Number(headers.get('x-mbx-used-weight-1m'))).toBeGreaterThan(6000);
      expect(body).toMatchObject({ code: -1003 });
    });

    it('should answer 418 to a banned client', async () => {
      sut.failNext({ kind: 'ban' });

      expect(await get('/api/v3/ping')).toMatchObject({
        status: 418,
        body: { code: -1003, msg: expect.stringContaining('banned until') },
      });
    });

    it('should leave a request hanging until recovered', async () => {
      sut.failNext({ kind: 'timeout' });

      const pending = get('/api/v3/ping');
      await new Promise((resolve) => setTimeout(resolve, 100));
      sut.recover();

      await expect(pending).rejects.toThrow('fetch failed');
      expect(sut.requests.map((r) => r.outcome)).toEqual(['timeout']);
    });

    it('should be switched over HTTP too', async () => {
      await fetch(`${sut.url}/__emulator/failures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'server-error', status: 503 }),
      });
      const failing = [(await get('/api/v3/ping')).status, (await get('/api/v3/ping')).status];
      await fetch(`${sut.url}/__emulator/failures`, { method: 'DELETE' });

      expect(failing).toEqual([503, 503]);
      expect((await get('/api/v3/ping')).status).toBe(200);
    });

    it('should move its clock over HTTP', async () => {
      await fetch(`${sut.url}/__emulator/clock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now: T0 + 5 * HOUR }),
      });

      expect((await get('/api/v3/time')).body).toEqual({ serverTime: T0 + 5 * HOUR });
    });
  });
});
