import { join } from 'node:path';
import { type Candle, CandleFactory, MarketDataError, readCandleCsv } from '@crypto/candles';
import fc from 'fast-check';
import { computeFeatures } from './batch-features';
import { FeatureState } from './feature-state';
import { firstDisagreement } from './testing/expect-rows-close';
import { randomWalkCandles } from './testing/random-walk.arbitrary';

const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');

const incremental = (candles: readonly Candle[]) => {
  const sut = new FeatureState();
  return candles.map((c) => sut.update(c));
};

describe(FeatureState.name, () => {
  describe('update', () => {
    it('should agree with the batch form to 1e-9 on random walks', () => {
      fc.assert(
        fc.property(randomWalkCandles(), (candles) => {
          expect(firstDisagreement(incremental(candles), computeFeatures(candles))).toBeNull();
        }),
        { numRuns: 300 },
      );
    });

    it('should agree with the batch form to 1e-9 on the whole recorded BTC file', async () => {
      const candles = await readCandleCsv(BTC_FILE);
      expect(firstDisagreement(incremental(candles), computeFeatures(candles))).toBeNull();
    });

    it('should agree with the batch form to 1e-9 when prices fall from 1e9 to 1e-3', () => {
      const candles = CandleFactory.series({ count: 20_000, startClose: 1e9 })
        .withReturns(new Array(19_999).fill(-0.0014))
        .build();
      expect(firstDisagreement(incremental(candles), computeFeatures(candles))).toBeNull();
    });

    it('should give vol24 exactly 0 and bb_upper = bb_lower = close when prices settle after a volatile run', () => {
      const volatile = CandleFactory.series({ count: 200, startClose: 98_765.43 })
        .randomWalk({ seed: 3, sigma: 0.05 })
        .build();
      const settled = volatile.at(-1)!;
      const candles = [
        ...volatile,
        ...CandleFactory.series({
          count: 30,
          startTs: settled.ts + 3_600_000,
          startClose: settled.close,
        }).build(),
      ];
      const last = incremental(candles).at(-1)!;
      expect(last.vol24).toBe(0);
      expect([last.bb_upper, last.bb_lower]).toEqual([settled.close, settled.close]);
      expect(last.rsi14).toBeNull();
    });
  });

  describe('push', () => {
    it.each([
      ['a candle at the same ts', { ts: 0 }, /ts 0 is not after the previous candle/],
      ['an earlier candle', { ts: -1 }, /ts -1 is not after the previous candle/],
      ['a NaN close', { ts: 1, close: NaN }, /close NaN is not a finite number/],
      ['an infinite close', { ts: 1, close: Infinity }, /close Infinity is not a finite number/],
    ])('should reject %s and keep its state', (_, change, message) => {
      const [first, second] = CandleFactory.series({ count: 2, startTs: 0 }).withReturns([0.01]).build();
      const sut = FeatureState.from([first!]);
      expect(() => sut.push({ ...second!, ...change })).toThrow(message);
      expect(() => sut.push({ ...second!, ...change })).toThrow(MarketDataError);
      expect(sut.count).toBe(1);
      expect(sut.update(second!)).toEqual(computeFeatures([first!, second!])[1]);
    });
  });

  describe('snapshot', () => {
    it('should throw when no candle was taken yet', () => {
      expect(() => new FeatureState().snapshot()).toThrow('the feature state has taken no candle yet');
    });

    it('should give the row of the last candle taken', () => {
      const candles = CandleFactory.series({ count: 60 }).randomWalk({ seed: 9 }).build();
      const sut = FeatureState.from(candles);
      expect(sut.snapshot()).toEqual(incremental(candles).at(-1));
      expect(sut.lastTs).toBe(candles.at(-1)!.ts);
      expect(sut.count).toBe(60);
    });
  });
});
