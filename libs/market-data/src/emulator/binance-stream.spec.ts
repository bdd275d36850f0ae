import { CandleFactory } from '@crypto/candles';
import WebSocket from 'ws';
import { BinanceEmulator } from './binance-emulator';
import { BinanceStreamFeed, partialCandle } from './binance-stream';

// The websocket feed over a raw client: Binance's request/answer framing and kline pushes.
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const candles = CandleFactory.series({ count: 200, startTs: T0 }).randomWalk({ seed: 7 }).build();

describe(BinanceStreamFeed.name, () => {
  let emulator: BinanceEmulator;
  let ws: WebSocket;
  let messages: Array<Record<string, unknown>>;

  const send = (body: unknown) => ws.send(typeof body === 'string' ? body : JSON.stringify(body));
  const until = async (predicate: () => boolean, ms = 2_000) => {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  beforeAll(async () => {
    emulator = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles }],
      stream: { speed: HOUR / 40, from: T0 + 10 * HOUR, updatesPerCandle: 4 },
    }).start();
  });

  beforeEach(async () => {
    messages = [];
    ws = new WebSocket(`${emulator.wsUrl}/ws/0`);
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    await new Promise((resolve) => ws.once('open', resolve));
  });

  afterEach(() => ws.close());

  afterAll(() => emulator.stop());

  it('should answer a SUBSCRIBE with its id, then push klines: growing, then final once', async () => {
    send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1h'], id: 7 });

    await until(() => messages.filter((m) => (m['k'] as { x: boolean } | undefined)?.x).length >= 3);

    expect(messages[0]).toEqual({ result: null, id: 7 });
    const klines = messages
      .slice(1)
      .map((m) => m['k'] as { t: number; x: boolean; c: string; s: string; i: string });
    expect(klines[0]).toMatchObject({ s: 'BTCUSDT', i: '1h' });
    const finals = klines.filter((k) => k.x);
    for (const k of finals) {
      const recorded = candles.find((c) => c.ts === k.t)!;
      expect(Number(k.c)).toBe(recorded.close);
    }
    expect(new Set(finals.map((k) => k.t)).size).toBe(finals.length);
  });

  it('should stop pushing after UNSUBSCRIBE', async () => {
    send({ method: 'SUBSCRIBE', params: ['btcusdt@miniTicker'], id: 1 });
    await until(() => messages.length >= 3);
    send({ method: 'UNSUBSCRIBE', params: ['btcusdt@miniTicker'], id: 2 });
    await until(() => messages.some((m) => m['id'] === 2));
    const seen = messages.length;

    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(messages.length).toBe(seen);
    expect(messages.find((m) => m['e'] === '24hrMiniTicker')).toMatchObject({
      s: 'BTCUSDT',
      c: expect.any(String),
    });
  });

  it.each([
    [{ method: 'SUBSCRIBE', params: ['ethusdt@kline_1h'], id: 3 }, 'unknown stream ethusdt@kline_1h'],
    [{ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 4 }, 'unknown stream btcusdt@kline_1m'],
    [{ method: 'LIST', id: 5 }, 'unknown method LIST'],
    ['not json', 'Invalid JSON'],
  ])('should answer %j with an error', async (body, msg) => {
    send(body);

    await until(() => messages.length > 0);

    expect(messages[0]).toMatchObject({ error: { msg: expect.stringContaining(msg) } });
  });

  it('should refuse an upgrade outside the stream path', async () => {
    const stray = new WebSocket(`${emulator.url.replace('http', 'ws')}/ws/0`);

    await expect(
      new Promise((resolve, reject) => stray.once('open', resolve).once('error', reject)),
    ).rejects.toThrow();
  });
});

describe(partialCandle.name, () => {
  it.each([0.25, 0.5, 0.9])('should stay OHLC-consistent at %d of the period', (fraction) => {
    for (const c of candles) {
      const p = partialCandle(c, fraction);
      expect(p.high).toBeGreaterThanOrEqual(Math.max(p.open, p.close));
      expect(p.low).toBeLessThanOrEqual(Math.min(p.open, p.close));
      expect(p.volume).toBeCloseTo(c.volume * fraction, 9);
    }
  });

  it('should equal the final candle at the end of the period', () => {
    const c = candles[3]!;

    expect(partialCandle(c, 1)).toEqual({
      ...c,
      high: expect.closeTo(c.high, 9),
      low: expect.closeTo(c.low, 9),
    });
  });
});
