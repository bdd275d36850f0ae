import { Logger } from '@nestjs/common';
import type { ServiceMetrics, Unavailable } from '../daily-report';
import type { ReportDay } from '../report-day';
import {
  HTTP_HISTOGRAM,
  histogramSeries,
  parsePrometheusSamples,
  summarizeHttpRequests,
  type HttpHistogramSeries,
} from './http-histogram';

export interface ServiceMetricsSources {
  /** Prometheus' base URL, `http://127.0.0.1:9090` */
  prometheusUrl: string;
  /** the Prometheus job scraping the gateway (infra/prometheus) */
  gatewayJob: string;
  /** the gateway's own `/metrics` */
  gatewayMetricsUrl: string;
  timeoutMs?: number;
}

interface PrometheusVector {
  status: string;
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

const reasonOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};

/**
 * The gateway's HTTP figures for a day: the day's increase from Prometheus when it has samples, else the
 * gateway's own counters since it started (its `/metrics`, Prometheus text), else `unavailable` naming why
 * each source failed. Every number is read from a source, none assumed.
 */
export class ServiceMetricsRepository {
  private readonly logger = new Logger(ServiceMetricsRepository.name);

  constructor(
    private readonly sources: ServiceMetricsSources,
    private readonly now: () => number = Date.now,
  ) {}

  async dayMetrics(day: ReportDay): Promise<ServiceMetrics | Unavailable> {
    const reasons: string[] = [];
    try {
      const fromPrometheus = await this.fromPrometheus(day);
      if (fromPrometheus) return fromPrometheus;
      reasons.push(
        `Prometheus at ${this.sources.prometheusUrl} has no sample of job "${this.sources.gatewayJob}" for the day`,
      );
    } catch (error) {
      reasons.push(`Prometheus at ${this.sources.prometheusUrl}: ${reasonOf(error)}`);
    }
    try {
      return await this.fromGateway();
    } catch (error) {
      reasons.push(`gateway metrics at ${this.sources.gatewayMetricsUrl}: ${reasonOf(error)}`);
    }
    this.logger.warn(`Service metrics of ${day.date} unavailable: ${reasons.join('; ')}`);
    return { status: 'unavailable', reason: reasons.join('; ') };
  }

  /** The day's increase (the day so far when it is today); undefined when Prometheus has no sample. */
  private async fromPrometheus(day: ReportDay): Promise<ServiceMetrics | undefined> {
    const end = Math.min(day.to, this.now());
    if (end <= day.from) return undefined;
    const seconds = Math.round((end - day.from) / 1000);
    const query = `sum by (route, status, le) (increase(${HTTP_HISTOGRAM}_bucket{job="${this.sources.gatewayJob}"}[${seconds}s]))`;
    const url = new URL('/api/v1/query', this.sources.prometheusUrl);
    url.search = new URLSearchParams({ query, time: String(end / 1000) }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(this.sources.timeoutMs ?? 3_000) });
    const body = (await res.json()) as PrometheusVector;
    if (!res.ok || body.status !== 'success')
      throw new Error(`HTTP ${res.status}: ${body.error ?? body.status}`);
    const samples = (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
    if (samples.length === 0) return undefined;
    return this.metrics('prometheus', url.origin, { from: day.from, to: end }, histogramSeries(samples));
  }

  /** Counters since the gateway process started (`process_start_time_seconds`). */
  private async fromGateway(): Promise<ServiceMetrics> {
    const res = await fetch(this.sources.gatewayMetricsUrl, {
      signal: AbortSignal.timeout(this.sources.timeoutMs ?? 3_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    const started = parsePrometheusSamples(text, 'process_start_time_seconds')[0]?.value;
    const now = this.now();
    return this.metrics(
      'gateway',
      this.sources.gatewayMetricsUrl,
      { from: started === undefined ? now : started * 1000, to: now },
      histogramSeries(parsePrometheusSamples(text, `${HTTP_HISTOGRAM}_bucket`)),
    );
  }

  private metrics(
    source: ServiceMetrics['source'],
    url: string,
    window: ServiceMetrics['window'],
    series: HttpHistogramSeries[],
  ): ServiceMetrics {
    return { status: 'ok', source, url, window, ...summarizeHttpRequests(series) };
  }
}
