import { CandleFactory } from '@crypto/candles';
import { computeFeatures } from '@crypto/features';
import { heuristicSignal } from './heuristic-signal';
import { riskForecastSeries } from './risk-forecast-series';

const HOUR = 3_600_000;
// 2025-10-05 UTC
const day = { from: Date.UTC(2025, 9, 5), to: Date.UTC(2025, 9, 6) };

// 48 candles of history, the 24 of the day, 25 after it
const candles = CandleFactory.series({ count: 97, startTs: day.from - 48 * HOUR, startClose: 100 })
  .randomWalk({ seed: 3 })
  .build();

describe(riskForecastSeries.name, () => {
  it('should give each candle of the day its close and the SPEC §5 heuristic risk score', () => {
    const features = computeFeatures(candles);

    const { prices } = riskForecastSeries(candles, day, []);

    expect(prices).toHaveLength(24);
    expect(prices[0]).toEqual({
      ts: day.from,
      close: candles[48]!.close,
      vol24: features[48]!.vol24,
      risk_score: heuristicSignal(features[48]!).risk_score,
    });
    expect(prices.at(-1)!.ts).toBe(day.to - HOUR);
  });

  it('should set each forecast against the sample std of the next 24 returns', () => {
    const features = computeFeatures(candles);

    const { forecasts } = riskForecastSeries(candles, day, [{ candle_ts: day.from, prediction: 0.01 }]);

    // vol24 at t+24 is the sample std of the returns t+1 … t+24: the realised volatility of origin t
    expect(forecasts[0]!.realised).toBeCloseTo(features[48 + 24]!.vol24!, 12);
    expect(forecasts[0]).toMatchObject({ ts: day.from, predicted: 0.01, current: features[48]!.vol24 });
    expect(forecasts[1]!.predicted).toBeNull();
  });

  it('should leave the realised volatility unknown while the next returns are not all stored', () => {
    const { forecasts } = riskForecastSeries(candles.slice(0, 48 + 24 + 10), day, []);

    expect(forecasts.filter((f) => f.realised !== null)).toHaveLength(10);
  });

  it('should keep the latest forecast of a candle stored twice', () => {
    const { forecasts } = riskForecastSeries(candles, day, [
      { candle_ts: day.from, prediction: 0.01 },
      { candle_ts: day.from, prediction: 0.02 },
    ]);

    expect(forecasts[0]!.predicted).toBe(0.02);
  });

  it('should have no point for a day without candles', () => {
    expect(
      riskForecastSeries(candles, { from: Date.UTC(2025, 10, 1), to: Date.UTC(2025, 10, 2) }, []),
    ).toEqual({ prices: [], forecasts: [] });
  });
});
