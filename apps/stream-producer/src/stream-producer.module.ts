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
import {
  createCandleStreamSource,
  parseRecordedMarkets,
  type CandleStreamSource,
  type MarketDataEnv,
} from '@crypto/market-data';
import { Channel, closeRedis, createKafka, createRedisClient, TopicPublisher } from '@crypto/messaging';
import { createMetricsRegistry } from '@crypto/observability';
import { CandleRepository, createPgPool } from '@crypto/storage';
import { MarketFeedPublisher } from './market-feed.publisher';
import { ProducerMetrics } from './producer-metrics';
import { StreamProducerEnv } from './stream-producer.env';

type Pool = ReturnType<typeof createPgPool>;

export const PRODUCER_METRICS_REGISTRY = Symbol('PRODUCER_METRICS_REGISTRY');
const PRODUCER_POOL = Symbol('PRODUCER_POOL');
const PRODUCER_REDIS = Symbol('PRODUCER_REDIS');
const PRODUCER_SOURCE = Symbol('PRODUCER_SOURCE');

/** `STREAM_MARKETS` (`BTC/USDT@1h,ETH/USDT@1h`), or the recorded markets when it is empty. */
export function streamMarkets(
  env: Pick<StreamProducerEnv, 'STREAM_MARKETS'>,
  marketData: Pick<MarketDataEnv, 'RECORDED_MARKETS'>,
): { symbol: string; timeframe: string }[] {
  if (env.STREAM_MARKETS.trim() === '') {
    return parseRecordedMarkets(marketData.RECORDED_MARKETS).map(({ symbol, timeframe }) => ({
      symbol,
      timeframe,
    }));
  }
  return env.STREAM_MARKETS.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [symbol, timeframe, ...rest] = entry.split('@');
      if (!symbol || !timeframe || rest.length > 0) {
        throw new RangeError(`STREAM_MARKETS entry "${entry}" is not SYMBOL@TIMEFRAME`);
      }
      return { symbol, timeframe };
    });
}

/** Starts the feed after boot; at shutdown stops it, then closes the source, Kafka, Redis and PostgreSQL. */
@Injectable()
class ProducerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StreamProducer');

  constructor(
    @Inject(MarketFeedPublisher) private readonly feed: MarketFeedPublisher,
    @Inject(TopicPublisher) private readonly publisher: TopicPublisher,
    @Inject(PRODUCER_POOL) private readonly pool: Pool,
    @Inject(PRODUCER_REDIS) private readonly redis: IORedis,
    @Inject(PRODUCER_SOURCE) private readonly source: CandleStreamSource,
  ) {}

  onApplicationBootstrap(): void {
    this.feed.start();
    this.logger.log(
      `Publishing the ${this.feed.sourceKind} feed of ${Object.keys(this.feed.status()).join(', ')}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
    await this.source.close();
    await this.publisher.close();
    await closeRedis(this.redis);
    await this.pool.end();
  }
}

/** The stream producer: a market source (live or replay) published to `crypto-prices` and stored. */
@Module({})
export class StreamProducerModule {
  static forRoot({ env, marketData }: { env: StreamProducerEnv; marketData: MarketDataEnv }): DynamicModule {
    const registry = createMetricsRegistry('stream-producer');
    return {
      module: StreamProducerModule,
      providers: [
        { provide: PRODUCER_METRICS_REGISTRY, useValue: registry },
        { provide: PRODUCER_POOL, useFactory: () => createPgPool(env.DATABASE_URL, { max: 2 }) },
        {
          provide: PRODUCER_REDIS,
          useFactory: () => createRedisClient(env.REDIS_URL, 'stream-producer-live'),
        },
        {
          provide: TopicPublisher,
          useFactory: () => new TopicPublisher(createKafka(env, `${env.KAFKA_CLIENT_ID}-stream-producer`)),
        },
        {
          provide: PRODUCER_SOURCE,
          useFactory: () => createCandleStreamSource(marketData, env.STREAM_EXCHANGE),
        },
        {
          provide: MarketFeedPublisher,
          inject: [PRODUCER_SOURCE, TopicPublisher, PRODUCER_POOL, PRODUCER_REDIS],
          useFactory: (source: CandleStreamSource, publisher: TopicPublisher, pool: Pool, redis: IORedis) =>
            new MarketFeedPublisher(
              source,
              publisher,
              new CandleRepository(pool),
              new ProducerMetrics(registry),
              {
                topic: env.STREAM_PRICES_TOPIC,
                exchange: env.STREAM_EXCHANGE,
                markets: streamMarkets(env, marketData),
                loop: env.REPLAY_LOOP === 'true',
                ticksPerCandle: env.REPLAY_TICKS_PER_CANDLE,
                retryMs: env.STREAM_RETRY_MS,
              },
              // the GraphQL priceUpdates feed; a Redis that is away loses live views, never the Kafka stream
              (message) => void redis.publish(Channel.Prices, JSON.stringify(message)).catch(() => undefined),
            ),
        },
        ProducerLifecycle,
      ],
    };
  }
}
