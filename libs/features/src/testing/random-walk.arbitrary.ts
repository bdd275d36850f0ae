import { type Candle, CandleFactory } from '@crypto/candles';
import fc from 'fast-check';

/**
 * Random-walk candle series for property tests: a start price anywhere from 1e-3 to 1e6, then segments that are
 * either one random return (up to ±20 %) or a flat run of up to 40 equal closes (RSI's zero-loss and
 * both-zero cases, zero-std windows), with random ranges and volumes (zero volume included), and a few
 * closes set to 0 (the returns into and out of them: −1, then undefined inside a window).
 */
export const randomWalkCandles = (maxSegments = 300): fc.Arbitrary<Candle[]> =>
  fc
    .record({
      start: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      segments: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: fc.double({ min: -0.2, max: 0.2, noNaN: true }).map((r) => [r]) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => new Array<number>(n).fill(0)) },
        ),
        { maxLength: maxSegments },
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
