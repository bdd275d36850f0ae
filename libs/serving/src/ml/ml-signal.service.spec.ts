import type { VolatilityModel } from '@crypto/model';
import { explainSignal } from '@crypto/signals';
import type { MlPredictionRecord } from '@crypto/storage';
import type { CandleWindow } from '../market/market-candle.service';
import { ModelUnavailableError } from '../serving.errors';
import { HeuristicSignalService } from '../signals/heuristic-signal.service';
import { ServingMetricsSpy } from '../testing/metrics.spy';
import { FakeModelSource, FakeVolatilityModel } from '../testing/model.fakes';
import { InMemoryRecordTable } from '../testing/record-table.fake';
import { BTC_1H, BTC_QUERY, HOUR, TestClock, hourlySeries } from '../testing/serving.fakes';
import { BaselineFallback, harFallbackForecast } from './baseline-fallback';
import { MlSignalService } from './ml-signal.service';
import { SignalComparisonService } from './signal-comparison.service';

const LAST_TS = Date.UTC(2025, 9, 6, 16);
const SERIES = hourlySeries(1200, LAST_TS);
const NOW = LAST_TS + 2 * HOUR;
const FORECAST = {
  prediction: 0.0123,
  current_volatility: 0.0101,
  volatility_regime: 'normal' as const,
  risk_level: 'medium' as const,
  confidence: 0.64,
};

describe(MlSignalService.name, () => {
  let windows: { latest: jest.Mock<Promise<CandleWindow>> };
  let table: InMemoryRecordTable<MlPredictionRecord>;
  let model: FakeVolatilityModel;
  let source: FakeModelSource;
  let heuristics: HeuristicSignalService;
  let metrics: ServingMetricsSpy;
  let sut: MlSignalService;

  const build = () =>
    new MlSignalService(windows, heuristics, source, table, { now: new TestClock(NOW).now, metrics });

  beforeEach(() => {
    windows = {
      latest: jest.fn(async (_query, limit: number) => ({
        market: BTC_1H,
        candles: SERIES.slice(-limit),
        checkedAt: NOW,
      })),
    };
    table = new InMemoryRecordTable<MlPredictionRecord>();
    model = new FakeVolatilityModel(120, FORECAST);
    source = new FakeModelSource(model);
    heuristics = new HeuristicSignalService(windows, new InMemoryRecordTable());
    metrics = new ServingMetricsSpy();
    sut = build();
  });

  describe('predict', () => {
    it('should answer the forecast with the heuristic of the same candles', async () => {
      const heuristic = explainSignal(SERIES.slice(-200));

      const answer = await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });

      expect(answer).toEqual({
        market: BTC_1H,
        limit: 200,
        method: 'ml',
        timestamp: new Date(NOW).toISOString(),
        model_version: '3',
        ml_prediction: { ...FORECAST, prediction_timestamp: new Date(LAST_TS).toISOString() },
        heuristic_comparison: {
          heuristic_risk_score: heuristic.risk_score,
          heuristic_vol_regime: heuristic.vol_regime,
          ml_vs_heuristic: {
            volatility_diff: FORECAST.prediction - heuristic.vol,
            regime_match: heuristic.vol_regime === 'normal',
          },
        },
      });
    });

    it('should persist the prediction before answering it', async () => {
      const answer = await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });

      expect(table.rows).toEqual([
        {
          createdAt: new Date(NOW),
          symbol: 'BTC/USDT',
          exchange: 'binance',
          timeframe: '1h',
          limit: 200,
          modelVersion: '3',
          ...{ prediction: FORECAST.prediction, currentVolatility: FORECAST.current_volatility },
          volatilityRegime: 'normal',
          riskLevel: 'medium',
          confidence: FORECAST.confidence,
          candleTs: LAST_TS,
          heuristic: answer.heuristic_comparison,
        },
      ]);
      expect(metrics.predictions).toBe(1);
    });

    it('should leave the heuristic out when not asked for', async () => {
      const answer = await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: false });

      expect(answer.heuristic_comparison).toBeNull();
      expect(table.rows[0]!.heuristic).toBeNull();
    });

    it('should give the model at least the candles it needs, the heuristic only `limit`', async () => {
      await sut.predict({ ...BTC_QUERY, limit: 30, includeHeuristic: true });

      expect(windows.latest).toHaveBeenCalledWith(expect.anything(), 120);
      expect(model.windows).toEqual([120]);
    });

    it('should predict a window once and persist every answer when asked again before the next candle', async () => {
      await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });
      await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });

      expect(model.windows).toHaveLength(1);
      expect(table.rows).toHaveLength(2);
    });

    it('should predict again once a new candle has closed', async () => {
      await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });
      windows.latest.mockImplementationOnce(async (_query, limit: number) => ({
        market: BTC_1H,
        candles: hourlySeries(1201, LAST_TS + HOUR).slice(-limit),
        checkedAt: NOW,
      }));

      const answer = await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });

      expect(model.windows).toHaveLength(2);
      expect(answer.ml_prediction.prediction_timestamp).toBe(new Date(LAST_TS + HOUR).toISOString());
    });

    it('should predict again with a reloaded model', async () => {
      await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });
      const reloaded = new FakeVolatilityModel(120, FORECAST);
      source.model = reloaded;
      await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });

      expect([model.windows, reloaded.windows]).toEqual([[200], [200]]);
    });

    it('should release the model it leased, also when the forecast fails', async () => {
      await sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true });
      windows.latest.mockRejectedValueOnce(new Error('exchange down'));
      await expect(sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true })).rejects.toThrow(
        'exchange down',
      );

      expect([source.leases, source.released]).toEqual([2, 2]);
    });

    it('should answer ModelUnavailableError NO_MODEL, asking for no candle, while no model is served', async () => {
      source = new FakeModelSource(undefined);
      sut = build();

      await expect(sut.predict({ ...BTC_QUERY, limit: 200, includeHeuristic: true })).rejects.toMatchObject({
        constructor: ModelUnavailableError,
        code: 'NO_MODEL',
      });
      expect(windows.latest).not.toHaveBeenCalled();
      expect(table.rows).toEqual([]);
    });

    it('should answer HAR-RV, marked as such, while the fallback stands in for the served version', async () => {
      const fallback = new BaselineFallback(new TestClock(NOW).now);
      model = new FakeVolatilityModel(800, FORECAST);
      model.preprocessing = {
        har_baseline: {
          coefficients: { intercept: 0.0004, daily: 0.35, weekly: 0.3, monthly: 0.2 },
          fit_window: { from_ts: 0, to_ts: 1, n: 100 },
        },
      };
      source = new FakeModelSource(model);
      sut = new MlSignalService(windows, heuristics, source, table, {
        now: new TestClock(NOW).now,
        fallback,
      });
      const query = { ...BTC_QUERY, limit: 200, includeHeuristic: false };
      const modelAnswer = await sut.predict(query);

      fallback.engage('3', 'v3 degraded');
      const answer = await sut.predict(query);

      const har = harFallbackForecast(model as unknown as VolatilityModel, SERIES.slice(-800));
      expect(modelAnswer.ml_prediction.prediction).toBe(FORECAST.prediction);
      expect(modelAnswer.fallback).toBeUndefined();
      expect(answer).toMatchObject({
        model_version: '3',
        ml_prediction: { prediction: har.prediction, confidence: 0 },
        fallback: { forecaster: 'har-rv', model_version: '3', reason: 'v3 degraded' },
      });
      // stored apart from the champion's own forecasts, which the live monitoring scores
      expect(table.rows.map((r) => r.modelVersion)).toEqual(['3', 'har-rv(v3)']);
      expect(model.windows).toEqual([800]);
    });
  });

  describe(SignalComparisonService.name, () => {
    it('should put the heuristic and the forecast side by side without persisting', async () => {
      const heuristic = explainSignal(SERIES.slice(-200));
      const comparison = new SignalComparisonService(sut, new TestClock(NOW).now);

      const answer = await comparison.compare({ ...BTC_QUERY, limit: 200 });

      expect(answer).toEqual({
        market: BTC_1H,
        limit: 200,
        timestamp: new Date(NOW).toISOString(),
        heuristic: {
          risk_score: heuristic.risk_score,
          vol_regime: heuristic.vol_regime,
          volatility: heuristic.vol,
        },
        ml: { predicted_volatility: 0.0123, vol_regime: 'normal', confidence: 0.64, risk_level: 'medium' },
        comparison: {
          volatility_diff: 0.0123 - heuristic.vol,
          regime_agreement: heuristic.vol_regime === 'normal',
          ml_confidence: 0.64,
        },
        model_version: '3',
      });
      expect(table.rows).toEqual([]);
    });

    it('should answer NO_MODEL while no model is served', async () => {
      source = new FakeModelSource(undefined);

      await expect(
        new SignalComparisonService(build()).compare({ ...BTC_QUERY, limit: 200 }),
      ).rejects.toMatchObject({
        code: 'NO_MODEL',
      });
    });
  });
});
