import { forecastMetrics } from './metrics';

describe(forecastMetrics.name, () => {
  it('should give the hand-computed RMSE, MAE, QLIKE and R² when one of two forecasts is twice the actual vol', () => {
    // errors 0.01 and 0; σ²/h² = 0.25 and 1; mean actual 0.015, SST = 2 · 0.005² = 5e-5, SSE = 1e-4
    const sut = forecastMetrics([0.01, 0.02], [0.02, 0.02]);

    expect(sut.rmse).toBeCloseTo(Math.sqrt(0.0001 / 2), 15);
    expect(sut.mae).toBeCloseTo(0.005, 15);
    expect(sut.qlike).toBeCloseTo((0.25 - Math.log(0.25) - 1) / 2, 12); // 0.318147…
    expect(sut.qlike).toBeCloseTo(0.3181472, 6);
    expect(sut.r2).toBeCloseTo(-1, 12);
  });

  it('should be 0 for RMSE, MAE and QLIKE and 1 for R² when the forecasts are exact', () => {
    expect(forecastMetrics([0.01, 0.03, 0.02], [0.01, 0.03, 0.02])).toEqual({
      rmse: 0,
      mae: 0,
      qlike: 0,
      r2: 1,
    });
  });

  it('should penalise a forecast at half the actual vol more than one at twice it when scoring QLIKE', () => {
    const under = forecastMetrics([0.02], [0.01]).qlike; // σ²/h² = 4: 4 − ln 4 − 1
    const over = forecastMetrics([0.01], [0.02]).qlike; // σ²/h² = 1/4

    expect(under).toBeCloseTo(3 - Math.log(4), 12);
    expect(over).toBeCloseTo(Math.log(4) - 0.75, 12);
    expect(under).toBeGreaterThan(over);
  });

  it('should throw when the series differ in length', () => {
    expect(() => forecastMetrics([0.01, 0.02], [0.01])).toThrow(RangeError);
  });
});
