import { QualityReportRepository } from '@crypto/market-data';
import { MlflowClient } from '@crypto/registry';
import {
  CandleRepository,
  createPgPool,
  ForecastMonitoringRepository,
  MlPredictionRepository,
  ObjectStorage,
  TrainingRunRepository,
} from '@crypto/storage';
import { ChartRenderer } from './charts/chart-renderer';
import { DailyReportService, type DailyReportSources } from './daily-report.service';
import type { ReportingEnv } from './reporting.env';
import { ReportRepository } from './report.repository';
import { ChampionStatusRepository } from './sources/champion-status.repository';
import { DailyActivityRepository } from './sources/daily-activity.repository';
import { ServiceMetricsRepository } from './sources/service-metrics.repository';

export interface ReportingRuntime {
  service: DailyReportService;
  reports: ReportRepository;
  close(): Promise<void>;
}

/** The stored reports of `env` (MinIO `REPORTS_BUCKET`): what the gateway serves. */
export const connectReportRepository = (
  env: Pick<ReportingEnv, 'REPORTS_BUCKET' | 'MINIO_ENDPOINT' | 'MINIO_ACCESS_KEY' | 'MINIO_SECRET_KEY'>,
): ReportRepository => new ReportRepository(ObjectStorage.fromEnv(env), env.REPORTS_BUCKET);

/**
 * The daily report wired to the real services of `env` (PostgreSQL, MinIO, MLflow, Prometheus or the
 * gateway's metrics); `overrides` replaces sources (tests). `close` ends the PostgreSQL pool.
 */
export function connectDailyReports(
  env: ReportingEnv,
  overrides: Partial<DailyReportSources> = {},
): ReportingRuntime {
  const pool = createPgPool(env.DATABASE_URL, { max: 3 });
  const objects = ObjectStorage.fromEnv(env);
  const reports = new ReportRepository(objects, env.REPORTS_BUCKET);
  const service = new DailyReportService({
    candles: new CandleRepository(pool),
    activity: new DailyActivityRepository(pool),
    predictions: new MlPredictionRepository(pool),
    service: new ServiceMetricsRepository({
      prometheusUrl: env.PROMETHEUS_URL,
      gatewayJob: env.PROMETHEUS_GATEWAY_JOB,
      gatewayMetricsUrl: env.GATEWAY_METRICS_URL,
    }),
    champion: new ChampionStatusRepository(new MlflowClient(env.MLFLOW_TRACKING_URI, 5_000), env.MODEL_NAME),
    monitoring: new ForecastMonitoringRepository(pool),
    runs: new TrainingRunRepository(pool),
    quality: new QualityReportRepository(objects, env.QUALITY_REPORTS_BUCKET),
    qualityBucket: env.QUALITY_REPORTS_BUCKET,
    charts: new ChartRenderer(
      env.REPORT_FONT_FILES.split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
    reports,
    ...overrides,
  });
  return { service, reports, close: () => pool.end() };
}
