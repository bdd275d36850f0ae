import { Logger } from '@nestjs/common';
import { timeframeToMs, type MarketKey } from '@crypto/candles';
import type { QualityReportRepository } from '@crypto/market-data';
import { DEFAULT_FORECAST_HORIZON, FEATURE_HISTORY_CANDLES, riskForecastSeries } from '@crypto/signals';
import type {
  CandleRepository,
  ForecastMonitoringRepository,
  MlPredictionRepository,
  TrainingRunRepository,
} from '@crypto/storage';
import type { ChartRenderer } from './charts/chart-renderer';
import { reportChartSpecs } from './charts/report-charts';
import {
  chartFileName,
  isUnavailable,
  reportFileName,
  type DailyReport,
  type LatestQualityReport,
  type NoQualityReport,
  type RenderedReport,
  type Unavailable,
} from './daily-report';
import { renderDailyReportMarkdown } from './markdown/daily-report.markdown';
import type { ReportDay } from './report-day';
import type { ReportRepository, StoredReportManifest } from './report.repository';
import type { ChampionStatusRepository } from './sources/champion-status.repository';
import type { DailyActivityRepository } from './sources/daily-activity.repository';
import type { ServiceMetricsRepository } from './sources/service-metrics.repository';

export interface DailyReportSources {
  candles: Pick<CandleRepository, 'range' | 'lastFinalTs'>;
  activity: DailyActivityRepository;
  predictions: Pick<MlPredictionRepository, 'forecastsByCandle'>;
  service: Pick<ServiceMetricsRepository, 'dayMetrics'>;
  champion: Pick<ChampionStatusRepository, 'champion'>;
  monitoring: Pick<ForecastMonitoringRepository, 'list'>;
  runs: Pick<TrainingRunRepository, 'recent'>;
  quality: Pick<QualityReportRepository, 'list' | 'get'>;
  qualityBucket: string;
  charts: ChartRenderer;
  reports: ReportRepository;
  now?: () => number;
}

export interface DailyReportOptions {
  /** rows of signals and predictions listed (the latest of the day) */
  latestRows?: number;
  /** training runs listed */
  trainingRuns?: number;
  forecastHorizon?: number;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The daily report (SPEC §8 `report`): gathers the day's figures from every source — a source that fails
 * becomes an `unavailable` line naming why, never a failed report — then renders the Markdown and charts
 * and stores them in MinIO.
 */
export class DailyReportService {
  private readonly logger = new Logger(DailyReportService.name);
  private readonly now: () => number;

  constructor(
    private readonly sources: DailyReportSources,
    private readonly options: DailyReportOptions = {},
  ) {
    this.now = sources.now ?? Date.now;
  }

  /** The UTC day of the market's latest closed candle, or undefined when none is stored. */
  async latestCandleTs(market: MarketKey): Promise<number | undefined> {
    return this.sources.candles.lastFinalTs(market);
  }

  async gather(market: MarketKey, day: ReportDay): Promise<DailyReport> {
    const { activity } = this.sources;
    const latest = this.options.latestRows ?? 10;
    const horizon = this.options.forecastHorizon ?? DEFAULT_FORECAST_HORIZON;
    const step = timeframeToMs(market.timeframe);
    const [candles, forecasts, service, signals, predictions, alerts, champion, runs, quality] =
      await Promise.all([
        // history before the day for the features, and the returns after it a late forecast is about
        this.sources.candles.range(market, {
          from: day.from - FEATURE_HISTORY_CANDLES * step,
          to: day.to + (horizon + 1) * step,
        }),
        this.sources.predictions.forecastsByCandle(market, day),
        this.sources.service.dayMetrics(day),
        settle(activity.signals(market, day, latest)),
        settle(activity.predictions(market, day, latest)),
        settle(activity.alerts(market, day)),
        settle(this.sources.champion.champion()),
        settle(this.sources.runs.recent(this.options.trainingRuns ?? 5)),
        settle(this.latestQuality(market)),
      ]);
    // the live scores are the champion's: known once the registry has answered
    const liveMonitoring =
      isUnavailable(champion) || champion.status === 'none'
        ? []
        : await settle(this.sources.monitoring.list(champion.model_name, { version: champion.version }));
    return {
      market,
      day,
      generated_at: new Date(this.now()).toISOString(),
      ...riskForecastSeries(candles, day, forecasts, horizon),
      forecast_horizon: horizon,
      service,
      signals,
      predictions,
      alerts,
      champion,
      live_monitoring: liveMonitoring,
      training_runs: runs,
      quality,
    };
  }

  /** The report as Markdown and PNG charts (file names as they are written beside each other). */
  async render(report: DailyReport): Promise<RenderedReport> {
    const date = report.day.date;
    const charts = [];
    for (const { id, title, spec } of reportChartSpecs(report)) {
      const rendered = await this.sources.charts.render(spec);
      charts.push({ id, title, file: chartFileName(date, id), ...rendered });
    }
    return {
      date,
      market: report.market,
      generated_at: report.generated_at,
      file: reportFileName(date),
      markdown: renderDailyReportMarkdown(report, charts),
      charts,
    };
  }

  async create(market: MarketKey, day: ReportDay): Promise<RenderedReport> {
    const started = this.now();
    const rendered = await this.render(await this.gather(market, day));
    this.logger.log(
      `Daily report of ${market.symbol} ${market.timeframe} for ${day.date}: ${rendered.markdown.length} characters, ` +
        `${rendered.charts.length} charts, in ${this.now() - started} ms`,
    );
    return rendered;
  }

  async store(report: RenderedReport): Promise<StoredReportManifest> {
    const stored = await this.sources.reports.save(report);
    this.logger.log(
      `Stored the daily report of ${report.date} as s3://${stored.bucket}/${stored.markdown_key}`,
    );
    return stored;
  }

  private async latestQuality(market: MarketKey): Promise<LatestQualityReport | NoQualityReport> {
    const key = (await this.sources.quality.list(market)).at(-1);
    if (key === undefined) return { status: 'none' };
    return {
      status: 'ok',
      bucket: this.sources.qualityBucket,
      key,
      report: await this.sources.quality.get(key),
    };
  }
}

async function settle<T>(work: Promise<T>): Promise<T | Unavailable> {
  try {
    return await work;
  } catch (error) {
    return { status: 'unavailable', reason: reasonOf(error) };
  }
}
