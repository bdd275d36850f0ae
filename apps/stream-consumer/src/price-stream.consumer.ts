import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import {
  isPriceTick,
  parsePriceMessage,
  type DeadLetterMessage,
  type OutgoingRecord,
  type TopicName,
  type TopicPublisher,
} from '@crypto/messaging';
import type { MarketAlert } from '@crypto/signals';
import {
  predictionId,
  type PredictionMessage,
  type StreamCandle,
  type StreamCandleScorer,
} from '@crypto/serving';
import type { ConsumerMetrics } from './consumer-metrics';

export interface PriceStreamTopics {
  prices: string;
  predictions: string;
  alerts: string;
  /** where malformed prices messages go */
  deadLetters: string;
}

/** Where the alerts are kept (PostgreSQL, unique on symbol, timeframe, type, ts): a redone batch adds nothing. */
export interface AlertStore {
  saveMany(alerts: readonly MarketAlert[]): Promise<unknown>;
}

/** The live side-channels (Redis) the GraphQL subscriptions read; best effort. */
export interface LiveOutputs {
  prediction(message: PredictionMessage): void;
  alert(alert: MarketAlert): void;
}

/** Where one partition stands, for `/health`. */
export interface PartitionProgress {
  partition: number;
  /** messages behind the high watermark */
  lag: number;
  next_offset: string;
}

/**
 * Reads `crypto-prices` in the consumer group (replicas share the partitions) and, per batch of a partition:
 * scores its closed candles ({@link StreamCandleScorer}), sends the malformed messages to the dead-letter
 * topic, publishes predictions and alerts keyed by symbol, stores the alerts — and only once all of that is
 * acknowledged commits the batch's offsets (at least once: a crash or a rebalance redoes at most the batch
 * in flight; a prediction's `id` makes a redo recognisable). A batch that fails is retried from its first
 * message, its markets' states re-warmed from the store.
 */
export class PriceStreamConsumer {
  private readonly logger = new Logger(PriceStreamConsumer.name);
  private readonly consumer: Consumer;
  private readonly progress = new Map<number, PartitionProgress>();
  private started?: Promise<void>;
  private failure: string | undefined;

  constructor(
    kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: PriceStreamTopics,
    private readonly scorer: StreamCandleScorer,
    private readonly publisher: TopicPublisher,
    private readonly metrics: ConsumerMetrics,
    private readonly live: LiveOutputs,
    /** where alerts are also kept, before the offsets are committed */
    private readonly alertStore?: AlertStore,
  ) {
    this.consumer = kafka.consumer({
      groupId,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.failure = String(event.payload.error?.message ?? event.payload.error);
    });
  }

  get partitions(): PartitionProgress[] {
    return [...this.progress.values()].sort((a, b) => a.partition - b.partition);
  }

  get lastFailure(): string | undefined {
    return this.failure;
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      await this.publisher.connect();
      await this.consumer.connect();
      await this.consumer.subscribe({ topic: this.topics.prices, fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.handle(payload),
      });
      this.logger.log(`Consuming ${this.topics.prices} in group ${this.groupId}`);
    })();
    return this.started;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async handle({
    batch,
    heartbeat,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const closed: StreamCandle[] = [];
    const publishedAt = new Map<string, number>();
    const deadLetters: OutgoingRecord[] = [];
    for (const message of batch.messages) {
      const parsed = parsePriceMessage(message.value);
      if ('error' in parsed) {
        this.metrics.messages.inc({ kind: 'invalid' });
        const letter: DeadLetterMessage = {
          topic: batch.topic as TopicName,
          reason: parsed.error,
          value: message.value?.toString() ?? '',
          partition: batch.partition,
          offset: message.offset,
          timestamp: Date.now(),
        };
        deadLetters.push({
          topic: this.topics.deadLetters,
          key: message.key?.toString() ?? '',
          value: letter,
        });
      } else if (isPriceTick(parsed)) {
        this.metrics.messages.inc({ kind: 'tick' });
      } else if (!parsed.closed) {
        this.metrics.messages.inc({ kind: 'candle' });
      } else {
        this.metrics.messages.inc({ kind: 'closed_candle' });
        closed.push(parsed);
        publishedAt.set(predictionId(parsed.symbol, parsed.timeframe, parsed.ts), Number(message.timestamp));
      }
    }
    try {
      const scored = await this.scorer.score(closed);
      await heartbeat();
      await this.publisher.publish([
        ...deadLetters,
        ...scored.predictions.map((value) => ({ topic: this.topics.predictions, key: value.symbol, value })),
        ...scored.alerts.map((value) => ({ topic: this.topics.alerts, key: value.symbol, value })),
      ]);
      await this.alertStore?.saveMany(scored.alerts);
      const now = Date.now();
      for (const prediction of scored.predictions) {
        const at = publishedAt.get(prediction.id);
        if (at !== undefined) this.metrics.latency.observe((now - at) / 1000);
        this.metrics.predictions.inc({ ml: prediction.ml ? 'true' : 'false' });
        this.live.prediction(prediction);
      }
      for (const alert of scored.alerts) {
        this.metrics.alerts.inc({ type: alert.type });
        this.live.alert(alert);
      }
      this.metrics.skipped.inc(scored.skipped);
      this.metrics.deadLetters.inc(deadLetters.length);
      this.metrics.modelVersion.reset();
      if (scored.modelVersion) this.metrics.modelVersion.set({ version: scored.modelVersion }, 1);
    } catch (error) {
      // the states moved past candles whose outputs were not delivered: they are redone from the store
      this.scorer.forget(closed);
      throw error;
    }
    resolveOffset(batch.lastOffset());
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
    this.progress.set(batch.partition, { partition: batch.partition, lag, next_offset: next });
    this.metrics.lag.set({ partition: String(batch.partition) }, lag);
    this.failure = undefined;
  }
}
