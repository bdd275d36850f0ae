import { CandleFactory } from './candle.factory';

describe(CandleFactory.name, () => {
  describe('series', () => {
    it('should space candles by the timeframe from startTs and chain open to the previous close', () => {
      const candles = CandleFactory.series({ count: 3, startTs: 0, timeframe: '5m', startClose: 200 })
        .withReturns([0.5, -0.5])
        .build();
      expect(candles.map((c) => [c.ts, c.open, c.close])).toEqual([
        [0, 200, 200],
        [300_000, 200, 300],
        [600_000, 300, 150],
      ]);
    });

    it('should keep high above and low below open and close on a random walk', () => {
      const candles = CandleFactory.series({ count: 500 }).randomWalk({ seed: 1, sigma: 0.05 }).build();
      expect(
        candles.every((c) => c.high >= Math.max(c.open, c.close) && c.low <= Math.min(c.open, c.close)),
      ).toBe(true);
    });

    it('should build the same walk for the same seed and another for another seed', () => {
      const walk = (seed: number) => CandleFactory.series({ count: 50 }).randomWalk({ seed }).build();
      expect(walk(7)).toEqual(walk(7));
      expect(walk(7)).not.toEqual(walk(8));
    });

    it('should refuse closes that do not match the count', () => {
      expect(() => CandleFactory.series({ count: 3 }).withCloses([1, 2])).toThrow('2 closes for 3 candles');
    });
  });
});
