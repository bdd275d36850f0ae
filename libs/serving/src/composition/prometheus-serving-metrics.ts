import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ChampionModelSource } from '../ml/champion-model-source';
import type { ServingMetrics } from '../serving-metrics';

const EXCHANGE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Signals and predictions served by this process, with the time of the last (SPEC §8 JSON counters). */
export interface ServedTotals {
  signals: number;
  predictions: number;
  lastSignalAt: Date | null;
  lastPredictionAt: Date | null;
}

/**
 * The serving use cases' metrics on an app's Prometheus registry: candle-window cache outcomes, exchange
 * calls, signals and forecasts served, and the champion version loaded (read at scrape time, so the gauge
 * is never behind a reload). Every serving app (gateway, gRPC server, stream consumer) reports the same series.
 */
export class PrometheusServingMetrics implements ServingMetrics {
  private readonly served: ServedTotals = {
    signals: 0,
    predictions: 0,
    lastSignalAt: null,
    lastPredictionAt: null,
  };
  private readonly signalsServed: Counter;
  private readonly predictionsServed: Counter;
  private readonly candleWindows: Counter<'outcome'>;
  private readonly exchangeDuration: Histogram<'exchange' | 'operation' | 'outcome'>;
  private readonly exchangeErrors: Counter<'exchange' | 'operation'>;

  constructor(registry: Registry, champion: Pick<ChampionModelSource, 'info'>) {
    const registers = [registry];
    this.signalsServed = new Counter({
      name: 'signals_total',
      help: 'heuristic signals answered and persisted, every transport of this process',
      registers,
    });
    this.predictionsServed = new Counter({
      name: 'ml_predictions_total',
      help: 'ML volatility predictions answered and persisted, every transport of this process',
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
    new Gauge({
      name: 'ml_model_loaded',
      help: '1 with the version of the model being served; absent while none is loaded',
      labelNames: ['version'],
      registers,
      collect() {
        this.reset();
        const version = champion.info?.model_version;
        if (version !== undefined) this.set({ version }, 1);
      },
    });
  }

  candleWindow(outcome: 'hit' | 'miss' | 'stale'): void {
    this.candleWindows.inc({ outcome });
  }

  exchangeCall(exchange: string, operation: string, seconds: number, outcome: 'ok' | 'error'): void {
    this.exchangeDuration.observe({ exchange, operation, outcome }, seconds);
    if (outcome === 'error') this.exchangeErrors.inc({ exchange, operation });
  }

  signalServed(): void {
    this.served.signals++;
    this.served.lastSignalAt = new Date();
    this.signalsServed.inc();
  }

  predictionServed(): void {
    this.served.predictions++;
    this.served.lastPredictionAt = new Date();
    this.predictionsServed.inc();
  }

  totals(): Readonly<ServedTotals> {
    return this.served;
  }
}
