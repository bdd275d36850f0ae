import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type IORedis from 'ioredis';
import { closeRedis, createRedisSubscriber } from '@crypto/messaging';
import { GatewayEnv } from '../../gateway.env';
import { LIVE_CHANNELS, LIVE_FEEDS, type LiveChannel } from './live-topics';

/**
 * Feeds the GraphQL subscriptions from Redis pub/sub: every replica subscribes to the live channels and
 * republishes each message to its own subscribers. A malformed message is logged and dropped; Redis going
 * away only pauses the feed (ioredis resubscribes when it is back).
 */
@Injectable()
export class LiveFeedBridge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveFeedBridge.name);
  private subscriber: IORedis | undefined;
  private dropped = 0;

  constructor(
    @Inject(GatewayEnv) private readonly env: GatewayEnv,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // SUBSCRIBE waits for the connection however long Redis is away; ioredis resubscribes on reconnect
    const subscriber = createRedisSubscriber(this.env.REDIS_URL, 'gateway-live-feed');
    subscriber.on('message', (channel: string, text: string) =>
      this.forward(fastify, channel as LiveChannel, text),
    );
    subscriber.subscribe(...LIVE_CHANNELS).then(
      () => this.logger.log(`Live feed subscribed to Redis channels ${LIVE_CHANNELS.join(', ')}`),
      (error: Error) => this.logger.warn(`Live feed not subscribed yet: ${error.message}`),
    );
    this.subscriber = subscriber;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.subscriber) await closeRedis(this.subscriber);
  }

  private forward(fastify: FastifyInstance, channel: LiveChannel, text: string): void {
    const feed = LIVE_FEEDS[channel];
    let update: ReturnType<(typeof feed)['map']>;
    try {
      update = feed.map(JSON.parse(text) as Record<string, unknown>);
    } catch {
      update = undefined;
    }
    if (!update) {
      // one line per 100 drops: a misbehaving publisher must not flood the log
      if (this.dropped++ % 100 === 0) {
        this.logger.warn(
          `Dropped a malformed ${channel} message (${this.dropped} so far): ${text.slice(0, 200)}`,
        );
      }
      return;
    }
    void fastify.graphql.pubsub.publish({ topic: feed.field, payload: { [feed.field]: update } });
  }
}
