import { Logger, type Provider } from '@nestjs/common';
import IORedis, { type RedisOptions } from 'ioredis';
import { GatewayEnv } from '../gateway.env';

/** The gateway's Redis command connection (rate limiting, health): fails fast while Redis is away. */
export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

const logger = new Logger('GatewayRedis');

/**
 * A connection that never queues commands while disconnected (`enableOfflineQueue: false`): a request must
 * not wait for Redis to come back, it falls back (the in-memory rate limit) instead. ioredis reconnects by
 * itself; only changes of state are logged, not every failed attempt.
 */
export function createGatewayRedis(url: string, name: string, options: RedisOptions = {}): IORedis {
  const redis = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
    connectionName: name,
    // the rate-limit calls of concurrent requests leave in one write (one round trip for all of them)
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

export const gatewayRedisProvider: Provider = {
  provide: GATEWAY_REDIS,
  inject: [GatewayEnv],
  useFactory: (env: GatewayEnv) => createGatewayRedis(env.REDIS_URL, 'gateway'),
};

/** QUIT when connected (pending replies arrive first), otherwise drop the connection: never waits for Redis. */
export async function closeRedis(redis: IORedis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
