import { CandleFactory, type Candle } from '@crypto/candles';
import {
  DEFAULT_FORECAST_HORIZON,
  FEATURE_HISTORY_CANDLES,
  riskForecastSeries,
  type CandleForecast,
} from '@crypto/signals';
import { alertRecord } from '@crypto/storage';
import type { ChampionStatus, DailyReport } from '../daily-report';
import { parseReportDay } from '../report-day';

const HOUR = 3_600_000;

const scores = (rmse: number) => ({ rmse, mae: rmse * 0.8, qlike: rmse * 10, r2: 0.1 });

/**
 * A daily report for tests (STYLE §12): BTC/USDT 1h on binance, 2025-10-05, every source answered, the
 * day's candles a seeded random walk with the history before and the horizon after; change what a test is
 * about with the `with…` methods.
 */
export class DailyReportFactory {
  private candles: Candle[];
  private forecasts: CandleForecast[] = [];
  private overrides: Partial<DailyReport> = {};

  private constructor(private readonly date: string) {
    const day = parseReportDay(date);
    this.candles = CandleFactory.series({
      count: FEATURE_HISTORY_CANDLES + 24 + DEFAULT_FORECAST_HORIZON + 1,
      startTs: day.from - FEATURE_HISTORY_CANDLES * HOUR,
      startClose: 120_000,
    })
      .randomWalk({ seed: 7, sigma: 0.004 })
      .build();
  }

  static day(date = '2025-10-05'): DailyReportFactory {
    return new DailyReportFactory(date);
  }

  /** the day's (and surrounding) candles, ascending */
  withCandles(candles: Candle[]): this {
    this.candles = candles;
    return this;
  }

  /** a forecast for each of the day's first `n` candles, `value` each */
  withForecasts(n: number, value = 0.004): this {
    const day = parseReportDay(this.date);
    this.forecasts = Array.from({ length: n }, (_, i) => ({
      candle_ts: day.from + i * HOUR,
      prediction: value,
    }));
    return this;
  }

  with(overrides: Partial<DailyReport>): this {
    this.overrides = { ...this.overrides, ...overrides };
    return this;
  }

  build(): DailyReport {
    const day = parseReportDay(this.date);
    const champion: ChampionStatus = {
      status: 'ok',
      model_name: 'crypto-volatility-bilstm',
      version: '4',
      run_id: 'a1b2c3',
      registered_at: day.from - 2 * HOUR,
      metrics: scores(0.0021),
      baselines: { persistence: scores(0.003), ewma: scores(0.0026), har: scores(0.0023) },
      test_window: { from_ts: day.from - 30 * 24 * HOUR, to_ts: day.from - 24 * HOUR, n: 120 },
    };
    return {
      market: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' },
      day,
      generated_at: new Date(day.to + 15 * 60_000).toISOString(),
      ...riskForecastSeries(this.candles, day, this.forecasts),
      forecast_horizon: DEFAULT_FORECAST_HORIZON,
      service: {
        status: 'ok',
        source: 'prometheus',
        url: 'http://127.0.0.1:9090',
        window: { from: day.from, to: day.to },
        requests: 1234,
        server_errors: 3,
        client_errors: 17,
        p50_s: 0.0042,
        p95_s: 0.021,
        p99_s: 0.08,
        routes: [{ route: '/v1/crypto/signal', requests: 1000, server_errors: 3, p95_s: 0.02 }],
      },
      signals: {
        count: 2,
        latest: [
          {
            created_at: day.from + 3 * HOUR + 5_000,
            candle_ts: day.from + 2 * HOUR,
            risk_score: 0.5172,
            vol: 0.0043,
            vol_regime: 'calm',
            method: 'heuristic',
          },
          {
            created_at: day.from + 9 * HOUR + 5_000,
            candle_ts: day.from + 8 * HOUR,
            risk_score: 0.6021,
            vol: 0.0061,
            vol_regime: 'normal',
            method: 'heuristic',
          },
        ],
      },
      predictions: {
        count: 1,
        latest: [
          {
            created_at: day.from + 9 * HOUR + 6_000,
            candle_ts: day.from + 8 * HOUR,
            model_version: '4',
            prediction: 0.00512,
            current_volatility: 0.0061,
            volatility_regime: 'normal',
            risk_level: 'medium',
            confidence: 0.71,
          },
        ],
      },
      alerts: [alertRecord({ ts: day.from + 8 * HOUR })],
      champion,
      live_monitoring: [7, 30].map((window_days) => ({
        model_name: champion.model_name,
        model_version: champion.version,
        exchange: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        window_days,
        from_ts: day.to - window_days * 24 * HOUR,
        to_ts: day.to - 25 * HOUR,
        origins: window_days * 24 - 24,
        model: scores(0.0275),
        har: scores(0.025),
        ewma: scores(0.03),
        persistence: scores(0.04),
        computed_at: new Date(day.to).toISOString(),
      })),
      training_runs: [
        {
          id: 1,
          job_id: 'binance-btc-usdt-1h-1759600000000-a1b2c3',
          mlflow_run_id: 'a1b2c3',
          status: 'completed',
          step: 'promote',
          params: {},
          metrics: { qlike: 0.021 },
          baselines: null,
          decision: 'champion',
          reason: 'beats persistence and EWMA on qlike',
          model_version: '4',
          started_at: new Date(day.from - 3 * HOUR),
          finished_at: new Date(day.from - 2 * HOUR),
        },
      ],
      quality: {
        status: 'ok',
        bucket: 'quality-reports',
        key: 'binance/BTC-USDT/1h/2025-10-05T23:00:00.000Z.json',
        report: {
          pass: true,
          timeframe: '1h',
          candles: 500,
          range: {
            from_ts: day.from,
            to_ts: day.to,
            from: '2025-09-15T04:00:00.000Z',
            to: '2025-10-05T23:00:00.000Z',
          },
          checks: {
            gaps: {
              pass: true,
              count: 1,
              missing: 2,
              largest_ms: 3 * HOUR,
              largest_missing: 2,
              expected: 502,
              missing_fraction: 0.004,
              max_missing_fraction: 0.01,
              misaligned: 0,
              examples: [],
            },
            duplicates: { pass: true, count: 0, conflicting: 0, examples: [] },
            ohlc_consistency: { pass: true, count: 0, examples: [] },
            non_positive_prices: { pass: true, count: 0, examples: [] },
            negative_volume: { pass: true, count: 0, examples: [] },
            outlier_returns: {
              pass: true,
              count: 4,
              threshold: 8,
              returns: 499,
              fraction: 0.008,
              max_fraction: 0.02,
              median: 0,
              mad: 0.002,
              max_abs_z: 9.1,
              examples: [],
            },
          },
          generated_at: '2025-10-05T23:00:00.000Z',
        },
      },
      ...this.overrides,
    };
  }
}
