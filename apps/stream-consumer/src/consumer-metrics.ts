import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The consumer's own series on its ops `/metrics`, beside the serving and process metrics. */
export class ConsumerMetrics {
  readonly messages: Counter<'kind'>;
  readonly skipped: Counter;
  readonly deadLetters: Counter;
  readonly predictions: Counter<'ml'>;
  readonly alerts: Counter<'type'>;
  readonly latency: Histogram;
  readonly lag: Gauge<'partition'>;
  readonly modelVersion: Gauge<'version'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.messages = new Counter({
      name: 'stream_consumer_messages_total',
      help: 'crypto-prices messages read, by kind (tick, candle, closed_candle, invalid)',
      labelNames: ['kind'],
      registers,
    });
    this.skipped = new Counter({
      name: 'stream_consumer_skipped_candles_total',
      help: 'closed candles not after their market last one (late or repeated): not scored',
      registers,
    });
    this.deadLetters = new Counter({
      name: 'stream_consumer_dead_letters_total',
      help: 'malformed messages sent to crypto-prices.dlq',
      registers,
    });
    this.predictions = new Counter({
      name: 'stream_consumer_predictions_total',
      help: 'predictions published, by whether they carry an ML forecast',
      labelNames: ['ml'],
      registers,
    });
    this.alerts = new Counter({
      name: 'stream_consumer_alerts_total',
      help: 'alerts published, by type',
      labelNames: ['type'],
      registers,
    });
    this.latency = new Histogram({
      name: 'stream_consumer_candle_to_prediction_seconds',
      help: 'from a closed candle published on crypto-prices to its prediction acknowledged',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers,
    });
    this.lag = new Gauge({
      name: 'stream_consumer_lag_messages',
      help: 'messages of a crypto-prices partition not yet processed (high watermark − next offset)',
      labelNames: ['partition'],
      registers,
    });
    this.modelVersion = new Gauge({
      name: 'stream_consumer_model_version_info',
      help: '1 for the champion version the consumer scores with',
      labelNames: ['version'],
      registers,
    });
  }
}
