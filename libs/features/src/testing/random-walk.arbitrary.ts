import { type Candle, CandleFactory } from '@crypto/candles';
import fc from 'fast-check';

// Returns that move a close by a few units in the last place, or not at all: a window of them after a jump
// holds a variance ~1e-30 beside moments that held the jump's ~1e-2 (catastrophic cancellation).
const nearFlatReturn = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -4, max: 4 }).map((ulps) => ulps * Number.EPSILON),
  fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
);

/**
 * Random-walk candle series for property tests: a start price anywhere from 1e-3 to 1e9, then segments that
 * are one random return (up to ±20 %), a flat run of up to 40 equal closes (RSI's zero-loss and both-zero
 * cases, zero-std windows) or a near-flat run of up to 40 returns within ±1e-9 (a jump followed by such a
 * run is what cancellation in running moments gets wrong), with random ranges and volumes (zero volume
 * included), and a few closes set to 0 (the returns into and out of them: −1, then undefined inside a window).
 */
export const randomWalkCandles = (maxSegments = 300): fc.Arbitrary<Candle[]> =>
  fc
    .record({
      start: fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
      segments: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.double({ min: -0.2, max: 0.2, noNaN: true }).map((r) => [r]) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => new Array<number>(n).fill(0)) },
          { weight: 1, arbitrary: fc.array(nearFlatReturn, { minLength: 1, maxLength: 40 }) },
        ),
        // ~240 candles a walk: fast-check's default size gives ~25, too few to turn the 48-window over.
        { maxLength: maxSegments, size: 'medium' },
      ),
      ranges: fc.array(fc.double({ min: 0, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 16 }),
      volumes: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })), {
        minLength: 1,
        maxLength: 16,
      }),
      zeroCloses: fc.array(fc.nat({ max: 2 * maxSegments }), { maxLength: 3 }),
    })
    .map(({ start, segments, ranges, volumes, zeroCloses }) => {
      const returns = segments.flat();
      const candles = CandleFactory.series({ count: returns.length + 1, startClose: start })
        .withReturns(returns)
        .withRange((t) => ranges[t % ranges.length]!)
        .withVolume((t) => volumes[t % volumes.length]!)
        .build();
      return candles.map((c, t) => (zeroCloses.includes(t) ? { ...c, close: 0 } : c));
    });
