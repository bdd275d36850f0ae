import { join } from 'node:path';
import { type Candle, CandleFactory, MarketDataError, readCandleCsv } from '@crypto/candles';
import fc from 'fast-check';
import { computeFeatures } from './batch-features';
import { ALL_FEATURE_COLUMNS } from './feature-row';
import { FEATURE_VECTOR_LENGTH, FeatureState } from './feature-state';
import { firstDisagreement } from './testing/expect-rows-close';
import { randomWalkCandles } from './testing/random-walk.arbitrary';

const BTC_FILE = join(__dirname, '../../../../shared/data/btcusdt-1h.csv');

// Random walks (~240 candles each) per run of the property; FEATURES_PROPERTY_RUNS=5000 for a long search.
const PROPERTY_RUNS = Number(process.env['FEATURES_PROPERTY_RUNS'] ?? 200);

const incremental = (candles: readonly Candle[]) => {
  const sut = new FeatureState();
  return candles.map((c) => sut.update(c));
};

// 46 volatile candles (σ = 10 %), a 20 % jump, then near-flat returns: the jump enters the 24-window of
// returns just before the recompute every 24 pushes, so 22 running updates round at its scale before it leaves.
const jumpThenNearFlat = (seed: number, nearFlat: readonly number[]): Candle[] => {
  const volatile = CandleFactory.series({ count: 46, startClose: 1 })
    .randomWalk({ seed, sigma: 0.1 })
    .build();
  const last = volatile.at(-1)!;
  const flat = CandleFactory.series({
    count: nearFlat.length + 1,
    startTs: last.ts + 3_600_000,
    startClose: last.close * 1.2,
  })
    .withReturns(nearFlat)
    .build();
  return [...volatile, ...flat];
};
// fast-check's shrunk counterexample of the flaky run: 0.001, a close of 0, 0.001, then 23 closes 1 ulp lower.
const RETURN_FROM_ZERO_CLOSE = CandleFactory.series({ count: 26, startClose: 0.001 })
  .withCloses([0.001, 0, 0.001, ...new Array<number>(23).fill(0.001 * (1 - Number.EPSILON))])
  .withRange(0)
  .withVolume(0)
  .build();
const ONE_ULP_EVERY_THIRD = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? Number.EPSILON : 0));
const ALTERNATING_ULPS = Array.from({ length: 30 }, (_, i) =>
  i % 2 === 0 ? -Number.EPSILON : Number.EPSILON,
);

describe(FeatureState.name, () => {
  describe('update', () => {
    it('should agree with the batch form to 1e-9 on random walks', () => {
      fc.assert(
        fc.property(randomWalkCandles(), (candles) => {
          expect(firstDisagreement(incremental(candles), computeFeatures(candles))).toBeNull();
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });

    // Recorded failures before the cancellation guard of RollingWindow: the rounding residue (~1e-16) that a
    // large value left in a running moment once it had left the window, amplified by √ in vol24 or by the
    // gain/loss ratio in rsi14. The first is the flaky property run: a return of −1 into a close of 0, then 1 ulp.
    it.each([
      ['vol24 2.2464345736635e-9 instead of 4.6e-17 after a close of 0', RETURN_FROM_ZERO_CLOSE, 25, 'vol24'],
      [
        'vol24 2.6e-9 instead of 1.1e-16 after a 20 % jump',
        jumpThenNearFlat(9, ONE_ULP_EVERY_THIRD),
        70,
        'vol24',
      ],
      ['rsi14 49.61 instead of 50 after a 20 % jump', jumpThenNearFlat(7, ALTERNATING_ULPS), 60, 'rsi14'],
    ] as const)('should agree with the batch form to 1e-9 (was %s)', (_, candles, row, feature) => {
      const expected = computeFeatures(candles);
      const actual = incremental(candles);
      expect(Math.abs(actual[row]![feature]! - expected[row]![feature]!)).toBeLessThan(1e-12);
      expect(firstDisagreement(actual, expected)).toBeNull();
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

  describe('updateInto', () => {
    it('should write the row of update() in ALL_FEATURE_COLUMNS order, NaN where it is null', () => {
      const candles = CandleFactory.series({ count: 80 }).randomWalk({ seed: 5 }).build();
      const rows = incremental(candles);
      const sut = new FeatureState();
      const out = new Float64Array(FEATURE_VECTOR_LENGTH);
      candles.forEach((candle, t) => {
        expect(sut.updateInto(candle, out)).toBe(out);
        const written = Object.fromEntries(ALL_FEATURE_COLUMNS.map((name, i) => [name, out[i]]));
        const expected = Object.fromEntries(ALL_FEATURE_COLUMNS.map((name) => [name, rows[t]![name] ?? NaN]));
        expect(written).toEqual(expected);
      });
    });

    it('should reject a buffer shorter than the feature count and keep its state', () => {
      const [candle] = CandleFactory.series({ count: 1 }).build();
      const sut = new FeatureState();
      expect(() => sut.updateInto(candle!, new Float64Array(FEATURE_VECTOR_LENGTH - 1))).toThrow(
        new RangeError(
          `feature buffer of length ${FEATURE_VECTOR_LENGTH - 1}, expected ${FEATURE_VECTOR_LENGTH}`,
        ),
      );
      expect(sut.count).toBe(0);
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
