import { computeFeatures } from '@crypto/features';
import type { ModelInfo } from '@crypto/registry';
import { heuristicSignal } from '@crypto/signals';
import { BTC_1H, BTC_QUERY, hourlySeries } from '../testing/serving.fakes';
import { MarketSeriesService } from './market-series.service';

const HOUR = 3_600_000;
const SERIES = hourlySeries(300, Date.UTC(2025, 9, 6, 16));

describe(MarketSeriesService.name, () => {
  const candles = {
    latest: jest.fn(async (_query: unknown, limit: number) => ({
      market: BTC_1H,
      candles: SERIES.slice(-limit),
      checkedAt: 0,
    })),
  };
  const at = (i: number) => SERIES.at(i)!.ts;
  const predictions = {
    forecastsByCandle: jest.fn(async () => [
      { candle_ts: at(-30), prediction: 0.004, model_version: '3' },
      { candle_ts: at(-1), prediction: 0.005, model_version: '4' },
    ]),
  };

  it('should give each of the latest candles its close and risk score as the §5 batch computes them', async () => {
    const sut = new MarketSeriesService(candles, predictions, { info: undefined });

    const series = await sut.series({ ...BTC_QUERY, limit: 100 });

    // the 48 candles of history the features of the first answered one need are read, not answered
    expect(candles.latest).toHaveBeenCalledWith(expect.anything(), 148);
    const rows = computeFeatures(SERIES.slice(-148)).slice(-100);
    expect(series.points.map((p) => p.ts)).toEqual(rows.map((r) => r.ts));
    expect(series.points[0]).toMatchObject({
      close: SERIES.at(-100)!.close,
      vol24: rows[0]!.vol24,
      risk_score: heuristicSignal(rows[0]!).risk_score,
    });
  });

  it('should ask the store for the forecasts of the answered candles only and place each on its candle', async () => {
    const sut = new MarketSeriesService(candles, predictions, { info: undefined });

    const { points } = await sut.series({ ...BTC_QUERY, limit: 100 });

    expect(predictions.forecastsByCandle).toHaveBeenCalledWith(BTC_1H, { from: at(-100), to: at(-1) + 1 });
    expect(points.at(-30)).toMatchObject({ ml_forecast: 0.004, model_version: '3' });
    expect(points.at(-1)).toMatchObject({ ml_forecast: 0.005, model_version: '4' });
    expect(points.at(-2)).toMatchObject({ ml_forecast: null, model_version: null });
  });

  it("should measure the realised volatility over the champion's horizon, null for the last H candles", async () => {
    // only the horizon of the champion matters here
    const sut = new MarketSeriesService(candles, predictions, { info: { horizon: 6 } as ModelInfo });

    const series = await sut.series({ ...BTC_QUERY, limit: 100 });

    const known = series.points.filter((p) => p.realised_vol !== null);
    expect(series.horizon).toBe(6);
    expect(known.at(-1)!.ts).toBe(at(-7));
    expect(series.points.slice(-6).every((p) => p.realised_vol === null)).toBe(true);
    expect(at(-1) - at(-7)).toBe(6 * HOUR);
  });
});
