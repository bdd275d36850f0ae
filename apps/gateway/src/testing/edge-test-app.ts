import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import { createGatewayApp } from '../gateway.app';
import { GatewayEnv } from '../gateway.env';
import { BTC_FILE, noChampionModelName } from './rest-test-app';

export interface EdgeTestApp {
  app: NestFastifyApplication;
  env: GatewayEnv;
  /** the Node server for supertest */
  server: Server;
  close(): Promise<void>;
}

/** Offline market data: the in-process Binance emulator serving the recorded BTC/USDT 1h candles. */
export const OFFLINE_MARKET_DATA = (): MarketDataEnv =>
  loadEnv(MarketDataEnv, { MARKET_DATA_MODE: 'offline', RECORDED_MARKETS: `BTC/USDT@1h=${BTC_FILE}` });

/**
 * The gateway as `main.ts` builds it, on the real services and the offline exchange emulator, with
 * `settings` over the defaults; logs are off unless a destination is given. `listen` serves it on an
 * ephemeral port (websocket clients need one).
 */
export async function startEdgeTestApp(
  settings: Record<string, string> = {},
  { logDestination, listen = false }: { logDestination?: DestinationStream; listen?: boolean } = {},
): Promise<EdgeTestApp> {
  const env = loadEnv(GatewayEnv, {
    LOG_LEVEL: logDestination ? 'info' : 'silent',
    MODEL_NAME: noChampionModelName(),
    ...settings,
  });
  const app = await createGatewayApp(env, { logDestination, marketData: OFFLINE_MARKET_DATA() });
  if (listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, env, server: app.getHttpServer() as Server, close: () => app.close() };
}

/** `ws://127.0.0.1:<port>` of an app started with `listen`. */
export function wsUrl(app: NestFastifyApplication, path: string): string {
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a port');
  return `ws://127.0.0.1:${address.port}${path}`;
}
