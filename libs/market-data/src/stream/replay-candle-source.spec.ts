import { join } from 'node:path';
import { CandleFactory, MarketDataError, type Candle } from '@crypto/candles';
import type { MarketUpdate, TickerUpdate } from './market-stream';
import { ReplayCandleSource, type ReplayOptions } from './replay-candle-source';
import { withoutIndexes } from '../testing/candle-edits';

const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
const HOUR = 3_600_000;
const request = { exchange: 'binance', symbol: 'btcusdt', timeframe: '1h' };

async function collect(stream: AsyncIterable<MarketUpdate>, max = Infinity): Promise<MarketUpdate[]> {
  const updates: MarketUpdate[] = [];
  for await (const update of stream) {
    updates.push(update);
    if (updates.length >= max) break;
  }
  return updates;
}

const candlesOf = (updates: MarketUpdate[]): Candle[] =>
  updates.flatMap((u) => (u.type === 'candle' ? [u.candle] : []));

function replay(candles: Candle[], options: Partial<ReplayOptions> = {}) {
  const waits: number[] = [];
  const sut = new ReplayCandleSource([{ symbol: 'BTC/USDT', timeframe: '1h', candles }], {
    speed: 3600,
    wait: async (ms) => void waits.push(ms),
    ...options,
  });
  return { sut, waits };
}

describe(ReplayCandleSource.name, () => {
  describe('stream', () => {
    it('should play every candle closed, in order, under the normalised market', async () => {
      const candles = CandleFactory.series({ count: 10 }).withReturns([0.01, -0.02]).build();
      const { sut } = replay(candles);

      const updates = await collect(sut.stream({ ...request, tickers: false }));

      expect(updates).toHaveLength(10);
      expect(updates[0]).toEqual({
        type: 'candle',
        market: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
        candle: candles[0],
        closed: true,
      });
      expect(candlesOf(updates)).toEqual(candles);
    });

    it.each([
      [3600, 1_000],
      [60, 60_000],
      [1, HOUR],
    ])('should wait market time / %d between candles (%d ms for 1h)', async (speed, ms) => {
      const { sut, waits } = replay(CandleFactory.series({ count: 4 }).build(), { speed });

      await collect(sut.stream(request));

      expect(waits).toEqual([ms, ms, ms]);
    });

    it('should wait across a gap in proportion to its length', async () => {
      const { sut, waits } = replay(withoutIndexes(CandleFactory.series({ count: 6 }).build(), 2, 3));

      await collect(sut.stream(request));

      expect(waits).toEqual([1_000, 3_000, 1_000]);
    });

    it.each([Infinity, 0])('should not wait at speed %d', async (speed) => {
      const { sut, waits } = replay(CandleFactory.series({ count: 5 }).build(), { speed });

      expect(candlesOf(await collect(sut.stream(request)))).toHaveLength(5);
      expect(waits).toEqual([]);
    });

    it('should play only the candles between from and to', async () => {
      const candles = CandleFactory.series({ count: 10 }).build();
      const { sut } = replay(candles, { from: candles[3]!.ts, to: candles[6]!.ts });

      expect(candlesOf(await collect(sut.stream(request)))).toEqual(candles.slice(3, 6));
    });

    it('should precede each candle with a ticker of the last 24 hours at its close', async () => {
      const candles = CandleFactory.series({ count: 30 }).withReturns(Array(29).fill(0.01)).build();
      const { sut } = replay(candles);

      const updates = await collect(sut.stream(request));

      expect(updates.map((u) => u.type).slice(0, 4)).toEqual(['ticker', 'candle', 'ticker', 'candle']);
      const last = updates.at(-2) as TickerUpdate;
      const day = candles.slice(-24);
      expect(last.ticker).toEqual({
        symbol: 'BTC/USDT',
        price: candles[29]!.close,
        change24hPct: expect.closeTo((100 * (candles[29]!.close - day[0]!.open)) / day[0]!.open, 9),
        volume24h: day.reduce((sum, c) => sum + c.volume, 0),
        timestamp: candles[29]!.ts + HOUR - 1,
      });
    });

    it('should stop when the signal aborts', async () => {
      const controller = new AbortController();
      const { sut } = replay(CandleFactory.series({ count: 10 }).build(), {
        wait: async () => controller.abort(),
      });

      const updates = await collect(sut.stream({ ...request, tickers: false }, controller.signal));

      expect(updates).toHaveLength(1);
    });

    it('should stop when the consumer stops iterating', async () => {
      const { sut, waits } = replay(CandleFactory.series({ count: 10 }).build());

      await collect(sut.stream({ ...request, tickers: false }), 3);

      expect(waits).toHaveLength(2);
    });

    it('should pace in real time with the default wait', async () => {
      const sut = new ReplayCandleSource(
        [{ symbol: 'BTC/USDT', timeframe: '1h', candles: CandleFactory.series({ count: 3 }).build() }],
        {
          speed: 36_000, // 100 ms per hour of market time
        },
      );
      const started = performance.now();

      await collect(sut.stream(request));

      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    });

    it.each([
      [{ ...request, symbol: 'ETH/USDT' }, 'UNKNOWN_SYMBOL', 'no recording of ETH/USDT'],
      [{ ...request, timeframe: '4h' }, 'UNSUPPORTED_TIMEFRAME', 'BTC/USDT is recorded as 1h, not 4h'],
      [{ ...request, symbol: 'BTC' }, 'INVALID_SYMBOL', '"BTC"'],
    ])('should reject %o with %s', async (badRequest, code, message) => {
      const { sut } = replay(CandleFactory.series({ count: 2 }).build());

      const error = await collect(sut.stream(badRequest)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MarketDataError);
      expect(error).toMatchObject({ code, message: expect.stringContaining(message) });
    });

    it('should play the recorded BTC file to its last candle', async () => {
      const sut = await ReplayCandleSource.fromCsv(
        BTC_FILE,
        { symbol: 'BTCUSDT', timeframe: '1h' },
        { speed: Infinity },
      );

      const candles = candlesOf(await collect(sut.stream({ ...request, tickers: false })));

      expect(candles).toHaveLength(43_779);
      expect(candles.at(-1)).toMatchObject({ ts: 1759766400000, close: 125455.24 });
    });
  });

  it.each([-1, Number.NaN])('should refuse a speed of %d', (speed) => {
    expect(() => replay([], { speed })).toThrow(RangeError);
  });
});
