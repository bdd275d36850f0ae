import fc from 'fast-check';
import { RollingWindow, SeriesRing } from './rolling-window';

// Two-pass reference over the last `size` pushed values, NaN skipped.
function reference(values: readonly number[], size: number) {
  const defined = values.slice(-size).filter((x) => !Number.isNaN(x));
  const mean = defined.reduce((a, b) => a + b, 0) / defined.length;
  const variance = defined.reduce((a, x) => a + (x - mean) ** 2, 0) / (defined.length - 1);
  return { count: defined.length, mean, variance };
}

describe(RollingWindow.name, () => {
  it('should hold the count, mean and sample variance of the defined values among the last `size`', () => {
    const value = fc.oneof(fc.constant(NaN), fc.constant(5), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(value, { maxLength: 300, size: 'medium' }),
        (size, values) => {
          const sut = new RollingWindow(size);
          values.forEach((x, i) => {
            sut.push(x);
            const expected = reference(values.slice(0, i + 1), size);
            expect(sut.count).toBe(expected.count);
            if (expected.count > 0) expect(sut.mean).toBeCloseTo(expected.mean, 6);
            if (expected.count > 1) {
              expect(Math.abs(sut.variance() - expected.variance)).toBeLessThanOrEqual(
                1e-9 * Math.max(1, expected.variance),
              );
            } else {
              expect(sut.variance()).toBeNaN();
            }
          });
        },
      ),
    );
  });

  it.each([
    ['a 20 % return leaves returns 1 ulp apart', 0.2, [0, Number.EPSILON, 0, -Number.EPSILON]],
    ['a jump to 1e6 leaves closes 1e-3 apart', 1e6, [1, 1.001, 1.002]],
    ['a gain of 1e3 leaves gains of 1e-9', 1e3, [1e-9, 2e-9, 3e-9]],
  ])('should keep the mean and variance to 1e-9 relative when %s (cancellation)', (_, large, small) => {
    const sut = new RollingWindow(8);
    const values = [
      ...[0.3, -0.1, large, 0.05],
      ...Array.from({ length: 12 }, (__, i) => small[i % small.length]!),
    ];
    values.forEach((x, i) => {
      sut.push(x);
      if (i === 0) return; // one value: variance NaN
      const expected = reference(values.slice(0, i + 1), 8);
      expect(Math.abs(sut.mean - expected.mean)).toBeLessThanOrEqual(1e-9 * Math.abs(expected.mean));
      expect(Math.abs(sut.variance() - expected.variance)).toBeLessThanOrEqual(1e-9 * expected.variance);
    });
  });

  it('should give exactly 0 variance when a run of equal values fills the window', () => {
    const sut = new RollingWindow(4);
    [1e5, 2e5 + 0.1, 3.3e5, 1e5 + 0.3, 7, 7, 7, 7].forEach((x) => sut.push(x));
    expect([sut.mean, sut.variance()]).toEqual([7, 0]);
  });

  it('should keep digits when values shrink by nine orders of magnitude', () => {
    const sut = new RollingWindow(20);
    const values = Array.from({ length: 5000 }, (_, i) => 1e9 * 0.996 ** i * (1 + 0.01 * Math.sin(i)));
    values.forEach((x) => sut.push(x));
    const expected = reference(values, 20);
    expect(sut.mean / expected.mean - 1).toBeLessThan(1e-12);
    expect(Math.abs(sut.variance() / expected.variance - 1)).toBeLessThan(1e-9);
  });

  it('should give the value pushed `back` pushes ago', () => {
    const sut = new RollingWindow(3);
    [1, 2, 3, 4].forEach((x) => sut.push(x));
    expect([sut.at(0), sut.at(1), sut.at(2)]).toEqual([4, 3, 2]);
  });

  it('should hold the same moments over a shared series as windows over their own', () => {
    const values = [3, NaN, 1, 4, 1, 5, 9, NaN, 2, 6, 5, 3, 5];
    const series = new SeriesRing(8);
    const sut = [new RollingWindow(3, series), new RollingWindow(7, series)];
    const own = [new RollingWindow(3), new RollingWindow(7)];
    for (const x of values) {
      series.push(x);
      sut.forEach((window) => window.advance());
      own.forEach((window) => window.push(x));
      expect(sut.map((w) => [w.count, w.mean, w.variance()])).toEqual(
        own.map((w) => [w.count, w.mean, w.variance()]),
      );
    }
  });

  it('should reject a series that cannot hold the value leaving the window', () => {
    expect(() => new RollingWindow(8, new SeriesRing(8))).toThrow(
      new RangeError('a window of 8 needs a series holding more than 8 values'),
    );
  });
});

describe(SeriesRing.name, () => {
  it('should round its capacity up to a power of two and give the value pushed `back` pushes ago', () => {
    const sut = new SeriesRing(5);
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].forEach((x) => sut.push(x));
    expect(sut.capacity).toBe(8);
    expect([sut.at(0), sut.at(7), sut.pushed]).toEqual([10, 3, 10]);
  });

  it('should sum the defined values among the last n and their squared deviations from a mean', () => {
    const sut = new SeriesRing(8);
    [100, 1, NaN, 2, 3].forEach((x) => sut.push(x));
    expect(sut.sumOfDefined(4)).toBe(6);
    expect(sut.squaredDeviations(4, 2)).toBe(2);
  });
});
