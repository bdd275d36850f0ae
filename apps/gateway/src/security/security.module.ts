import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type IORedis from 'ioredis';
import { closeRedis } from '@crypto/messaging';
import { GatewayEnv } from '../gateway.env';
import { ApiKeyGuard } from './api-key.guard';
import { GATEWAY_REDIS, gatewayRedisProvider } from './gateway-redis.provider';
import { RateLimit } from './rate-limit';

/** Admin API keys (a global guard reading `@AdminOperation()`), the Redis-backed rate limit, the Redis connection. */
@Module({
  providers: [
    gatewayRedisProvider,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    {
      provide: RateLimit,
      inject: [GATEWAY_REDIS, GatewayEnv],
      useFactory: (redis: IORedis, env: GatewayEnv) =>
        new RateLimit(redis, {
          points: env.RATE_LIMIT_POINTS,
          windowS: env.RATE_LIMIT_WINDOW_S,
          prefix: env.RATE_LIMIT_PREFIX,
        }),
    },
  ],
  exports: [GATEWAY_REDIS, RateLimit],
})
export class SecurityModule implements OnModuleDestroy {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: IORedis) {}

  async onModuleDestroy(): Promise<void> {
    await closeRedis(this.redis);
  }
}
