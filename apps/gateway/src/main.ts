import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnv } from '@crypto/config';
import { GatewayEnv } from './gateway.env';
import { GatewayModule } from './gateway.module';

async function bootstrap(): Promise<void> {
  const env = loadEnv(GatewayEnv);
  const app = await NestFactory.create(GatewayModule);
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  new Logger('Gateway').log(`Gateway listening on http://${env.HOST}:${env.PORT}`);
}

void bootstrap();
