import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { credentials } from '@grpc/grpc-js';
import { loadEnv } from '@crypto/config';
import { MarketDataEnv } from '@crypto/market-data';
import { CryptoGrpcServer } from '../crypto-grpc.server';
import { loadCryptoService } from '../crypto-service.definition';
import type { CryptoServiceClient } from '../generated/crypto/CryptoService';
import { GrpcServerEnv } from '../grpc-server.env';
import { GrpcServerModule } from '../grpc-server.module';

export const BTC_FILE = join(__dirname, '../../../../../shared/data/btcusdt-1h.csv');
/** 2025-10-06 16:00 UTC: the last candle of the recording */
export const LAST_TS = 1759766400000;

/** A registered-model name of this test run only: the platform's champion is never loaded by a test. */
export const testModelName = (): string => `test-grpc-${randomBytes(4).toString('hex')}`;

export interface GrpcTestApp {
  app: INestApplicationContext;
  env: GrpcServerEnv;
  port: number;
  client: CryptoServiceClient;
  close(): Promise<void>;
}

/**
 * The gRPC server as `main.ts` builds it (logs off), on `settings` over the test defaults (an ephemeral port,
 * a model nobody promotes, no periodic alias check), with a generated client connected to it. Market data
 * is `marketData` over `MARKET_DATA_MODE=exchange`: an explicit mode, so no reachability probe at boot.
 */
export async function startGrpcTestApp(
  settings: Record<string, string>,
  marketData: Record<string, string>,
): Promise<GrpcTestApp> {
  const env = loadEnv(GrpcServerEnv, {
    GRPC_PORT: '0',
    MODEL_NAME: testModelName(),
    MODEL_CHECK_INTERVAL_S: '0',
    GRPC_SHUTDOWN_GRACE_MS: '2000',
    ...settings,
  });
  const app = await NestFactory.createApplicationContext(
    GrpcServerModule.forRoot({
      env,
      marketData: loadEnv(MarketDataEnv, { MARKET_DATA_MODE: 'exchange', ...marketData }),
      version: '9.9.9',
    }),
    { logger: false },
  );
  const port = app.get(CryptoGrpcServer).port;
  const CryptoService = loadCryptoService();
  const client = new CryptoService(`127.0.0.1:${port}`, credentials.createInsecure());
  return {
    app,
    env,
    port,
    client,
    close: async () => {
      client.close();
      await app.close();
    },
  };
}

/** A unary RPC of the generated client as a promise. */
export function unary<Req, Res>(
  client: CryptoServiceClient,
  method: 'GetOHLCV' | 'GenerateSignal' | 'GenerateMLPrediction' | 'CompareSignals' | 'HealthCheck',
  request: Req,
  options: { deadlineMs?: number } = {},
): Promise<Res> {
  const callOptions = options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
  return new Promise<Res>((resolve, reject) =>
    (
      client[method] as unknown as (
        request: Req,
        options: object,
        callback: (error: Error | null, response: Res) => void,
      ) => void
    ).call(client, request, callOptions, (error, response) => (error ? reject(error) : resolve(response))),
  );
}
