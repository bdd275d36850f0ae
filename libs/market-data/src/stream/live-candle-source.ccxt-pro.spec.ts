import { join } from 'node:path';
import { readCandleCsv, type Candle } from '@crypto/candles';
import { BinanceEmulator } from '../emulator/binance-emulator';
import { LiveCandleSource } from './live-candle-source';
import type { CandleUpdate, MarketUpdate, TickerUpdate } from './market-stream';

// Real ccxt.pro over websockets against the emulator's Binance stream feed (and its REST API for markets and
// the closed-candle read-back), playing the recorded BTC file at 50 ms per hourly candle.
const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;
const SPEED = HOUR / 50;
const request = { exchange: 'binance', symbol: 'BTCUSDT', timeframe: '1h' };

describe(`${LiveCandleSource.name} over ccxt.pro`, () => {
  let recorded: Candle[];
  let emulator: BinanceEmulator;
  let sut: LiveCandleSource;

  /** Iterates until `enough` says so (or 10 s pass), dropping the connection once after `dropAfter` closed candles. */
  async function collect(
    enough: (updates: MarketUpdate[]) => boolean,
    dropAfter = Infinity,
  ): Promise<MarketUpdate[]> {
    const updates: MarketUpdate[] = [];
    const stop = AbortSignal.timeout(10_000);
    let dropped = false;
    for await (const update of sut.stream(request, stop)) {
      updates.push(update);
      if (!dropped && closedOf(updates).length >= dropAfter) {
        dropped = true;
        emulator.dropStreams();
      }
      if (enough(updates)) break;
    }
    return updates;
  }
  const closedOf = (updates: MarketUpdate[]) =>
    updates.filter((u): u is CandleUpdate => u.type === 'candle' && u.closed).map((u) => u.candle);

  beforeAll(async () => {
    recorded = await readCandleCsv(BTC_FILE);
    emulator = await new BinanceEmulator({
      markets: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: recorded }],
      stream: { speed: SPEED, from: recorded.at(-400)!.ts },
    }).start();
  });

  beforeEach(() => {
    sut = LiveCandleSource.connect(
      { exchangeId: 'binance', baseUrl: emulator.url, wsBaseUrl: emulator.wsUrl, timeoutMs: 2_000 },
      { retry: { retries: 5, baseDelayMs: 10, maxDelayMs: 50 } },
    );
  });

  afterEach(() => sut.close());

  afterAll(() => emulator.stop());

  it('should stream growing open candles, then each candle closed with its recorded values, in order', async () => {
    const updates = await collect((u) => closedOf(u).length >= 6);

    const closed = closedOf(updates);
    const first = recorded.findIndex((c) => c.ts === closed[0]!.ts);
    expect(closed).toEqual(recorded.slice(first, first + closed.length));
    const open = updates
      .filter((u): u is CandleUpdate => u.type === 'candle' && !u.closed)
      .map((u) => u.candle);
    expect(open.length).toBeGreaterThan(closed.length);
    for (const c of open)
      expect(c.high >= Math.max(c.open, c.close) && c.low <= Math.min(c.open, c.close)).toBe(true);
  });

  it('should interleave 24h tickers of the same market', async () => {
    const updates = await collect((u) => u.filter((x) => x.type === 'ticker').length >= 3);

    const ticker = (updates.find((u) => u.type === 'ticker') as TickerUpdate).ticker;
    expect(ticker).toMatchObject({
      symbol: 'BTC/USDT',
      price: expect.any(Number),
      change24hPct: expect.any(Number),
    });
    expect(ticker.price).toBeGreaterThan(50_000);
  });

  it('should come back after the connection drops, missing no closed candle', async () => {
    const updates = await collect((u) => closedOf(u).length >= 8, 2);

    const closed = closedOf(updates);
    const first = recorded.findIndex((c) => c.ts === closed[0]!.ts);
    expect(closed).toEqual(recorded.slice(first, first + closed.length));
    expect(new Set(closed.map((c) => c.ts)).size).toBe(closed.length);
  });

  it('should end with the refusal of the exchange when it does not serve the stream', async () => {
    await expect(sut.stream({ ...request, timeframe: '1m' }).next()).rejects.toMatchObject({
      code: 'EXCHANGE_UNAVAILABLE',
      message: expect.stringContaining('binance refused for watchOHLCV(BTC/USDT, 1m)'),
    });
  });
});
