import { Counter, Histogram, type Registry } from 'prom-client';

/** The producer's own series on its ops `/metrics`, beside the process metrics. */
export class ProducerMetrics {
  readonly published: Counter<'kind'>;
  readonly errors: Counter<'stage'>;
  readonly candlesStored: Counter;
  readonly feedDelay: Histogram;

  constructor(registry: Registry) {
    this.published = new Counter({
      name: 'stream_producer_messages_total',
      help: 'messages published to crypto-prices, by kind (tick, candle, closed_candle)',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'stream_producer_errors_total',
      help: 'failures, by stage (source, publish, store); each is retried',
      labelNames: ['stage'],
      registers: [registry],
    });
    this.candlesStored = new Counter({
      name: 'stream_producer_candles_stored_total',
      help: 'closed candles upserted into PostgreSQL',
      registers: [registry],
    });
    this.feedDelay = new Histogram({
      name: 'stream_producer_feed_delay_seconds',
      help: 'exchange time of a live tick or candle close to its publication (live source only)',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    });
  }
}
