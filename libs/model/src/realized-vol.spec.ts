import { ewmaVolatility, futureRealizedVol, rollingRealizedVol } from './realized-vol';

const returns = (values: number[]) => Float64Array.from(values);

describe('realized vol', () => {
  describe(futureRealizedVol.name, () => {
    it('should be the sample std of the next H returns when they all exist', () => {
      const sut = futureRealizedVol(returns([NaN, 0.01, -0.01, 0.02, 0]), 2);

      expect(sut[0]).toBeCloseTo(Math.sqrt(2e-4), 15); // std(0.01, −0.01), ddof 1
      expect(sut[1]).toBeCloseTo(Math.sqrt(2 * 0.015 ** 2), 15); // std(−0.01, 0.02)
      expect(sut[2]).toBeCloseTo(Math.sqrt(2e-4), 15); // std(0.02, 0)
    });

    it('should be NaN when fewer than H returns follow the origin', () => {
      const sut = futureRealizedVol(returns([NaN, 0.01, -0.01, 0.02, 0]), 2);

      expect([...sut.slice(3)]).toEqual([NaN, NaN]);
    });

    it('should not read the origin own return when the future differs from the past', () => {
      const sut = futureRealizedVol(returns([NaN, 0.5, 0.01, -0.01]), 2);

      expect(sut[1]).toBeCloseTo(Math.sqrt(2e-4), 15);
    });
  });

  describe(rollingRealizedVol.name, () => {
    it('should be the root mean square return of the window when it is complete', () => {
      const sut = rollingRealizedVol(returns([NaN, 0.01, -0.01, 0.02]), 2);

      expect(sut[1]).toBeNaN(); // the window holds the undefined first return
      expect(sut[2]).toBeCloseTo(0.01, 15);
      expect(sut[3]).toBeCloseTo(Math.sqrt((1e-4 + 4e-4) / 2), 15);
    });
  });

  describe(ewmaVolatility.name, () => {
    it('should follow s² = λ·s² + (1 − λ)·r² from the first squared return when λ = 0.94', () => {
      const sut = ewmaVolatility(returns([NaN, 0.01, 0.02]), 0.94);

      expect(sut[0]).toBeNaN();
      expect(sut[1]).toBeCloseTo(0.01, 15);
      expect(sut[2]).toBeCloseTo(Math.sqrt(0.94 * 1e-4 + 0.06 * 4e-4), 15); // √1.18e-4
    });
  });
});
