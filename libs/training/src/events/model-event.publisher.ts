import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import type { Producer } from 'kafkajs';
import { Channel, Topic, type ModelEventMessage } from '@crypto/messaging';

/** Tells every serving process that a new champion is in place. */
export interface ModelEventPublisher {
  publish(event: ModelEventMessage): Promise<void>;
}

/**
 * A promotion as a `model-events` Kafka message (key = model name, kept forever: the history of
 * champions) and the same JSON as a Redis PUBLISH on `model-events` (instant notice to the gateway,
 * gRPC server and stream consumer, which reload the champion).
 */
export class KafkaRedisModelEventPublisher implements ModelEventPublisher {
  private readonly logger = new Logger(KafkaRedisModelEventPublisher.name);
  private connected?: Promise<void>;

  constructor(
    private readonly producer: Producer,
    private readonly redis: Pick<IORedis, 'publish'>,
  ) {}

  async publish(event: ModelEventMessage): Promise<void> {
    const value = JSON.stringify(event);
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    await this.producer.send({ topic: Topic.ModelEvents, messages: [{ key: event.model_name, value }] });
    const receivers = await this.redis.publish(Channel.ModelEvents, value);
    this.logger.log(
      `Published ${event.type} ${event.model_name} v${event.version} (Kafka ${Topic.ModelEvents}, Redis: ${receivers} subscribers)`,
    );
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
