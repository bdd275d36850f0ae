import fc from 'fast-check';
import { RollingWindow } from './rolling-window';

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
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(value, { maxLength: 300 }), (size, values) => {
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
      }),
    );
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
});
