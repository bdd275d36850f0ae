import type { Provider } from '@nestjs/common';
import { createRedisClient } from '@crypto/messaging';
import { GatewayEnv } from '../gateway.env';

/** The gateway's Redis command connection (rate limiting, health): fails fast while Redis is away. */
export const GATEWAY_REDIS = Symbol('GATEWAY_REDIS');

export const gatewayRedisProvider: Provider = {
  provide: GATEWAY_REDIS,
  inject: [GatewayEnv],
  useFactory: (env: GatewayEnv) => createRedisClient(env.REDIS_URL, 'gateway'),
};
