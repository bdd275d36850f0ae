import type { PrometheusServingMetrics } from '@crypto/serving';
import { Histogram, type Registry } from 'prom-client';

/** SPEC §8 `GET /metrics` with `Accept: application/json`. */
export interface MetricsCounters {
  start_time: string;
  requests_total: number;
  signals_total: number;
  ml_predictions_total: number;
  last_signal_at: string | null;
  last_ml_prediction_at: string | null;
  ml_available: boolean;
}

// Request latencies on this gateway are sub-millisecond to a few seconds (an exchange fetch with retries).
const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's own Prometheus metrics (HTTP requests) beside the serving ones on the same registry
 * ({@link PrometheusServingMetrics}: candle cache, exchange calls, signals, forecasts, the model loaded), and
 * the SPEC's JSON counters from both.
 */
export class GatewayMetrics {
  private readonly startTime = new Date();
  private requests = 0;

  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** one child per method, route and status: the label hashing is paid once, not per request */
  private readonly httpChildren = new Map<string, { observe(seconds: number): void }>();

  constructor(
    readonly registry: Registry,
    private readonly serving: Pick<PrometheusServingMetrics, 'totals'>,
  ) {
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code, seconds from arrival to the answer sent',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    });
  }

  /** One HTTP request answered; `route` is the route pattern (`/v1/ml/train/:job_id`), never the raw URL. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests++;
    const key = `${method} ${route} ${status}`;
    let child = this.httpChildren.get(key);
    if (!child) {
      child = this.httpDuration.labels(method, route, String(status));
      this.httpChildren.set(key, child);
    }
    child.observe(seconds);
  }

  counters(mlAvailable: boolean): MetricsCounters {
    const served = this.serving.totals();
    return {
      start_time: this.startTime.toISOString(),
      requests_total: this.requests,
      signals_total: served.signals,
      ml_predictions_total: served.predictions,
      last_signal_at: served.lastSignalAt?.toISOString() ?? null,
      last_ml_prediction_at: served.lastPredictionAt?.toISOString() ?? null,
      ml_available: mlAvailable,
    };
  }
}
