import type { VolatilityModel } from '@crypto/model';
import { volRegime } from '@crypto/signals';
import { hourlySeries, TestClock } from '../testing/serving.fakes';
import { BaselineFallback, harFallbackForecast } from './baseline-fallback';

const LAST_TS = Date.UTC(2025, 9, 6, 16);
const SERIES = hourlySeries(800, LAST_TS);
const FIT = {
  coefficients: { intercept: 0.0004, daily: 0.35, weekly: 0.3, monthly: 0.2 },
  fit_window: { from_ts: 0, to_ts: 1, n: 100 },
};
const modelWith = (har_baseline: typeof FIT | undefined) =>
  ({ preprocessing: { har_baseline } }) as unknown as VolatilityModel;

/** √ of the mean squared return (SPEC §5 `ret`, the close's relative change) over the last `size` candles. */
function realisedVol(size: number): number {
  const closes = SERIES.map((c) => c.close);
  let squares = 0;
  for (let t = closes.length - size; t < closes.length; t++)
    squares += (closes[t]! / closes[t - 1]! - 1) ** 2;
  return Math.sqrt(squares / size);
}

describe(harFallbackForecast.name, () => {
  it("should forecast β0 + βd·RV_day + βw·RV_week + βm·RV_month with the model's stored fit", () => {
    const { intercept, daily, weekly, monthly } = FIT.coefficients;
    const expected =
      intercept + daily * realisedVol(24) + weekly * realisedVol(168) + monthly * realisedVol(720);

    const forecast = harFallbackForecast(modelWith(FIT), SERIES);

    expect(forecast.prediction).toBeCloseTo(expected, 12);
    expect(forecast).toMatchObject({
      volatility_regime: volRegime(expected),
      confidence: 0,
      candle_ts: LAST_TS,
    });
    expect(forecast.current_volatility).toBeGreaterThan(0);
  });

  it('should refuse a window shorter than a month of returns, and a model without a stored fit', () => {
    expect(() => harFallbackForecast(modelWith(FIT), SERIES.slice(-720))).toThrow(
      /HAR-RV needs 721 candles \(a month of returns\), got 720/,
    );
    expect(() => harFallbackForecast(modelWith(undefined), SERIES)).toThrow(/holds no HAR-RV coefficients/);
  });
});

describe(BaselineFallback.name, () => {
  it('should stand in for the version it was engaged for only', () => {
    const sut = new BaselineFallback(new TestClock(LAST_TS).now);

    sut.engage('4', 'v4 degraded, no earlier champion');

    expect(sut.engagedFor('4')).toEqual({
      forecaster: 'har-rv',
      model_version: '4',
      reason: 'v4 degraded, no earlier champion',
      since: new Date(LAST_TS).toISOString(),
    });
    expect(sut.engagedFor('5')).toBeUndefined();
  });
});
