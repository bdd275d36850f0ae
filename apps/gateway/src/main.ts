import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadEnv } from '@crypto/config';
import { createGatewayApp } from './gateway.app';
import { GatewayEnv } from './gateway.env';

async function bootstrap(): Promise<void> {
  const env = loadEnv(GatewayEnv);
  const app = await createGatewayApp(env);
  await app.listen(env.PORT, env.HOST);
  new Logger('Gateway').log(`Gateway listening on http://${env.HOST}:${env.PORT}`);
}

void bootstrap();
