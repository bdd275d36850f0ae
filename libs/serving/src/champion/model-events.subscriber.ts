import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { Channel, ModelEventType, type ModelEventMessage } from '@crypto/messaging';

export interface ModelEventHandlers {
  event(event: ModelEventMessage): void;
  /** the connection came back after a loss: notices published meanwhile were missed */
  reconnected(): void;
}

const MODEL_EVENT_TYPES = new Set<unknown>(Object.values(ModelEventType));

/**
 * A `model-events` notice as published by the training pipeline (a promotion) or a rollback; undefined for
 * anything else.
 */
export function parseModelEvent(message: string): ModelEventMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  const event = value as Partial<ModelEventMessage> | null;
  return event !== null &&
    typeof event === 'object' &&
    MODEL_EVENT_TYPES.has(event.type) &&
    typeof event.model_name === 'string' &&
    typeof event.version === 'string'
    ? (event as ModelEventMessage)
    : undefined;
}

/**
 * The Redis pub/sub channel `model-events` on a connection of its own (a subscribed connection can run no
 * other command). Redis rather than a Kafka consumer: every gateway replica must see every promotion, which
 * on Kafka takes a consumer group per process (left behind in the broker by every restart) and a group join
 * of seconds; a notice is instant on Redis, which the gateway already needs. A notice published while the
 * connection is down is lost, so a reconnection is reported (the caller reads the alias again), and the
 * caller also checks the alias periodically. Kafka `model-events` stays the durable history of promotions.
 */
export class RedisModelEventSubscriber {
  private readonly logger = new Logger(RedisModelEventSubscriber.name);
  private connectedOnce = false;

  constructor(private readonly redis: IORedis) {}

  /** Subscribes (waiting for Redis if it is down: ioredis connects, subscribes and re-subscribes by itself). */
  async subscribe(handlers: ModelEventHandlers): Promise<void> {
    this.redis.on('message', (channel: string, message: string) => {
      if (channel !== Channel.ModelEvents) return;
      const event = parseModelEvent(message);
      if (!event) {
        this.logger.warn(
          `Ignored a ${Channel.ModelEvents} notice that is not a promotion or rollback: ${message.slice(0, 200)}`,
        );
        return;
      }
      handlers.event(event);
    });
    this.redis.on('ready', () => {
      if (this.connectedOnce) handlers.reconnected();
      this.connectedOnce = true;
    });
    if (this.redis.status === 'ready') this.connectedOnce = true;
    await this.redis.subscribe(Channel.ModelEvents);
    this.logger.log(`Subscribed to Redis channel ${Channel.ModelEvents}`);
  }

  close(): void {
    this.redis.disconnect();
  }
}
