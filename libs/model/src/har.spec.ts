import { CandleFactory, mulberry32 } from '@crypto/candles';
import { computeFeatureColumns } from '@crypto/features';
import { fitHar, harComponents, harForecast, solveLinearSystem } from './har';

describe('HAR-RV', () => {
  describe(fitHar.name, () => {
    it('should recover the coefficients when the target is an exact linear function of the components', () => {
      const random = mulberry32(5);
      const n = 400;
      const components = {
        daily: Float64Array.from({ length: n }, () => 0.005 + 0.01 * random()),
        weekly: Float64Array.from({ length: n }, () => 0.005 + 0.01 * random()),
        monthly: Float64Array.from({ length: n }, () => 0.005 + 0.01 * random()),
      };
      const target = Float64Array.from(
        { length: n },
        (_, t) =>
          0.001 + 0.3 * components.daily[t]! + 0.5 * components.weekly[t]! + 0.1 * components.monthly[t]!,
      );

      const sut = fitHar(
        components,
        target,
        Array.from({ length: n }, (_, t) => t),
      );

      expect(sut.intercept).toBeCloseTo(0.001, 10);
      expect(sut.daily).toBeCloseTo(0.3, 8);
      expect(sut.weekly).toBeCloseTo(0.5, 8);
      expect(sut.monthly).toBeCloseTo(0.1, 8);
    });

    it('should fit only the given origins when others would change the fit', () => {
      const components = {
        daily: Float64Array.of(1, 2, 3, 4, 5, 6, 7),
        weekly: Float64Array.of(2, 1, 4, 3, 6, 5, 1),
        monthly: Float64Array.of(1, 3, 2, 5, 3, 1, 9),
      };
      const target = Float64Array.from(components.daily, (d, t) => 1 + d + components.weekly[t]!);
      target[6] = 1000; // outside the fitted origins

      const sut = fitHar(components, target, [0, 1, 2, 3, 4, 5]);

      expect(sut.daily).toBeCloseTo(1, 9);
      expect(sut.weekly).toBeCloseTo(1, 9);
      expect(sut.monthly).toBeCloseTo(0, 9);
    });

    it('should throw when fewer than four origins are complete', () => {
      const component = Float64Array.of(1, NaN, 2, 3, NaN);

      expect(() =>
        fitHar({ daily: component, weekly: component, monthly: component }, component, [0, 1, 2, 3, 4]),
      ).toThrow(RangeError);
    });
  });

  describe(harForecast.name, () => {
    it('should floor the forecast at 1e-4 when the fitted line goes below it', () => {
      const components = {
        daily: Float64Array.of(0.01),
        weekly: Float64Array.of(0.01),
        monthly: Float64Array.of(0.01),
      };

      expect(harForecast({ intercept: -0.05, daily: 1, weekly: 1, monthly: 1 }, components, 0)).toBe(1e-4);
      expect(
        harForecast({ intercept: 0.001, daily: 0.5, weekly: 0.2, monthly: 0.1 }, components, 0),
      ).toBeCloseTo(0.009, 15);
    });
  });

  describe(harComponents.name, () => {
    it('should be the size of the alternating return when returns alternate ±r', () => {
      const candles = CandleFactory.series({ count: 800 })
        .withReturns(Array.from({ length: 799 }, (_, i) => (i % 2 ? -0.01 : 0.01)))
        .build();

      const sut = harComponents(computeFeatureColumns(candles).ret);

      expect(sut.daily[799]).toBeCloseTo(0.01, 12);
      expect(sut.weekly[799]).toBeCloseTo(0.01, 12);
      expect(sut.monthly[799]).toBeCloseTo(0.01, 12);
      expect(sut.monthly[719]).toBeNaN(); // the 720 returns ending there include the undefined first one
      expect(sut.monthly[720]).toBeCloseTo(0.01, 12);
    });
  });

  describe(solveLinearSystem.name, () => {
    it('should solve the system when the first pivot is zero', () => {
      const a = [Float64Array.of(0, 2, 1), Float64Array.of(1, 1, 0), Float64Array.of(2, 0, 3)];

      const sut = solveLinearSystem(a, Float64Array.of(7, 3, 11));

      // 2y + z = 7, x + y = 3, 2x + 3z = 11 → x = 1, y = 2, z = 3
      expect([...sut].map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 3]);
    });

    it('should throw when the system is singular', () => {
      expect(() =>
        solveLinearSystem([Float64Array.of(1, 2), Float64Array.of(2, 4)], Float64Array.of(1, 2)),
      ).toThrow('singular');
    });
  });
});
