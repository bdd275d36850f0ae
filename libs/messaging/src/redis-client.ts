import { Logger } from '@nestjs/common';
import IORedis, { type RedisOptions } from 'ioredis';

const logger = new Logger('Redis');

/**
 * A Redis connection for the request path: it never queues commands while disconnected
 * (`enableOfflineQueue: false`), so a request does not wait for Redis to come back and can fall back instead.
 * ioredis reconnects by itself; only changes of state are logged, not every failed attempt. `name` tells the
 * connections apart in the logs and in `CLIENT LIST`; `options` override the defaults (a subscriber that must
 * wait for Redis sets `enableOfflineQueue: true, maxRetriesPerRequest: null`).
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

/** QUIT when connected (pending replies arrive first), otherwise drop the connection: never waits for Redis. */
export async function closeRedis(redis: IORedis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
