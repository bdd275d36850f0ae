import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnv } from '@crypto/config';
import { GatewayEnv } from './gateway.env';
import { GatewayModule } from './gateway.module';

/**
 * The gateway application as `main.ts` serves it and the tests exercise it: Fastify under Nest, so every
 * setting that shapes HTTP behaviour lives here once. `env` defaults to the process environment; tests pass
 * `loadEnv(GatewayEnv, {...})` with their own database, keys or limits.
 */
export async function createGatewayApp(
  env: GatewayEnv = loadEnv(GatewayEnv),
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(env),
    new FastifyAdapter(),
    {
      bufferLogs: true,
    },
  );
  app.enableShutdownHooks();
  return app;
}
