import { CandleFactory, type Candle } from '@crypto/candles';
import {
  evaluateOnWindow,
  SMOKE_MODEL_CONFIG,
  trainVolatilityModel,
  type TrainingResult,
  type VolatilityModel,
} from '@crypto/model';
import type { ModelInfo } from '@crypto/registry';
import type { AlertRecord, ForecastMonitoringSnapshot } from '@crypto/storage';
import { LiveForecastMonitor, type LiveForecastMonitorDeps } from './live-forecast-monitor';
import { liveCandlesNeeded, scoreLiveForecasts } from './live-forecast-scores';

const MARKET = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const DAY = 86_400_000;

describe('live forecast monitoring', () => {
  let candles: Candle[];
  let trained: TrainingResult;
  let model: VolatilityModel;
  let unseenFrom: number;

  beforeAll(async () => {
    candles = CandleFactory.series({ count: 2_500 }).randomWalk({ seed: 5, sigma: 0.01 }).build();
    trained = await trainVolatilityModel(candles, SMOKE_MODEL_CONFIG);
    model = trained.model;
    unseenFrom = trained.evaluation.test_window.from_ts;
  }, 60_000);

  afterAll(() => model.dispose());

  describe(scoreLiveForecasts.name, () => {
    it('should score the last 7 days of origins as evaluateOnWindow does, HAR-RV with the training fit', () => {
      const sut = scoreLiveForecasts(model, candles, { unseenFrom, windowsDays: [7] });
      const lastOrigin = candles.at(-1 - model.horizon)!.ts;
      const expected = evaluateOnWindow(
        model,
        candles,
        { from_ts: lastOrigin - 7 * DAY + 1, to_ts: lastOrigin },
        { har: 'stored' },
      );

      expect(sut.windows).toEqual([
        {
          window_days: 7,
          from_ts: lastOrigin - 167 * 3_600_000,
          to_ts: lastOrigin,
          origins: 168,
          model: expected.model,
          ...expected.baselines,
        },
      ]);
      expect(expected.har_source).toBe('stored');
    });

    it('should start a window no earlier than the first origin the model never trained on', () => {
      const sut = scoreLiveForecasts(model, candles, { unseenFrom, windowsDays: [365] });

      expect(sut.windows[0]).toMatchObject({ window_days: 365, from_ts: unseenFrom });
      expect(sut.windows[0]!.origins).toBe(trained.evaluation.test_window.n);
    });

    it('should give the realised target of every origin whose H candles have closed', () => {
      const sut = scoreLiveForecasts(model, candles, { unseenFrom, windowsDays: [7] });

      expect(sut.targets.at(-1)!.ts).toBe(candles.at(-1 - model.horizon)!.ts);
      expect(sut.targets.every((t) => t.realized > 0)).toBe(true);
    });

    it('should leave out a window with too little history', () => {
      const few = candles.slice(-(model.requiredCandles - 10));

      expect(scoreLiveForecasts(model, few, { unseenFrom, windowsDays: [7] }).windows).toEqual([]);
    });
  });

  describe(LiveForecastMonitor.name, () => {
    const info = (version: string) => ({
      model_name: 'm',
      model_version: version,
      test_window: { from_ts: 0 },
    });
    let served: { info: ModelInfo };
    let saved: Omit<ForecastMonitoringSnapshot, 'computed_at'>[];
    let alerts: AlertRecord[];
    let degraded: string[];
    let realized: number;

    const monitor = (degradedMargin: number) => {
      served = { info: { ...info('1'), test_window: { from_ts: unseenFrom, to_ts: 0, n: 0 } } as ModelInfo };
      saved = [];
      alerts = [];
      degraded = [];
      realized = 0;
      const deps: LiveForecastMonitorDeps = {
        champion: {
          get info() {
            return served.info;
          },
          use: (work) => Promise.resolve(work(model, served.info)),
        },
        candles: {
          latest: (_market, n) => Promise.resolve(candles.slice(-n).map((c) => ({ ...c, isFinal: true }))),
          lastFinalTs: () => Promise.resolve(candles.at(-1)!.ts),
        },
        store: {
          save: (s) => Promise.resolve(void saved.push(s)),
          recordRealized: (_m, _v, targets) => Promise.resolve((realized += targets.length)),
        },
        raiseAlert: (a) => Promise.resolve(alerts.push(a) === 1),
        observe: () => undefined,
        onDegraded: (i, why) => Promise.resolve(void degraded.push(`${i.model_version}: ${why}`)),
        now: () => 42,
      };
      return new LiveForecastMonitor(deps, {
        markets: [MARKET],
        windowsDays: [7, 30],
        degradedMargin,
        minOrigins: 48,
      });
    };

    it('should save a snapshot per window, fill the targets, and score again only when something changed', async () => {
      const sut = monitor(10);

      const first = await sut.run();

      expect(first.map((s) => `${s.model_version}/${s.window_days}/${s.origins}`)).toEqual([
        '1/7/168',
        expect.stringMatching(/^1\/30\/\d+$/),
      ]);
      expect(saved).toEqual(first);
      expect(realized).toBeGreaterThan(0);
      expect(alerts).toEqual([]);
      expect(await sut.run()).toEqual([]);
      served.info = { ...served.info, model_version: '2' };
      expect((await sut.run()).map((s) => s.model_version)).toEqual(['2', '2']);
    });

    it('should raise model_degraded for the day and tell the rollback once per version', async () => {
      // a margin of −100 %: any positive QLIKE is "worse" than HAR-RV's
      const sut = monitor(-1);

      await sut.run();

      expect(alerts).toEqual([
        expect.objectContaining({
          type: 'model_degraded',
          symbol: 'BTC/USDT',
          timeframe: '1h',
          severity: 'high',
          threshold: 0,
          timestamp: 42,
          ts: Math.floor(candles.at(-1 - model.horizon)!.ts / DAY) * DAY,
          message: expect.stringMatching(
            /^m v1 live QLIKE \d\.\d{4} over 7 d \(168 origins\) is worse than HAR-RV's/,
          ),
        }),
      ]);
      expect(degraded).toEqual([expect.stringMatching(/^1: m v1 live QLIKE/)]);
      expect(liveCandlesNeeded(model, '1h', [7, 30])).toBe(model.requiredCandles + 720 + model.horizon);
    });
  });
});
