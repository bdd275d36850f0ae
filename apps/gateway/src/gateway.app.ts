import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule } from './gateway.module';

/**
 * The gateway application as `main.ts` serves it and the tests exercise it: Fastify under Nest, so every
 * setting that shapes HTTP behaviour lives here once.
 */
export async function createGatewayApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.enableShutdownHooks();
  return app;
}
