import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type IORedis from 'ioredis';
import type { MarketDataEnv } from '@crypto/market-data';
import { Channel, closeRedis, createKafka, createRedisClient, TopicPublisher } from '@crypto/messaging';
import { createMetricsRegistry } from '@crypto/observability';
import { ServingModel } from '@crypto/registry';
import { ServingModule, StreamCandleScorer } from '@crypto/serving';
import { AlertRepository, CandleRepository } from '@crypto/storage';
import { ConsumerMetrics } from './consumer-metrics';
import { PriceStreamConsumer } from './price-stream.consumer';
import { StreamConsumerEnv } from './stream-consumer.env';

export const CONSUMER_METRICS_REGISTRY = Symbol('CONSUMER_METRICS_REGISTRY');
const LIVE_REDIS = Symbol('LIVE_REDIS');

/** Joins the group after boot (not awaited: Kafka away delays the stream, never the boot); leaves it at shutdown. */
@Injectable()
class ConsumerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StreamConsumer');

  constructor(
    @Inject(PriceStreamConsumer) private readonly consumer: PriceStreamConsumer,
    @Inject(TopicPublisher) private readonly publisher: TopicPublisher,
    @Inject(LIVE_REDIS) private readonly redis: IORedis,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer
      .start()
      .catch((error: unknown) => this.logger.error(`Not consuming: ${(error as Error).message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.publisher.close();
    await closeRedis(this.redis);
  }
}

/**
 * The stream consumer: the shared serving composition ({@link ServingModule}: the store, the champion and its
 * hot reload) under a Kafka consumer of `crypto-prices` that publishes predictions and alerts.
 */
@Module({})
export class StreamConsumerModule {
  static forRoot({ env, marketData }: { env: StreamConsumerEnv; marketData: MarketDataEnv }): DynamicModule {
    const registry = createMetricsRegistry('stream-consumer');
    const kafka = createKafka(env, `${env.KAFKA_CLIENT_ID}-stream-consumer`);
    return {
      module: StreamConsumerModule,
      imports: [ServingModule.forRoot({ settings: env, marketData, registry, app: 'stream-consumer' })],
      providers: [
        { provide: CONSUMER_METRICS_REGISTRY, useValue: registry },
        { provide: TopicPublisher, useFactory: () => new TopicPublisher(kafka) },
        { provide: LIVE_REDIS, useFactory: () => createRedisClient(env.REDIS_URL, 'stream-consumer-live') },
        {
          provide: PriceStreamConsumer,
          inject: [CandleRepository, AlertRepository, ServingModel, TopicPublisher, LIVE_REDIS],
          useFactory: (
            candles: CandleRepository,
            alertStore: AlertRepository,
            champion: ServingModel,
            publisher: TopicPublisher,
            redis: IORedis,
          ) => {
            // the GraphQL subscriptions' feed; a Redis that is away loses live views, never the Kafka outputs
            const live = (channel: string, message: object) =>
              void redis.publish(channel, JSON.stringify(message)).catch(() => undefined);
            return new PriceStreamConsumer(
              kafka,
              env.STREAM_CONSUMER_GROUP,
              {
                prices: env.STREAM_PRICES_TOPIC,
                predictions: env.STREAM_PREDICTIONS_TOPIC,
                alerts: env.STREAM_ALERTS_TOPIC,
                deadLetters: `${env.STREAM_PRICES_TOPIC}.dlq`,
              },
              new StreamCandleScorer(candles, champion, { exchange: env.STREAM_EXCHANGE }),
              publisher,
              new ConsumerMetrics(registry),
              {
                prediction: (message) => live(Channel.Predictions, message),
                alert: (alert) => live(Channel.Alerts, alert),
              },
              alertStore,
            );
          },
        },
        ConsumerLifecycle,
      ],
    };
  }
}
