import type { ServingMetrics } from '@crypto/serving';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

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
const EXCHANGE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics and the SPEC's JSON counters, in one place. The serving use cases report
 * through the {@link ServingMetrics} port; the HTTP hook reports each request.
 */
export class GatewayMetrics implements ServingMetrics {
  private readonly startTime = new Date();
  private requests = 0;
  private signals = 0;
  private predictions = 0;
  private lastSignalAt: Date | null = null;
  private lastPredictionAt: Date | null = null;
  private servedVersion: string | null = null;

  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** one child per method, route and status: the label hashing is paid once, not per request */
  private readonly httpChildren = new Map<string, { observe(seconds: number): void }>();
  private readonly signalsServed: Counter;
  private readonly predictionsServed: Counter;
  private readonly candleWindows: Counter<'outcome'>;
  private readonly exchangeDuration: Histogram<'exchange' | 'operation' | 'outcome'>;
  private readonly exchangeErrors: Counter<'exchange' | 'operation'>;
  private readonly modelInfo: Gauge<'version'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code, seconds from arrival to the answer sent',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.signalsServed = new Counter({
      name: 'signals_total',
      help: 'heuristic signals answered and persisted (REST, GraphQL)',
      registers,
    });
    this.predictionsServed = new Counter({
      name: 'ml_predictions_total',
      help: 'ML volatility predictions answered and persisted (REST, GraphQL)',
      registers,
    });
    this.candleWindows = new Counter({
      name: 'candle_cache_requests_total',
      help: 'candle windows asked for: hit (served from memory), miss (read from PostgreSQL or fetched), stale (old copy served after an exchange failure)',
      labelNames: ['outcome'],
      registers,
    });
    this.exchangeDuration = new Histogram({
      name: 'exchange_request_duration_seconds',
      help: 'exchange calls (retries included) by exchange, operation and outcome, seconds',
      labelNames: ['exchange', 'operation', 'outcome'],
      buckets: EXCHANGE_BUCKETS,
      registers,
    });
    this.exchangeErrors = new Counter({
      name: 'exchange_errors_total',
      help: 'exchange calls that failed after their retries',
      labelNames: ['exchange', 'operation'],
      registers,
    });
    this.modelInfo = new Gauge({
      name: 'ml_model_loaded',
      help: '1 with the version of the model being served; absent while none is loaded',
      labelNames: ['version'],
      registers,
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

  candleWindow(outcome: 'hit' | 'miss' | 'stale'): void {
    this.candleWindows.inc({ outcome });
  }

  exchangeCall(exchange: string, operation: string, seconds: number, outcome: 'ok' | 'error'): void {
    this.exchangeDuration.observe({ exchange, operation, outcome }, seconds);
    if (outcome === 'error') this.exchangeErrors.inc({ exchange, operation });
  }

  signalServed(): void {
    this.signals++;
    this.lastSignalAt = new Date();
    this.signalsServed.inc();
  }

  predictionServed(): void {
    this.predictions++;
    this.lastPredictionAt = new Date();
    this.predictionsServed.inc();
  }

  /** The version being served now (undefined: none); the gauge keeps only that version's series. */
  modelServed(version: string | undefined): void {
    if ((version ?? null) === this.servedVersion) return;
    this.modelInfo.reset();
    if (version !== undefined) this.modelInfo.set({ version }, 1);
    this.servedVersion = version ?? null;
  }

  counters(mlAvailable: boolean): MetricsCounters {
    return {
      start_time: this.startTime.toISOString(),
      requests_total: this.requests,
      signals_total: this.signals,
      ml_predictions_total: this.predictions,
      last_signal_at: this.lastSignalAt?.toISOString() ?? null,
      last_ml_prediction_at: this.lastPredictionAt?.toISOString() ?? null,
      ml_available: mlAvailable,
    };
  }
}
