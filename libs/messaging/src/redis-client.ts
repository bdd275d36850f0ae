import { Logger } from '@nestjs/common';
import IORedis, { type RedisOptions } from 'ioredis';

const logger = new Logger('Redis');

/**
 * A Redis connection for the request path: it never queues commands while disconnected
 * (`enableOfflineQueue: false`), so a request does not wait for Redis to come back and can fall back instead.
 * ioredis reconnects by itself; only changes of state are logged, not every failed attempt. `name` tells the
 * connections apart in the logs and in `CLIENT LIST`; `options` override the defaults. Pub/sub connections
 * come from {@link createRedisSubscriber}.
 */
export function createRedisClient(url: string, name: string, options: RedisOptions = {}): IORedis {
  const redis = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
    connectionName: name,
    // the calls of concurrent requests leave in one write (one round trip for all of them)
    enableAutoPipelining: true,
    ...options,
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn(`Redis (${name}) unavailable: ${error.message}; reconnecting`);
  });
  redis.on('ready', () => {
    if (lastError) logger.log(`Redis (${name}) connection restored`);
    lastError = '';
  });
  return redis;
}

/**
 * A connection for SUBSCRIBE: its commands wait for Redis however long it is away (ioredis subscribes once
 * connected and re-subscribes after each reconnection). No CLIENT SETINFO handshake: ioredis 5.8.2+ can
 * interleave a SUBSCRIBE issued while connecting with its own handshake, whose INFO ready check then fails
 * in subscriber mode and drops the connection, over and over, never subscribed (ioredis#2037, fixed in 6.0).
 */
export function createRedisSubscriber(url: string, name: string): IORedis {
  return createRedisClient(url, name, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    disableClientInfo: true,
  });
}

/** QUIT when connected (pending replies arrive first), otherwise drop the connection: never waits for Redis. */
export async function closeRedis(redis: IORedis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
