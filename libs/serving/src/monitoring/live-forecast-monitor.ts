import { Logger } from '@nestjs/common';
import type { VolatilityModel } from '@crypto/model';
import type { ModelInfo } from '@crypto/registry';
import type {
  AlertRecord,
  CandleRepository,
  ForecastMonitoringRepository,
  ForecastMonitoringSnapshot,
  MonitoredMarket,
} from '@crypto/storage';
import { liveCandlesNeeded, scoreLiveForecasts } from './live-forecast-scores';

const DAY_MS = 86_400_000;

/** The champion as the serving composition holds it (the registry's ServingModel). */
export interface MonitoredChampion {
  readonly info: ModelInfo | undefined;
  use<T>(work: (model: VolatilityModel, info: ModelInfo) => T | Promise<T>): Promise<T>;
}

export interface LiveForecastMonitorDeps {
  champion: MonitoredChampion;
  candles: Pick<CandleRepository, 'latest' | 'lastFinalTs'>;
  store: Pick<ForecastMonitoringRepository, 'save' | 'recordRealized'>;
  /** stores and announces an alert; resolves to whether it is new (one per market, type and day) */
  raiseAlert(alert: AlertRecord): Promise<boolean>;
  /** the gauges of a snapshot (`/metrics`) */
  observe(snapshot: Omit<ForecastMonitoringSnapshot, 'computed_at'>): void;
  /** what to do when the champion is degraded (AUTO_ROLLBACK): once per version, again after a failure */
  onDegraded?(info: ModelInfo, why: string): Promise<void>;
  now?: () => number;
}

export interface LiveForecastMonitorOptions {
  markets: readonly MonitoredMarket[];
  /** the rolling windows kept, days (the first is the one degradation is judged on) */
  windowsDays: readonly number[];
  /** degraded when the model's QLIKE exceeds HAR-RV's by more than this fraction */
  degradedMargin: number;
  /** fewest scored origins before a window can call the model degraded */
  minOrigins: number;
}

/** Whether a window's live QLIKE is worse than HAR-RV's by more than the margin, over enough origins. */
export function isDegraded(
  s: Pick<ForecastMonitoringSnapshot, 'origins' | 'model' | 'har'>,
  { degradedMargin, minOrigins }: Pick<LiveForecastMonitorOptions, 'degradedMargin' | 'minOrigins'>,
): boolean {
  return s.origins >= minOrigins && s.model.qlike > s.har.qlike * (1 + degradedMargin);
}

/**
 * Keeps the live scores of the champion served (issue 14): on each run, for every monitored market whose
 * latest closed candle or champion changed since the last run, scores the model against HAR-RV, EWMA and
 * persistence over the rolling windows (`scoreLiveForecasts`), saves the snapshots, fills the realised
 * target of the predictions served, and raises `model_degraded` when the judged window's QLIKE is worse
 * than HAR-RV's by more than the margin. A failure is logged and retried on the next run.
 */
export class LiveForecastMonitor {
  private readonly logger = new Logger(LiveForecastMonitor.name);
  private readonly scored = new Map<string, string>();
  private readonly degradedVersions = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: LiveForecastMonitorDeps,
    private readonly options: LiveForecastMonitorOptions,
  ) {}

  /** Runs now and then every `intervalMs` (never two runs at once). */
  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.running.then(() => this.run().catch((error: unknown) => this.failed(error)));
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the markets; resolves to the snapshots it saved. */
  async run(): Promise<Omit<ForecastMonitoringSnapshot, 'computed_at'>[]> {
    const info = this.deps.champion.info;
    if (!info) return [];
    const saved: Omit<ForecastMonitoringSnapshot, 'computed_at'>[] = [];
    for (const market of this.options.markets) {
      const key = `${market.exchange}|${market.symbol}|${market.timeframe}`;
      const last = await this.deps.candles.lastFinalTs(market);
      const state = `${info.model_version}|${last}`;
      if (last === undefined || this.scored.get(key) === state) continue;
      saved.push(...(await this.score(market)));
      this.scored.set(key, state);
    }
    return saved;
  }

  private async score(market: MonitoredMarket): Promise<Omit<ForecastMonitoringSnapshot, 'computed_at'>[]> {
    const { windowsDays } = this.options;
    const { scores, info } = await this.deps.champion.use(async (model, info) => {
      const candles = await this.deps.candles.latest(
        market,
        liveCandlesNeeded(model, market.timeframe, windowsDays),
      );
      // the model never trained on its test window: from there, every origin is out of sample
      const unseenFrom = info.test_window?.from_ts ?? model.preprocessing.data_range.to_ts;
      return { scores: scoreLiveForecasts(model, candles, { unseenFrom, windowsDays }), info };
    });
    const snapshots = scores.windows.map((w) => ({
      model_name: info.model_name,
      model_version: info.model_version,
      ...market,
      ...w,
    }));
    for (const snapshot of snapshots) {
      await this.deps.store.save(snapshot);
      this.deps.observe(snapshot);
    }
    const filled = await this.deps.store.recordRealized(market, info.model_version, scores.targets);
    if (filled)
      this.logger.log(`Realised volatility known for ${filled} served predictions of ${market.symbol}`);
    const judged = snapshots.find((s) => s.window_days === windowsDays[0]);
    if (judged) await this.judge(info, judged);
    return snapshots;
  }

  private async judge(info: ModelInfo, s: Omit<ForecastMonitoringSnapshot, 'computed_at'>): Promise<void> {
    const { degradedMargin } = this.options;
    if (!isDegraded(s, this.options)) return;
    const limit = s.har.qlike * (1 + degradedMargin);
    const why =
      `${info.model_name} v${info.model_version} live QLIKE ${s.model.qlike.toFixed(4)} over ${s.window_days} d ` +
      `(${s.origins} origins) is worse than HAR-RV's ${s.har.qlike.toFixed(4)} by more than ${degradedMargin * 100} %`;
    const now = (this.deps.now ?? Date.now)();
    const fresh = await this.deps.raiseAlert({
      type: 'model_degraded',
      symbol: s.symbol,
      timeframe: s.timeframe,
      value: s.model.qlike,
      threshold: limit,
      severity: 'high',
      message: why,
      timestamp: now,
      // one alert per market and day while it lasts
      ts: Math.floor(s.to_ts / DAY_MS) * DAY_MS,
    });
    if (fresh) this.logger.warn(why);
    if (this.deps.onDegraded && !this.degradedVersions.has(info.model_version)) {
      // a failure is thrown to the run, which scores and judges again next time
      await this.deps.onDegraded(info, why);
      this.degradedVersions.add(info.model_version);
    }
  }

  private failed(error: unknown): void {
    this.logger.warn(`Live forecast monitoring failed; retried on the next run: ${(error as Error).message}`);
  }
}
