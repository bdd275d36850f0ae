import type { MarketKey } from '@crypto/candles';
import type { QualityReport } from '@crypto/market-data';
import type { ForecastPoint, PriceRiskPoint } from '@crypto/signals';
import type { AlertRecord, ForecastMonitoringSnapshot, TrainingRun } from '@crypto/storage';
import type { ReportDay } from './report-day';

/** A figure the report could not obtain: why, in words a reader can act on. */
export interface Unavailable {
  status: 'unavailable';
  reason: string;
}

/** HTTP requests of the gateway over the report's window. */
export interface HttpRequestStats {
  requests: number;
  /** answers with a 5xx status */
  server_errors: number;
  /** answers with a 4xx status */
  client_errors: number;
  /** latency quantiles in seconds, interpolated in the histogram's buckets as Prometheus does; null without requests */
  p50_s: number | null;
  p95_s: number | null;
  p99_s: number | null;
  /** the busiest route patterns, most requests first */
  routes: { route: string; requests: number; server_errors: number; p95_s: number | null }[];
}

export interface ServiceMetrics extends HttpRequestStats {
  status: 'ok';
  /** `prometheus`: the day's increase; `gateway`: the process's counters since it started */
  source: 'prometheus' | 'gateway';
  /** where they were read */
  url: string;
  /** the window the counts cover, epoch ms */
  window: { from: number; to: number };
}

/** A served heuristic signal, as the report lists it. */
export interface ReportedSignal {
  created_at: number;
  candle_ts: number | null;
  risk_score: number;
  vol: number;
  vol_regime: string;
  method: string;
}

/** A served ML prediction, as the report lists it. */
export interface ReportedPrediction {
  created_at: number;
  candle_ts: number | null;
  model_version: string;
  prediction: number;
  current_volatility: number | null;
  volatility_regime: string;
  risk_level: string;
  confidence: number;
}

/** Rows of the day and the latest of them. */
export interface DayRows<T> {
  /** how many the day holds */
  count: number;
  /** the latest, oldest first */
  latest: T[];
}

/** Forecast metrics (natural scale), as MLflow's evaluation.json records them. */
export interface ForecastScores {
  rmse: number;
  mae: number;
  qlike: number;
  r2: number;
}

export interface ChampionStatus {
  status: 'ok';
  model_name: string;
  version: string;
  run_id: string | null;
  /** when the version was registered, epoch ms */
  registered_at: number | null;
  metrics: ForecastScores | null;
  baselines: { persistence: ForecastScores; ewma: ForecastScores; har: ForecastScores } | null;
  test_window: { from_ts: number; to_ts: number; n: number } | null;
}

export interface NoChampion {
  status: 'none';
  model_name: string;
}

export interface LatestQualityReport {
  status: 'ok';
  bucket: string;
  key: string;
  report: QualityReport;
}

export interface NoQualityReport {
  status: 'none';
}

/** Everything a daily report states, gathered from the services; rendering reads only this. */
export interface DailyReport {
  market: MarketKey;
  day: ReportDay;
  /** ISO-8601 UTC */
  generated_at: string;
  /** the day's closed candles with their heuristic risk score */
  prices: PriceRiskPoint[];
  forecasts: ForecastPoint[];
  /** realised volatility of a forecast: the sample std of the next `horizon` returns */
  forecast_horizon: number;
  service: ServiceMetrics | Unavailable;
  signals: DayRows<ReportedSignal> | Unavailable;
  predictions: DayRows<ReportedPrediction> | Unavailable;
  alerts: AlertRecord[] | Unavailable;
  champion: ChampionStatus | NoChampion | Unavailable;
  /** the champion's live scores against the baselines since its training (empty while none is served) */
  live_monitoring: ForecastMonitoringSnapshot[] | Unavailable;
  training_runs: TrainingRun[] | Unavailable;
  quality: LatestQualityReport | NoQualityReport | Unavailable;
}

/** A PNG chart of a report. */
export interface ReportChart {
  /** `price-risk`, `forecast-realised` */
  id: string;
  title: string;
  /** its file name beside the Markdown: `report-2025-10-05-price-risk.png` */
  file: string;
  width: number;
  height: number;
  png: Buffer;
}

/** A report rendered: the Markdown (linking its charts by file name) and the charts. */
export interface RenderedReport {
  date: string;
  market: MarketKey;
  generated_at: string;
  /** `report-2025-10-05.md` */
  file: string;
  markdown: string;
  charts: ReportChart[];
}

export const isUnavailable = (value: unknown): value is Unavailable =>
  typeof value === 'object' && value !== null && (value as { status?: unknown }).status === 'unavailable';

/** `report-2025-10-05.md` and its charts `report-2025-10-05-<id>.png`. */
export const reportFileName = (date: string): string => `report-${date}.md`;
export const chartFileName = (date: string, id: string): string => `report-${date}-${id}.png`;
